"""The generated files: their names, their banners, and how they are written.

Names are Xen's: its Makefile runs gentypes.py on libxl_types.idl as
``gentypes.py libxl_types.idl __libxl_types.h __libxl_types_private.h
__libxl_types_json.h __libxl_types.c`` and renames the files to _libxl_types.h ...
(move-if-changed), so banners and header guards show the double-underscore names.
gentest.py runs on libxl_types.idl only, not on libxl_types_internal.idl.

Writing is all or nothing, atomic, and only when the content changed: everything is
rendered in memory first; :func:`write_all` then replaces each file through a temporary
file in the same folder, and a file whose content is unchanged is not touched (make does
not rebuild what depends on it).
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, Iterator, List, Sequence

from ..compat import is_ascii
from ..resources import replace_file

#: the program name ``xlidl generate`` shows in banners
DEFAULT_ARGV0 = "xlidl"

join = os.path.join


def idl_stem(path: str) -> str:
    """libxl_types.idl -> libxl_types."""
    stem = os.path.basename(path)
    return stem[:-4] if stem.endswith(".idl") else stem


def output_names(idl_path: str) -> "Dict[str, str]":
    """The files Xen's build keeps: _libxl_types.h, _libxl_types_private.h,
    _libxl_types_json.h, _libxl_types.c (keys header, header_private, header_json,
    impl)."""
    stem = idl_stem(idl_path)
    return {"header": "_%s.h" % stem, "header_private": "_%s_private.h" % stem,
            "header_json": "_%s_json.h" % stem, "impl": "_%s.c" % stem}


def gentypes_names(idl_path: str) -> "Dict[str, str]":
    """The names gentypes.py writes in Xen's build (shown in banners and guards)."""
    return {k: "_" + v for k, v in output_names(idl_path).items()}


def banner(argv0: str, idl_path: str, names: "Dict[str, str]") -> str:
    """The invocation a banner records: program, IDL, the four output names."""
    return " ".join([argv0, os.path.basename(idl_path), names["header"],
                     names["header_private"], names["header_json"], names["impl"]])


def is_internal(path: str) -> bool:
    """NAME_internal.idl: an IDL that goes with NAME.idl (libxl_types_internal.idl).  The
    others are main IDLs: each gets a test harness (Xen runs gentest.py on
    libxl_types.idl only), the first one the Go bindings, and ``xlidl check`` builds an
    internal IDL with its main IDL."""
    return idl_stem(path).endswith("_internal")


#: the Go files of the main IDL (gengotypes.py's), by the keys of golang.go_outputs()
GO_NAMES = {"types": "types.gen.go", "helpers": "helpers.gen.go"}


def testidl_names(paths: "Sequence[str]") -> "Dict[str, str]":
    """IDL path -> harness file name: testidl.c, or testidl_NAME.c when several IDLs
    get one (the main IDLs)."""
    tested = [p for p in paths if not is_internal(p)]
    if len(tested) == 1:
        return {tested[0]: "testidl.c"}
    return {p: "testidl_%s.c" % idl_stem(p) for p in tested}


#: a text is encoded and compared in pieces of this many characters, so that a large
#: file is never held twice in memory
CHUNK = 1 << 20


def _pieces(content: str) -> "Iterator[bytes]":
    for i in range(0, len(content), CHUNK):
        yield content[i:i + CHUNK].encode("utf-8")


def unchanged(path: str, content: str) -> bool:
    """Whether ``path`` holds ``content``.  A file of another size is not read."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if is_ascii(content) and size != len(content):
                return False
            n = 0
            for piece in _pieces(content):
                if f.read(len(piece)) != piece:
                    return False
                n += len(piece)
            return n == size
    except OSError:
        return False


def make_folder(d: str) -> None:
    """Make the folder ``d`` (and its parents); a path on the way that is not a folder
    is an error that names it (Failure, an output that cannot be written)."""
    if not d or os.path.isdir(d):
        return
    try:
        os.makedirs(d, exist_ok=True)
    except OSError as e:
        from ..errors import EXIT_INPUT, Failure
        up = d
        while up and not os.path.exists(up):
            up = os.path.dirname(up)
        if up and not os.path.isdir(up):
            raise Failure("cannot write into '%s': '%s' is not a folder" % (d, up),
                          EXIT_INPUT) from None
        raise Failure("cannot make the folder '%s': %s" % (d, e.strerror or e),
                      EXIT_INPUT) from None


def write_if_changed(path: str, content: str) -> bool:
    """Write ``content`` to ``path`` unless it already holds it; True if written."""
    if unchanged(path, content):
        return False
    make_folder(os.path.dirname(path))
    replace_file(path, _pieces(content))
    return True


def write_all(files: "Dict[str, str]") -> "List[str]":
    """Write every file (path -> content); return the paths that changed."""
    return [p for p, c in files.items() if write_if_changed(p, c)]
