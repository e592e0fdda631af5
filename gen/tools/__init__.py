"""Tools around the generator: cbuild.py (compile and run generated C with xlidl's C
runtime), gendiff.py (the generated-code diff of an IDL change), textdiff.py (unified
diffs, colours, diffstat),
api_report.py (what an IDL change does to the C API), docgen.py (docs/idl.md)."""
