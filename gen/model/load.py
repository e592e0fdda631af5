"""The load pipeline, the same for every command: parse, interpret, annotate, check.

    diags = Diagnostics(werror=...)
    idl = load("libxl_types.idl", diags, harness=True)

Each stage records its errors and warnings in ``diags``; after a stage with errors,
:class:`~xlidl.errors.IdlError` is raised.  What a model is used for can add checks:
``harness=True`` checks that the test harness (testidl.c) can fill every type.  A model
``go=True`` runs the checks of the Go bindings (gen/model/gocheck.py: where
gengotypes.py writes Go that does not compile, or stops) and keeps their facts in
``Idl.go`` for the Go backend.  A model that :func:`load` returns has been checked:
rendering it raises no user error.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import FrozenSet, Optional

    from ..frontend.syntax import Module

from ..errors import Diagnostics
from ..frontend.parser import parse_file, parse_text
from . import checks, shapes, testidl_plan
from .interpret import Interpreter
from .types import Idl


def load(path: str, diags: "Diagnostics", display: "Optional[str]" = None,
         harness: bool = False, fixes: "FrozenSet[str]" = frozenset(),
         go: bool = False) -> "Idl":
    """Read, interpret and check the IDL file ``path`` (``display`` is the name used in
    messages).  ``fixes`` are the upstream bugs the output will correct
    (gen/model/upstream_fixes.py): their warnings are not given.  ``harness``: also check what
    testidl.c needs; ``go``: also check the Go bindings (and keep their facts)."""
    return _build(parse_file(path, diags, display), diags, harness, fixes, go)


def load_text(text: str, display: str, diags: "Diagnostics") -> "Idl":
    """:func:`load` of IDL source text that is not a file of its own (``xlidl doc
    --git``: a file at a git revision); ``display`` names it in messages."""
    return _build(parse_text(text, display, diags), diags)


def _build(module: "Module", diags: "Diagnostics", harness: bool = False,
           fixes: "FrozenSet[str]" = frozenset(), go: bool = False) -> "Idl":
    idl = Interpreter(module.file, diags).run(module)
    shapes.annotate(idl)
    checks.check(idl, diags, fixes)
    diags.check()
    if harness:
        testidl_plan.check(idl, diags, fixes)
        diags.check()
    if go:
        from . import gocheck   # (only where the Go bindings are asked for)
        idl.go = gocheck.check(idl, diags)
    return idl
