"""``xlidl diff``: what an IDL change does to the generated C, as a reviewer reads it.

OLD and NEW are each an IDL file, a folder of generated C (its *.c and *.h files), a
folder holding only IDLs (each is generated), or a single C file.  IDLs are generated in
memory with Xen's file names; both sides then go through clang-format (xlidl's style) so
that only real code changes show, and each file pair is shown as a unified diff.
Exit status: 0 equal, 1 different, 2 errors.

Also :func:`unified_diff` and :func:`use_color`, shared by ``xlidl fmt --diff`` and
``xlidl generate --check``.

This module is imported at every xlidl start (for its subcommand): keep imports light.
"""
from __future__ import annotations

import os
import sys
from typing import Dict, List, Optional, Sequence, Tuple

from .cli import Failure
from .fmt import _read

EXIT_SAME = 0
EXIT_DIFFERENT = 1
EXIT_ERROR = 2

C_SUFFIXES = (".c", ".h")

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


def _function_lines(lines: Sequence[str]) -> List[Optional[str]]:
    """For each line, the closest line at or before it that starts with a letter, '_' or
    '$' (git's default "function name" rule: in C, a definition's first line)."""
    out: List[Optional[str]] = []
    last: Optional[str] = None
    for line in lines:
        if line[:1].isalpha() or line[:1] in ("_", "$"):
            last = line.rstrip("\r\n")
        out.append(last)
    return out


def _with_function(header: str, heads: List[Optional[str]]) -> str:
    """Add the enclosing function to a hunk header, as ``diff -p`` and git do."""
    import re
    m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", header)
    if not m:
        return header
    start = int(m.group(1))
    if m.group(2) == "0":          # empty old range: the hunk goes after line ``start``
        start += 1
    i = start - 2                  # the line before the hunk (0-based)
    if i < 0 or i >= len(heads) or heads[i] is None:
        return header
    return header.rstrip("\n") + " " + heads[i][:80] + "\n"


def write_out(text: str) -> None:
    """Write to standard output; a reader that went away (``| head``) is not an error:
    the rest of the output is discarded and the exit status stays what it would be."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def diff_counts(diff_text: str) -> Tuple[int, int]:
    """(insertions, deletions) of an uncoloured unified diff."""
    ins = dels = 0
    for line in diff_text.splitlines():
        if line.startswith("+") and not line.startswith("+++ "):
            ins += 1
        elif line.startswith("-") and not line.startswith("--- "):
            dels += 1
    return ins, dels


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


def classify(arg: str) -> Side:
    """What an OLD/NEW argument is; C files are read here, IDLs generated later."""
    s = Side(arg)
    if os.path.isdir(arg):
        names = sorted(os.listdir(arg))
        cfiles = [n for n in names if n.endswith(C_SUFFIXES)
                  and os.path.isfile(os.path.join(arg, n))]
        if cfiles:
            s.files = {n: _read(os.path.join(arg, n)) for n in cfiles}
        else:
            s.idls = [os.path.join(arg, n) for n in names if n.endswith(".idl")
                      and os.path.isfile(os.path.join(arg, n))]
            if not s.idls:
                raise Failure("'%s' holds neither .c/.h files nor .idl files" % arg,
                              EXIT_ERROR)
    elif os.path.isfile(arg):
        if arg.endswith(".idl"):
            s.idls = [arg]
        else:
            s.files = {os.path.basename(arg): _read(arg)}
            s.single = True
    else:
        raise Failure("'%s': no such file or folder" % arg, EXIT_ERROR)
    return s


def _has_testidl(side: Side) -> bool:
    return any(n == "testidl.c" or (n.startswith("testidl_") and n.endswith(".c"))
               for n in side.files)


def default_argv0() -> str:
    """The program name ``xlidl generate`` puts in banners by default."""
    import inspect
    from . import api
    return inspect.signature(api.generate).parameters["argv0"].default


def generate_idls(paths: Sequence[str], json: str = "yajl", testidl: bool = False,
                  seed: Optional[str] = None, stem: Optional[str] = None,
                  argv0: Optional[str] = None) -> Dict[str, str]:
    """The generated files of ``paths`` (file name -> text), as ``xlidl generate`` would
    write them.  ``stem`` (one IDL only) generates the IDL as if it were named STEM.idl,
    so that two IDLs with different names compare file by file."""
    from . import api
    argv0 = argv0 or default_argv0()
    if stem is None or len(paths) != 1:
        files = api.generate(list(paths), "", json=json, seed=seed, testidl=testidl,
                             argv0=argv0)
        return {os.path.basename(k): v for k, v in files.items()}
    # Same as api.generate, under another name (banners and header guards included).
    from .render import gentest_output, gentypes_outputs
    path = paths[0]
    idl = api.load(path, display=path, jsonc=(json == "jsonc"))
    names = api.output_names(stem + ".idl")
    tmp = {k: "_" + v for k, v in names.items()}
    banner = " ".join([argv0, stem + ".idl", tmp["header"], tmp["header_private"],
                       tmp["header_json"], tmp["impl"]])
    out = gentypes_outputs(idl, banner, tmp["header"], tmp["header_private"],
                           tmp["header_json"], tmp["impl"])
    files = {final: out[tmp[k]] for k, final in names.items()}
    if testidl and api.wants_testidl(stem + ".idl"):
        files["testidl.c"] = gentest_output(idl, seed)
    return files


def resolve(old: Side, new: Side, json: str = "yajl", testidl: Optional[bool] = None,
            seed: Optional[str] = None, argv0: Optional[str] = None) -> None:
    """Generate the IDL sides.  Test harnesses are generated when asked, or when the other
    side is a folder that has one.  Two single IDLs with different names are compared as
    if NEW had OLD's name."""
    from . import api
    for side, other in ((old, new), (new, old)):
        if not side.idls:
            continue
        want = testidl if testidl is not None else _has_testidl(other)
        stem = None
        if (side is new and len(old.idls) == 1 and len(new.idls) == 1
                and api.idl_stem(old.idls[0]) != api.idl_stem(new.idls[0])):
            stem = api.idl_stem(old.idls[0])
        side.files = generate_idls(side.idls, json=json, testidl=want, seed=seed, stem=stem,
                                   argv0=argv0)


def pairs(old: Side, new: Side) -> List[Tuple[Optional[str], Optional[str]]]:
    """(old name, new name) of each file pair, in name order; None for a missing side."""
    if old.single or new.single:
        if len(old.files) == 1 and len(new.files) == 1:
            return [(next(iter(old.files)), next(iter(new.files)))]
        raise Failure("a single C file can only be compared with a single C file", EXIT_ERROR)
    names = sorted(set(old.files) | set(new.files))
    return [(n if n in old.files else None, n if n in new.files else None) for n in names]


def compare(old: Side, new: Side, normalise: bool = True, color: bool = False,
            context: int = 3) -> List[Tuple[str, str]]:
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
        from .fmt import format_many
        formatted = format_many([(text, key[1]) for key, text in todo])
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
            result.append((n or o, d))
    return result


def stat(diffs: Sequence[Tuple[str, str]], color: bool, width: int = 50) -> str:
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


def run_diff(session) -> int:
    a = session.args
    from .errors import IdlError
    color = use_color(a.color)
    try:
        old = classify(a.old)
        new = classify(a.new)
        seed = a.seed if a.seed is not None else os.environ.get("LIBXL_TESTIDL_SEED")
        resolve(old, new, json=a.json, testidl=a.testidl, seed=seed, argv0=a.argv0)
        diffs = compare(old, new, normalise=not a.no_format, color=color and not a.stat,
                        context=a.context)
    except IdlError as e:
        for d in e.diagnostics:
            print(d.format(), file=sys.stderr)
        return EXIT_ERROR
    except OSError as e:
        where = " '%s'" % e.filename if getattr(e, "filename", None) else ""
        print("xlidl: error:%s %s" % (where, e.strerror or e), file=sys.stderr)
        return EXIT_ERROR
    if a.stat:
        write_out(stat(diffs, color))
    else:
        for _, d in diffs:
            write_out(d)
    return EXIT_DIFFERENT if diffs else EXIT_SAME


def register(sub, common) -> None:
    p = sub.add_parser(
        "diff", parents=[common],
        help="show what an IDL change does to the generated C (unified diff)",
        description="Compare the generated C of OLD and NEW.  Each is an IDL file "
                    "(generated first, in memory, with Xen's file names), a folder of "
                    "generated C (its *.c and *.h files), a folder holding only .idl files "
                    "(each generated), or a single C file.  Both sides are normalised "
                    "with clang-format and xlidl's style (see xlidl fmt) so that only real "
                    "code changes show.  Two IDLs with different names are compared as if "
                    "NEW had OLD's name.  Exit status: 0 no difference, 1 differences, "
                    "2 errors.")
    p.add_argument("old", metavar="OLD", help="IDL file or folder")
    p.add_argument("new", metavar="NEW", help="IDL file or folder")
    p.add_argument("--stat", action="store_true",
                   help="show a summary (lines changed per file) instead of the diff")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the output (default: auto, on a terminal unless NO_COLOR "
                        "is set)")
    p.add_argument("-U", "--context", type=int, default=3, metavar="N",
                   help="lines of context (default: %(default)s)")
    p.add_argument("--no-format", action="store_true",
                   help="compare the text as it is, without clang-format")
    p.add_argument("--json", choices=("yajl", "jsonc"), default="yajl",
                   help="JSON backend used to generate IDLs (default: %(default)s)")
    p.add_argument("--testidl", dest="testidl", action="store_true", default=None,
                   help="also generate and compare the test harness of IDLs (default: only "
                        "when the other side is a folder that has one)")
    p.add_argument("--no-testidl", dest="testidl", action="store_false",
                   help="never generate test harnesses")
    p.add_argument("--seed", metavar="S",
                   help="test harness seed (default: LIBXL_TESTIDL_SEED, else 'xlidl')")
    p.add_argument("--argv0", metavar="NAME",
                   help="program name in the banners of generated IDLs (default: as xlidl "
                        "generate; 'gentypes.py' to compare with files from Xen's build)")
    p.set_defaults(func=run_diff)
