"""Source locations: every syntax node and model object knows where it came from."""
from operator import itemgetter

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Tuple
    _Tuple = Tuple[str, int, int]
else:
    _Tuple = tuple


class SourceLocation(_Tuple):
    """A position in an IDL file: (file, line, col), 1-based line and column (columns
    count characters).  A tuple, so it is cheap to make and compare."""

    __slots__ = ()

    def __new__(cls, file: str, line: int, col: int) -> "SourceLocation":
        return tuple.__new__(cls, (file, line, col))

    if TYPE_CHECKING:
        @property
        def file(self) -> str: ...
        @property
        def line(self) -> int: ...
        @property
        def col(self) -> int: ...
    else:
        file = property(itemgetter(0))
        line = property(itemgetter(1))
        col = property(itemgetter(2))

    def __str__(self) -> str:
        return "%s:%d:%d" % self

    def __repr__(self) -> str:
        return "SourceLocation(%r, %d, %d)" % self

    def __getnewargs__(self) -> "Tuple[str, int, int]":
        return (self[0], self[1], self[2])


#: Location of the objects xlidl predefines (integer, string, PASS_BY_VALUE, ...).
BUILTIN_LOC = SourceLocation("<builtin>", 0, 0)
