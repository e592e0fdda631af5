"""xlidl's Python interface: what the command line does, as functions.

    from xlidl import api
    idl = api.load("libxl_types.idl")
    files = api.generate(["libxl_types.idl"], "out")   # {path: content}, nothing written

Errors in an IDL raise :class:`xlidl.errors.IdlError`.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, List, Optional, Sequence

from .model import Idl


def load(path: str, display: Optional[str] = None, jsonc: bool = False) -> Idl:
    """Parse and check an IDL file (``display`` is the name used in messages)."""
    from .parser import parse_file
    from .build import build
    return build(parse_file(path, display), jsonc=jsonc)


def idl_stem(path: str) -> str:
    stem = os.path.basename(path)
    return stem[:-4] if stem.endswith(".idl") else stem


def output_names(idl_path: str) -> Dict[str, str]:
    """Xen's Makefile names: libxl_types.idl -> _libxl_types.h, _libxl_types_private.h,
    _libxl_types_json.h, _libxl_types.c (written by gentypes.py as __libxl_types.h ... and
    renamed, so banners and guards show the double-underscore names)."""
    stem = idl_stem(idl_path)
    return {"header": "_%s.h" % stem, "header_private": "_%s_private.h" % stem,
            "header_json": "_%s_json.h" % stem, "impl": "_%s.c" % stem}


def wants_testidl(path: str) -> bool:
    """Xen runs gentest.py on libxl_types.idl only, not on libxl_types_internal.idl."""
    return not idl_stem(path).endswith("_internal")


def testidl_names(paths: Sequence[str]) -> Dict[str, str]:
    """IDL path -> harness file name: testidl.c, or testidl_NAME.c when several IDLs
    get one."""
    tested = [p for p in paths if wants_testidl(p)]
    if len(tested) == 1:
        return {tested[0]: "testidl.c"}
    return {p: "testidl_%s.c" % idl_stem(p) for p in tested}


def generate(paths: Sequence[str], outdir: str, json: str = "yajl",
             seed: Optional[str] = None, testidl: bool = True,
             argv0: str = "xlidl", loaded: Optional[List[Idl]] = None) -> Dict[str, str]:
    """Every output of ``paths`` (gentypes files, and test harnesses), keyed by the path
    under ``outdir``.  Nothing is written.  ``loaded`` receives the models."""
    from .render import gentest_output, gentypes_outputs
    jsonc = json == "jsonc"
    harness = testidl_names(paths) if testidl else {}
    files: Dict[str, str] = {}
    for path in paths:
        idl = load(path, display=path, jsonc=jsonc)
        if loaded is not None:
            loaded.append(idl)
        names = output_names(path)
        tmp = {k: "_" + v for k, v in names.items()}   # the names gentypes.py writes
        banner = " ".join([argv0, os.path.basename(path), tmp["header"],
                           tmp["header_private"], tmp["header_json"], tmp["impl"]])
        out = gentypes_outputs(idl, banner, tmp["header"], tmp["header_private"],
                               tmp["header_json"], tmp["impl"])
        for k, final in names.items():
            files[os.path.join(outdir, final)] = out[tmp[k]]
        if path in harness:
            files[os.path.join(outdir, harness[path])] = gentest_output(idl, seed)
    return files
