"""``xlidl fuzz``: fuzz the JSON parsers generated from an IDL with libFuzzer
(gen/tools/libfuzzer.py).

    xlidl fuzz IDL... [--seconds N] [--json yajl|jsonc] [--fix NAME] [--corpus DIR]
                      [--keep DIR] [--cc CC] [--replay FILE]...

Phases, one line each: *generate* (the code, testidl.c and the harness), *compile* (a
libFuzzer target with AddressSanitizer and UndefinedBehaviorSanitizer), *seed* (testidl's
JSON, one input per type, and a dictionary of the IDL's words), *fuzz* (libFuzzer for N
seconds; its statistics).  With --replay, the files are run through the harness once
instead, without libFuzzer.  A crash ends the command with status 3 (EXIT_FINDING) and
libFuzzer's report; the input that crashed is kept in the corpus folder (libFuzzer's
crash-* file).  A harness that does not build is an error in the input (status 1), a
compiler without libFuzzer a program that is not installed (2).
"""
import os
import sys

from ..errors import EXIT_FINDING, EXIT_INPUT
from .common import (Session, add_command, add_fix, add_json, check_keep_folder, one_idl,
                     say_phase, test_seed)

FINDINGS = {EXIT_FINDING: "an input crashes the generated code (libFuzzer, or --replay)"}


def register(sub, common) -> None:
    p = add_command(
        sub, "fuzz", common, findings=FINDINGS,
        help="fuzz the generated JSON parsers with libFuzzer (clang)",
        description="Generate the IDL's code with xlidl's C runtime and a libFuzzer "
                    "harness that checks from_json -> to_json -> from_json -> to_json, "
                    "copy and dispose for every struct, build it with clang's "
                    "-fsanitize=fuzzer,address,undefined, seed it with testidl's JSON and "
                    "a dictionary of the IDL's words, and run it.")
    p.add_argument("idls", nargs="+", metavar="IDL")
    p.add_argument("--seconds", type=int, default=60, metavar="N",
                   help="how long libFuzzer runs (default: %(default)s)")
    add_json(p)
    add_fix(p)
    p.add_argument("--corpus", metavar="DIR",
                   help="libFuzzer's corpus folder, kept between runs (default: in the "
                        "build folder)")
    p.add_argument("--keep", metavar="DIR",
                   help="build in DIR and keep it: a new or empty folder, or one an earlier "
                        "--keep made (default: a temporary folder, removed)")
    p.add_argument("--cc", default="clang", metavar="CC",
                   help="a compiler with libFuzzer (default: %(default)s)")
    p.add_argument("--replay", action="append", metavar="FILE",
                   help="run this input (a file, or each file of a folder; repeatable) "
                        "through the harness once, without libFuzzer, and report a crash")
    p.add_argument("--seed", metavar="S", help="testidl seed for the seed inputs")
    p.set_defaults(func=run)


def run(s: "Session") -> int:
    import shutil
    import tempfile
    import time

    from ..model.testidl_plan import check as harness_check
    from ..tools import cbuild, libfuzzer

    a = s.args
    replays = libfuzzer.replay_inputs(a.replay) if a.replay else []
    main_path, internal_path = one_idl(a.idls)
    main = s.load(main_path)
    internal = s.load(internal_path) if internal_path else None
    harness_check(main, s.diags, s.fixes)
    s.diags.check()
    top = check_keep_folder(a.keep) if a.keep else tempfile.mkdtemp(prefix="xlidl-fuzz-")

    try:
        t0 = time.monotonic()
        program = cbuild.Program(main_path, main, internal_path, internal, s.options())
        h = libfuzzer.Harness(program, top, a.cc)
        h.generate(seed=test_seed(a))
        say_phase("generate", t0, "%s: %d targets, %s%s" % (
            os.path.basename(main_path), len(h.targets), a.json,
            ", fixes: " + ", ".join(sorted(s.fixes)) if s.fixes else ""))
        try:
            if a.replay:
                t0 = time.monotonic()
                exe = build(h, "replay", cbuild.SANITIZE_CFLAGS, standalone=True)
                count, bad = libfuzzer.replay(exe, replays)
                say_phase("replay", t0, "%d inputs, %d crashed" % (count, len(bad)))
                for f, rc, err in bad:
                    print("xlidl: error: %s: this input made the harness %s\n%s"
                          % (f, cbuild.exit_description(rc), cbuild.tail(err, 30)),
                          file=sys.stderr)
                return EXIT_FINDING if bad else 0
            t0 = time.monotonic()
            exe = build(h, "fuzzer", libfuzzer.FUZZER_CFLAGS,
                        libfuzzer.FUZZER_LDFLAGS)
            say_phase("compile", t0, "%s with libFuzzer, ASan and UBSan" % a.cc)
            t0 = time.monotonic()
            seeds_dir = os.path.join(top, "seeds")
            n = libfuzzer.make_seeds(program, h, seeds_dir)
            words = libfuzzer.dictionary(h.targets)
            dict_path = os.path.join(top, "fuzz.dict")
            with open(dict_path, "w") as out:
                out.write(libfuzzer.dictionary_text(words))
            say_phase("seed", t0, "%d inputs from testidl, %d dictionary words" % (n, len(words)))
            t0 = time.monotonic()
            corpus = os.path.abspath(a.corpus) if a.corpus else os.path.join(top, "corpus")
            os.makedirs(corpus, exist_ok=True)
            # a crashing input is kept where it outlives the run: the corpus folder when
            # one is given, else the current folder (libFuzzer's own default)
            artifacts = corpus if (a.corpus or a.keep) else os.getcwd()
            status, stats, output = libfuzzer.run_libfuzzer(exe, a.seconds, dict_path,
                                                            corpus, seeds_dir, artifacts)
            if status != 0:
                raise cbuild.CheckError("libFuzzer found a crash (the input is in %s):\n%s"
                                        % (artifacts, cbuild.tail(output, 60)), EXIT_FINDING)
            say_phase("fuzz", t0, "%d runs, %d edges covered (cov), %d features, corpus %d inputs"
                % (stats.get("number_of_executed_units", 0), stats.get("cov", 0),
                   stats.get("ft", 0), len(os.listdir(corpus))))
        except cbuild.CheckError as e:
            print("xlidl: error: %s" % e, file=sys.stderr)
            return e.status
        return 0
    finally:
        if not a.keep:
            shutil.rmtree(top, ignore_errors=True)


def build(h, name: str, cflags, ldflags=(), standalone: bool = False) -> str:
    """Harness.build(); code that does not build is an error in the input (EXIT_INPUT),
    not a finding of the fuzzer (a compiler that is missing stays EXIT_USAGE)."""
    from ..errors import EXIT_USAGE
    from ..tools import cbuild
    try:
        return h.build(name, cflags, ldflags, standalone=standalone)
    except cbuild.CheckError as e:
        raise cbuild.CheckError(str(e), EXIT_USAGE if e.status == EXIT_USAGE
                                else EXIT_INPUT) from None
