"""The model: what an IDL means.

types.py (the typed model: a class per kind of type, Field, Case, EnumValue, Idl),
signatures.py (what each constructor accepts), interpret.py (statements to model),
values.py (what expressions evaluate to), constructors.py (idl.py's constructors and
defaults, one function per constructor), shapes.py (facts the generators derive per
type), checks.py (checks of the whole model), testidl_plan.py (what the test harness can
fill), upstream_fixes.py (the upstream bugs --fix corrects), gocheck.py (what
gengotypes.py makes of the model, and its checks), load.py (the pipeline every command
uses).  The model is language-free but for gocheck.py (whose checks the load runs): C
and JSON backends are chosen when rendering (gen/backend/).
"""
