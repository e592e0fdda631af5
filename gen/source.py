"""Source locations: every syntax node and model object knows where it came from."""
from __future__ import annotations

from typing import NamedTuple


class SourceLocation(NamedTuple):
    """A position in an IDL file: 1-based line and column (columns count characters)."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return "%s:%d:%d" % (self.file, self.line, self.col)


#: Location of the objects xlidl predefines (integer, string, PASS_BY_VALUE, ...).
BUILTIN_LOC = SourceLocation("<builtin>", 0, 0)
