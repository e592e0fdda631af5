"""``xlidl fuzz``: fuzz the JSON parsers generated from an IDL with libFuzzer
(gen/tools/fuzz.py).

    xlidl fuzz IDL... [--seconds N] [--json yajl|jsonc] [--fix NAME] [--corpus DIR]
                      [--keep DIR] [--cc CC] [--replay FILE]...

Phases, one line each: *generate* (the code, testidl.c and the harness), *compile* (a
libFuzzer target with AddressSanitizer and UndefinedBehaviorSanitizer), *seed* (testidl's
JSON, one input per type, and a dictionary of the IDL's words), *fuzz* (libFuzzer for N
seconds; its statistics).  With --replay, the files are run through the harness once
instead, without libFuzzer.  A crash ends the command with status 1 and libFuzzer's
report; the input that crashed is kept in the corpus folder (libFuzzer's crash-* file).
"""
from __future__ import annotations

import os
import sys

from .common import Session, add_command, add_fix, add_json, test_seed


def register(sub, common) -> None:
    p = add_command(
        sub, "fuzz", common,
        help="fuzz the generated JSON parsers with libFuzzer (clang)",
        description="Generate the IDL's code with xlidl's C runtime and a libFuzzer "
                    "harness that checks from_json -> to_json -> from_json -> to_json, "
                    "copy and dispose for every struct, build it with clang's "
                    "-fsanitize=fuzzer,address,undefined, seed it with testidl's JSON and "
                    "a dictionary of the IDL's words, and run it.  Status 1 on a crash.")
    p.add_argument("idls", nargs="+", metavar="IDL")
    p.add_argument("--seconds", type=int, default=60, metavar="N",
                   help="how long libFuzzer runs (default: %(default)s)")
    add_json(p)
    add_fix(p)
    p.add_argument("--corpus", metavar="DIR",
                   help="libFuzzer's corpus folder, kept between runs (default: in the "
                        "build folder)")
    p.add_argument("--keep", metavar="DIR",
                   help="build in DIR and keep it (default: a temporary folder, removed)")
    p.add_argument("--cc", default="clang", metavar="CC",
                   help="a compiler with libFuzzer (default: %(default)s)")
    p.add_argument("--replay", action="append", metavar="FILE",
                   help="run this input (a file, or each file of a folder; repeatable) "
                        "through the harness once, without libFuzzer, and report a crash")
    p.add_argument("--seed", metavar="S", help="testidl seed for the seed inputs")
    p.set_defaults(func=run)


def run(s: Session) -> int:
    import shutil
    import subprocess
    import tempfile
    import time

    from ..errors import Failure
    from ..model.harness import check as harness_check
    from ..tools import cbuild, fuzz

    a = s.args
    groups = cbuild.group_idls(a.idls)
    if len(groups) != 1:
        raise Failure("xlidl fuzz takes one IDL (and its internal IDL)")
    (main_path, internal_path), = groups
    main = s.load(main_path)
    internal = s.load(internal_path) if internal_path else None
    harness_check(main, s.diags, s.fixes)
    s.diags.check()
    top = os.path.abspath(a.keep) if a.keep else tempfile.mkdtemp(prefix="xlidl-fuzz-")
    os.makedirs(top, exist_ok=True)

    def say(phase, t0, what):
        print("%-9s %6.2fs  %s" % (phase, time.monotonic() - t0, what), flush=True)

    try:
        t0 = time.monotonic()
        program = cbuild.Program(main_path, main, internal_path, internal, json=a.json,
                                 fixes=s.fixes)
        h = fuzz.Harness(program, top, a.cc)
        h.generate(seed=test_seed(a))
        say("generate", t0, "%s: %d targets, %s%s" % (
            os.path.basename(main_path), len(h.targets), a.json,
            ", fixes: " + ", ".join(sorted(s.fixes)) if s.fixes else ""))
        try:
            if a.replay:
                return replay(h, a.replay, say)
            t0 = time.monotonic()
            exe = h.build("fuzzer", fuzz.FUZZER_CFLAGS, fuzz.FUZZER_LDFLAGS)
            say("compile", t0, "%s with libFuzzer, ASan and UBSan" % a.cc)
            t0 = time.monotonic()
            seeds_dir = os.path.join(top, "seeds")
            os.makedirs(seeds_dir, exist_ok=True)
            tid = program.testidl_source()
            out = ""
            if tid:
                objs = program.compile(top, "gcc", (), objdir=os.path.join(top, "obj-testidl"))
                lib = cbuild.build_runtime(os.path.join(top, "obj-testidl", "rt"), "gcc",
                                           a.json)
                r = cbuild.run_testidl(program.link(objs, lib, os.path.join(top, "testidl"),
                                                    "gcc"))
                out = r.stdout
            for name, data in fuzz.seeds(out, h.targets).items():
                with open(os.path.join(seeds_dir, name), "wb") as f:
                    f.write(data)
            words = fuzz.dictionary(h.targets)
            dict_path = os.path.join(top, "fuzz.dict")
            with open(dict_path, "w") as f:
                f.write(fuzz.dictionary_text(words))
            say("seed", t0, "%d inputs from testidl, %d dictionary words"
                % (len(os.listdir(seeds_dir)), len(words)))
            t0 = time.monotonic()
            corpus = os.path.abspath(a.corpus) if a.corpus else os.path.join(top, "corpus")
            os.makedirs(corpus, exist_ok=True)
            r = subprocess.run([exe, "-max_total_time=%d" % a.seconds, "-print_final_stats=1",
                                "-dict=" + dict_path, "-artifact_prefix=" + corpus + "/",
                                "-timeout=20", "-rss_limit_mb=4096", corpus, seeds_dir],
                               cwd=top, capture_output=True, text=True, errors="replace")
            stats = fuzz.final_stats(r.stderr)
            if r.returncode != 0:
                raise cbuild.CheckError("libFuzzer found a crash (kept in %s):\n%s"
                                        % (corpus, cbuild.tail(r.stderr, 60)))
            say("fuzz", t0, "%d runs, %d edges covered (cov), %d features, corpus %d inputs"
                % (stats.get("number_of_executed_units", 0), stats.get("cov", 0),
                   stats.get("ft", 0), len(os.listdir(corpus))))
        except cbuild.CheckError as e:
            print("xlidl: error: %s" % e, file=sys.stderr)
            return 1
        return 0
    finally:
        if not a.keep:
            shutil.rmtree(top, ignore_errors=True)


def replay(h, inputs, say) -> int:
    """Run files through the standalone harness (ASan and UBSan), one process each:
    status 1 when one crashes."""
    import subprocess
    import time

    from ..tools import cbuild
    t0 = time.monotonic()
    exe = h.build("replay", cbuild.SANITIZE_CFLAGS, standalone=True)
    files = []
    for p in inputs:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, n) for n in os.listdir(p)
                            if os.path.isfile(os.path.join(p, n)))
        else:
            files.append(p)
    env = dict(os.environ, **cbuild.SANITIZE_ENV)
    bad = []
    for f in files:
        r = subprocess.run([exe, f], capture_output=True, text=True, errors="replace",
                           env=env)
        if r.returncode != 0:
            bad.append((f, r.returncode, r.stderr))
    say("replay", t0, "%d inputs, %d crashed" % (len(files), len(bad)))
    for f, rc, err in bad:
        print("xlidl: error: %s: exit status %d\n%s" % (f, rc, cbuild.tail(err, 30)),
              file=sys.stderr)
    return 1 if bad else 0
