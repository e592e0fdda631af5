"""xlidl's Python interface: what the command line does, as functions.

    from xlidl import api
    idl = api.load("libxl_types.idl")
    files = api.generate(["libxl_types.idl"], "out")   # {path: content}, nothing written

Errors in an IDL raise :class:`xlidl.errors.IdlError` (its ``format()`` gives the report).
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, Iterable, Optional, Sequence

    from .model.types import Idl

from .errors import Diagnostics


def load(path: str, display: "Optional[str]" = None, harness: bool = False,
         diags: "Optional[Diagnostics]" = None, fixes: "Iterable[str]" = (),
         go: bool = False) -> "Idl":
    """Parse and check an IDL file (``display`` is the name used in messages;
    ``harness`` also checks what the test harness needs, ``go`` what the Go bindings
    need; ``fixes``: the upstream bugs the output will correct).  Warnings are left in
    ``diags`` when one is given."""
    from .model.load import load as load_idl
    return load_idl(path, diags if diags is not None else Diagnostics(), display, harness,
                    frozenset(fixes), go)


def generate_go(path: str, argv0: "Optional[str]" = None,
                diags: "Optional[Diagnostics]" = None) -> "Dict[str, str]":
    """types.gen.go and helpers.gen.go of the Go bindings (keys "types", "helpers"), as
    Xen's gengotypes.py writes them for ``path`` (``argv0`` is the program in the
    banner, default gengotypes.py's).  Nothing is written."""
    from .backend import golang
    return golang.go_outputs(load(path, path, diags=diags, go=True),
                             argv0 or golang.DEFAULT_ARGV0, path)


def generate(paths: "Sequence[str]", outdir: str = "", json: str = "yajl",
             seed: "Optional[str]" = None, testidl: bool = True, argv0: str = "xlidl",
             diags: "Optional[Diagnostics]" = None, fixes: "Iterable[str]" = (),
             go: bool = False, go_argv0: "Optional[str]" = None,
             format: bool = False) -> "Dict[str, str]":
    """Every output of ``paths`` (gentypes files, test harnesses, with ``go`` the Go
    bindings of the first main IDL, with ``format`` the C through clang-format), keyed
    by the path under ``outdir``, as ``xlidl generate`` writes them (``fixes``: the
    upstream bugs to correct, gen/model/upstream_fixes.py).  The step is the command's
    (gen/backend/generate_step.py).  Nothing is written."""
    from .backend.generate_step import generate_files
    from .backend.options import Options
    options = Options(json=json, fixes=fixes, seed=seed, testidl=testidl, argv0=argv0,
                      go=go, go_argv0=go_argv0, format=format, outdir=outdir)
    d = diags if diags is not None else Diagnostics()

    def load_for(path: str, harness: bool, go: bool) -> "Idl":
        return load(path, path, harness, d, options.fixes, go)
    return generate_files(paths, options, load_for)
