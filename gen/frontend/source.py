"""Source locations: every syntax node and model object knows where it came from."""
from operator import itemgetter


class SourceLocation(tuple):
    """A position in an IDL file: (file, line, col), 1-based line and column (columns
    count characters).  A tuple, so it is cheap to make and compare."""

    __slots__ = ()

    def __new__(cls, file: str, line: int, col: int) -> "SourceLocation":
        return tuple.__new__(cls, (file, line, col))

    file = property(itemgetter(0))
    line = property(itemgetter(1))
    col = property(itemgetter(2))

    def __str__(self) -> str:
        return "%s:%d:%d" % self

    def __repr__(self) -> str:
        return "SourceLocation(%r, %d, %d)" % self

    def __getnewargs__(self):
        return tuple(self)


#: Location of the objects xlidl predefines (integer, string, PASS_BY_VALUE, ...).
BUILTIN_LOC = SourceLocation("<builtin>", 0, 0)
