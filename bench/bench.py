#!/usr/bin/env python3
"""Side-by-side timings of xlidl and Xen's generators, with the same interpreter.

    python bench/bench.py --upstream XEN/tools/libs/light      # a Xen checkout
    python bench/bench.py --git MIRROR.git [--rev master]        # or a (bare) git repository
    ... [--python PY] [--pyz dist/xlidl-VERSION.pyz]             # another Python, the pyz

Each case runs both commands alternately, --runs times (default 9), in scratch folders,
and prints the median wall-clock time of each and their ratio.  Every run is cold, as in
a build chroot: HOME, XDG_CACHE_HOME and TMPDIR are new empty folders, and the outputs
do not exist yet (Xen's Makefile moves them away after each run).

  gentypes        xlidl gentypes vs gentypes.py on the master IDL
  gentypes-20x    the same on a 20x larger IDL (bench/make_big_idl.py)
  generate        xlidl generate of libxl_types.idl + libxl_types_internal.idl + testidl.c
                  in one process vs gentypes.py twice and gentest.py, one after the other
                  (Xen's step)
  generate-go     the same with the Go bindings (generate --go) vs the same three runs
                  and gengotypes.py
  doc-html        xlidl doc of the master IDL with the 12 releases and their libxl.h
  doc-json        (html, json): no upstream counterpart; the median and the slowest run
  error-path      xlidl reporting an error near the end of the master IDL vs the same
                  command succeeding on the unchanged IDL (both xlidl)

By default xlidl is the installed command next to the running Python.  --python PY runs
upstream's scripts with PY, and --pyz FILE runs xlidl as `PY FILE` (one file, as Xen's
Makefile runs it with its $(PYTHON)); both sides then use the same interpreter.

The IDLs come from ../shared/xen-idl/master (XLIDL_XEN_IDL overrides).  Upstream's scripts
are only run here, in a temporary folder; nothing of them is kept.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCRIPTS = ("idl.py", "gentypes.py", "gentest.py")
GO_SCRIPT = "tools/golang/xenlight/gengotypes.py"


def upstream_scripts(args, dest: Path) -> None:
    if args.upstream:
        for s in SCRIPTS:
            shutil.copy(Path(args.upstream) / s, dest / s)
        shutil.copy(Path(args.upstream) / "../../golang/xenlight/gengotypes.py",
                    dest / "gengotypes.py")
        return
    for s in SCRIPTS + (GO_SCRIPT,):
        path = s if "/" in s else "tools/libs/light/" + s
        text = subprocess.run(["git", "-C", args.git, "show", "%s:%s" % (args.rev, path)],
                              check=True, capture_output=True).stdout
        (dest / os.path.basename(s)).write_bytes(text)


OUTPUTS = ("types.gen.go", "helpers.gen.go", "__libxl_types.h", "__libxl_types_private.h", "__libxl_types_json.h",
           "__libxl_types.c", "__libxl_types_internal.h", "__libxl_types_internal_private.h",
           "__libxl_types_internal_json.h", "__libxl_types_internal.c", "testidl.c", "out",
           "libxl-types.html", "libxl-types.json")

#: xlidl doc's history: the releases of the IDL folder, oldest first
DOC_RELEASES = ("4.5.0", "4.6.0", "4.8.0", "4.10.0", "4.12.0", "4.14.0", "4.16.0", "stable-4.17",
                "4.18.0", "4.20.0", "4.22.0", "master")


def cold_env(env, cwd: Path) -> dict:
    """``env`` with new, empty HOME, XDG_CACHE_HOME and TMPDIR; no outputs left in cwd."""
    for name in OUTPUTS:
        p = cwd / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    fresh = Path(tempfile.mkdtemp(prefix="cold-", dir=cwd / "homes"))
    e = dict(env)
    for var in ("HOME", "XDG_CACHE_HOME", "TMPDIR"):
        (fresh / var).mkdir()
        e[var] = str(fresh / var)
    return e


def timed(cmds, cwd: Path, env) -> float:
    env = cold_env(env, cwd)
    t0 = time.perf_counter()
    for c in cmds:
        subprocess.run(c, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def compare(name: str, ours, theirs, cwd: Path, runs: int, env) -> None:
    timed(ours, cwd, env)       # warm the file system's cache and Python's bytecode;
    timed(theirs, cwd, env)     # every run still has an empty HOME, cache and TMPDIR
    a, b = [], []
    for _ in range(runs):
        a.append(timed(ours, cwd, env))
        b.append(timed(theirs, cwd, env))
    ma, mb = statistics.median(a), statistics.median(b)
    print("%-14s xlidl %.3f s   upstream %.3f s   ratio %.2f" % (name, ma, mb, ma / mb))


def alone(name: str, cmds, cwd: Path, runs: int, env) -> None:
    """A command Xen has no generator for: its median, and its slowest run."""
    timed(cmds, cwd, env)
    t = [timed(cmds, cwd, env) for _ in range(runs)]
    print("%-14s xlidl %.3f s   (slowest of %d: %.3f s)" % (name, statistics.median(t), runs,
                                                           max(t)))


def compare_error_path(xl, work: Path, runs: int, env) -> None:
    def run(idl):
        e = cold_env(env, work)
        t0 = time.perf_counter()
        r = subprocess.run(xl + ["generate", idl, "-o", "out-err"], cwd=work, env=e,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0, r.returncode
    run("good.idl"), run("bad.idl")
    bad, good = [], []
    for _ in range(runs):
        t, rc = run("bad.idl")
        assert rc == 1, "the broken IDL was not reported"
        bad.append(t)
        t, rc = run("good.idl")
        assert rc == 0
        good.append(t)
    mb, mg = statistics.median(bad), statistics.median(good)
    print("%-14s error %.3f s   success %.3f s   ratio %.2f" % ("error-path", mb, mg, mb / mg))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--upstream", help="folder holding idl.py, gentypes.py, gentest.py")
    src.add_argument("--git", help="Xen git repository (bare is fine)")
    p.add_argument("--rev", default="master")
    p.add_argument("--runs", type=int, default=9)
    p.add_argument("--idl-dir", default=os.environ.get("XLIDL_XEN_IDL",
                                                        str(ROOT.parent / "shared" / "xen-idl")))
    p.add_argument("--scale", type=int, default=20)
    p.add_argument("--python", help="the interpreter of both sides (default: this one)")
    p.add_argument("--pyz", help="run xlidl as one file: PYTHON PYZ")
    p.add_argument("--cases",
                   default="gentypes,gentypes-big,error-path,generate,generate-go,doc",
                   help="the cases to run, comma-separated (default: all)")
    args = p.parse_args()
    cases = set(args.cases.split(","))

    py = os.path.abspath(args.python) if args.python else sys.executable
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="")
    env.pop("LIBXL_TESTIDL_SEED", None)
    with tempfile.TemporaryDirectory(prefix="xlidl-bench-") as tmp:
        work = Path(tmp)
        (work / "homes").mkdir()
        upstream_scripts(args, work)
        master = Path(args.idl_dir) / "master"
        shutil.copy(master / "libxl_types.idl", work / "libxl_types.idl")
        shutil.copy(master / "libxl_types_internal.idl", work / "libxl_types_internal.idl")
        big = subprocess.run([py, str(HERE / "make_big_idl.py"), str(work / "libxl_types.idl"),
                              str(args.scale)], check=True, capture_output=True, text=True)
        (work / "big.idl").write_text(big.stdout)
        outs = ["__libxl_types.h", "__libxl_types_private.h", "__libxl_types_json.h",
                "__libxl_types.c"]
        outs_i = ["__libxl_types_internal.h", "__libxl_types_internal_private.h",
                  "__libxl_types_internal_json.h", "__libxl_types_internal.c"]
        if args.pyz:
            xl = [py, os.path.abspath(args.pyz)]
        else:   # the installed command (its own script runs with the same interpreter)
            script = Path(py).parent / "xlidl"
            xl = [str(script)] if script.is_file() else [py, "-m", "xlidl"]
            if subprocess.run(xl + ["--version"], capture_output=True).returncode != 0:
                p.error("xlidl is not installed for %s: install the wheel into a venv of "
                        "that Python and name its python, or give --pyz" % py)
        version = subprocess.run([py, "-c", "import sys; print(sys.version.split()[0])"],
                                 check=True, capture_output=True, text=True).stdout.strip()
        print("python: %s (%s); xlidl: %s" % (py, version, " ".join(xl)))
        if "gentypes" in cases:
            compare("gentypes", [xl + ["gentypes", "libxl_types.idl"] + outs],
                    [[py, "gentypes.py", "libxl_types.idl"] + outs], work, args.runs, env)
        if "gentypes-big" in cases:
            compare("gentypes-%dx" % args.scale, [xl + ["gentypes", "big.idl"] + outs],
                    [[py, "gentypes.py", "big.idl"] + outs], work, max(3, args.runs // 2),
                    env)
        text = (work / "libxl_types.idl").read_text()
        (work / "bad.idl").write_text(text + '\nlibxl_broken = Struct("broken", '
                                      '[("x", integr)])\n')
        (work / "good.idl").write_text(text)
        if "error-path" in cases:
            compare_error_path(xl, work, args.runs, env)
        if "generate" in cases:
            compare("generate", [xl + ["generate", "libxl_types.idl",
                                       "libxl_types_internal.idl", "-o", "out"]],
                    [[py, "gentypes.py", "libxl_types.idl"] + outs,
                     [py, "gentypes.py", "libxl_types_internal.idl"] + outs_i,
                     [py, "gentest.py", "libxl_types.idl", "testidl.c"]], work, args.runs,
                    env)
        if "doc" in cases:
            # xlidl doc of master with the 12 releases and their libxl.h (README: at most 2 s)
            hist = []
            for r in DOC_RELEASES:
                d = Path(args.idl_dir) / r
                hist += ["--release", "%s=%s" % (r, d / "libxl_types.idl"),
                         "--header", "%s=%s" % (r, d / "libxl.h")]
            for fmt in ("html", "json"):
                alone("doc-" + fmt, [xl + ["doc", str(master / "libxl_types.idl")] + hist
                                     + ["-o", "libxl-types." + fmt]], work, args.runs, env)
        if "generate-go" not in cases:
            return 0
        compare("generate-go", [xl + ["generate", "--go", "libxl_types.idl",
                                      "libxl_types_internal.idl", "-o", "out"]],
                [[py, "gentypes.py", "libxl_types.idl"] + outs,
                 [py, "gentypes.py", "libxl_types_internal.idl"] + outs_i,
                 [py, "gentest.py", "libxl_types.idl", "testidl.c"],
                 [py, "gengotypes.py", "libxl_types.idl", "types.gen.go", "helpers.gen.go"]],
                work, args.runs, dict(env, LIBXL_SRC_DIR=str(work)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
