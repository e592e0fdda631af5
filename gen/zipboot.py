"""The pyz's importer: the package's modules from bytecode made when the pyz was built.

Python's zip importer compiles every module from its source at every run (it reads a
compiled module only from a ``.pyc`` beside the ``.py``, for one Python version), and
compiling xlidl costs more than a whole run of Xen's generators.  So the pyz's build
(gen/buildtime.py) adds, for each Python it was given, the bytecode of every module:
``xlidl/.../__pycache__/NAME.TAG.pyc`` (TAG is ``sys.implementation.cache_tag``,
``cpython-36`` ...), holding that Python's magic number and the marshalled code.

:func:`install` puts a finder first on ``sys.meta_path`` that loads the package's modules
from the archive: from that bytecode when the running Python's magic number matches it,
else from the source, as the zip importer would.  The pyz's ``__main__.py`` calls it
before anything else of xlidl is imported; nothing is written anywhere.

Standard library only (importlib's public interfaces), and Python 3.6's.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import marshal
import os
import sys
import zipfile

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from types import CodeType, ModuleType
    from typing import Optional, Sequence


def pyc_name(source: str, tag: str) -> str:
    """The member holding the bytecode of the module ``source`` (a member's name) for
    cache tag ``tag``: "xlidl/cli/__init__.py" -> "xlidl/cli/__pycache__/__init__.TAG.pyc"."""
    folder, base = source.rsplit("/", 1) if "/" in source else ("", source)
    pyc = "__pycache__/%s.%s.pyc" % (base[:-3], tag)
    return folder + "/" + pyc if folder else pyc


class ZipModules(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
    """Finder and loader of the modules of ``package`` inside the zip ``archive``."""

    def __init__(self, archive: str, package: str = "xlidl") -> None:
        self.archive = archive
        self.package = package
        self.zip = zipfile.ZipFile(archive)
        self.names = set(self.zip.namelist())
        self.tag = sys.implementation.cache_tag
        self.magic = importlib.util.MAGIC_NUMBER

    def _source_name(self, fullname: str) -> "Optional[str]":
        rel = fullname.replace(".", "/")
        for name in (rel + "/__init__.py", rel + ".py"):
            if name in self.names:
                return name
        return None

    def find_spec(self, fullname: str, path: "Optional[Sequence[str]]" = None,
                  target: "Optional[ModuleType]" = None) -> "Optional[importlib.machinery.ModuleSpec]":
        if fullname != self.package and not fullname.startswith(self.package + "."):
            return None
        name = self._source_name(fullname)
        if name is None:
            return None
        is_package = name.endswith("/__init__.py")
        spec = importlib.machinery.ModuleSpec(
            fullname, self, origin=os.path.join(self.archive, name), is_package=is_package)
        spec.has_location = True
        if is_package:
            spec.submodule_search_locations = [
                os.path.join(self.archive, name.rsplit("/", 1)[0])]
        return spec

    def is_package(self, fullname: str) -> bool:
        name = self._source_name(fullname)
        return name is not None and name.endswith("/__init__.py")

    def get_source(self, fullname: str) -> "Optional[str]":
        name = self._source_name(fullname)
        return None if name is None else self.zip.read(name).decode("utf-8")

    def get_code(self, fullname: str) -> "Optional[CodeType]":
        name = self._source_name(fullname)
        if name is None:
            raise ImportError("no module %s in %s" % (fullname, self.archive), name=fullname)
        pyc = pyc_name(name, self.tag) if self.tag else None
        if pyc is not None and pyc in self.names:
            data = self.zip.read(pyc)
            if data[:len(self.magic)] == self.magic:
                code: CodeType = marshal.loads(data[len(self.magic):])
                return code
        return compile(self.zip.read(name), os.path.join(self.archive, name), "exec",
                       dont_inherit=True)


def install(archive: str, package: str = "xlidl") -> "ZipModules":
    """Put the finder of ``package`` in the zip ``archive`` first on sys.meta_path."""
    finder = ZipModules(archive, package)
    sys.meta_path.insert(0, finder)
    return finder
