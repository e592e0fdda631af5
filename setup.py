"""The wheel's build: setuptools (pyproject.toml), plus the artifacts xlidl makes from
grammar/ and templates/ when it is built (gen/buildtime.py): the LALR tables and the
compiled templates go into the package the build makes, so that an installed xlidl
never makes them at run time."""
import importlib.util
import os
import sys

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


def _import_source_package():
    """The package xlidl from this source tree (gen/), for its build-time code."""
    if "xlidl" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "xlidl", os.path.join(HERE, "gen", "__init__.py"),
            submodule_search_locations=[os.path.join(HERE, "gen")])
        mod = importlib.util.module_from_spec(spec)
        sys.modules["xlidl"] = mod
        spec.loader.exec_module(mod)
    return importlib.import_module("xlidl.buildtime")


class BuildPy(build_py):
    def run(self):
        super().run()
        buildtime = _import_source_package()
        if getattr(self, "editable_mode", False):
            target = os.path.join(HERE, "gen")   # an editable install runs gen/ itself
        else:
            target = os.path.join(self.build_lib, "xlidl")
        for path in buildtime.build(target):
            self.announce("xlidl: made %s" % path, level=2)


def _scratch_options():
    """Where setuptools keeps what it makes on the way to a wheel (build/ and
    xlidl.egg-info/): a temporary folder, removed when the build ends, so that
    ``pip install .`` leaves nothing in the checkout.  An sdist keeps setuptools'
    defaults (its egg-info goes into the archive)."""
    if "sdist" in sys.argv:
        return {}
    import atexit
    import shutil
    import tempfile
    tmp = tempfile.mkdtemp(prefix="xlidl-setup-")
    atexit.register(shutil.rmtree, tmp, True)
    return {"build": {"build_base": os.path.join(tmp, "build")},
            "egg_info": {"egg_base": tmp}}


setup(cmdclass={"build_py": BuildPy}, options=_scratch_options())
