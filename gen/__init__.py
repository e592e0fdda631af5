"""xlidl: read the Xen libxl IDL with a real grammar and write the C libxl is built from.

The pipeline: gen/parser.py (Lark LALR grammar) -> gen/build.py (typed model, idl.py's
rules) -> gen/render.py (Jinja2 templates in templates/c/) -> gen/output.py (files written
atomically, only when changed).  gen/cli.py is the command line.
"""

__version__ = "0.1.0"

from .errors import IdlError  # noqa: E402,F401
