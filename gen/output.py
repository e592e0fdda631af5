"""Writing generated files: all or nothing, atomically, and only when the content changed.

Everything is rendered in memory first; :func:`write_all` then writes each file to a
temporary file in the same folder and renames it over the target, so a reader never sees
a half-written file, and a file whose content is unchanged is not touched (make does not
rebuild what depends on it; Xen's Makefile does the same by hand with move-if-changed).
"""
from __future__ import annotations

import os


def unchanged(path: str, content, data: "bytes | None" = None) -> bool:
    """Whether ``path`` holds ``content`` (``data`` is its UTF-8 encoding, if at hand).
    A file of another size is not read."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if data is None and content.isascii():
                if size != len(content):
                    return False
                data = content.encode("ascii")
            elif data is None:
                data = content.encode("utf-8")
            if size != len(data):
                return False
            return f.read() == data
    except OSError:
        return False


def _temp_file(d: str, base: str):
    """A new file in ``d`` for writing (mode 0600 until it is chmod-ed): (fd, path)."""
    for n in range(10000):
        tmp = os.path.join(d, ".%s.%d.%d.tmp" % (base, os.getpid(), n))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError("cannot create a temporary file in '%s'" % d)


def replace_file(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: through a temporary file in the same
    folder, renamed over it (a reader sees the old file or the new one).  The file keeps
    its permissions; a new one gets the umask's."""
    fd, tmp = _temp_file(os.path.dirname(path) or ".", os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        try:
            mode = os.stat(path).st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_if_changed(path: str, content: str) -> bool:
    """Write ``content`` to ``path`` unless it already holds it; True if written."""
    data = content.encode("utf-8")
    if unchanged(path, content, data):
        return False
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    replace_file(path, data)
    return True


def write_all(files: Dict[str, str]) -> List[str]:
    """Write every file (path -> content); return the paths that changed."""
    return [p for p, c in files.items() if write_if_changed(p, c)]
