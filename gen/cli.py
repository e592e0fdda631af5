"""The xlidl command line.

Exit status: 0 success, 1 errors in the input (reported as FILE:LINE:COL messages),
2 usage errors, 70 an internal error (a bug in xlidl; --debug shows the traceback).
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Dict, List, Optional, Sequence

from . import __version__
from .errors import Diagnostic, IdlError

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class Failure(Exception):
    """A problem that is not in an IDL (a file that cannot be written ...): one message."""

    def __init__(self, message: str, status: int = EXIT_INPUT):
        super().__init__(message)
        self.status = status


class Session:
    """Options shared by the commands, and the diagnostics printed at the end."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.sources: Dict[str, str] = {}
        self.warnings: List[Diagnostic] = []

    def load(self, path: str, display: Optional[str] = None, jsonc: bool = False):
        from .parser import parse_file
        from .build import build
        module = parse_file(path, display)
        self.sources[module.file] = module.text
        try:
            idl = build(module, jsonc=jsonc)
        except IdlError:
            raise
        self.warnings.extend(idl.warnings)
        if getattr(self.args, "werror", False) and idl.warnings:
            raise IdlError([Diagnostic(w.loc, "error", w.message + " [-Werror]", w.notes)
                            for w in idl.warnings])
        return idl

    def report(self, diags: Sequence[Diagnostic]) -> None:
        for d in diags:
            print(d.format(self.sources), file=sys.stderr)


# -- commands -------------------------------------------------------------------------------

def cmd_gentypes(s: Session) -> int:
    a = s.args
    from .render import gentypes_outputs
    from .output import write_all
    idl = s.load(a.idl, jsonc=a.libjsonc)
    positional = [a.idl, a.header, a.header_private, a.header_json, a.impl]
    banner = " ".join([a.argv0] + positional)
    files = gentypes_outputs(idl, banner, a.header, a.header_private, a.header_json, a.impl)
    write_all(files)
    return 0


def generate_names(idl_path: str) -> Dict[str, str]:
    """Xen's Makefile names: libxl_types.idl -> _libxl_types.h, _libxl_types_private.h,
    _libxl_types_json.h, _libxl_types.c (written by gentypes.py as __libxl_types.h ... and
    renamed, so banners and guards show the double-underscore names)."""
    stem = os.path.basename(idl_path)
    if stem.endswith(".idl"):
        stem = stem[:-4]
    return {"header": "_%s.h" % stem, "header_private": "_%s_private.h" % stem,
            "header_json": "_%s_json.h" % stem, "impl": "_%s.c" % stem}


def cmd_generate(s: Session) -> int:
    a = s.args
    from .render import gentypes_outputs
    from .output import write_all
    jsonc = a.json == "jsonc"
    files: Dict[str, str] = {}
    for path in a.idls:
        idl = s.load(path, display=path, jsonc=jsonc)
        names = generate_names(path)
        tmp = {k: "_" + v for k, v in names.items()}   # the names gentypes.py writes
        base = os.path.basename(path)
        banner = " ".join([a.argv0, base, tmp["header"], tmp["header_private"],
                           tmp["header_json"], tmp["impl"]])
        out = gentypes_outputs(idl, banner, tmp["header"], tmp["header_private"],
                               tmp["header_json"], tmp["impl"])
        for k, final in names.items():
            files[os.path.join(a.output, final)] = out[tmp[k]]
    write_all(files)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="xlidl",
        description="Read a Xen libxl IDL and write the C that libxl is built from "
                    "(a replacement for Xen's gentypes.py and gentest.py).",
        epilog="Run 'xlidl COMMAND --help' for the options of a command.")
    p.add_argument("--version", action="version", version="xlidl %s" % __version__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true",
                        help="show Python tracebacks of internal errors")
    common.add_argument("--werror", action="store_true", help="treat warnings as errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser(
        "gentypes", parents=[common],
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

    gen = sub.add_parser(
        "generate", parents=[common],
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
    gen.add_argument("--argv0", default="gentypes.py", metavar="NAME",
                     help="program name shown in the banners (default: %(default)s, as in "
                          "Xen's build)")
    gen.set_defaults(func=cmd_generate)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    s = Session(args)
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
