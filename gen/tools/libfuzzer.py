"""Fuzzing the generated JSON parsers with libFuzzer (``xlidl fuzz``, ``make fuzz``).

The harness (templates/c/fuzz.c.j2, gen/backend/render.py ``fuzz_harness``) drives the
code generated from an IDL, built with xlidl's C runtime (gen/tools/cbuild.py), through
from_json -> to_json -> from_json -> to_json -> copy -> dispose for every struct with
those functions.  Built with clang's ``-fsanitize=fuzzer,address,undefined`` it is a
libFuzzer target; built with ``-DXLIDL_FUZZ_MAIN`` (any compiler, any flags) it replays
files, or parses one document and reports the status (the regression tests use that).

:func:`dictionary` gives libFuzzer the IDL's words (member names, ``"KEY.case"`` keys,
enumeration strings); :func:`seeds` turns what testidl prints into one input per type.
"""
import os
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

    from ..model.types import Idl, Type

from .. import compat
from ..model.types import Aggregate, Array, Enumeration, KeyedUnion
from . import cbuild

#: compile and link flags of the libFuzzer target
FUZZER_CFLAGS = ("-g", "-O1", "-fsanitize=fuzzer-no-link,address,undefined",
                 "-fno-sanitize-recover=undefined", "-fno-omit-frame-pointer")
FUZZER_LDFLAGS = ("-fsanitize=fuzzer,address,undefined",)
#: the standalone harness: replays files, or parses one document
STANDALONE = ("-DXLIDL_FUZZ_MAIN",)
#: libFuzzer's final statistics, in its -print_final_stats=1 output
_STAT = re.compile(r"^stat::(\w+):\s*(\d+)", re.M)
_COV = re.compile(r"\bcov: (\d+) ft: (\d+)")

JSON_WORDS = ("{", "}", "[", "]", ":", ",", "null", "true", "false", '"True"', '"False"',
              '"<default>"', "-1", "0", "4294967295", "18446744073709551615")


def dictionary(targets: "Sequence[Type]") -> "List[str]":
    """libFuzzer dictionary entries: the JSON keys of every member reachable from the
    targets (a keyed union's as "KEY.case"), the enumeration values as libxl writes them
    (lower case), and JSON's own words."""
    words: Dict[str, None] = dict.fromkeys(JSON_WORDS)
    seen = set()
    stack: List[Optional[Type]] = list(targets)
    while stack:
        t = stack.pop()
        if t is None or id(t) in seen:
            continue
        seen.add(id(t))
        for v in t.values if isinstance(t, Enumeration) else ():
            words['"%s"' % v.valuename.lower()] = None
        if isinstance(t, Array):
            stack.append(t.elem_type)
        for f in t.fields if isinstance(t, Aggregate) else ():
            ft = f.type
            if isinstance(ft, KeyedUnion):
                for c in ft.fields:
                    words['"%s.%s"' % (ft.keyvar.name, c.name)] = None
                    stack.append(c.type)
                stack.append(ft.keyvar.type)
            else:
                words['"%s"' % f.name] = None
                stack.append(ft)
    return list(words)


def dictionary_text(words: "Sequence[str]") -> str:
    """The dictionary file: one quoted entry a line (libFuzzer's format)."""
    out = []
    for w in words:
        esc = "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c)
                      for c in w)
        out.append('"%s"\n' % esc)
    return "".join(out)


def selector(index: int, count: int) -> bytes:
    """The first byte of an input for target ``index`` of ``count`` (the harness takes
    data[0] % count, except for a '{', '[' or blank that starts a plain document)."""
    for b in range(128, 256):
        if b % count == index:
            return bytes((b,))
    raise ValueError("too many targets")


def seeds(testidl_output: str, targets: "Sequence[Type]") -> "Dict[str, bytes]":
    """One input per target from what testidl prints ("TYPE: JSON" for every type with
    JSON functions): file name -> content."""
    names = [t.typename for t in targets]
    index = {n: i for i, n in enumerate(names)}
    out = {}
    head = re.compile(r"^(\w+): ([\[{].*)$")
    lines = testidl_output.splitlines(True)
    i = 0
    while i < len(lines):
        m = head.match(lines[i].rstrip("\n"))
        i += 1
        if not m or m.group(1) not in index:
            continue
        doc = [m.group(2) + "\n"]
        while i < len(lines) and not head.match(lines[i].rstrip("\n")) and lines[i].strip():
            if lines[i].startswith(("Testing", "----")):
                break
            doc.append(lines[i])
            i += 1
        n = index[m.group(1)]
        data = "".join(doc).encode("utf-8")
        prefix = b"" if n == 0 else selector(n, len(names))
        out["seed-%s" % m.group(1)] = prefix + data
    return out


class Harness:
    """The harness of one main IDL (+ its internal IDL) as checked models, generated and
    compiled in ``workdir``."""

    def __init__(self, program: "cbuild.Program", workdir: str, cc: str = "clang"):
        self.program = program
        self.workdir = workdir
        self.cc = cc
        self.targets: Sequence[Type] = []

    def generate(self, seed=None) -> str:
        """Write the generated code (with testidl.c, for the seeds) and fuzz.c; the
        path of fuzz.c."""
        from ..backend.files import write_if_changed
        from ..backend.render import fuzz_harness, fuzz_targets
        p = self.program
        p.generate(self.workdir, seed=seed)
        self.targets = fuzz_targets(p.main, p.options)
        path = os.path.join(self.workdir, "fuzz.c")
        write_if_changed(path, fuzz_harness(p.main, os.path.basename(p.main_path), p.options))
        return path

    def build(self, name: str, cflags: "Sequence[str]", ldflags: "Sequence[str]" = (),
              standalone: bool = False) -> str:
        """Compile the runtime, the generated code and fuzz.c with ``cflags`` into the
        program ``name`` (in workdir); its path."""
        p = self.program
        extra = list(cflags) + (list(STANDALONE) if standalone else [])
        objdir = os.path.join(self.workdir, "obj-" + name)
        lib = cbuild.build_runtime(os.path.join(objdir, "runtime"), self.cc, p.json, cflags)
        sources = [s for s in p.files if s.endswith(".c")
                   and not os.path.basename(s).startswith("testidl")]
        sources += [os.path.join(cbuild.runtime_dir(), "src", "idlconfig.c"),
                    os.path.join(self.workdir, "fuzz.c")]
        objs = p.compile(self.workdir, self.cc, extra, objdir=objdir, sources=sources)
        exe = os.path.join(self.workdir, name)
        return p.link(objs, lib, exe, self.cc, list(ldflags) or list(cflags))


def final_stats(output: str) -> "Dict[str, int]":
    """libFuzzer's statistics at the end of a run (executions, peak memory ...), and the
    last coverage line's cov/ft."""
    stats = {k: int(v) for k, v in _STAT.findall(output)}
    cov = _COV.findall(output)
    if cov:
        stats["cov"], stats["ft"] = int(cov[-1][0]), int(cov[-1][1])
    return stats


def make_seeds(program: "cbuild.Program", harness: "Harness", seeds_dir: str) -> int:
    """Build and run the program's testidl ($CC or gcc, no sanitizer) and write one seed
    input per target from what it prints into ``seeds_dir``; how many."""
    os.makedirs(seeds_dir, exist_ok=True)
    out = ""
    if program.testidl_source():
        top = harness.workdir
        cc = cbuild.default_cc()
        objdir = os.path.join(top, "obj-testidl")
        objs = program.compile(top, cc, (), objdir=objdir)
        lib = cbuild.build_runtime(os.path.join(objdir, "runtime"), cc, program.json)
        out = cbuild.run_testidl(program.link(objs, lib, os.path.join(top, "testidl"),
                                              cc)).stdout
    made = seeds(out, harness.targets)
    for name, data in made.items():
        with open(os.path.join(seeds_dir, name), "wb") as f:
            f.write(data)
    return len(made)


def run_libfuzzer(exe: str, seconds: int, dict_path: str, corpus: str, seeds_dir: str,
                  artifacts: str) -> "Tuple[int, Dict[str, int], str]":
    """libFuzzer for ``seconds`` over ``corpus`` (grown) and ``seeds_dir``; crashing
    inputs go to ``artifacts``: (exit status, final statistics, its output)."""
    r = compat.run([exe, "-max_total_time=%d" % seconds, "-print_final_stats=1",
                        "-dict=" + dict_path, "-artifact_prefix=" + artifacts.rstrip("/") + "/",
                        "-timeout=20", "-rss_limit_mb=4096", corpus, seeds_dir],
                   cwd=os.path.dirname(exe), text=True, errors="replace")
    return r.returncode, final_stats(r.stderr), r.stderr


def replay_inputs(inputs: "Sequence[str]") -> "List[str]":
    """The files --replay names: each file, and the files of each folder; Failure (an
    error in the input) for one that cannot be read."""
    from ..errors import EXIT_INPUT, Failure
    files: List[str] = []
    for p in inputs:
        try:
            if os.path.isdir(p):
                files += sorted(os.path.join(p, n) for n in os.listdir(p)
                                if os.path.isfile(os.path.join(p, n)))
            else:
                with open(p, "rb"):
                    pass
                files.append(p)
        except OSError as e:
            raise Failure("cannot read '%s': %s" % (p, e.strerror or e), EXIT_INPUT)
    return files


def replay(exe: str, inputs: "Sequence[str]") -> "Tuple[int, List[Tuple[str, int, str]]]":
    """Run each input (a file, or the files of a folder) through the standalone harness
    ``exe``, one process each: (how many, [(input, exit status, stderr) that crashed])."""
    files = replay_inputs(inputs)
    env = dict(os.environ, **cbuild.SANITIZE_ENV)
    bad = []
    for f in files:
        r = compat.run([exe, f], text=True, errors="replace", env=env)
        if r.returncode != 0:
            bad.append((f, r.returncode, r.stderr))
    return len(files), bad
