"""Where xlidl's data is, and the one way files are written.

The data is the grammar, the templates and the C runtime (the folders ``grammar``,
``templates`` and ``runtime``).  They are found in one of three places:

* beside the package, when it is installed (``xlidl/grammar`` ...);
* inside the zip, when xlidl runs as one file (``xlidl-VERSION.pyz``: ``xlidl/grammar``
  ... in the archive: the package's ``__file__`` is a path inside it);
* at the top of the source tree, in a checkout (``grammar/`` ... beside ``gen/``).

:func:`read_text`, :func:`files`, :func:`folder` and :func:`path` read them the same way
in all three.
Only in a checkout can the data change after xlidl was built; :func:`in_checkout` tells
the stages that check what the build made against it (gen/frontend/grammar.py,
gen/backend/templates.py).
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, Iterable, List, Optional, Tuple, Union

from .errors import EXIT_USAGE, Failure

_HERE = os.path.dirname(os.path.realpath(__file__))


class Incomplete(Failure):
    """xlidl's data is missing: the installation is incomplete (EXIT_USAGE, as a program
    or package a command needs that is not installed)."""

    def __init__(self, what: str) -> None:
        super().__init__("xlidl installation is incomplete: %s not found (reinstall xlidl, "
                         "or run 'make' in a checkout)" % what, EXIT_USAGE)


class _Place:
    """The data's place: ``zip`` (the archive's path and the prefix of the package
    inside it) or a folder on disk (``base``, holding grammar/, templates/, runtime/)."""

    def __init__(self) -> None:
        self.zip: "Optional[Tuple[str, str]]" = None
        self.base = ""
        self.checkout = False
        self._names: "Optional[List[str]]" = None
        archive = _HERE
        while archive and not os.path.exists(archive):
            archive = os.path.dirname(archive)
        if os.path.isfile(archive):   # the package is inside this zip
            prefix = os.path.relpath(_HERE, archive).replace(os.sep, "/") + "/"
            self.zip = (archive, prefix)
            return
        for base, checkout in ((_HERE, False), (os.path.dirname(_HERE), True)):
            if os.path.isdir(os.path.join(base, "templates")):
                self.base, self.checkout = base, checkout
                return

    def names(self) -> "List[str]":
        """Every file of the data in the zip, as paths relative to the package."""
        if self._names is None:
            import zipfile
            archive, prefix = self.zip  # type: ignore[misc]
            with zipfile.ZipFile(archive) as z:
                self._names = [n[len(prefix):] for n in z.namelist()
                               if n.startswith(prefix) and not n.endswith("/")]
        return self._names

    def read(self, name: str) -> bytes:
        if self.zip is not None:
            import zipfile
            archive, prefix = self.zip
            try:
                with zipfile.ZipFile(archive) as z:
                    return z.read(prefix + name)
            except KeyError:
                raise Incomplete("%s in %s" % (name, archive)) from None
        if not self.base:
            raise Incomplete(name.split("/")[0] + "/")
        try:
            with open(os.path.join(self.base, name), "rb") as f:
                return f.read()
        except FileNotFoundError:
            raise Incomplete(os.path.join(self.base, name)) from None

    def files(self, top: str) -> "List[str]":
        """The files under the folder ``top`` (recursively), relative to it, sorted."""
        if self.zip is not None:
            start = top.rstrip("/") + "/"
            return sorted(n[len(start):] for n in self.names() if n.startswith(start))
        root = os.path.join(self.base, top)
        if not self.base or not os.path.isdir(root):
            raise Incomplete(top + "/")
        out = []
        for d, dirs, names in os.walk(root):
            dirs.sort()
            for n in names:
                out.append(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/"))
        return sorted(out)


_place: "Optional[_Place]" = None
#: folders extracted from the zip for this process (removed by cleanup())
_extracted: "Dict[str, str]" = {}


def _where() -> _Place:
    global _place
    if _place is None:
        _place = _Place()
    return _place


def in_checkout() -> bool:
    """True when the data is the source tree's (grammar/ and templates/ beside gen/),
    which can change after xlidl was built."""
    return _where().checkout


def in_zip() -> bool:
    """True when xlidl runs from a zip (the pyz)."""
    return _where().zip is not None


def read_bytes(name: str) -> bytes:
    """The file ``name`` of the data ("grammar/libxl_idl.lark" ...)."""
    return _where().read(name)


def read_text(name: str) -> str:
    return read_bytes(name).decode("utf-8")


def files(top: str, suffix: str = "") -> "List[str]":
    """The files under the data folder ``top`` ("templates/c" ...) whose names end in
    ``suffix``, as paths relative to it, sorted."""
    return [n for n in _where().files(top) if n.endswith(suffix)]


def folder(top: str) -> str:
    """The data folder ``top`` ("runtime" ...) on disk: where it is, or (from a zip) a
    copy in a temporary folder, made once per process and removed by :func:`cleanup`
    (a C compiler needs the runtime's files on disk)."""
    place = _where()
    if place.zip is None:
        p = os.path.join(place.base, top)
        if not place.base or not os.path.isdir(p):
            raise Incomplete(top + "/")
        return p
    if top not in _extracted:
        tmp = _extraction(top)
        for name in files(top):
            _copy_out(top + "/" + name, os.path.join(tmp, *name.split("/")))
    return _extracted[top]


def path(name: str) -> str:
    """The data file ``name`` on disk: where it is, or (from a zip) a copy, as
    :func:`folder` makes them."""
    place = _where()
    if place.zip is None:
        p = os.path.join(place.base, name)
        if not place.base or not os.path.isfile(p):
            raise Incomplete(name)
        return p
    if name not in _extracted:
        _copy_out(name, os.path.join(_extraction(name), os.path.basename(name)))
        _extracted[name] = os.path.join(_extracted[name], os.path.basename(name))
    return _extracted[name]


def _extraction(name: str) -> str:
    """A new temporary folder for the copy of ``name``, removed by cleanup()."""
    import atexit
    import tempfile
    if not _extracted:
        atexit.register(cleanup)
    tmp = tempfile.mkdtemp(prefix="xlidl-%s-" % name.replace("/", "-"))
    _extracted[name] = tmp
    return tmp


def _copy_out(name: str, dest: str) -> None:
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(read_bytes(name))


def cleanup() -> None:
    """Remove the copies :func:`folder` and :func:`path` made of the zip's data."""
    if not _extracted:
        return    # (the usual run: shutil's import alone is 5% of a gentypes run)
    import shutil
    while _extracted:
        _, copy = _extracted.popitem()
        if os.path.isfile(copy):
            copy = os.path.dirname(copy)
        shutil.rmtree(copy, ignore_errors=True)


def _temp_file(d: str, base: str) -> "Tuple[int, str]":
    """A new file in ``d`` for writing (mode 0600 until it is chmod-ed): (fd, path)."""
    for n in range(10000):
        tmp = os.path.join(d, ".%s.%d.%d.tmp" % (base, os.getpid(), n))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError("cannot create a temporary file in '%s'" % d)


def replace_file(path: str, data: "Union[bytes, Iterable[bytes]]") -> None:
    """Write ``data`` (bytes, or an iterable of bytes) to ``path`` atomically: through a
    temporary file in the same folder, renamed over it (a reader sees the old file or the
    new one, never a part).  The file keeps its permissions; a new one gets the umask's.
    An OSError names ``path``, never the temporary file."""
    try:
        fd, tmp = _temp_file(os.path.dirname(path) or ".", os.path.basename(path))
    except OSError as e:
        raise OSError(e.errno, e.strerror, path) from None
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
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError) and e.errno is not None:
            raise OSError(e.errno, e.strerror, path) from None
        raise


def write_text(path: str, text: str) -> None:
    replace_file(path, text.encode("utf-8"))
