"""The load pipeline, the same for every command: parse, interpret, annotate, check.

    diags = Diagnostics(werror=...)
    idl = load("libxl_types.idl", diags, harness=True)

Each stage records its errors and warnings in ``diags``; after a stage with errors,
:class:`~xlidl.errors.IdlError` is raised.  What a model is used for can add checks:
``harness=True`` checks that the test harness (testidl.c) can fill every type.  A model
that :func:`load` returns has been checked: rendering it raises no user error.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import FrozenSet, Optional

from ..errors import Diagnostics
from ..frontend.parser import parse_file, parse_text
from . import checks, harness as harness_checks, shapes
from .interpret import Interpreter
from .types import Idl


def load(path: str, diags: "Diagnostics", display: "Optional[str]" = None,
         harness: bool = False, fixes: "FrozenSet[str]" = frozenset()) -> "Idl":
    """Read, interpret and check the IDL file ``path`` (``display`` is the name used in
    messages).  ``fixes`` are the upstream bugs the output will correct
    (gen/model/fixes.py): their warnings are not given."""
    module = parse_file(path, diags, display)
    idl = Interpreter(module.file, diags).run(module)
    shapes.annotate(idl)
    checks.check(idl, diags, fixes)
    diags.check()
    if harness:
        harness_checks.check(idl, diags, fixes)
        diags.check()
    return idl


def load_text(text: str, display: str, diags: "Diagnostics") -> "Idl":
    """:func:`load` of IDL source text that is not a file of its own (``xlidl doc
    --git``: a file at a git revision); ``display`` names it in messages."""
    module = parse_text(text, display, diags)
    idl = Interpreter(module.file, diags).run(module)
    shapes.annotate(idl)
    checks.check(idl, diags, frozenset())
    diags.check()
    return idl
