"""What the commands share: the session (options, diagnostics, loading IDLs), the help
formatter, the options several commands take, and writing to standard output.

argparse is imported where a parser is built, not here: the runs that Xen's build makes
(gen/cli/__init__.py, FAST) take their arguments without it."""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    import argparse
    from typing import Any, Dict, List, Mapping, Optional, Tuple, Type

    from ..backend.options import Options
    from ..model.types import Idl

from ..errors import (EXIT_FINDING, EXIT_FINDING_2, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK,
                      EXIT_USAGE, Diagnostics, Failure)


class Session:
    """One command's run: its arguments, its diagnostics (warnings are errors with
    --werror) and what it made, kept alive until the process ends (see cli.run)."""

    def __init__(self, args: "argparse.Namespace"):
        self.args = args
        self.diags = Diagnostics(werror=getattr(args, "werror", False))
        self.keep: List[object] = []
        from ..model.upstream_fixes import parse
        try:
            #: the upstream bugs to correct (--fix)
            self.fixes = parse(getattr(args, "fix", None) or ())
        except ValueError as e:
            raise Failure(str(e), EXIT_USAGE) from None

    def load(self, path: str, display: "Optional[str]" = None, harness: bool = False,
             go: bool = False) -> "Idl":
        """The checked model of an IDL file (gen/model/load.py), once per command."""
        from ..model.load import load
        idl = load(path, self.diags, display if display is not None else path, harness,
                   self.fixes, go)
        self.keep.append(idl)
        return idl

    def load_main_idl(self, paths: "List[str]") -> "List[Idl]":
        """The checked models of a main IDL and its internal IDL (given in either order,
        the internal one optional: :func:`one_idl`)."""
        main, internal = one_idl(paths)
        return [self.load(main)] + ([self.load(internal)] if internal else [])

    def load_for(self, path: str, harness: bool, go: bool) -> "Idl":
        """:meth:`load` as the generate step calls it (gen/backend/generate_step.py)."""
        return self.load(path, harness=harness, go=go)

    def options(self, **more: "Any") -> "Options":
        """The generate step's options from the command's arguments (those it has:
        --json, --fix, --seed, --no-testidl, --argv0, --go, --go-argv0, --format), and
        ``more``."""
        from ..backend.options import Options
        a = self.args
        given: Dict[str, Any] = dict(
            json=getattr(a, "json", "yajl"), fixes=self.fixes, seed=test_seed(a),
            testidl=getattr(a, "testidl", True), go=getattr(a, "go", False),
            go_argv0=getattr(a, "go_argv0", None), format=getattr(a, "format", False))
        if getattr(a, "argv0", None) is not None:
            given["argv0"] = a.argv0
        given.update(more)
        return Options(**given)

    def report(self) -> None:
        """Print the diagnostics recorded so far (and forget them)."""
        text = self.diags.format()
        if text:
            print(text, file=sys.stderr)
        self.diags.items.clear()


def one_idl(paths: "list[str]") -> "tuple[str, str | None]":
    """The (main IDL, its internal IDL or None) of a command that takes one IDL and
    optionally its internal IDL, in either order; Failure (wrong usage) otherwise."""
    from ..tools.cbuild import CheckError, group_idls
    try:
        groups = group_idls(paths)
    except CheckError as e:
        raise Failure(str(e), EXIT_USAGE)
    if len(groups) != 1:
        raise Failure("give one IDL (and its internal IDL): %s"
                      % ", ".join(p for p, _ in groups), EXIT_USAGE)
    return groups[0]


def test_seed(a: "argparse.Namespace") -> "str | None":
    """--seed, else LIBXL_TESTIDL_SEED as gentest.py reads it, else None (the default)."""
    if getattr(a, "seed", None) is not None:
        return a.seed
    return os.environ.get("LIBXL_TESTIDL_SEED")


def _columns() -> int:
    """The terminal width as shutil.get_terminal_size() gives it (argparse asks it for
    every parser; importing shutil costs a few milliseconds at each start)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            stdout = sys.__stdout__
            columns = os.get_terminal_size(stdout.fileno()).columns if stdout else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


_formatter: "Optional[Type[argparse.HelpFormatter]]" = None


def help_formatter() -> "Type[argparse.HelpFormatter]":
    """argparse's help formatter, with the terminal's width found without shutil."""
    global _formatter
    if _formatter is None:
        import argparse

        class HelpFormatter(argparse.HelpFormatter):
            def __init__(self, prog: str, indent_increment: int = 2,
                         max_help_position: int = 24, width: "Optional[int]" = None):
                super().__init__(prog, indent_increment, max_help_position,
                                 _columns() - 2 if width is None else width)
        _formatter = HelpFormatter
    return _formatter


#: what each exit status means, as every command's --help says it (gen/errors.py)
STATUS_TEXT = {
    EXIT_OK: "success",
    EXIT_INPUT: "errors in the input (an IDL, a file that cannot be read or written)",
    EXIT_USAGE: "wrong usage (or a program the command needs is not installed)",
    EXIT_INTERNAL: "internal error (a bug in xlidl)",
}


def exit_statuses(findings: "Optional[Mapping[int, Optional[str]]]" = None) -> str:
    """The "Exit status: ..." sentence of a command's --help: the statuses of every
    command, and ``findings`` (EXIT_FINDING, EXIT_FINDING_2: what the command found; a
    status given as None is one the command cannot end with)."""
    rows: Dict[int, Optional[str]] = dict(STATUS_TEXT)
    rows.update(findings or {})
    return "Exit status: %s." % "; ".join("%d %s" % (k, rows[k]) for k in sorted(rows)
                                          if rows[k] is not None)


def add_command(sub, name: str, common, findings: "Optional[Mapping[int, Optional[str]]]" = None,
                debug: bool = True, werror: bool = True, epilog: "Optional[str]" = None,
                **kwargs) -> "argparse.ArgumentParser":
    """A subcommand's parser with the shared options and xlidl's help formatter; its
    --help ends with the exit statuses (``findings``: the command's own, see
    :func:`exit_statuses`).  --debug (tracebacks of internal errors) and --werror are
    offered where they do something: ``debug``/``werror`` False leave them out."""
    assert all(k in (EXIT_FINDING, EXIT_FINDING_2) or v is None
               for k, v in (findings or {}).items())
    text = exit_statuses(findings)
    p = sub.add_parser(name, parents=[common], formatter_class=help_formatter(),
                       epilog="%s  %s" % (epilog, text) if epilog else text, **kwargs)
    if debug:
        p.add_argument("--debug", action="store_true",
                       help="show the Python traceback of an internal error")
    if werror:
        p.add_argument("--werror", action="store_true",
                       help="treat warnings about the IDL as errors")
    return p


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(inputs: "List[str]", outputs: "List[Tuple[str, str]]") -> None:
    """A command that writes files named on its command line touches only files it
    makes: an output (``(what, path)``, what the argument is, as in --help) that is one
    of the ``inputs``, whose name ends in .idl, or that another output names too, is
    refused (wrong usage) before anything is written."""
    for i, (what, path) in enumerate(outputs):
        for inp in inputs:
            if _same_file(inp, path):
                raise Failure("%s '%s' is also an input: it would be overwritten (nothing "
                              "was written)" % (what, path), EXIT_USAGE)
        if path.endswith(".idl"):
            raise Failure("%s '%s' is an IDL's name: it would be overwritten with what is "
                          "generated (nothing was written)" % (what, path), EXIT_USAGE)
        for other_what, other in outputs[:i]:
            if _same_file(other, path):
                raise Failure("%s and %s are the same file, '%s' (nothing was written)"
                              % (other_what, what, path), EXIT_USAGE)


def check_keep_folder(path: str, marker: str = ".xlidl-keep") -> str:
    """The absolute path of a --keep DIR, made if needed and marked as xlidl's: a folder
    that holds anything else than what an earlier --keep left there is refused (wrong
    usage), since a build writes its files into it."""
    top = os.path.abspath(path)
    if os.path.exists(top):
        if not os.path.isdir(top):
            raise Failure("--keep '%s' is not a folder" % path, EXIT_USAGE)
        names = os.listdir(top)
        if names and marker not in names:
            raise Failure("--keep '%s' is a folder that xlidl did not make and that is not "
                          "empty: give a new or empty folder (nothing was written)" % path,
                          EXIT_USAGE)
    try:
        os.makedirs(top, exist_ok=True)
        with open(os.path.join(top, marker), "w") as f:
            f.write("a build folder of xlidl (--keep): xlidl may rewrite what is here\n")
    except OSError as e:
        raise Failure(os_error_message(e), EXIT_INPUT)
    return top


def os_error_message(e: "OSError", verb: str = "write") -> str:
    """``cannot write 'FILE': reason`` for an OSError (the file it names)."""
    where = " '%s'" % e.filename if getattr(e, "filename", None) else ""
    return "cannot %s%s: %s" % (verb, where, e.strerror or e)


def add_seed(p: "argparse.ArgumentParser") -> None:
    p.add_argument("--seed", metavar="S",
                   help="test harness seed (default: LIBXL_TESTIDL_SEED, else 'xlidl')")


def add_fix(p: "argparse.ArgumentParser") -> None:
    p.add_argument("--fix", action="append", metavar="NAME",
                   help="correct an upstream bug in the generated C (repeatable; 'all' for "
                        "every fix; 'xlidl fixes' lists them).  Without it the output is "
                        "byte-identical to Xen's")


def add_type(p: "argparse.ArgumentParser") -> None:
    """--type: the root type of a schema (xlidl schema, validate)."""
    from ..tools.jsontypes import DEFAULT_TYPE
    p.add_argument("--type", metavar="TYPE",
                   help="the root type (default: %s when the IDL defines it)" % DEFAULT_TYPE)


def say_phase(phase: str, t0: float, what: str) -> None:
    """One line of a command's progress: the phase, the seconds since ``t0``
    (time.monotonic()), and what was done (xlidl check, xlidl fuzz)."""
    import time
    print("%-9s %6.2fs  %s" % (phase, time.monotonic() - t0, what), flush=True)


def add_json(p: "argparse.ArgumentParser", what: str = "JSON generation backend") -> None:
    p.add_argument("--json", choices=("yajl", "jsonc"), default="yajl",
                   help="%s (default: %%(default)s)" % what)


def add_color(p: "argparse.ArgumentParser", what: str) -> None:
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour %s (default: auto, on a terminal unless NO_COLOR is set)"
                   % what)


def write_out(text: str) -> None:
    """Write to standard output; a reader that went away (``| head``) is not an error:
    the rest of the output is discarded and the exit status stays what it would be."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def check_files(files: "Dict[str, str]", color: str = "auto") -> int:
    """``--check`` (generate, gengotypes): 0 when every file on disk already holds what
    would be written, else EXIT_FINDING and the differences (a unified diff) on standard
    output."""
    from ..tools.textdiff import stale_files, use_color
    stale, diff = stale_files(files, use_color(color))
    if stale:
        write_out(diff)
        print("xlidl: %d of %d generated file%s differ%s from what is on disk: %s" % (
            len(stale), len(files), "" if len(files) == 1 else "s",
            "s" if len(stale) == 1 else "", ", ".join(stale)), file=sys.stderr)
        return EXIT_FINDING
    return 0
