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


def cache_dir() -> "str | None":
    """A writable folder for xlidl's caches (grammar tables, compiled templates):
    $XDG_CACHE_HOME/xlidl or ~/.cache/xlidl, else $TMPDIR/xlidl-UID; None if neither can
    be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    tmp = os.environ.get("TMPDIR") or "/tmp"
    for d in (os.path.join(base, "xlidl"), os.path.join(tmp, "xlidl-%d" % os.getuid())):
        try:
            os.makedirs(d, exist_ok=True)
        except OSError:
            continue
        if os.access(d, os.W_OK):
            return d
    return None


def checksum(data: bytes) -> str:
    """A cheap checksum (no hashlib: loading OpenSSL costs more than a parse of a small
    IDL, and even zlib's import shows).  It only names cache files, whose content is
    checked exactly."""
    return "%016x" % (int.from_bytes(data, "little") % ((1 << 61) - 1))
