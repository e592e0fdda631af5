"""The IDL's comments, for documentation (``xlidl schema``'s descriptions).

The grammar drops comments; the model keeps the line of every statement, member and
enumeration value, so a comment is found from the source text by where it is:

* the block of comment-only lines directly above a line (no blank line between);
* a comment at the end of the line itself (``("kind", libxl_vga_interface_type), # ...``).

A type's statement is documented by the comments above its first line, a member or an
enumeration value by those above and at the end of its line.
"""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import List, Optional


def _trailing(line: str) -> "Optional[str]":
    """The comment at the end of a line of code, outside string literals."""
    quote = None
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#":
            return line[i + 1:].strip() if line[:i].strip() else None
        i += 1
    return None


class Comments:
    """The comments of one IDL file's text."""

    def __init__(self, text: str):
        self.lines: List[str] = text.splitlines()

    def _above(self, line: int) -> "List[str]":
        out: List[str] = []
        n = line - 2                      # 0-based index of the line above
        while n >= 0:
            s = self.lines[n].strip()
            if not s.startswith("#") or s.startswith("# -*-"):
                break
            out.append(s[1:].strip())
            n -= 1
        return out[::-1]

    def at(self, line: int, trailing: bool = True) -> "Optional[str]":
        """The comment of what starts on ``line`` (1-based): the block above, then the
        one at the end of the line; None when there is none."""
        if not 1 <= line <= len(self.lines):
            return None
        parts = [p for p in self._above(line) if p]
        if trailing:
            t = _trailing(self.lines[line - 1])
            if t:
                parts.append(t)
        return " ".join(parts) or None
