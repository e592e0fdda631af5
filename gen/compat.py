"""What CPython 3.6 lacks, for the few places that need it (xlidl runs on 3.6 and later,
as Xen's build does: docs/architecture.md).  Imports nothing of xlidl."""
TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    import subprocess
    from typing import Any, Callable, Sequence


def _is_ascii(s: str) -> bool:
    try:
        s.encode("ascii")
    except UnicodeEncodeError:
        return False
    return True


#: str.isascii (3.7)
is_ascii: "Callable[[str], bool]" = getattr(str, "isascii", _is_ascii)


def run(argv: "Sequence[str]", text: bool = False,
        **kwargs: "Any") -> "subprocess.CompletedProcess[Any]":
    """subprocess.run with standard output and error captured (``capture_output=True``,
    and ``text=True`` when ``text``: both 3.7)."""
    import subprocess
    if text:
        kwargs["universal_newlines"] = True
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)
