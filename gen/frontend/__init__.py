"""The front end: IDL text to a syntax tree.

source.py (locations), syntax.py (the tree), grammar.py (the LALR tables Lark computes
from grammar/libxl_idl.lark at build time), lalr.py (the driver that runs them),
parser.py (the tree callbacks, reading files), syntax_errors.py (wording of syntax
errors).  Nothing here knows what a statement means: that is gen/model/.
"""
