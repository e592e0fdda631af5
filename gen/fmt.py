"""clang-format for generated C: ``xlidl fmt`` and :func:`format_c`.

The binary comes from the ``clang-format`` package on PyPI (xlidl's ``format`` extra pins
its version, so every machine formats alike); the style is ``clang-format.yaml``, shipped
inside the package, an approximation of Xen's coding style for libxl.  Formatting is
opt-in: nothing else in xlidl formats unless asked.

``XLIDL_CLANG_FORMAT`` names another clang-format binary (a different version may format
differently).

This module is imported at every xlidl start (for its subcommand): keep imports light.
"""
from __future__ import annotations

import os
import sys
from typing import Dict, List, Optional, Sequence

from .cli import Failure

#: exit status of a formatting failure (an environment problem, not a difference)
EXIT_ERROR = 2
#: file name suffixes ``xlidl fmt DIR`` formats
C_SUFFIXES = (".c", ".h")


class FormatError(Failure):
    """clang-format is missing or failed (status 2 unless told otherwise)."""

    def __init__(self, message: str, status: int = EXIT_ERROR):
        super().__init__(message, status)


def config_path() -> str:
    """The shipped style file."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "clang-format.yaml")


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
                          % (filename, r.returncode, ": " + msg if msg else ""))
    return r.stdout.decode("utf-8", "surrogateescape")


def format_many(items: Sequence["tuple[str, str]"], jobs: Optional[int] = None) -> List[str]:
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

def expand(paths: Sequence[str]) -> List[str]:
    """FILE arguments: a folder stands for its *.c and *.h files (not recursive)."""
    out: List[str] = []
    for p in paths:
        if p != "-" and os.path.isdir(p):
            names = sorted(n for n in os.listdir(p) if n.endswith(C_SUFFIXES))
            out.extend(os.path.join(p, n) for n in names
                       if os.path.isfile(os.path.join(p, n)))
        else:
            out.append(p)
    return out


def _read(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "surrogateescape")
    except OSError as e:
        raise Failure("cannot read '%s': %s" % (path, e.strerror or e), EXIT_ERROR)


def run(session) -> int:
    a = session.args
    if a.print_config:
        with open(config_path(), encoding="utf-8") as f:
            sys.stdout.write(f.read())
        return 0
    if a.version:
        print(version())
        return 0
    if not a.files:
        raise Failure("no FILE given (xlidl fmt --help)", EXIT_ERROR)
    files = expand(a.files)
    if not files:
        raise Failure("no .c or .h file in %s" % ", ".join(a.files), EXIT_ERROR)
    if "-" in files:
        if len(files) > 1:
            raise Failure("'-' (standard input) cannot be mixed with other files", EXIT_ERROR)
        text = sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
        new = format_c(text, a.assume_filename)
        if a.check or a.diff:
            return _report({a.assume_filename: (text, new)}, a)
        sys.stdout.buffer.write(new.encode("utf-8", "surrogateescape"))
        return 0
    texts: Dict[str, str] = {p: _read(p) for p in files}
    formatted = format_many([(texts[p], p) for p in files])
    results = {p: (texts[p], new) for p, new in zip(files, formatted)}
    if a.check or a.diff:
        return _report(results, a)
    from .output import write_if_changed
    changed = []
    for p, (old, new) in results.items():
        if old != new:
            try:
                write_if_changed(p, new)
            except UnicodeEncodeError:   # undecodable bytes kept as surrogates
                with open(p, "wb") as f:
                    f.write(new.encode("utf-8", "surrogateescape"))
            changed.append(p)
    if a.verbose:
        for p in changed:
            print("formatted %s" % p, file=sys.stderr)
        print("%d of %d file(s) reformatted" % (len(changed), len(results)), file=sys.stderr)
    return 0


def _report(results: Dict[str, "tuple[str, str]"], a) -> int:
    """--check / --diff: write nothing; 1 when some file is not formatted."""
    from .review import unified_diff, use_color
    color = use_color(a.color)
    dirty = [p for p, (old, new) in results.items() if old != new]
    if a.diff:
        from .review import write_out
        for p in dirty:
            old, new = results[p]
            write_out(unified_diff(old, new, p, p, color))
    else:
        for p in dirty:
            print("would reformat %s" % p, file=sys.stderr)
    if a.check or a.verbose:
        print("%d of %d file(s) would be reformatted" % (len(dirty), len(results)),
              file=sys.stderr)
    return 1 if dirty else 0


def register(sub, common) -> None:
    p = sub.add_parser(
        "fmt", parents=[common],
        help="format C files with clang-format and xlidl's Xen-like style",
        description="Format C files in place with clang-format (from the clang-format "
                    "package on PyPI: pip install 'xlidl[format]') and the style shipped "
                    "with xlidl, an approximation of Xen's coding style for libxl: 4-space "
                    "indents, 80 columns, function braces on their own line.  A FOLDER "
                    "stands for its *.c and *.h files; '-' formats standard input to "
                    "standard output.  Files are rewritten only when their text changes.  "
                    "Exit status: 0 done (or, with --check/--diff, already formatted), "
                    "1 some file would change (--check/--diff), 2 errors.",
        epilog="Generated code is never formatted unless asked: xlidl generate writes "
               "exactly what Xen's gentypes.py writes.")
    p.add_argument("files", nargs="*", metavar="FILE", help="C file, folder, or '-'")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="write nothing; list the files that would change, exit 1 if any")
    mode.add_argument("--diff", action="store_true",
                      help="write nothing; show what would change as a unified diff, exit 1 "
                           "if anything would")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the --diff output (default: auto, on a terminal unless "
                        "NO_COLOR is set)")
    p.add_argument("--assume-filename", default="stdin.c", metavar="NAME",
                   help="file name used for standard input (default: %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true", help="say what was done")
    p.add_argument("--print-config", action="store_true",
                   help="print the clang-format style xlidl uses (save it as .clang-format "
                        "for an editor) and exit")
    p.add_argument("--version", action="store_true",
                   help="print the version of the clang-format in use and exit")
    p.set_defaults(func=run)
