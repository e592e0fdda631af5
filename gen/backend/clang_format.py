"""clang-format for generated C: :func:`format_c` (``xlidl fmt``, ``xlidl diff``,
``xlidl generate --format``).

The binary comes from the ``clang-format`` package on PyPI (xlidl's ``format`` extra pins
its version, so every machine formats alike); the style is templates/c/clang-format.yaml,
shipped with the templates, an approximation of Xen's coding style for libxl.  Formatting is
opt-in: nothing else in xlidl formats unless asked.

``XLIDL_CLANG_FORMAT`` names another clang-format binary (a different version may format
differently).
"""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, List, Optional, Sequence

from ..errors import EXIT_INPUT, EXIT_USAGE, Failure

#: file name suffixes ``xlidl fmt DIR`` formats
C_SUFFIXES = (".c", ".h")


class FormatError(Failure):
    """clang-format is missing (EXIT_USAGE, "not installed"), or failed on a file
    (EXIT_INPUT)."""

    def __init__(self, message: str, status: int = EXIT_USAGE):
        super().__init__(message, status)


#: the style, in xlidl's data (gen/resources.py)
STYLE = "templates/c/clang-format.yaml"


def config_path() -> str:
    """The shipped style file, on disk (clang-format reads it)."""
    from .. import resources
    return resources.path(STYLE)


def config_text() -> str:
    from .. import resources
    return resources.read_text(STYLE)


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_clang_format() -> str:
    """The clang-format binary: $XLIDL_CLANG_FORMAT, else the one in the ``clang_format``
    package (found without importing it), else a ``clang-format`` next to the Python
    interpreter (the package's console script).  The system's PATH is not searched: its
    version is unknown, and a different version formats differently."""
    env = os.environ.get("XLIDL_CLANG_FORMAT")
    if env:
        if not _executable(env):
            raise FormatError("XLIDL_CLANG_FORMAT=%s is not an executable file" % env)
        return env
    import importlib.util
    import sysconfig
    exe = sysconfig.get_config_var("EXE") or ""
    try:
        spec = importlib.util.find_spec("clang_format")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        cand = os.path.join(os.path.dirname(spec.origin), "data", "bin", "clang-format" + exe)
        if _executable(cand):
            return cand
    cand = os.path.join(os.path.dirname(sys.executable), "clang-format" + exe)
    if _executable(cand):
        return cand
    raise FormatError(
        "clang-format is not installed: install xlidl's 'format' extra "
        "(pip install 'xlidl[format]', which brings the pinned clang-format from PyPI), "
        "or set XLIDL_CLANG_FORMAT to a clang-format binary")


def format_c(text: str, filename: str) -> str:
    """``text`` formatted by clang-format with xlidl's style.  ``filename`` tells clang-format
    the language (``.c``/``.h``) and names the file in messages; nothing is read or written.
    Raises :class:`FormatError` when the binary is missing or fails."""
    import subprocess
    binary = find_clang_format()
    cmd = [binary, "--style=file:" + config_path(), "--assume-filename=" + filename]
    try:
        r = subprocess.run(cmd, input=text.encode("utf-8", "surrogateescape"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        raise FormatError("cannot run %s: %s" % (binary, e.strerror or e))
    if r.returncode != 0:
        msg = r.stderr.decode("utf-8", "replace").strip()
        raise FormatError("clang-format failed on %s (exit status %d)%s"
                          % (filename, r.returncode, ": " + msg if msg else ""), EXIT_INPUT)
    return r.stdout.decode("utf-8", "surrogateescape")


def format_many(items: "Sequence[tuple[str, str]]", jobs: "Optional[int]" = None) -> "List[str]":
    """Format several (text, filename) pairs, in parallel (one clang-format per file)."""
    if len(items) <= 1:
        return [format_c(t, n) for t, n in items]
    from concurrent.futures import ThreadPoolExecutor
    workers = jobs or min(len(items), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(lambda item: format_c(*item), items))


def version() -> str:
    """``clang-format --version`` of the binary in use."""
    import subprocess
    binary = find_clang_format()
    try:
        r = subprocess.run([binary, "--version"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    except OSError as e:
        raise FormatError("cannot run %s: %s" % (binary, e.strerror or e))
    return r.stdout.decode("utf-8", "replace").strip()


# -- xlidl fmt -----------------------------------------------------------------------------

def expand(paths: "Sequence[str]") -> "List[str]":
    """FILE arguments: a folder stands for its *.c and *.h files (not recursive); a file
    named must be a .c or .h file (anything else is refused, wrong usage: clang-format
    would rewrite an IDL, a Go file ... as if it were C)."""
    out: List[str] = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            names = sorted(n for n in os.listdir(p) if n.endswith(C_SUFFIXES))
            out.extend(os.path.join(p, n) for n in names
                       if os.path.isfile(os.path.join(p, n)))
        elif p == "-" or p.endswith(C_SUFFIXES):
            out.append(p)
        else:
            raise Failure("'%s' is not a C file: xlidl fmt formats .c and .h files only "
                          "(nothing was changed)" % p, EXIT_USAGE)
    return out


def read_text(path: str) -> str:
    """A C file's text (undecodable bytes kept as surrogates, written back as they were)."""
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "surrogateescape")
    except OSError as e:
        raise Failure("cannot read '%s': %s" % (path, e.strerror or e), EXIT_INPUT)
