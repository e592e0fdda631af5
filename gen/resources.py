"""Where xlidl's data is, and the one way files are written.

The grammar, the templates and the C runtime are beside the package when it is installed
(xlidl/grammar, xlidl/templates, xlidl/runtime) and at the top of the source tree
(grammar/, templates/, runtime/) in a checkout.
"""
import os

_HERE = os.path.dirname(os.path.realpath(__file__))


def package_data(name: str) -> str:
    """The folder ``name`` (grammar, templates, runtime) of this installation."""
    for base in (_HERE, os.path.dirname(_HERE)):
        p = os.path.join(base, name)
        if os.path.isdir(p):
            return p
    raise FileNotFoundError("xlidl installation is incomplete: %s/ not found" % name)


def _temp_file(d: str, base: str):
    """A new file in ``d`` for writing (mode 0600 until it is chmod-ed): (fd, path)."""
    for n in range(10000):
        tmp = os.path.join(d, ".%s.%d.%d.tmp" % (base, os.getpid(), n))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError("cannot create a temporary file in '%s'" % d)


def replace_file(path: str, data) -> None:
    """Write ``data`` (bytes, or an iterable of bytes) to ``path`` atomically: through a
    temporary file in the same folder, renamed over it (a reader sees the old file or the
    new one, never a part).  The file keeps its permissions; a new one gets the umask's."""
    fd, tmp = _temp_file(os.path.dirname(path) or ".", os.path.basename(path))
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes):
                f.write(data)
            else:
                for piece in data:
                    f.write(piece)
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


def write_text(path: str, text: str) -> None:
    replace_file(path, text.encode("utf-8"))
