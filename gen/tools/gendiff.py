"""The generated-code diff of an IDL change (``xlidl diff``), as a reviewer reads it.

OLD and NEW are each an IDL file, a folder of generated C (its *.c and *.h files), a
folder holding only IDLs (each is generated), or a single C file.  IDLs are generated in
memory with Xen's file names; both sides then go through clang-format (xlidl's style) so
that only real code changes show, and each file pair is shown as a unified diff.
Exit status (gen/errors.py): 0 equal, 3 different (EXIT_FINDING), 1 and 2 errors.

The diffs themselves are gen/tools/textdiff.py's.
"""
import os
import sys
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..errors import EXIT_INPUT, EXIT_USAGE, Failure
from ..backend.clang_format import read_text
from .textdiff import unified_diff

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from ..backend.generate_step import Loader
    from ..backend.options import Options

C_SUFFIXES = (".c", ".h")

# -- the two sides ---------------------------------------------------------------------------

class Side:
    """One side of a comparison: file name -> text, and how it was obtained."""

    def __init__(self, arg: str):
        self.arg = arg
        self.files: Dict[str, str] = {}
        self.idls: List[str] = []           # IDL files to generate (in order)
        self.single = False                 # a single C file: pairs with anything

    def describe(self) -> str:
        return self.arg


def classify(arg: str) -> "Side":
    """What an OLD/NEW argument is; C files are read here, IDLs generated later."""
    s = Side(arg)
    if os.path.isdir(arg):
        names = sorted(os.listdir(arg))
        cfiles = [n for n in names if n.endswith(C_SUFFIXES)
                  and os.path.isfile(os.path.join(arg, n))]
        if cfiles:
            s.files = {n: read_text(os.path.join(arg, n)) for n in cfiles}
        else:
            s.idls = [os.path.join(arg, n) for n in names if n.endswith(".idl")
                      and os.path.isfile(os.path.join(arg, n))]
            if not s.idls:
                raise Failure("'%s' holds neither .c/.h files nor .idl files" % arg,
                              EXIT_INPUT)
    elif os.path.isfile(arg):
        if arg.endswith(".idl"):
            s.idls = [arg]
        else:
            s.files = {os.path.basename(arg): read_text(arg)}
            s.single = True
    else:
        raise Failure("'%s': no such file or folder" % arg, EXIT_INPUT)
    return s


def _has_testidl(side: "Side") -> bool:
    return any(n == "testidl.c" or (n.startswith("testidl_") and n.endswith(".c"))
               for n in side.files)


def generate_idls(paths: "Sequence[str]", options: "Options", load: "Loader",
                  stem: "Optional[str]" = None) -> "Dict[str, str]":
    """The generated files of ``paths`` (file name -> text), as ``xlidl generate`` would
    write them with ``options`` (gen/backend/generate_step.py); ``load(path, harness, go)``
    gives the checked model of an IDL.  ``stem`` (one IDL only) generates the IDL as if
    it were named STEM.idl, so that two IDLs with different names compare file by file."""
    from ..backend.generate_step import generate_files
    names = [os.path.basename(p) for p in paths]
    if stem is not None and len(paths) == 1:
        names = [stem + ".idl"]
    files = generate_files(paths, options.replace(outdir=""), load, names)
    return {os.path.basename(k): v for k, v in files.items()}


def resolve(old: "Side", new: "Side", load: "Loader", options: "Options",
            testidl: "Optional[bool]" = None) -> None:
    """Generate the IDL sides with ``options``.  Test harnesses are generated when asked
    (``testidl``), or when the other side is a folder that has one.  Two single IDLs
    with different names are compared as if NEW had OLD's name."""
    from ..backend.files import idl_stem
    for side, other in ((old, new), (new, old)):
        if not side.idls:
            continue
        want = testidl if testidl is not None else _has_testidl(other)
        stem = None
        if (side is new and len(old.idls) == 1 and len(new.idls) == 1
                and idl_stem(old.idls[0]) != idl_stem(new.idls[0])):
            stem = idl_stem(old.idls[0])
        side.files = generate_idls(side.idls, options.replace(testidl=want), load, stem)


def pairs(old: "Side", new: "Side") -> "List[Tuple[Optional[str], Optional[str]]]":
    """(old name, new name) of each file pair, in name order; None for a missing side."""
    if old.single or new.single:
        if len(old.files) == 1 and len(new.files) == 1:
            return [(next(iter(old.files)), next(iter(new.files)))]
        raise Failure("a single C file can only be compared with a single C file", EXIT_USAGE)
    names = sorted(set(old.files) | set(new.files))
    return [(n if n in old.files else None, n if n in new.files else None) for n in names]


def compare(old: "Side", new: "Side", normalise: bool = True, color: bool = False,
            context: int = 3) -> "List[Tuple[str, str]]":
    """[(display name, unified diff)] of the pairs that differ (diffs uncoloured unless
    ``color``)."""
    plan = pairs(old, new)
    texts: Dict[Tuple[str, Optional[str]], str] = {}
    todo: List[Tuple[Tuple[str, Optional[str]], str]] = []
    for o, n in plan:
        ot = old.files.get(o) if o else None
        nt = new.files.get(n) if n else None
        if ot is not None and nt is not None and ot == nt:
            continue                      # identical: no need to format
        if ot is not None:
            todo.append((("old", o), ot))
        if nt is not None:
            todo.append((("new", n), nt))
    if normalise and todo:
        from ..backend.clang_format import FormatError, find_clang_format, format_many
        try:
            find_clang_format()
        except FormatError as e:
            raise FormatError("%s; or give --no-format to compare the text as it is, "
                              "without normalising it" % e, e.status) from None
        formatted = format_many([(text, str(key[1])) for key, text in todo])
        for (key, _), text in zip(todo, formatted):
            texts[key] = text
    else:
        texts = {key: text for key, text in todo}
    result = []
    for o, n in plan:
        if ("old", o) not in texts and ("new", n) not in texts:
            continue
        ot = texts.get(("old", o), "")
        nt = texts.get(("new", n), "")
        oname = "a/" + o if o else "/dev/null"
        nname = "b/" + n if n else "/dev/null"
        d = unified_diff(ot, nt, oname, nname, color, context)
        if d:
            result.append((str(n or o), d))
    return result



