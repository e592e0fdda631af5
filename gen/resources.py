"""Where the grammar and the templates are: beside the package when installed
(xlidl/grammar, xlidl/templates), or at the top of the source tree (grammar/, templates/)."""
from __future__ import annotations

import os

_HERE = os.path.dirname(os.path.realpath(__file__))


def _find(name: str) -> str:
    for base in (_HERE, os.path.dirname(_HERE)):
        p = os.path.join(base, name)
        if os.path.exists(p):
            return p
    raise FileNotFoundError("xlidl installation is incomplete: %s not found" % name)


def grammar_path() -> str:
    return os.path.join(_find("grammar"), "libxl_idl.lark")


def templates_dir() -> str:
    return _find("templates")
