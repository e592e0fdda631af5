"""The xlidl command line: one module per command, each with ``register(sub, common)``
(its options) and ``run(session)``.

Exit statuses: one table for every command (gen/errors.py, EXIT_*): 0 success, 1 errors
in the input, 2 wrong usage, 3 (and 4) the command's own findings, 70 an internal error.
Each command's --help states the ones it uses (common.add_command).
"""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    import argparse
    from typing import Any, Dict, List, Optional, Sequence, Tuple

    #: (positional dests, {flag: (dest, value)}, {option: dest}, {dest: default})
    FastSpec = Tuple[Tuple[str, ...], Dict[str, Tuple[str, Any]], Dict[str, str],
                     Dict[str, Any]]

from .. import __version__
from ..errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_USAGE, Failure, IdlError
from .common import Session, help_formatter, os_error_message

#: command -> the module (in this package) that implements it, in the order of --help
COMMANDS = {
    "gentypes": "gentypes", "gentest": "gentest", "gengotypes": "gengotypes",
    "generate": "generate",
    "check": "check", "fmt": "fmt", "diff": "diff", "api-diff": "api_diff",
    "fuzz": "fuzz", "fixes": "fixes", "json": "json", "schema": "schema",
    "validate": "validate", "doc": "doc",
}


def build_parser(only: "Optional[str]" = None) -> "argparse.ArgumentParser":
    """The argument parser; ``only`` names the one command to add (what a run of that
    command needs: building every command's parser costs start-up time)."""
    import argparse
    HelpFormatter = help_formatter()
    p = argparse.ArgumentParser(
        prog="xlidl", formatter_class=HelpFormatter,
        description="Read a Xen libxl IDL and write the C that libxl is built from "
                    "(a replacement for Xen's gentypes.py and gentest.py).",
        epilog="Run 'xlidl COMMAND --help' for the options of a command.")
    p.add_argument("--version", action="version", version="xlidl %s" % __version__)
    # (the options every command shares; --debug and --werror are added by add_command
    # where they do something)
    common = argparse.ArgumentParser(add_help=False, formatter_class=HelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            # (__import__: the importlib package is one more module to load at each start)
            __import__("%s.%s" % (__name__, module), fromlist=("register",)).register(
                sub, common)
    return p


#: The command lines of a build (the commands Xen's build runs, and generate) are read
#: without argparse (importing it and building a parser is a tenth of a gentypes run):
#: command -> (the positional arguments' dests, NAME+ taking one or more; {flag: (dest,
#: value)}; {option taking a value: dest}; the defaults of every dest).  Anything else on
#: such a command line (--help, --fix, --json, an abbreviation, "--", a value that starts
#: with "-", a wrong count) goes to argparse, so that the result is always argparse's
#: (tests/test_cli.py compares the two).
_COMMON = {"--debug": ("debug", True), "--werror": ("werror", True)}
FAST: "Dict[str, FastSpec]" = {
    "gentypes": (("idl", "header", "header_private", "header_json", "impl"),
                 dict(_COMMON, **{"--libjsonc": ("libjsonc", True)}),
                 {"--argv0": "argv0"},
                 {"argv0": "xlidl gentypes", "libjsonc": False, "fix": None, "debug": False,
                  "werror": False}),
    "gentest": (("idl", "out"), _COMMON, {"--seed": "seed"},
                {"seed": None, "fix": None, "debug": False, "werror": False}),
    "gengotypes": (("idl", "types", "helpers"),
                   dict(_COMMON, **{"--check": ("check", True)}),
                   {"--argv0": "argv0"},
                   {"argv0": "xlidl gengotypes", "check": False, "color": "auto",
                    "debug": False, "werror": False}),
    "generate": (("idls+",),
                 dict(_COMMON, **{"--go": ("go", True), "--format": ("format", True),
                                  "--check": ("check", True),
                                  "--no-testidl": ("testidl", False)}),
                 {"-o": "output", "--output": "output", "--argv0": "argv0", "--seed": "seed",
                  "--go-argv0": "go_argv0"},
                 {"output": "output", "json": "yajl", "argv0": "xlidl", "testidl": True,
                  "seed": None, "fix": None, "go": False, "go_argv0": None, "format": False,
                  "check": False, "color": "auto", "debug": False, "werror": False}),
}


class Arguments:
    """The parsed arguments of a FAST command line (argparse.Namespace's interface)."""

    def __init__(self, **values: "Any"):
        self.__dict__.update(values)


def fast_arguments(words: "Sequence[str]") -> "Optional[Arguments]":
    """The arguments of ``words`` (the command line after the program) when they are one
    of FAST's command lines, else None (argparse reads them)."""
    spec = FAST.get(words[0]) if words else None
    if spec is None:
        return None
    names, flags, options, defaults = spec
    values = dict(defaults)
    given: List[str] = []
    i = 1
    while i < len(words):
        w = words[i]
        if w in flags:
            dest, value = flags[w]
            values[dest] = value
        elif w in options and i + 1 < len(words) and not words[i + 1].startswith("-"):
            values[options[w]] = words[i + 1]
            i += 1
        elif w.startswith("-"):
            return None
        else:
            given.append(w)
        i += 1
    if names[-1].endswith("+"):
        if len(given) < len(names):
            return None
        fixed = len(names) - 1
        values.update(zip(names[:fixed], given))
        values[names[-1][:-1]] = given[fixed:]
    elif len(given) == len(names):
        values.update(zip(names, given))
    else:
        return None
    module = __import__("%s.%s" % (__name__, COMMANDS[words[0]]), fromlist=("run",))
    return Arguments(command=words[0], func=module.run, **values)


def parse_arguments(argv: "Optional[Sequence[str]]", words: "List[str]") -> "Any":
    """The arguments, as argparse reads them (it exits on --help and wrong usage)."""
    command = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(only=command if command in COMMANDS else None)
    args, extra = parser.parse_known_args(argv)
    if extra:
        # A command whose positional arguments may come after options (``xlidl json IDL
        # --type T FILE``) names them with set_defaults(intermixed=DEST); anything else
        # left over is an error, reported by parse_args.
        dest = getattr(args, "intermixed", None)
        if dest and not any(x.startswith("-") and x != "-" for x in extra):
            getattr(args, dest).extend(extra)
        else:
            parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return None
    return args


#: the sessions of main() calls, kept by run() until the process ends
_sessions: "List[Session]" = []


def run() -> None:
    """The console script and ``python -m xlidl``: main(), then the end of the process
    without freeing the run's objects one by one (a large model and its texts are
    hundreds of thousands of them; the system takes the memory back at once)."""
    status = main()
    from ..resources import cleanup
    cleanup()   # (os._exit runs no atexit handler)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: Python would report it at exit
        sys.exit(status)
    os._exit(status)


def main(argv: "Optional[Sequence[str]]" = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words == ["--version"]:   # (what argparse's version action prints)
        print("xlidl %s" % __version__)
        return 0
    args: "Any" = fast_arguments(words) or parse_arguments(argv, words)
    if args is None:
        return EXIT_USAGE
    try:
        s = Session(args)
    except Failure as e:
        print("xlidl: error: %s" % e, file=sys.stderr)
        return e.status
    if argv is None:  # the process's own command line: run() may end the process
        _sessions.append(s)
    # A run builds one large, acyclic object graph and exits: the cycle collector would
    # only re-scan it (a third of the run time on a large IDL).
    import gc
    gc.disable()
    try:
        status = args.func(s)
    except IdlError:
        s.report()
        return EXIT_INPUT
    except Failure as e:
        s.report()
        print("xlidl: error: %s" % e, file=sys.stderr)
        return e.status
    except OSError as e:
        # (reading reports its own errors: what reaches here is a file being written)
        s.report()
        print("xlidl: error: %s" % os_error_message(e), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug in xlidl
        offered = hasattr(args, "debug")
        if getattr(args, "debug", False) or not offered:
            import traceback
            traceback.print_exc()
        print("xlidl: internal error: %s: %s (a bug in xlidl: %s)" % (
            type(e).__name__, e, "run again with --debug and include the output"
            if offered else "include the output above"), file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        # (an in-process caller gets its collector back; the process's own run ends
        # without it: re-enabled, its next pass would go over the whole model, 5% of a
        # run on a large IDL)
        if argv is not None:
            gc.enable()
    s.report()
    return status
