"""Diagnostics: user mistakes in an IDL, reported as FILE:LINE:COL messages.

An :class:`IdlError` carries one or more :class:`Diagnostic` entries.  The command line
catches only IdlError, prints it and exits 1; anything else is a bug in xlidl.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, List, Optional, Sequence

from .source import SourceLocation


#: source text of every file parsed in this process, for the caret lines of messages
SOURCES: Dict[str, str] = {}


class Diagnostic:
    """One message: severity is "error", "warning" or "note"."""

    __slots__ = ("loc", "severity", "message", "notes")

    def __init__(self, loc: Optional[SourceLocation], severity: str, message: str,
                 notes: Optional[List["Diagnostic"]] = None):
        self.loc = loc
        self.severity = severity
        self.message = message
        self.notes = notes if notes is not None else []

    def __repr__(self) -> str:
        return "<Diagnostic %s %s: %s>" % (self.loc, self.severity, self.message)

    def note(self, loc: Optional[SourceLocation], message: str) -> "Diagnostic":
        self.notes.append(Diagnostic(loc, "note", message))
        return self

    def format(self, sources: Optional[Dict[str, str]] = None) -> str:
        """GCC style: location, severity, message, then the source line with a caret."""
        out = [self._format_one(sources)]
        for n in self.notes:
            out.append(n._format_one(sources))
        return "\n".join(out)

    def _format_one(self, sources: Optional[Dict[str, str]]) -> str:
        if self.loc is None or self.loc.line <= 0:
            head = "xlidl: %s: %s" % (self.severity, self.message)
            if self.loc is not None and self.loc.file != "<builtin>":
                head = "%s: %s: %s" % (self.loc.file, self.severity, self.message)
            return head
        head = "%s: %s: %s" % (self.loc, self.severity, self.message)
        text = (sources or SOURCES).get(self.loc.file)
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
    """Errors found in the input; str() gives the formatted report without source lines."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @classmethod
    def at(cls, loc: Optional[SourceLocation], message: str) -> "IdlError":
        return cls([Diagnostic(loc, "error", message)])
