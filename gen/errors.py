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

#: exit statuses of the command line
EXIT_OK = 0
EXIT_INPUT = 1       # errors in the input, or a file that cannot be read or written
EXIT_USAGE = 2       # wrong usage (argparse's status)
EXIT_INTERNAL = 70   # a bug in xlidl (EX_SOFTWARE)

#: a run reports at most this many errors
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
        if self.loc is None or self.loc.line <= 0:
            head = "xlidl: %s: %s" % (self.severity, self.message)
            if self.loc is not None and self.loc.file != "<builtin>":
                head = "%s: %s: %s" % (self.loc.file, self.severity, self.message)
            return head
        head = "%s: %s: %s" % (self.loc, self.severity, self.message)
        text = (sources or {}).get(self.loc.file)
        if text is None:
            return head
        lines = text.splitlines()
        if not 1 <= self.loc.line <= len(lines):
            return head
        src = lines[self.loc.line - 1]
        # Keep tabs in the caret line so the caret lines up however tabs are shown.
        pad = "".join(c if c == "\t" else " " for c in src[: self.loc.col - 1])
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
    as an error (its message ends in " [-Werror]").  After :data:`MAX_ERRORS` errors the
    run stops."""

    def __init__(self, werror: bool = False, max_errors: int = MAX_ERRORS):
        self.werror = werror
        self.max_errors = max_errors
        self.items: List[Diagnostic] = []
        #: the text of every file read, by the name used in messages (for caret lines)
        self.sources: Dict[str, str] = {}
        self._errors = 0

    @property
    def errors(self) -> "List[Diagnostic]":
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> "List[Diagnostic]":
        return [d for d in self.items if d.severity == "warning"]

    def add(self, d: "Diagnostic") -> "Diagnostic":
        if d.severity == "warning" and self.werror:
            d = Diagnostic(d.loc, "error", d.message + " [-Werror]", d.notes)
        self.items.append(d)
        if d.severity == "error":
            self._errors += 1
            if self._errors >= self.max_errors:
                self.items.append(Diagnostic(None, "note", "too many errors, stopping"))
                raise IdlError(self.items, self.sources)
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
        """Raise :class:`IdlError` if errors were recorded."""
        if self._errors:
            raise IdlError(self.items, self.sources)

    def format(self) -> str:
        return "\n".join(d.format(self.sources) for d in self.items)
