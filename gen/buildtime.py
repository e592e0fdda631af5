"""What is made when xlidl is built: ``python -m xlidl.buildtime [PACKAGE_DIR]``.

Everything derived from grammar/ and templates/ is made here, once, so that a run reads
its inputs, writes its outputs and nothing else:

* frontend/lalr_tables.py: the grammar's LALR tables, computed by Lark
  (gen/frontend/grammar.py);
* backend/compiled/: the templates compiled by Jinja2 (gen/backend/template_compiler.py).

``make`` runs it for a checkout (into gen/), and the wheel's build (setup.py) for the
package it builds.  Only here are Lark and Jinja2 imported.
"""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import List, Optional


def build(package_dir: str) -> "List[str]":
    """Make the artifacts inside ``package_dir`` (the folder of the package xlidl);
    the files written."""
    from .backend import template_compiler
    from .backend.templates import templates_root
    from .frontend import grammar
    written = [grammar.build_module(os.path.join(package_dir, "frontend"))]
    written += template_compiler.build_package(
        templates_root(), os.path.join(package_dir, "backend", template_compiler.PACKAGE))
    return written


def main(argv: "Optional[List[str]]" = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    for path in build(target):
        print("xlidl build: wrote %s" % os.path.relpath(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
