"""xlidl's Python interface: what the command line does, as functions.

    from xlidl import api
    idl = api.load("libxl_types.idl")
    files = api.generate(["libxl_types.idl"], "out")   # {path: content}, nothing written

Errors in an IDL raise :class:`xlidl.errors.IdlError` (its ``format()`` gives the report).
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, FrozenSet, Optional, Sequence

    from .model.types import Idl

from .errors import Diagnostics


def load(path: str, display: "Optional[str]" = None, harness: bool = False,
         diags: "Optional[Diagnostics]" = None, fixes: "FrozenSet[str]" = frozenset()) -> "Idl":
    """Parse and check an IDL file (``display`` is the name used in messages;
    ``harness`` also checks what the test harness needs; ``fixes``: the upstream bugs the
    output will correct).  Warnings are left in ``diags`` when one is given."""
    from .model.load import load as load_idl
    return load_idl(path, diags if diags is not None else Diagnostics(), display, harness,
                    fixes)


def generate_go(path: str, argv0: "Optional[str]" = None,
                diags: "Optional[Diagnostics]" = None) -> "Dict[str, str]":
    """types.gen.go and helpers.gen.go of the Go bindings (keys "types", "helpers"), as
    Xen's gengotypes.py writes them for ``path`` (``argv0`` is the program in the
    banner, default gengotypes.py's).  Nothing is written."""
    from .backend import golang
    diags = diags if diags is not None else Diagnostics()
    return golang.generate(load(path, path, diags=diags), diags,
                           argv0 or golang.DEFAULT_ARGV0, path)


def generate(paths: "Sequence[str]", outdir: str, json: str = "yajl",
             seed: "Optional[str]" = None, testidl: bool = True, argv0: str = "xlidl",
             diags: "Optional[Diagnostics]" = None,
             fixes: "FrozenSet[str]" = frozenset()) -> "Dict[str, str]":
    """Every output of ``paths`` (gentypes files, and test harnesses), keyed by the path
    under ``outdir``, as ``xlidl generate`` writes them (``fixes``: the upstream bugs to
    correct, gen/model/fixes.py).  Nothing is written."""
    from .backend.files import testidl_names
    from .backend.render import generate as render
    diags = diags if diags is not None else Diagnostics()
    tested = testidl_names(paths) if testidl else {}
    models = [(os.path.basename(p), load(p, p, p in tested, diags, fixes)) for p in paths]
    return render(models, outdir, json=json, seed=seed, testidl=testidl, argv0=argv0,
                  fixes=fixes)
