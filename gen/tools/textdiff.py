"""Unified diffs as a reviewer reads them: ``diff -u`` text with the enclosing C function
in each hunk header (as ``diff -p`` and git write them), git's colours, a diffstat.
Shared by ``xlidl diff``, ``xlidl fmt --diff`` and ``xlidl generate --check``."""
import os
import sys
from typing import Dict, List, Optional, Sequence, Tuple

# ANSI colours of git's default diff colouring
_RESET = "\033[m"
_BOLD = "\033[1m"
_RED = "\033[31m"
_GREEN = "\033[32m"
_CYAN = "\033[36m"


def use_color(choice: str = "auto", stream=None) -> bool:
    """--color auto|always|never: auto means a terminal, unless NO_COLOR is set."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream if stream is not None else sys.stdout
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _paint(line: str, color: bool) -> str:
    """Colour one diff line (with its newline)."""
    if not color:
        return line
    body = line[:-1] if line.endswith("\n") else line
    end = line[len(body):]
    if body.startswith(("--- ", "+++ ")):
        code = _BOLD
    elif body.startswith("@@"):
        code = _CYAN
    elif body.startswith("+"):
        code = _GREEN
    elif body.startswith("-"):
        code = _RED
    else:
        return line
    return code + body + _RESET + end


def unified_diff(old_text: str, new_text: str, old_name: str, new_name: str,
                 color: bool, context: int = 3) -> str:
    """A unified diff of two texts ("" when they are equal), as ``diff -u`` writes it,
    including "\\ No newline at end of file" markers; ANSI colours when ``color``."""
    if old_text == new_text:
        return ""
    import difflib
    a = old_text.splitlines(True)
    b = new_text.splitlines(True)
    heads = _function_lines(a)
    out: List[str] = []
    for line in difflib.unified_diff(a, b, old_name, new_name, n=context):
        if line.startswith("@@"):
            line = _with_function(line, heads)
        if line.endswith("\n"):
            out.append(_paint(line, color))
        else:   # the last line of a text without a final newline
            out.append(_paint(line + "\n", color))
            out.append("\\ No newline at end of file\n")
    return "".join(out)


def _function_lines(lines: "Sequence[str]") -> "List[Optional[str]]":
    """For each line, the closest line at or before it that starts with a letter, '_' or
    '$' (git's default "function name" rule: in C, a definition's first line)."""
    out: List[Optional[str]] = []
    last: Optional[str] = None
    for line in lines:
        if line[:1].isalpha() or line[:1] in ("_", "$"):
            last = line.rstrip("\r\n")
        out.append(last)
    return out


def _with_function(header: str, heads: "List[Optional[str]]") -> str:
    """Add the enclosing function to a hunk header, as ``diff -p`` and git do."""
    import re
    m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", header)
    if not m:
        return header
    start = int(m.group(1))
    if m.group(2) == "0":          # empty old range: the hunk goes after line ``start``
        start += 1
    i = start - 2                  # the line before the hunk (0-based)
    head = heads[i] if 0 <= i < len(heads) else None
    if head is None:
        return header
    return header.rstrip("\n") + " " + head[:80] + "\n"


def diff_counts(diff_text: str) -> "Tuple[int, int]":
    """(insertions, deletions) of an uncoloured unified diff."""
    ins = dels = 0
    for line in diff_text.splitlines():
        if line.startswith("+") and not line.startswith("+++ "):
            ins += 1
        elif line.startswith("-") and not line.startswith("--- "):
            dels += 1
    return ins, dels


def stat(diffs: "Sequence[Tuple[str, str]]", color: bool, width: int = 50) -> str:
    """A diffstat-like summary."""
    rows = [(name, *diff_counts(_strip_color(d))) for name, d in diffs]
    if not rows:
        return " 0 files changed\n"
    namew = max(len(r[0]) for r in rows)
    most = max(i + d for _, i, d in rows) or 1
    numw = len(str(most))
    out = []
    for name, i, d in rows:
        scale = min(1.0, width / most)
        pi, pd = int(round(i * scale)), int(round(d * scale))
        if i and not pi:
            pi = 1
        if d and not pd:
            pd = 1
        plus, minus = "+" * pi, "-" * pd
        if color:
            plus = _GREEN + plus + _RESET if plus else ""
            minus = _RED + minus + _RESET if minus else ""
        out.append(" %-*s | %*d %s%s\n" % (namew, name, numw, i + d, plus, minus))
    ti = sum(r[1] for r in rows)
    td = sum(r[2] for r in rows)
    out.append(" %d file%s changed, %d insertion%s(+), %d deletion%s(-)\n"
               % (len(rows), "" if len(rows) == 1 else "s", ti, "" if ti == 1 else "s",
                  td, "" if td == 1 else "s"))
    return "".join(out)


def _strip_color(text: str) -> str:
    import re
    return re.sub(r"\033\[[0-9;]*m", "", text)




def stale_files(files: "Dict[str, str]", color: bool = False) -> "Tuple[List[str], str]":
    """The files (path -> content) whose file on disk does not hold their content, in
    path order, and the unified diff of each (what is on disk against what would be
    written; a missing file counts as empty)."""
    from ..backend.files import unchanged
    stale = []
    out = []
    for path, content in sorted(files.items()):
        if unchanged(path, content):
            continue
        stale.append(path)
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                old = f.read()
        except OSError:
            old = ""
        out.append(unified_diff(old, content, path, path + " (generated)", color))
    return stale, "".join(out)
