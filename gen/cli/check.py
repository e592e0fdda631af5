"""``xlidl check``: generate an IDL's C, compile it with xlidl's own C runtime and run
its test harness (gen/tools/cbuild.py).

    xlidl check IDL... [--cc CC] [--sanitize] [--valgrind] [--seed S] [--keep DIR]
                       [--json yajl|jsonc]

Phases, each reported on one line with its time: *generate* (into a scratch folder, or
DIR with --keep), *compile* and *run* (testidl, when the IDL has one).  Code that does not
compile, or a testidl that fails, ends the command with status 3 (EXIT_FINDING) and the
compiler's or the program's message.  Each IDL is read once.
"""
import os
import sys

from ..errors import EXIT_FINDING, EXIT_INPUT, EXIT_USAGE
from .common import (Session, add_command, add_fix, add_json, add_seed, check_keep_folder,
                     say_phase, test_seed)

FINDINGS = {EXIT_FINDING: "the generated code does not compile, or testidl fails"}


def register(sub, common) -> None:
    p = add_command(
        sub, "check", common, findings=FINDINGS,
        help="compile the generated C with xlidl's C runtime and run testidl",
        description="Generate every output of the IDLs into a scratch folder, compile them "
                    "with xlidl's own C runtime (runtime/; no Xen tree needed) using "
                    "-std=gnu99 -Wall -Werror against yajl (and json-c with --json jsonc), "
                    "and run the test harness testidl when an IDL has one.  One line per "
                    "phase (generate, compile, run) with its time; the compiler's or the "
                    "program's message on a failure.  An internal IDL "
                    "(NAME_internal.idl) is built together with NAME.idl, which is taken "
                    "from the same folder when not given.")
    p.add_argument("idls", nargs="+", metavar="IDL")
    p.add_argument("--cc", default=None, metavar="CC",
                   help="C compiler (default: $CC, else gcc)")
    p.add_argument("--sanitize", action="store_true",
                   help="build with AddressSanitizer and UndefinedBehaviorSanitizer and run "
                        "with leak detection")
    p.add_argument("--valgrind", action="store_true",
                   help="run testidl under valgrind --leak-check=full (no errors or leaks "
                        "allowed)")
    add_seed(p)
    p.add_argument("--keep", metavar="DIR",
                   help="build in DIR and keep it: a new or empty folder, or one an earlier "
                        "--keep made (default: a temporary folder, removed)")
    add_json(p)
    add_fix(p)
    p.set_defaults(func=run)


def run(s: "Session") -> int:
    import shutil
    import tempfile
    import time

    from ..model.testidl_plan import check as harness_check
    from ..tools.cbuild import (SANITIZE_CFLAGS, TESTIDL_SANITIZE_EXCEPTIONS, CheckError,
                                Program, build_runtime, default_cc, group_idls, idl_stem,
                                run_testidl, unknown_builtins)
    a = s.args
    if a.sanitize and a.valgrind:
        print("xlidl: error: --sanitize and --valgrind cannot be combined (valgrind cannot "
              "run sanitizer-instrumented programs)", file=sys.stderr)
        return EXIT_USAGE
    cc = a.cc or default_cc()
    seed = test_seed(a)
    flags = list(SANITIZE_CFLAGS) if a.sanitize else []
    mode = ", ".join(["%s" % cc, a.json] + (["asan+ubsan"] if a.sanitize else [])
                     + (["valgrind"] if a.valgrind else []))

    if a.keep:
        top = check_keep_folder(a.keep)
    else:
        top = tempfile.mkdtemp(prefix="xlidl-check-")

    try:
        try:
            groups = group_idls(a.idls)
            t0 = time.monotonic()
            builds = []
            for main_path, internal_path in groups:
                main = s.load(main_path)
                internal = s.load(internal_path) if internal_path else None
                missing = unknown_builtins([m for m in (main, internal) if m])
                if missing:
                    raise CheckError("%s: the C runtime does not implement the builtin "
                                     "type%s %s" % (main_path, "s" if len(missing) > 1 else "",
                                                    ", ".join(missing)), EXIT_INPUT)
                harness_check(main, s.diags, s.fixes)   # what the test harness needs
                s.diags.check()
                b = Program(main_path, main, internal_path, internal, s.options())
                wd = os.path.join(top, idl_stem(main_path)) if len(groups) > 1 else top
                b.generate(wd, seed=seed)
                builds.append((b, wd))
            names = ", ".join(os.path.basename(p) for b, _ in builds for p in b.paths)
            nfiles = sum(len(b.files) for b, _ in builds)
            say_phase("generate", t0, "%s: %d files in %s" % (
                names, nfiles, top if a.keep else "a scratch folder"))

            t0 = time.monotonic()
            lib = build_runtime(os.path.join(top, "runtime"), cc, a.json, flags)
            exes = []
            for b, wd in builds:
                objs = b.compile(wd, cc, flags, objdir=os.path.join(wd, "obj"),
                                 testidl_extra=TESTIDL_SANITIZE_EXCEPTIONS if a.sanitize
                                 else ())
                src = b.testidl_source()
                if src:
                    exe = os.path.join(wd, os.path.splitext(os.path.basename(src))[0])
                    exes.append((b, b.link(objs, lib, exe, cc, flags)))
            relaxed = sorted({f for b, _ in builds for f in b.testidl_flags()})
            say_phase("compile", t0, "%s: runtime and generated code, -Wall -Werror%s" % (
                mode, " (testidl.c: %s for gentest leftovers this IDL does not use)"
                % " ".join(relaxed) if relaxed else ""))

            t0 = time.monotonic()
            if not exes:
                say_phase("run", t0, "no test harness (internal IDLs only)")
            for b, exe in exes:
                r = run_testidl(exe, sanitize=a.sanitize, valgrind=a.valgrind)
                if a.keep:
                    with open(exe + ".out", "w") as f:
                        f.write(r.stdout)
                if not r.ok:
                    raise CheckError("%s: %s" % (b.main_path, r.failure()))
                types = r.stdout.count("_copy, done")
                say_phase("run", t0, "%s passed: %d types round-tripped and copied (seed %s)"
                    % (os.path.basename(exe), types, seed if seed is not None else "xlidl"))
        except CheckError as e:
            print("xlidl: error: %s" % e, file=sys.stderr)
            if not a.keep and e.status == EXIT_FINDING:
                print("xlidl: note: rerun with --keep DIR to inspect the build",
                      file=sys.stderr)
            return e.status
    finally:
        if not a.keep:
            shutil.rmtree(top, ignore_errors=True)
    return 0
