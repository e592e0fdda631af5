"""Diagnostics, failures and exit statuses, shared by every stage.

* :class:`Diagnostic`: one message at a place in an IDL (``FILE:LINE:COL: error: ...``),
  with notes.
* :class:`Diagnostics`: the collector a command passes to every stage it runs, so that
  errors and warnings (and ``--werror``) behave the same in every command.  It also keeps
  the text of the files read, for the caret lines.
* :class:`IdlError`: raised when a stage ends with errors; it carries the diagnostics.
* :class:`Failure`: a problem that is not in an IDL (a file that cannot be written, a
  compiler that fails ...): one message and an exit status.

The command line catches these two exceptions only; anything else is a bug in xlidl.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, Iterable, List, Optional, Sequence, Tuple

    from typing import Protocol

    class SourceLocation(Protocol):
        """A location: file, line and col (gen/frontend/source.py makes them)."""

        @property
        def file(self) -> str: ...
        @property
        def line(self) -> int: ...
        @property
        def col(self) -> int: ...

    Note = Tuple[Optional[SourceLocation], str]

#: The exit statuses of the command line: one table for every command (README, "Exit
#: status"; each command's --help gives the rows it uses).  No status means two things
#: in one command: a CI job can tell a finding from a broken input or a wrong call.
#:
#: success: the command did what was asked and found nothing to report
EXIT_OK = 0
#: errors in the input: an IDL error, a missing input file, a file or document that
#: cannot be read, an output that cannot be written (the message names the target)
EXIT_INPUT = 1
#: wrong usage: argparse's status; also a bad combination of options, an unknown --type,
#: a file the command does not handle (fmt and a file that is not C), and a program or
#: package the command needs that is not installed (clang-format, jsonschema, a compiler)
EXIT_USAGE = 2
#: the command's own finding, for the commands that have one: generate --check (files
#: stale), fmt --check/--diff (formatting needed), diff (the generated code differs),
#: api-diff (breaking change), check (the generated code does not compile, or testidl
#: fails), fuzz (an input crashes the parser), json (a document rejected), validate (a
#: document invalid)
EXIT_FINDING = 3
#: a second finding, where a command has two: json --from/--to (data would be lost; a
#: rejected document is EXIT_FINDING)
EXIT_FINDING_2 = 4
#: an internal error: a bug in xlidl (EX_SOFTWARE); --debug shows the traceback
EXIT_INTERNAL = 70

#: a source line longer than this is shown as a window of this many characters around
#: the column of the message
SOURCE_WIDTH = 160
#: and a message longer than this (it quotes a long value) is cut in its middle
MESSAGE_WIDTH = 1000

#: a run shows at most this many errors (the others are counted, and their number shown)
MAX_ERRORS = 20


class Diagnostic:
    """One message: severity is "error", "warning" or "note"."""

    __slots__ = ("loc", "severity", "message", "notes")

    def __init__(self, loc: "Optional[SourceLocation]", severity: str, message: str,
                 notes: "Optional[List[Diagnostic]]" = None):
        self.loc = loc
        self.severity = severity
        self.message = message
        self.notes = notes if notes is not None else []

    def __repr__(self) -> str:
        return "<Diagnostic %s %s: %s>" % (self.loc, self.severity, self.message)

    def note(self, loc: "Optional[SourceLocation]", message: str) -> "Diagnostic":
        self.notes.append(Diagnostic(loc, "note", message))
        return self

    def format(self, sources: "Optional[Dict[str, str]]" = None) -> str:
        """GCC style: location, severity, message, then the source line with a caret
        (when ``sources`` has the file's text); then the notes, the same way."""
        out = [self._format_one(sources)]
        for n in self.notes:
            out.append(n._format_one(sources))
        return "\n".join(out)

    def _format_one(self, sources: "Optional[Dict[str, str]]") -> str:
        message = self.message
        if len(message) > MESSAGE_WIDTH:   # (a long value quoted from the input)
            half = MESSAGE_WIDTH // 2
            message = "%s[... %d characters ...]%s" % (
                message[:half], len(message) - 2 * half, message[-half:])
        if self.loc is None or self.loc.line <= 0:
            head = "xlidl: %s: %s" % (self.severity, message)
            if self.loc is not None and self.loc.file != "<builtin>":
                head = "%s: %s: %s" % (self.loc.file, self.severity, message)
            return head
        head = "%s: %s: %s" % (self.loc, self.severity, message)
        text = (sources or {}).get(self.loc.file)
        if text is None:
            return head
        lines = text.splitlines()
        if not 1 <= self.loc.line <= len(lines):
            return head
        src = lines[self.loc.line - 1]
        col = self.loc.col - 1
        if len(src) > SOURCE_WIDTH:
            # a window of the line around the column, "..." where it is cut
            start = max(0, min(col - SOURCE_WIDTH // 2, len(src) - SOURCE_WIDTH))
            end = start + SOURCE_WIDTH
            left = "..." if start > 0 else ""
            src = left + src[start:end] + ("..." if end < len(src) else "")
            col = col - start + len(left)
        # Keep tabs in the caret line so the caret lines up however tabs are shown.
        pad = "".join(c if c == "\t" else " " for c in src[:col])
        return "%s\n %s\n %s^" % (head, src, pad)


class IdlError(Exception):
    """Errors found in the input.  ``diagnostics`` are the errors (and the warnings
    recorded with them); str() gives the report without source lines."""

    def __init__(self, diagnostics: "Sequence[Diagnostic]",
                 sources: "Optional[Dict[str, str]]" = None):
        self.diagnostics = list(diagnostics)
        self.sources = sources if sources is not None else {}
        super().__init__("\n".join(d.format() for d in self.diagnostics
                                   if d.severity == "error"))

    @classmethod
    def at(cls, loc: "Optional[SourceLocation]", message: str) -> "IdlError":
        return cls([Diagnostic(loc, "error", message)])

    def format(self) -> str:
        return "\n".join(d.format(self.sources) for d in self.diagnostics)


class Failure(Exception):
    """A problem that is not in an IDL: one message, shown as ``xlidl: error: MESSAGE``,
    and the exit status to end with."""

    def __init__(self, message: str, status: int = EXIT_INPUT):
        super().__init__(message)
        self.status = status


def close_match(word: str, candidates: "Iterable[str]") -> "Optional[str]":
    """The candidate closest to ``word`` (for "did you mean"), or None."""
    import difflib
    close = difflib.get_close_matches(word, list(candidates), n=1)
    return close[0] if close else None


class Diagnostics:
    """The errors and warnings of one command, in the order they were found.

    Every stage records into the collector it is given; :meth:`check` raises
    :class:`IdlError` when errors were recorded.  With ``werror`` a warning is recorded
    as an error (its message ends in " [-Werror]").  After :data:`MAX_ERRORS` errors, the
    errors and warnings of the stage are counted but not kept: :meth:`check` ends the
    report with how many were left out."""

    def __init__(self, werror: bool = False, max_errors: int = MAX_ERRORS):
        self.werror = werror
        self.max_errors = max_errors
        self.items: List[Diagnostic] = []
        #: the text of every file read, by the name used in messages (for caret lines)
        self.sources: Dict[str, str] = {}
        self._errors = 0
        #: errors and warnings left out after max_errors errors
        self.left_out = {"error": 0, "warning": 0}

    @property
    def errors(self) -> "List[Diagnostic]":
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> "List[Diagnostic]":
        return [d for d in self.items if d.severity == "warning"]

    def add(self, d: "Diagnostic") -> "Diagnostic":
        if d.severity == "warning" and self.werror:
            d = Diagnostic(d.loc, "error", d.message + " [-Werror]", d.notes)
        if d.severity == "error":
            self._errors += 1
        if d.severity in self.left_out and self._errors > self.max_errors - (
                d.severity == "warning"):
            self.left_out[d.severity] += 1
            return d
        self.items.append(d)
        return d

    def error(self, loc: "Optional[SourceLocation]", message: str,
              notes: "Iterable[Note]" = ()) -> "Diagnostic":
        d = Diagnostic(loc, "error", message)
        for nloc, nmsg in notes:
            d.note(nloc, nmsg)
        return self.add(d)

    def warning(self, loc: "Optional[SourceLocation]", message: str,
                notes: "Iterable[Note]" = ()) -> "Diagnostic":
        d = Diagnostic(loc, "warning", message)
        for nloc, nmsg in notes:
            d.note(nloc, nmsg)
        return self.add(d)

    def extend(self, diags: "Iterable[Diagnostic]") -> None:
        for d in diags:
            self.add(d)

    def check(self) -> None:
        """Raise :class:`IdlError` if errors were recorded (the report ends with how many
        errors and warnings were left out, if any)."""
        if self._errors:
            left = ["%d more %s%s" % (n, what, "" if n == 1 else "s")
                    for what, n in sorted(self.left_out.items()) if n]
            if left:
                self.items.append(Diagnostic(None, "note", "too many errors: %d shown, %s "
                                             "not shown" % (self.max_errors, " and ".join(left))))
                self.left_out = {"error": 0, "warning": 0}
            raise IdlError(self.items, self.sources)

    def format(self) -> str:
        return "\n".join(d.format(self.sources) for d in self.items)
