"""The xlidl command line.

Exit status: 0 success, 1 errors in the input (reported as FILE:LINE:COL messages),
2 usage errors, 70 an internal error (a bug in xlidl; --debug shows the traceback).
"""
from __future__ import annotations

import argparse
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, List, Optional, Sequence

from . import __version__
from .errors import Diagnostic, IdlError

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

#: modules adding subcommands: xlidl check (C runtime), fmt/diff/api-diff (review tools)
EXTRA_COMMANDS: tuple = ("fmt", "review", "apidiff", "ccheck")


class Failure(Exception):
    """A problem that is not in an IDL (a file that cannot be written ...): one message."""

    def __init__(self, message: str, status: int = EXIT_INPUT):
        super().__init__(message)
        self.status = status


class Session:
    """Options shared by the commands, and the diagnostics printed at the end."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.warnings: List[Diagnostic] = []
        #: what a command made (model, texts): kept until the process ends, see run()
        self.keep: List[object] = []

    def load(self, path: str, display: Optional[str] = None, jsonc: bool = False):
        from . import api
        idl = api.load(path, display, jsonc)
        self.note_model(idl)
        return idl

    def note_model(self, idl) -> None:
        """Keep a loaded model's warnings (errors with --werror) and source text."""
        self.warnings.extend(idl.warnings)
        if getattr(self.args, "werror", False) and idl.warnings:
            raise IdlError([Diagnostic(w.loc, "error", w.message + " [-Werror]", w.notes)
                            for w in idl.warnings])

    def report(self, diags: Sequence[Diagnostic]) -> None:
        for d in diags:
            print(d.format(), file=sys.stderr)


# -- commands -------------------------------------------------------------------------------

def cmd_gentypes(s: Session) -> int:
    a = s.args
    from .render import gentypes_outputs
    from .output import write_all
    idl = s.load(a.idl, jsonc=a.libjsonc)
    positional = [a.idl, a.header, a.header_private, a.header_json, a.impl]
    banner = " ".join([a.argv0] + positional)
    files = gentypes_outputs(idl, banner, a.header, a.header_private, a.header_json, a.impl)
    s.keep += (idl, files)
    write_all(files)
    return 0


def test_seed(a: argparse.Namespace) -> "str | None":
    """--seed, else LIBXL_TESTIDL_SEED as gentest.py reads it, else None (the default)."""
    if getattr(a, "seed", None) is not None:
        return a.seed
    return os.environ.get("LIBXL_TESTIDL_SEED")


def cmd_gentest(s: Session) -> int:
    a = s.args
    from .render import gentest_output
    from .output import write_all
    idl = s.load(a.idl)
    files = {a.out: gentest_output(idl, test_seed(a))}
    s.keep += (idl, files)
    write_all(files)
    return 0


def cmd_generate(s: Session) -> int:
    a = s.args
    from . import api
    from .output import write_all
    loaded: List = []
    try:
        files = api.generate(a.idls, a.output, json=a.json, seed=test_seed(a),
                             testidl=a.testidl, argv0=a.argv0, loaded=loaded)
    finally:
        for idl in loaded:
            s.note_model(idl)
    s.keep += (loaded, files)
    if a.format:
        from .fmt import format_c
        files = {p: format_c(c, p) for p, c in files.items()}
    if a.check:
        return check_files(files, color=a.color)
    write_all(files)
    return 0


def check_files(files: Dict[str, str], color: str = "auto") -> int:
    """`generate --check`: 0 when every file on disk already holds what would be written,
    else 1 and the differences (as a unified diff) on standard output."""
    from .output import unchanged
    from .review import unified_diff, use_color, write_out
    stale = []
    out = []
    for path, content in sorted(files.items()):
        if unchanged(path, content):
            continue
        stale.append(path)
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                old = f.read()
        except OSError:
            old = ""
        out.append(unified_diff(old, content, path, path + " (generated)", use_color(color)))
    if stale:
        write_out("".join(out))
        print("xlidl: %d of %d generated file%s differ%s from what is on disk: %s" % (
            len(stale), len(files), "" if len(files) == 1 else "s",
            "s" if len(stale) == 1 else "", ", ".join(stale)), file=sys.stderr)
        return 1
    return 0


CORE_COMMANDS = ("gentypes", "gentest", "generate")


def _columns() -> int:
    """The terminal width as shutil.get_terminal_size() gives it (argparse asks it for
    every parser; importing shutil costs a few milliseconds at each start)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class HelpFormatter(argparse.HelpFormatter):
    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        super().__init__(prog, indent_increment, max_help_position,
                         _columns() - 2 if width is None else width)


def _add_gentypes(sub, common) -> None:
    g = sub.add_parser(
        "gentypes", parents=[common], formatter_class=HelpFormatter,
        help="write the four gentypes.py outputs (same arguments as gentypes.py)",
        description="Write the type header, the private header, the JSON header and the "
                    "implementation for IDL, exactly as Xen's gentypes.py does.  The banner "
                    "of each file records the invocation: --argv0 gentypes.py makes the "
                    "output byte-identical to gentypes.py run with the same arguments.")
    g.add_argument("--argv0", default="xlidl gentypes", metavar="NAME",
                   help="program name shown in the banner (default: %(default)s)")
    g.add_argument("--libjsonc", action="store_true",
                   help="generate JSON with json-c (TYPE_gen_jso) instead of yajl, like "
                        "gentypes.py --libjsonc")
    g.add_argument("idl", metavar="IDL")
    g.add_argument("header", metavar="HEADER", help="e.g. __libxl_types.h")
    g.add_argument("header_private", metavar="HEADER_PRIVATE", help="e.g. __libxl_types_private.h")
    g.add_argument("header_json", metavar="HEADER_JSON", help="e.g. __libxl_types_json.h")
    g.add_argument("impl", metavar="IMPL", help="e.g. __libxl_types.c")
    g.set_defaults(func=cmd_gentypes)


def _add_gentest(sub, common) -> None:
    t = sub.add_parser(
        "gentest", parents=[common], formatter_class=HelpFormatter,
        help="write the randomized round-trip test harness testidl.c (as gentest.py)",
        description="Write testidl.c for IDL, exactly as Xen's gentest.py does for the "
                    "same seed.  The seed is --seed, else the environment variable "
                    "LIBXL_TESTIDL_SEED (as gentest.py), else xlidl's fixed default seed "
                    "'xlidl' (gentest.py would pick a random one), so builds are "
                    "reproducible.")
    t.add_argument("--seed", metavar="S", help="seed string (overrides LIBXL_TESTIDL_SEED)")
    t.add_argument("idl", metavar="IDL")
    t.add_argument("out", metavar="OUT", help="e.g. testidl.c")
    t.set_defaults(func=cmd_gentest)


def _add_generate(sub, common) -> None:
    gen = sub.add_parser(
        "generate", parents=[common], formatter_class=HelpFormatter,
        help="write every output of one or more IDLs into a folder, with Xen's file names",
        description="Generate each IDL into DIR with the names Xen's Makefile uses: "
                    "libxl_types.idl gives _libxl_types.h, _libxl_types_private.h, "
                    "_libxl_types_json.h and _libxl_types.c.  Files are replaced atomically "
                    "and only when their content changes.")
    gen.add_argument("idls", nargs="+", metavar="IDL")
    gen.add_argument("-o", "--output", default="output", metavar="DIR",
                     help="output folder (default: %(default)s)")
    gen.add_argument("--json", choices=("yajl", "jsonc"), default="yajl",
                     help="JSON generation backend (default: %(default)s)")
    gen.add_argument("--argv0", default="xlidl", metavar="NAME",
                     help="program name shown in the banners (default: %(default)s; "
                          "gentypes.py gives the files Xen's own build writes)")
    gen.add_argument("--no-testidl", dest="testidl", action="store_false",
                     help="do not write the test harness (by default every IDL whose name "
                          "does not end in _internal gets one: testidl.c, or "
                          "testidl_NAME.c when there are several)")
    gen.add_argument("--seed", metavar="S",
                     help="test harness seed (default: LIBXL_TESTIDL_SEED, else 'xlidl')")
    gen.add_argument("--format", action="store_true",
                     help="format the files with clang-format (xlidl's Xen-like style, see "
                          "'xlidl fmt'); the default output is byte-identical to Xen's")
    gen.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 and show the differences when the files on "
                          "disk are not what would be generated (for CI)")
    gen.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                     help="colour the --check diff (default: on a terminal)")
    gen.set_defaults(func=cmd_generate)


_CORE = {"gentypes": _add_gentypes, "gentest": _add_gentest, "generate": _add_generate}


def build_parser(extras: bool = True, only: Optional[str] = None) -> argparse.ArgumentParser:
    """The argument parser.  ``only`` names the one core command to add (what a run of
    that command needs: building every command's parser costs start-up time);
    ``extras=False`` leaves out the commands that live in their own modules."""
    p = argparse.ArgumentParser(
        prog="xlidl", formatter_class=HelpFormatter,
        description="Read a Xen libxl IDL and write the C that libxl is built from "
                    "(a replacement for Xen's gentypes.py and gentest.py).",
        epilog="Run 'xlidl COMMAND --help' for the options of a command.")
    p.add_argument("--version", action="version", version="xlidl %s" % __version__)
    common = argparse.ArgumentParser(add_help=False, formatter_class=HelpFormatter)
    common.add_argument("--debug", action="store_true",
                        help="show Python tracebacks of internal errors")
    common.add_argument("--werror", action="store_true", help="treat warnings as errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, add in _CORE.items():
        if only is None or name == only:
            add(sub, common)

    # Commands that live in their own modules (each has register(sub, common)).
    if extras and only is None:
        import importlib
        for name in EXTRA_COMMANDS:
            importlib.import_module("." + name, __package__).register(sub, common)
    return p


#: the sessions of main() calls, kept by run() until the process ends
_sessions: List[Session] = []


def run() -> None:
    """The console script and ``python -m xlidl``: main(), then the end of the process
    without freeing the run's objects one by one (a large model and its texts are
    hundreds of thousands of them; the system takes the memory back at once)."""
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: Python would report it at exit
        sys.exit(status)
    os._exit(status)


def main(argv: Optional[Sequence[str]] = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(only=command if command in CORE_COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    s = Session(args)
    if argv is None:  # the process's own command line: run() may end the process
        _sessions.append(s)
    # A run builds one large, acyclic object graph and exits: the cycle collector would
    # only re-scan it (a third of the run time on a large IDL).
    import gc
    gc.disable()
    try:
        status = args.func(s)
    except IdlError as e:
        s.report(s.warnings)
        s.report(e.diagnostics)
        return EXIT_INPUT
    except Failure as e:
        s.report(s.warnings)
        print("xlidl: error: %s" % e, file=sys.stderr)
        return e.status
    except OSError as e:
        s.report(s.warnings)
        where = " '%s'" % e.filename if getattr(e, "filename", None) else ""
        print("xlidl: error: cannot write%s: %s" % (where, e.strerror or e), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug in xlidl
        if getattr(args, "debug", False):
            import traceback
            traceback.print_exc()
        print("xlidl: internal error: %s: %s (please report this, with the input, at the "
              "xlidl issue tracker; --debug shows the traceback)" % (type(e).__name__, e),
              file=sys.stderr)
        return EXIT_INTERNAL
    s.report(s.warnings)
    return status
