"""``xlidl doc IDL``: a reference of libxl's types, with the release that added each type,
member, keyed-union case and enumeration value (gen/tools/history.py; the formats:
gen/tools/docrender.py; docs/doc.md).

    xlidl doc IDL [INTERNAL_IDL] [--release NAME=IDL ...] [--git REPO [--tags GLOB]]
              [--header [NAME=]libxl.h ...] [--internal] [-o OUT] [--format html|md|man|json]

Exit status (gen/errors.py): 0 success, 1 errors in the input (an IDL, a file or git
revision that cannot be read), 2 wrong usage (also: git not installed)."""
import argparse
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Dict, List, Optional, Tuple

    from ..model.types import Idl
    from ..tools.history import Source

from ..errors import EXIT_INPUT, EXIT_USAGE, Diagnostics, Failure, IdlError
from .common import Session, add_command, check_outputs, one_idl, write_out

FORMATS = ("html", "md", "man", "json")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".json": "json", ".7": "man",
              ".man": "man"}


def register(sub: "Any", common: "argparse.ArgumentParser") -> None:
    p = add_command(
        sub, "doc", common, findings={},
        help="write a reference of the IDL's types, with the release that added each",
        description="Write a reference of the IDL's public types: kind, C name, JSON form, "
                    "comment, every member (path as api-diff names it, C type, JSON key, "
                    "default, deprecated_by), keyed-union cases and enumeration values; "
                    "with a history (--release or --git), the release that added each "
                    "(since), deprecated it and removed it, and what each release changed "
                    "(with libxl.h: the LIBXL_HAVE_* defines it added).  See docs/doc.md.")
    p.add_argument("idls", nargs="+", metavar="IDL",
                   help="the IDL to document, and its NAME_internal.idl if wanted")
    p.add_argument("--release", action="append", default=[], metavar="NAME=IDL",
                   help="a release of the IDL, oldest first (repeatable)")
    p.add_argument("--git", metavar="REPO",
                   help="take the releases from a Xen git repository: the IDL at each tag "
                        "matching --tags, ordered by version, and at HEAD")
    p.add_argument("--tags", metavar="GLOB",
                   help="the release tags for --git (default: RELEASE-*)")
    p.add_argument("--header", action="append", default=[], metavar="[NAME=]libxl.h",
                   help="the libxl.h of release NAME (default: of the documented IDL); "
                        "repeatable.  --git finds them in the tree")
    p.add_argument("--internal", action="store_true",
                   help="also document the internal types (libxl__ names)")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write to OUT (atomically) instead of standard output")
    p.add_argument("--format", choices=FORMATS,
                   help="output format (default: from OUT's suffix: .html, .md, .7, "
                        ".json; else html)")
    p.set_defaults(func=run)


def _split(arg: str, option: str) -> "Tuple[str, str]":
    name, sep, path = arg.partition("=")
    if not sep or not name or not path:
        raise Failure("%s '%s': give NAME=FILE" % (option, arg), EXIT_USAGE)
    return name, path


def _read(path: str) -> str:
    from ..tools.history import SourceError, read_text
    try:
        return read_text(path)
    except SourceError as e:
        raise Failure(str(e), EXIT_INPUT)


def sources_of(s: "Session", internal: bool) -> "List[Source]":
    """The releases given with --release or --git, oldest first."""
    from ..tools.history import GitMissing, Source, SourceError, git_sources, internal_path
    a = s.args
    if a.release and a.git:
        raise Failure("--release and --git both give the history: give one", EXIT_USAGE)
    if a.tags is not None and not a.git:
        raise Failure("--tags goes with --git", EXIT_USAGE)
    if a.git:
        try:
            return git_sources(a.git, a.tags or "RELEASE-*", internal)
        except GitMissing as e:
            raise Failure(str(e), EXIT_USAGE)
        except SourceError as e:
            raise Failure(str(e), EXIT_INPUT)
    out: List[Source] = []
    for arg in a.release:
        name, path = _split(arg, "--release")
        if any(src.name == name for src in out):
            raise Failure("--release %s: the name is given twice" % name, EXIT_USAGE)
        inter = None
        if internal and os.path.exists(internal_path(path)):
            inter = (internal_path(path), _read(internal_path(path)))
        out.append(Source(name, _read(path), path, inter))
    return out


def run(s: "Session") -> int:
    from ..tools.docrender import render
    from ..tools.history import Source, build
    a = s.args
    main, internal_idl = one_idl(a.idls)
    fmt = a.format or _BY_SUFFIX.get(os.path.splitext(a.output or "")[1], "html")
    if a.output:
        check_outputs(a.idls + [r.partition("=")[2] for r in a.release]
                      + [h.partition("=")[2] or h for h in a.header], [("-o", a.output)])
    internal = bool(a.internal)
    sources = sources_of(s, internal)
    names = [src.name for src in sources]
    doc_name = "HEAD" if "HEAD" not in names else "worktree"
    text = _read(main)
    inter = (internal_idl, _read(internal_idl)) if internal and internal_idl else None
    documented = Source(doc_name, text, main, inter)
    if sources and sources[-1].idl == text:
        doc_name = sources[-1].name
    # --header [NAME=]FILE
    headers: Dict[str, str] = {}
    for arg in a.header:
        name, sep, path = arg.partition("=")
        if not sep or name not in names + [doc_name, "HEAD"]:
            name, path = doc_name, arg
            if sep and not os.path.exists(arg):
                raise Failure("--header %s: no release %s (releases: %s)"
                              % (arg, arg.partition("=")[0],
                                 ", ".join(names + [doc_name]) or "none"), EXIT_USAGE)
        if name == "HEAD":
            name = doc_name
        headers[name] = _read(path)
    for src in sources:
        if src.name in headers:
            src.header = headers[src.name]
    documented.header = headers.get(doc_name)

    def load(text: str, display: str, is_documented: bool) -> "Idl":
        from ..model.load import load_text
        if is_documented:
            return load_text(text, display, s.diags)
        # an older release: its errors are errors, its warnings are not this run's
        diags = Diagnostics()
        try:
            return load_text(text, display, diags)
        except IdlError as e:
            print(e.format(), file=sys.stderr)
            raise Failure("%s: the IDL of a release has errors" % display, EXIT_INPUT)

    history = build(sources, documented, internal, load)
    s.report()
    out = render(history.document(), fmt)
    if a.output:
        from ..backend.files import write_if_changed
        write_if_changed(a.output, out)
    else:
        write_out(out)
    return 0
