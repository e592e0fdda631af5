"""Xen's own build with xlidl (issues 14 and 15): contrib/xen/'s patches on real Xen trees.

The trees are the `git archive` tarballs in ../shared/xen-src (XLIDL_XEN_SRC overrides; see
the README there): Xen stable-4.17, whose libxl uses yajl, and master, which uses json-c
when configure finds it (CI installs it, so master is built with json-c).  Each contrib
folder is a series of two patches: tools/libs/light (the C), then tools/golang/xenlight
(the Go bindings' types.gen.go and helpers.gen.go).

Fast tests (they only read files from each tarball):

* each contrib folder is a quilt series of `git format-patch` patches, in that order, each
  touching nothing but its Makefile and .gitignore (its own xlidl.version*) and naming the
  tarball's commit, and `quilt push -a` applies it;
* in each patched Makefile, every rule that ran gentypes.py, gentest.py or gengotypes.py
  keeps all its other prerequisites and its other commands, depends on xlidl.version
  instead of the scripts, and runs xlidl with the script's arguments; xlidl.version's rule,
  `XLIDL ?= xlidl` and make clean's removal of the stamp are there;
* the two lines' Go patches add the same lines; after the series only stable-4.17's OCaml
  Makefile still names idl.py;
* every ```make block of README's "Using it in Xen's build" is a run of lines of one of
  the master patches' Makefiles, and every line those patches add to a Makefile is shown.

Slow tests (CI always runs them), for each tree in one scratch folder (binaries embed the
folder they are built in, so both builds use the same one, one after the other):

1. unpack the tarball, commit it to a scratch git repository, run a minimal ./configure,
   with --enable-golang where go is installed (in CI it must be), else --disable-golang;
2. build tools/include, the tools/libs that libxenlight links with, and tools/libs/light
   with the unmodified tree (gentypes.py, gentest.py), LIBXL_TESTIDL_SEED set so that
   gentest.py is reproducible;
3. with Go: delete the committed types.gen.go and helpers.gen.go and build
   tools/golang/xenlight (gengotypes.py, then the Makefile's go vet (master) and go
   build -x, with an empty build cache); keep copies of both files;
4. keep copies of the generated files, testidl.c, testidl and libxenlight.so; `make clean`
   in tools/libs/light;
5. `git am` the series, delete gentypes.py and gentest.py, and build tools/libs/light
   again with XLIDL= the xlidl of this Python environment;
6. with Go: delete gengotypes.py and the two files, and build tools/golang/xenlight again
   with that xlidl and another empty build cache;
7. keep copies of what that build made; `make clean`, and build tools/libs/light and
   tools/golang/xenlight once more, with xlidl as one file, run by Python 3.6 as Xen's own
   $(PYTHON) with nothing installed: `make PYTHON=python3.6 XLIDL='$(PYTHON) -I -S
   xlidl-VERSION.pyz'` (-I -S: no site-packages, so neither Lark nor Jinja2 can be
   imported).  The tree is left as that build made it.

Go writes only into the test's folders (GOCACHE, GOPATH, GOTMPDIR, HOME; GOPROXY=off,
GOENV=off, GOTOOLCHAIN=local).

The tests then check, in this order (each leaves the tree as it found it, except the last):
tools/libs/light: identical files from both xlidl builds (installed, and the pyz on 3.6);
testidl runs; a no-op make regenerates nothing (also
with xlidl found on PATH); a bad IDL stops make with xlidl's FILE:LINE:COL error and
changes nothing; another xlidl version regenerates.  tools/golang/xenlight (they fail in
CI without go, and skip elsewhere): identical files, equal to the committed ones, and the
same compiled package; a no-op make regenerates nothing and compiles nothing; a bad IDL
stops make with xlidl's error before go runs; another xlidl version regenerates once;
`make clean` removes only the stamp.  Last: tools/libs/light's `make clean` removes what
xlidl made, and `make testidl` from clean uses the tree's headers.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from conftest import ROOT, TESTS, have_program, need, pyz_python, shared_dir
from gohelpers import go_env

CONTRIB = ROOT / "contrib" / "xen"

# contrib folder -> (tarball in ../shared/xen-src, JSON library libxl uses there, the go
# commands its tools/golang/xenlight/Makefile runs)
TREES = {
    "stable-4.17": ("xen-stable-4.17.tar.gz", "yajl", ["build"]),
    "master": ("xen-master.tar.gz", "json-c", ["vet", "build"]),
}

# Everything that would download, or needs another toolchain, is off (../shared/xen-src's
# README).  The Go bindings are built where go is installed (--enable-golang, so that
# configure fails rather than leave them out), else --disable-golang.
CONFIGURE = ["--disable-xen", "--disable-stubdom", "--disable-docs", "--disable-monitors",
             "--disable-ocamltools", "--disable-xsmpolicy", "--disable-seabios",
             "--disable-pygrub", "--disable-pvshim", "--disable-ipxe",
             "--disable-rombios", "--with-system-qemu"]

JOBS = "-j2"
SEED = "xen-build"       # LIBXL_TESTIDL_SEED for both builds

LIGHT = Path("tools/libs/light")
INCLUDE = Path("tools/include")
# What gentypes.py writes for the two IDLs, and the copies tools/include gets.
GENERATED = [LIGHT / ("_libxl_types%s%s" % (idl, suffix))
             for idl in ("", "_internal")
             for suffix in (".h", "_private.h", "_json.h", ".c")]
INCLUDED = [INCLUDE / "_libxl_types.h", INCLUDE / "_libxl_types_json.h"]
STAMP = LIGHT / "xlidl.version"

GO = Path("tools/golang/xenlight")
# What gengotypes.py writes; both are committed in Xen's tree.
GO_GENERATED = [GO / "types.gen.go", GO / "helpers.gen.go"]
GO_STAMP = GO / "xlidl.version"
GO_PACKAGE = "xenbits.xenproject.org/git-http/xen.git/tools/golang/xenlight"

# Each patched Makefile -> the generator scripts whose rules the patches change, and how
# many such rules there are.
PATCHED = {
    LIGHT / "Makefile": ({"gentypes.py", "gentest.py", "idl.py"}, 2),
    GO / "Makefile": ({"gengotypes.py", "$(LIBXL_SRC_DIR)/idl.py"}, 1),
}

GIT_ID = ["-c", "user.name=xlidl test", "-c", "user.email=xlidl-test@localhost",
          "-c", "commit.gpgsign=false"]


# -- helpers --------------------------------------------------------------------------------

def xen_src_dir() -> Path:
    return Path(os.environ.get("XLIDL_XEN_SRC") or (shared_dir() / "xen-src"))


def tarball(line: str) -> Path:
    path = xen_src_dir() / TREES[line][0]
    need(path.is_file(), "the Xen source tarball %s is missing (set XLIDL_XEN_SRC)" % path)
    return path


def tarball_commit(line: str) -> str:
    """The commit a tarball was made from: git archive keeps it in a pax header."""
    with tarfile.open(str(tarball(line)), "r:gz") as tf:
        return tf.pax_headers.get("comment", "")


def series(line: str) -> List[Path]:
    folder = CONTRIB / line
    names = (folder / "series").read_text().split()
    return [folder / n for n in names]


def xlidl_program() -> Path:
    """The xlidl script of the Python environment running the tests."""
    exe = Path(sys.executable).parent / "xlidl"
    need(exe.is_file() and os.access(str(exe), os.X_OK),
         "no xlidl script next to %s (pip install -e . in that environment)" % sys.executable)
    return exe


def clean_env(**extra: str) -> Dict[str, str]:
    """The environment for Xen's make: none of an outer make's flags (make test), nor the
    user's Go settings, a fixed locale, gentest's seed."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "XLIDL",
                        "LIBXL_TESTIDL_SEED", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")
           and not (k.startswith(("GO", "CGO_")) and k != "GOROOT")}
    env.update(LC_ALL="C", LIBXL_TESTIDL_SEED=SEED)
    env.update(extra)
    return env


def run(argv: List[str], cwd: Path, env: Optional[Dict[str, str]] = None,
        input: Optional[str] = None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=str(cwd), env=env or clean_env(), input=input,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def tail(text: str, n: int = 40) -> str:
    return "\n".join(text.splitlines()[-n:])


def ok(r: subprocess.CompletedProcess, what: str) -> str:
    assert r.returncode == 0, "%s failed (%d):\n%s" % (what, r.returncode, tail(r.stdout))
    return r.stdout


def read_from_tarball(line: str, members: List[str], dest: Path) -> None:
    """Unpack only these paths (relative to the tree) from the tarball into dest."""
    top = TREES[line][0][:-len(".tar.gz")]
    dest.mkdir(parents=True, exist_ok=True)
    r = run(["tar", "-xzf", str(tarball(line)), "--strip-components=1",
             *["%s/%s" % (top, m) for m in members]], dest)
    ok(r, "unpacking %s" % ", ".join(members))


def patched_files(line: str, dest: Path) -> Path:
    """The files the patches touch, from the tarball, with the series applied by quilt."""
    need(have_program("quilt"), "quilt is not installed (apt-get install quilt)")
    read_from_tarball(line, [str(m) for m in PATCHED] + [".gitignore"], dest)
    r = run(["quilt", "push", "-a"], dest, env=clean_env(QUILT_PATCHES=str(CONTRIB / line)))
    ok(r, "quilt push -a of contrib/xen/%s" % line)
    return dest


def snapshot(tree: Path, paths: List[Path]) -> Dict[str, Tuple[int, str]]:
    """path -> (mtime in ns, sha256) of each file that exists."""
    out = {}
    for rel in paths:
        p = tree / rel
        if p.is_file():
            out[str(rel)] = (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
    return out


def rules_and_recipes(makefile: str) -> Dict[str, Tuple[List[str], List[str]]]:
    """'targets' -> (prerequisites, recipe lines) of each explicit or pattern rule
    (continuations joined; the recipe is the tab lines that follow the rule line)."""
    text = makefile.replace("\\\n", " ")
    out: Dict[str, Tuple[List[str], List[str]]] = {}
    recipe: Optional[List[str]] = None
    for line in text.splitlines():
        if line.startswith("\t"):
            if recipe is not None:
                recipe.append(line[1:])
            continue
        recipe = None
        if line.startswith("#") or ":" not in line or "=" in line.split(":")[0]:
            continue
        m = re.match(r"^([^:=\t][^:=]*?)\s*::?\s*(.*)$", line)
        if m and not re.match(r"(\S+\s*)?[:+?]?=", m.group(2)):   # not a variable
            recipe = []
            out[m.group(1).strip()] = (m.group(2).split(), recipe)
    return out


def rules(makefile: str) -> Dict[str, List[str]]:
    """'targets' -> prerequisites of each explicit or pattern rule."""
    return {t: pre for t, (pre, _) in rules_and_recipes(makefile).items()}


def readme_xen_section() -> str:
    text = (ROOT / "README.md").read_text()
    m = re.search(r"^## Using it in Xen's build\n(.*?)(?=^## )", text, re.S | re.M)
    assert m, "README.md has no section \"Using it in Xen's build\""
    return m.group(1)


def make_blocks(text: str) -> List[List[str]]:
    return [b.split("\n") for b in re.findall(r"^```make\n(.*?)\n```$", text, re.S | re.M)]


def added_lines(patch: Path, path: str) -> List[str]:
    """The lines a patch adds to one file."""
    out, current = [], None
    for line in patch.read_text().splitlines():
        if line.startswith("diff --git "):
            current = line.split(" b/", 1)[1]
        elif current == path and line.startswith("+") and not line.startswith("+++"):
            out.append(line[1:])
    return out


def contains_run(lines: List[str], block: List[str]) -> bool:
    n = len(block)
    return any(lines[i:i + n] == block for i in range(len(lines) - n + 1))


# -- fast: the patches and README -----------------------------------------------------------

@pytest.mark.parametrize("line", sorted(TREES))
def test_contrib_folder_is_a_series_of_format_patches(line):
    """Two patches, in this order: tools/libs/light, then tools/golang/xenlight; each
    touches its Makefile and .gitignore, where it adds its own folder's xlidl.version*."""
    folder = CONTRIB / line
    patches = series(line)
    assert sorted(p.name for p in patches) == sorted(p.name for p in folder.glob("*.patch")), \
        "series must list every patch"
    assert len(patches) == len(PATCHED), [p.name for p in patches]
    for p, makefile in zip(patches, PATCHED):
        text = p.read_text()
        assert re.match(r"From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\nFrom: ", text), \
            "%s is not in git format-patch form" % p.name
        assert re.search(r"^Subject: \[PATCH[^\]]*\] %s: " % makefile.parent, text, re.M), \
            p.name
        assert "commit %s" % tarball_commit(line) in text, \
            "%s does not name the commit it was made against" % p.name
        touched = re.findall(r"^diff --git a/(\S+) b/", text, re.M)
        assert sorted(touched) == [".gitignore", str(makefile)], \
            "%s touches %s" % (p.name, touched)
        assert added_lines(p, ".gitignore") == ["%s/xlidl.version*" % makefile.parent], p.name


@pytest.mark.parametrize("makefile", [str(m) for m in PATCHED])
@pytest.mark.parametrize("line", sorted(TREES))
def test_patch_keeps_every_prerequisite(line, makefile, tmp_path):
    """In each patched Makefile, every rule that ran a Python generator keeps all its other
    prerequisites and depends on xlidl.version instead of the scripts; the generator's
    command becomes xlidl's with the same arguments (--argv0 for the banners), and the
    recipe's other commands stay."""
    before = tmp_path / "before"
    read_from_tarball(line, [makefile], before)
    after = patched_files(line, tmp_path / "after")
    old = rules_and_recipes((before / makefile).read_text())
    new = rules_and_recipes((after / makefile).read_text())
    scripts, count = PATCHED[Path(makefile)]
    changed = [t for t, (pre, _) in old.items() if scripts & set(pre)]
    assert len(changed) == count, "expected %d generator rules: %s" % (count, changed)
    for targets in changed:
        assert targets in new, "the rule for %s is gone" % targets
        want = [p for p in old[targets][0] if p not in scripts]
        assert sorted(new[targets][0]) == sorted(want + ["xlidl.version"]), targets
        recipe, new_recipe = old[targets][1], new[targets][1]
        runs = [(i, m) for i, m in ((i, re.search(r"\$\(PYTHON\) (gen\w+)\.py (.*)$", cmd))
                                    for i, cmd in enumerate(recipe)) if m]
        assert len(runs) == 1, recipe
        i, m = runs[0]
        gen, args = m.groups()
        argv0 = "" if gen == "gentest" else "--argv0 %s.py " % gen
        assert "$(XLIDL) %s %s%s" % (gen, argv0, args) in new_recipe, new_recipe
        kept = recipe[:i] + recipe[i + 1:]
        assert [c for c in new_recipe if c in kept] == kept, new_recipe
    assert new["xlidl.version"] == (["FORCE"], ["$(XLIDL) --version >$@.new",
                                                "$(call move-if-changed,$@.new,$@)"])
    assert any(re.match(r"\$\(RM\) (\S+ )*xlidl\.version\*( |$)", c)
               for c in new["clean"][1]), "make clean leaves xlidl.version"
    text = (after / makefile).read_text()
    assert re.search(r"^XLIDL \?= xlidl$", text, re.M)
    assert not re.search(r"^\t.*\$\(PYTHON\) gen\w*\.py", text, re.M)


def test_go_patches_add_the_same_lines():
    """README shows master's tools/golang/xenlight lines for both lines: the Makefiles
    differ only in master's `go vet`, which the patches leave alone."""
    go = str(GO / "Makefile")
    stable, master = ([l for p in series(line) for l in added_lines(p, go)]
                      for line in ("stable-4.17", "master"))
    assert stable and stable == master


# Makefiles that still run idl.py once the series is applied (README, contrib/xen/README.md).
STILL_RUN_IDL_PY = {
    "stable-4.17": ["tools/ocaml/libs/xl/Makefile"],     # genwrap.py
    "master": [],                                       # no OCaml bindings of libxl
}


@pytest.mark.parametrize("line", sorted(TREES))
def test_what_still_runs_idl_py(line, tmp_path):
    """With the series applied (quilt, to every Makefile and *.mk of the tree), the only
    Makefile left that names idl.py is OCaml's, whose genwrap.py rule depends on it, in
    stable-4.17; master has none."""
    need(have_program("quilt"), "quilt is not installed (apt-get install quilt)")
    top = TREES[line][0][:-len(".tar.gz")]
    r = run(["tar", "-xzf", str(tarball(line)), "--strip-components=1", "--wildcards",
             "%s/.gitignore" % top, "*/Makefile", "*.mk"], tmp_path)
    ok(r, "unpacking the Makefiles")
    r = run(["quilt", "push", "-a"], tmp_path, env=clean_env(QUILT_PATCHES=str(CONTRIB / line)))
    ok(r, "quilt push -a of contrib/xen/%s" % line)
    found = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
                   if p.is_file() and (p.name == "Makefile" or p.suffix == ".mk")
                   and ".pc" not in p.parts
                   and "idl.py" in p.read_text(errors="replace"))
    assert found == STILL_RUN_IDL_PY[line]


def test_readme_shows_the_master_patch(tmp_path):
    """Every ```make block of README's Xen section is a run of lines of one of master's
    patched Makefiles, and every line the series adds to a Makefile is shown in a block
    of that Makefile."""
    blocks = make_blocks(readme_xen_section())
    assert blocks, "README's Xen section shows no ```make block"
    tree = patched_files("master", tmp_path)
    shown: Dict[str, set] = {str(m): set() for m in PATCHED}
    for block in blocks:
        where = [m for m in shown
                 if contains_run((tree / m).read_text().split("\n"), block)]
        assert where, "README's block is in no patched master Makefile:\n" + "\n".join(block)
        for m in where:
            shown[m].update(block)
    for patch in series("master"):
        for makefile, lines in shown.items():
            missing = [l for l in added_lines(patch, makefile) if l not in lines]
            assert not missing, "%s adds lines to %s that README does not show: %s" % (
                patch.name, makefile, missing)
    assert all(shown.values()), "README shows no lines of %s" % [
        m for m, lines in shown.items() if not lines]


# -- slow: the two builds of each tree ------------------------------------------------------

class XenTree:
    """One unpacked, configured Xen tree, built first unmodified, then with the patches;
    with the Go bindings where go is installed (self.go)."""

    def __init__(self, line: str, base: Path, xlidl: Path):
        self.line, self.xlidl = line, xlidl
        self.root, self.saved, self.go_dir = base / "xen", base / "upstream", base / "go"
        self.json, self.go_commands = TREES[line][1], TREES[line][2]
        self.xlidl_saved = base / "xlidl-build"     # step 7: the installed xlidl's build
        self.upstream_log = ""
        self.patched_log = ""
        self.go_patched_log = ""
        self.pyz_log = ""
        self.go_pyz_log = ""
        self.so = Path()            # libxenlight.so.MAJOR.MINOR.0, relative to root
        self.go = have_program("go")
        self.go_env = go_env(self.go_dir, "cache-upstream")
        # The Go package compiled by each build, in its build cache: (unmodified, patched:
        # the last build, with the pyz) and the one of the build with the installed xlidl
        self.go_packages: Tuple[Path, Path] = (Path(), Path())
        self.go_xlidl_package = Path()

    def env(self, **extra: str) -> Dict[str, str]:
        """clean_env() with this tree's Go settings."""
        return clean_env(**dict(self.go_env, **extra))

    def make(self, *args: str, xlidl: Optional[str] = None,
             env: Optional[Dict[str, str]] = None, where: Path = LIGHT
             ) -> subprocess.CompletedProcess:
        argv = ["make", JOBS, "-C", str(where)]
        if xlidl is not None:
            argv.append("XLIDL=" + xlidl)
        return run(argv + list(args), self.root, env=env if env is not None else self.env())

    def compared(self) -> List[Path]:
        return GENERATED + INCLUDED + [LIGHT / "testidl.c", LIGHT / "testidl", self.so]

    def watched(self) -> List[Path]:
        """What must not change when nothing is to be done."""
        objs = [p.with_suffix(s) for p in GENERATED if p.suffix == ".c"
                for s in (".o", ".opic")]
        return self.compared() + [STAMP, LIGHT / "testidl.o"] + objs

    def libs_for_light(self) -> List[str]:
        """tools/libs that libxenlight links with, dependencies first (tools/libs/uselibs.mk)."""
        r = run(["make", "-s", "--no-print-directory", "-f", "-"], self.root,
                input="include tools/libs/uselibs.mk\n"
                      "$(foreach l,$(LIBS_LIBS),$(info $(l): $(USELIBS_$(l))))\nall: ;\n")
        uses = {}
        for line in ok(r, "reading tools/libs/uselibs.mk").splitlines():
            name, _, deps = line.partition(":")
            uses[name.strip()] = deps.split()
        order: List[str] = []

        def visit(lib):
            for dep in uses[lib]:
                visit(dep)
            if lib not in order:
                order.append(lib)
        visit("light")
        return order[:-1]


def unpack_and_configure(tree: XenTree) -> None:
    line, root = tree.line, tree.root
    root.mkdir(parents=True)
    ok(run(["tar", "-xzf", str(tarball(line)), "--strip-components=1"], root), "tar")
    # A git repository, so that the patch is applied as a packager would, with git am.
    ok(run(["git", "init", "-q"], root), "git init")
    ok(run(["git", "add", "-A"], root), "git add")
    ok(run(["git", *GIT_ID, "commit", "-q", "-m", "Xen " + line], root), "git commit")
    golang = "--enable-golang" if tree.go else "--disable-golang"
    r = run(["./configure", *CONFIGURE, golang], root, env=tree.env())
    need(r.returncode == 0, "Xen %s's ./configure %s failed (missing build dependencies? "
         "bash .ci/bootstrap installs them):\n%s" % (line, golang, tail(r.stdout, 15)))
    config = (root / "config" / "Tools.mk").read_text()
    assert re.search(r"^CONFIG_GOLANG\s*:= %s$" % ("y" if tree.go else "n"), config, re.M)


def build_upstream(tree: XenTree) -> None:
    ok(tree.make(where=INCLUDE), "make -C tools/include")
    for lib in tree.libs_for_light():
        ok(tree.make(where=Path("tools/libs") / lib), "make -C tools/libs/" + lib)
    tree.upstream_log = ok(tree.make(), "make -C tools/libs/light (unmodified)")
    assert "gentypes.py" in tree.upstream_log and "gentest.py" in tree.upstream_log
    tree.so = (tree.root / LIGHT / "libxenlight.so").resolve().relative_to(tree.root)


def keep_and_clean(tree: XenTree) -> None:
    names = sorted(p.name for p in (tree.root / LIGHT).glob("_libxl_types*.[ch]"))
    assert names == sorted(p.name for p in GENERATED), names
    for rel in tree.compared():
        dest = tree.saved / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(str(tree.root / rel), str(dest))
    ok(tree.make("clean"), "make clean (unmodified)")
    for rel in INCLUDED:            # tools/libs/light's clean leaves tools/include alone
        assert (tree.root / rel).is_file(), rel
        (tree.root / rel).unlink()
    left = [str(r) for r in tree.compared() if (tree.root / r).exists()]
    assert not left, "still there after make clean: %s" % left


def apply_patch_and_build(tree: XenTree) -> None:
    patches = [str(p) for p in series(tree.line)]
    ok(run(["git", *GIT_ID, "am", *patches], tree.root), "git am contrib/xen/" + tree.line)
    for script in ("gentypes.py", "gentest.py"):     # proof that they are not used
        (tree.root / LIGHT / script).unlink()
    tree.patched_log = ok(tree.make(xlidl=str(tree.xlidl)),
                          "make -C tools/libs/light XLIDL=... (patched)")
    runs = re.findall(r"^\S*xlidl (gentypes|gentest) (.*)$", tree.patched_log, re.M)
    idls = sorted(re.search(r"(\S+\.idl)", args).group(1) for cmd, args in runs)
    assert idls == ["libxl_types.idl", "libxl_types.idl", "libxl_types_internal.idl"], runs
    for cmd, args in runs:
        if cmd == "gentypes":
            assert ("--libjsonc" in args.split()) == (tree.json == "json-c"), args


def go_build_ran(tree: XenTree, log: str, what: str, compiled: bool) -> Optional[Path]:
    """Check that the go commands of the Makefile ran (make stops at the first that fails),
    and whether `go build -x` compiled the package or found it up to date in its cache.
    Returns the compiled package in the build cache when it was compiled."""
    ran = re.findall(r'^CGO_CFLAGS=.* CGO_LDFLAGS=.* go (\w+)', log, re.M)
    assert ran == tree.go_commands, "%s: go %s ran, not go %s:\n%s" % (
        what, ran, tree.go_commands, tail(log))
    compile_ = re.findall(r"^\S+/compile -o \$WORK/(\S+)/_pkg_\.a .*-p (\S+) (.*)$", log, re.M)
    ours = [(work, files) for work, pkg, files in compile_ if pkg == GO_PACKAGE]
    if not compiled:
        assert not ours and not re.search(r"/cgo -objdir ", log), \
            "%s: go build compiled again:\n%s" % (what, tail(log))
        return None
    assert len(ours) == 1, "%s: go build did not compile %s:\n%s" % (what, GO_PACKAGE,
                                                                      tail(log))
    work, files = ours[0]
    assert " ./types.gen.go " in files and "/helpers.gen.cgo1.go " in files, files
    m = re.search(r"^cp \$WORK/%s/_pkg_\.a (\S+) # internal$" % re.escape(work), log, re.M)
    assert m, "%s: no compiled package in the cache:\n%s" % (what, tail(log))
    package = Path(m.group(1))
    assert Path(tree.go_env["GOCACHE"]) in package.parents, package
    return package


def build_go(tree: XenTree, what: str, cache: str, xlidl: Optional[str] = None,
             *args: str) -> str:
    """make -C tools/golang/xenlight without its generated files (they are committed in
    Xen's tree: make must write them, not find them) and with an empty Go build cache (go
    compiles the package rather than finding it built)."""
    for rel in GO_GENERATED:
        (tree.root / rel).unlink()
    tree.go_env = go_env(tree.go_dir, cache)
    assert not any(Path(tree.go_env["GOCACHE"]).iterdir())
    return ok(tree.make(*args, xlidl=xlidl, where=GO), "make -C %s (%s)" % (GO, what))


def build_go_upstream(tree: XenTree) -> None:
    """Before libxenlight is cleaned: cgo links with it.  GOPROXY=off is harmless: the
    package requires no other module."""
    gomod = (tree.root / GO / "go.mod").read_text()
    assert not re.search(r"^\s*require\b", gomod, re.M), "go.mod requires modules:\n" + gomod
    log = build_go(tree, "unmodified", "cache-upstream")
    assert re.search(r"^LIBXL_SRC_DIR=\S+ \S*python\S* gengotypes\.py \S+/libxl_types\.idl "
                     r"\./types\.gen\.go \./helpers\.gen\.go$", log, re.M), tail(log)
    package = go_build_ran(tree, log, "unmodified build", compiled=True)
    tree.go_packages = (package, Path())
    for rel in GO_GENERATED:
        dest = tree.saved / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(str(tree.root / rel), str(dest))


def build_go_patched(tree: XenTree) -> None:
    """After apply_patch_and_build (git am applied both patches)."""
    (tree.root / GO / "gengotypes.py").unlink()      # proof that it is not used
    tree.go_patched_log = log = build_go(tree, "patched", "cache-patched", str(tree.xlidl))
    runs = re.findall(r"^\S*xlidl gengotypes (.*)$", log, re.M)
    assert len(runs) == 1, log
    args = runs[0].split()
    assert args[:2] == ["--argv0", "gengotypes.py"] and \
        args[2].endswith("/tools/libs/light/libxl_types.idl") and \
        args[3:] == ["./types.gen.go", "./helpers.gen.go"], runs
    assert "gengotypes.py " not in log.replace("--argv0 gengotypes.py ", ""), tail(log)
    package = go_build_ran(tree, log, "patched build", compiled=True)
    tree.go_packages = (tree.go_packages[0], package)


def keep_xlidl_build(tree: XenTree) -> None:
    """Step 7's copies of what the installed xlidl's build made."""
    for rel in tree.compared() + (GO_GENERATED if tree.go else []):
        dest = tree.xlidl_saved / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(str(tree.root / rel), str(dest))
    tree.go_xlidl_package = tree.go_packages[1]


def pyz_command(python: str, pyz: Path) -> Tuple[List[str], str, str]:
    """How make runs xlidl as one file with Python ``python`` as Xen's $(PYTHON)
    (README's way): (the other make arguments, XLIDL, the command line make shows)."""
    return ["PYTHON=" + python], "$(PYTHON) -I -S %s" % pyz, "%s -I -S %s" % (python, pyz)


def build_with_pyz(tree: XenTree, python: str, pyz: Path) -> None:
    """Step 7: from make clean, tools/libs/light and tools/golang/xenlight with the pyz
    run by ``python`` (3.6) as $(PYTHON)."""
    ok(tree.make("clean"), "make clean (patched)")
    for rel in INCLUDED:            # tools/libs/light's clean leaves tools/include alone
        (tree.root / rel).unlink()
    args, xlidl, shown = pyz_command(python, pyz)
    tree.pyz_log = log = ok(tree.make(*args, xlidl=xlidl),
                            "make -C tools/libs/light with the pyz on %s" % python)
    runs = re.findall(r"^%s (gentypes|gentest) " % re.escape(shown), log, re.M)
    assert sorted(runs) == ["gentest", "gentypes", "gentypes"], tail(log)
    if tree.go:
        tree.go_pyz_log = log = build_go(tree, "pyz", "cache-pyz", xlidl, *args)
        assert len(re.findall(r"^%s gengotypes --argv0 gengotypes.py " % re.escape(shown),
                              log, re.M)) == 1, tail(log)
        package = go_build_ran(tree, log, "build with the pyz", compiled=True)
        tree.go_packages = (tree.go_packages[0], package)


@pytest.fixture(scope="session")
def pyz_build(dist_files) -> Tuple[str, Path]:
    """(Python 3.6, xlidl's pyz) for step 7."""
    return pyz_python("3.6"), dist_files["pyz"]


@pytest.fixture(scope="module", params=sorted(TREES))
def xen(request, tmp_path_factory, pyz_build) -> XenTree:
    line = request.param
    tarball(line)
    for prog in ("make", "gcc", "perl", "iasl", "git", "pkg-config", "tar"):
        need(have_program(prog), "%s is not installed (bash .ci/bootstrap)" % prog)
    if TREES[line][1] == "json-c":
        need(run(["pkg-config", "--exists", "json-c"], ROOT).returncode == 0,
             "json-c is not installed (apt-get install libjson-c-dev)")
    base = tmp_path_factory.mktemp("xen-" + line)
    tree = XenTree(line, base, xlidl_program())
    unpack_and_configure(tree)
    build_upstream(tree)
    if tree.go:
        build_go_upstream(tree)
    keep_and_clean(tree)
    apply_patch_and_build(tree)
    if tree.go:
        build_go_patched(tree)
    keep_xlidl_build(tree)
    build_with_pyz(tree, *pyz_build)
    yield tree
    shutil.rmtree(str(base), ignore_errors=True)


@pytest.mark.slow
def test_same_files_and_libxenlight(xen):
    """The generated files, their tools/include copies, testidl.c, testidl and
    libxenlight.so are the same bytes as with gentypes.py and gentest.py, made by the
    installed xlidl and by the pyz on Python 3.6 (the tree as the pyz left it)."""
    names = sorted(p.name for p in (xen.root / LIGHT).glob("_libxl_types*.[ch]"))
    assert names == sorted(p.name for p in GENERATED)
    for what, built in (("the pyz on Python 3.6", xen.root),
                        ("the installed xlidl", xen.xlidl_saved)):
        differ = [str(rel) for rel in xen.compared()
                  if (built / rel).read_bytes() != (xen.saved / rel).read_bytes()]
        assert not differ, "%s: differ from the unmodified build: %s" % (what, differ)


@pytest.mark.slow
def test_pyz_build_imports_nothing_installed(xen, pyz_build):
    """The pyz ran with `$(PYTHON) -I -S`, where neither Lark nor Jinja2 (nor anything
    else outside the standard library) can be imported, and wrote every file."""
    python, pyz = pyz_build
    for module in ("lark", "jinja2"):
        r = run([python, "-I", "-S", "-c", "import " + module], ROOT)
        assert r.returncode != 0 and "ModuleNotFoundError" in r.stdout, module
    assert "%s -I -S %s --version" % (python, pyz) in xen.pyz_log
    assert "Traceback" not in xen.pyz_log + xen.go_pyz_log


@pytest.mark.slow
def test_testidl_passes(xen, tmp_path):
    """Acceptance 1: testidl runs with a preloaded fake of xc_interface_open/close and
    xs_open/close (tests/c/xc_stubs.c, against the tree's own headers)."""
    stubs = tmp_path / "xc_stubs.so"
    r = run(["gcc", "-shared", "-fPIC", "-Wall", "-Werror", "-I", str(xen.root / INCLUDE),
             str(TESTS / "c" / "xc_stubs.c"), "-o", str(stubs)], tmp_path)
    ok(r, "compiling tests/c/xc_stubs.c")
    libs = ":".join(str(p) for p in sorted((xen.root / "tools" / "libs").iterdir())
                    if p.is_dir())
    env = clean_env(LD_LIBRARY_PATH=libs, LD_PRELOAD=str(stubs))
    p = subprocess.run([str(xen.root / LIGHT / "testidl")], cwd=str(tmp_path), env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and not p.stderr.strip(), \
        "testidl failed (%d):\n%s\n%s" % (p.returncode, p.stderr, tail(p.stdout))
    assert "Testing Enumerations" in p.stdout


@pytest.mark.slow
def test_noop_make_regenerates_nothing(xen, tmp_path):
    """Acceptance 1: make again, with XLIDL= on the command line, in the environment, and
    with the default (xlidl on PATH): xlidl only prints its version, nothing is rewritten.
    xlidl.version is ignored by git."""
    before = snapshot(xen.root, xen.watched())
    assert len(before) == len(xen.watched())
    out = ok(xen.make(xlidl=str(xen.xlidl)), "no-op make")
    assert not re.search(r"xlidl (gentypes|gentest)", out), out
    out = ok(xen.make(env=clean_env(XLIDL=str(xen.xlidl))), "no-op make, XLIDL in the env")
    assert re.search(r"^%s --version" % re.escape(str(xen.xlidl)), out, re.M), out
    assert not re.search(r"xlidl (gentypes|gentest)", out), out
    path = str(xen.xlidl.parent) + os.pathsep + os.environ.get("PATH", "")
    out = ok(xen.make(env=clean_env(PATH=path)), "no-op make, xlidl on PATH")
    assert re.search(r"^xlidl --version", out, re.M), "XLIDL ?= xlidl did not run xlidl"
    assert not re.search(r"xlidl (gentypes|gentest)", out), out
    assert snapshot(xen.root, xen.watched()) == before
    version = ok(run([str(xen.xlidl), "--version"], tmp_path), "xlidl --version")
    assert (xen.root / STAMP).read_text() == version
    for name in ("xlidl.version", "xlidl.version.new"):
        r = run(["git", "check-ignore", "-q", str(LIGHT / name)], xen.root)
        assert r.returncode == 0, "git does not ignore %s" % name


@pytest.mark.slow
def test_bad_idl_fails_with_located_error(xen):
    """Acceptance 1: a mistake in libxl_types.idl stops make with xlidl's FILE:LINE:COL
    error, and no generated file (nor anything built from them) is touched."""
    idl = xen.root / LIGHT / "libxl_types.idl"
    original, times = idl.read_bytes(), idl.stat()
    bad = 'xlidl_test_bad = Struct("xlidl_test_bad", [("x", integr)])'
    text = original.decode()
    assert text.endswith("\n")
    line, col = text.count("\n") + 1, bad.index("integr") + 1
    before = snapshot(xen.root, xen.watched())
    try:
        idl.write_text(text + bad + "\n")
        r = xen.make("--output-sync=target", xlidl=str(xen.xlidl))
        assert r.returncode != 0, "make passed with a bad IDL:\n" + tail(r.stdout)
        assert re.search(r"^libxl_types\.idl:%d:%d: error: unknown name 'integr'" % (line, col),
                         r.stdout, re.M), tail(r.stdout)
        assert "Traceback" not in r.stdout
        assert snapshot(xen.root, xen.watched()) == before
        strays = [p.name for p in (xen.root / LIGHT).iterdir()
                  if p.name.startswith("__libxl_type") or p.name == "testidl.c.new"]
        assert not strays, strays
    finally:
        idl.write_bytes(original)
        os.utime(str(idl), ns=(times.st_atime_ns, times.st_mtime_ns))


@pytest.mark.slow
def test_other_xlidl_version_regenerates(xen, tmp_path):
    """Acceptance 3: with an xlidl that reports another version, make runs gentypes for
    both IDLs and gentest again.  The output is the same bytes, so move-if-changed keeps
    the files (and libxenlight.so is not relinked); as with upstream's rules after a change
    of gentypes.py, they stay older than xlidl.version, so the next make runs xlidl again.
    Back to the real xlidl, make regenerates once more."""
    version = ok(run([str(xen.xlidl), "--version"], tmp_path), "xlidl --version").strip()
    fake_version = version + "+other"
    log = tmp_path / "calls"
    fake = tmp_path / "xlidl"
    fake.write_text('#!/bin/sh\n'
                    'if [ "$1" = --version ]; then echo "%s"; exit 0; fi\n'
                    'echo "$*" >>"%s"\n'
                    'exec "%s" "$@"\n' % (fake_version, log, xen.xlidl))
    fake.chmod(0o755)
    stamp = xen.root / STAMP
    stamp_times = stamp.stat()
    kept = GENERATED + INCLUDED + [xen.so]
    before = snapshot(xen.root, kept)
    testidl_c = (xen.root / LIGHT / "testidl.c").read_bytes()
    try:
        ok(xen.make(xlidl=str(fake)), "make with another xlidl version")
        assert stamp.read_text() == fake_version + "\n"
        calls = sorted(log.read_text().splitlines())
        assert [c.split()[0] for c in calls] == ["gentest", "gentypes", "gentypes"], calls
        assert sorted(re.search(r"(\S+\.idl)", c).group(1) for c in calls) == \
            ["libxl_types.idl", "libxl_types.idl", "libxl_types_internal.idl"], calls
        assert snapshot(xen.root, kept) == before
        assert (xen.root / LIGHT / "testidl.c").read_bytes() == testidl_c

        ok(xen.make(xlidl=str(fake)), "make again with that version")
        again = sorted(log.read_text().splitlines()[len(calls):])
        assert [c.split()[0] for c in again] == ["gentypes", "gentypes"], again
        assert snapshot(xen.root, kept) == before

        out = ok(xen.make(xlidl=str(xen.xlidl)), "make with the real xlidl again")
        assert stamp.read_text() == version + "\n"
        assert len(re.findall(r"xlidl gentypes", out)) == 2 and "xlidl gentest" in out, out
        assert snapshot(xen.root, kept) == before
    finally:
        # Give the stamp its old time back: the tree is then as settled as before.
        stamp.write_text(version + "\n")
        os.utime(str(stamp), ns=(stamp_times.st_atime_ns, stamp_times.st_mtime_ns))


# -- slow: tools/golang/xenlight --------------------------------------------------------------

def need_go(xen: XenTree) -> None:
    need(xen.go, "go is not installed (apt-get install golang-go): Xen %s's Go bindings "
         "were not built" % xen.line)


@pytest.mark.slow
def test_go_same_files_and_package(xen):
    """types.gen.go and helpers.gen.go are the same bytes as gengotypes.py's, which are the
    files Xen commits (git sees no change but the deleted gengotypes.py; xlidl.version is
    ignored); the package go build compiled from them is the same bytes as from
    gengotypes.py's; Go wrote into the test's folders."""
    need_go(xen)
    for what, built in (("the pyz on Python 3.6", xen.root),
                        ("the installed xlidl", xen.xlidl_saved)):
        differ = [str(rel) for rel in GO_GENERATED
                  if (built / rel).read_bytes() != (xen.saved / rel).read_bytes()]
        assert not differ, "%s: differ from gengotypes.py's: %s" % (what, differ)
    r = run(["git", "status", "--porcelain", "--", str(GO)], xen.root)
    assert ok(r, "git status").splitlines() == [" D %s/gengotypes.py" % GO], r.stdout
    upstream, patched = xen.go_packages
    assert upstream != patched and upstream.read_bytes() == patched.read_bytes()
    assert xen.go_xlidl_package.read_bytes() == upstream.read_bytes()
    for name in ("HOME", "GOPATH", "GOTMPDIR"):
        assert Path(xen.go_env[name]).is_dir()
    assert not any(Path(xen.go_env["GOTMPDIR"]).iterdir()), "go left its work folder"


@pytest.mark.slow
def test_go_noop_make_regenerates_nothing(xen, tmp_path):
    """make -C tools/golang/xenlight again, with XLIDL= on the command line, in the
    environment and from PATH: xlidl only prints its version, nothing is written, and the
    go commands run but find the package up to date.  xlidl.version is ignored by git."""
    need_go(xen)
    watched = GO_GENERATED + [GO_STAMP]
    before = snapshot(xen.root, watched)
    assert len(before) == len(watched)
    path = str(xen.xlidl.parent) + os.pathsep + os.environ.get("PATH", "")
    for how, kwargs, program in [
            ("XLIDL=", dict(xlidl=str(xen.xlidl)), str(xen.xlidl)),
            ("XLIDL in the env", dict(env=xen.env(XLIDL=str(xen.xlidl))), str(xen.xlidl)),
            ("xlidl on PATH", dict(env=xen.env(PATH=path)), "xlidl")]:
        out = ok(xen.make(where=GO, **kwargs), "no-op make, " + how)
        assert re.search(r"^%s --version" % re.escape(program), out, re.M), out
        assert "gengotypes" not in out, out
        go_build_ran(xen, out, "no-op make, " + how, compiled=False)
    assert snapshot(xen.root, watched) == before
    version = ok(run([str(xen.xlidl), "--version"], tmp_path), "xlidl --version")
    assert (xen.root / GO_STAMP).read_text() == version
    for name in ("xlidl.version", "xlidl.version.new"):
        r = run(["git", "check-ignore", "-q", str(GO / name)], xen.root)
        assert r.returncode == 0, "git does not ignore %s" % (GO / name)


@pytest.mark.slow
def test_go_bad_idl_fails_with_located_error(xen):
    """A mistake in libxl_types.idl stops make -C tools/golang/xenlight with xlidl's
    FILE:LINE:COL error (FILE as the Makefile names the IDL) before any go command, and
    neither generated file changes."""
    need_go(xen)
    idl = xen.root / LIGHT / "libxl_types.idl"
    original, times = idl.read_bytes(), idl.stat()
    bad = 'xlidl_test_bad = Struct("xlidl_test_bad", [("x", integr)])'
    text = original.decode()
    line, col = text.count("\n") + 1, bad.index("integr") + 1
    watched = GO_GENERATED + [GO_STAMP]
    before = snapshot(xen.root, watched)
    try:
        idl.write_text(text + bad + "\n")
        r = xen.make(where=GO, xlidl=str(xen.xlidl))
        assert r.returncode != 0, "make passed with a bad IDL:\n" + tail(r.stdout)
        assert re.search(r"^\S+/tools/golang/xenlight/\.\./\.\./\.\./tools/libs/light/"
                         r"libxl_types\.idl:%d:%d: error: unknown name 'integr'" % (line, col),
                         r.stdout, re.M), tail(r.stdout)
        assert "Traceback" not in r.stdout
        assert not re.search(r" go (vet|build)\b", r.stdout), tail(r.stdout)
        assert snapshot(xen.root, watched) == before
    finally:
        idl.write_bytes(original)
        os.utime(str(idl), ns=(times.st_atime_ns, times.st_mtime_ns))


@pytest.mark.slow
def test_go_other_xlidl_version_regenerates(xen, tmp_path):
    """With an xlidl that reports another version, make runs gengotypes once; the files
    are the same bytes and touched (newer than xlidl.version, as gengotypes.py's rewrite
    left them), so the next make runs nothing; go compiles nothing new (it goes by
    content).  Back to the real xlidl, make regenerates once more, and settles."""
    need_go(xen)
    version = ok(run([str(xen.xlidl), "--version"], tmp_path), "xlidl --version").strip()
    log = tmp_path / "calls"
    fake = tmp_path / "xlidl"
    fake.write_text('#!/bin/sh\n'
                    'if [ "$1" = --version ]; then echo "%s+other"; exit 0; fi\n'
                    'echo "$*" >>"%s"\n'
                    'exec "%s" "$@"\n' % (version, log, xen.xlidl))
    fake.chmod(0o755)
    stamp = xen.root / GO_STAMP
    content = {str(rel): (xen.root / rel).read_bytes() for rel in GO_GENERATED}

    def newer_than_stamp() -> bool:
        return all((xen.root / rel).stat().st_mtime_ns >= stamp.stat().st_mtime_ns
                   for rel in GO_GENERATED)

    def calls() -> List[str]:
        return log.read_text().splitlines() if log.exists() else []

    try:
        out = ok(xen.make(where=GO, xlidl=str(fake)), "make with another xlidl version")
        assert stamp.read_text() == version + "+other\n"
        assert len(calls()) == 1 and calls()[0].startswith("gengotypes --argv0 gengotypes.py ")
        assert calls()[0].split()[4:] == ["./types.gen.go", "./helpers.gen.go"], calls()
        assert {str(rel): (xen.root / rel).read_bytes() for rel in GO_GENERATED} == content
        assert newer_than_stamp()
        go_build_ran(xen, out, "make with another xlidl version", compiled=False)

        settled = snapshot(xen.root, GO_GENERATED + [GO_STAMP])
        out = ok(xen.make(where=GO, xlidl=str(fake)), "make again with that version")
        assert len(calls()) == 1 and "gengotypes" not in out, out
        assert snapshot(xen.root, GO_GENERATED + [GO_STAMP]) == settled

        out = ok(xen.make(where=GO, xlidl=str(xen.xlidl)), "make with the real xlidl again")
        assert stamp.read_text() == version + "\n"
        assert len(re.findall(r"xlidl gengotypes ", out)) == 1, out
        assert newer_than_stamp()
        out = ok(xen.make(where=GO, xlidl=str(xen.xlidl)), "make once more")
        assert "gengotypes" not in out, out
    finally:
        xen.make(where=GO, xlidl=str(xen.xlidl))      # the real xlidl's stamp, settled


@pytest.mark.slow
def test_go_clean_then_make(xen):
    """make clean in tools/golang/xenlight removes xlidl.version and leaves the generated
    files (sources in Xen's tree); the next make runs xlidl once, with the same bytes, and
    go compiles nothing new; the one after runs nothing."""
    need_go(xen)
    content = {str(rel): (xen.root / rel).read_bytes() for rel in GO_GENERATED}
    ok(xen.make("clean", where=GO), "make clean in %s (patched)" % GO)
    assert not (xen.root / GO_STAMP).exists()
    assert all((xen.root / rel).is_file() for rel in GO_GENERATED)
    out = ok(xen.make(where=GO, xlidl=str(xen.xlidl)), "make after make clean")
    assert len(re.findall(r"xlidl gengotypes ", out)) == 1, out
    assert {str(rel): (xen.root / rel).read_bytes() for rel in GO_GENERATED} == content
    go_build_ran(xen, out, "make after make clean", compiled=False)
    out = ok(xen.make(where=GO, xlidl=str(xen.xlidl)), "make once more")
    assert "gengotypes" not in out, out


# -- slow: last, as it rebuilds tools/libs/light -----------------------------------------------

@pytest.mark.slow
def test_clean_then_make_testidl(xen):
    """make clean removes xlidl.version and what xlidl wrote; `make testidl` from that
    clean tree (4.17's bug in the old README) compiles testidl.c against the tree's own
    generated headers, and gives the same testidl.c and testidl as the unmodified tree.
    Runs last: it rebuilds tools/libs/light."""
    ok(xen.make("clean"), "make clean (patched)")
    gone = [STAMP, LIGHT / "testidl.c", LIGHT / "testidl"] + GENERATED
    left = [str(p) for p in gone if (xen.root / p).exists()]
    assert not left, "make clean left %s" % left
    ok(xen.make("testidl", xlidl=str(xen.xlidl)), "make testidl from clean")
    light = xen.root / LIGHT
    deps = (light / ".testidl.o.d").read_text().replace("\\\n", " ").split()
    used = {os.path.normpath(str(light / d)) for d in deps if d.endswith(".h")}
    assert str(xen.root / INCLUDE / "_libxl_types.h") in used, sorted(used)
    for rel in (LIGHT / "testidl.c", LIGHT / "testidl"):
        assert (xen.root / rel).read_bytes() == (xen.saved / rel).read_bytes(), rel


# -- README's CI job: the committed Go bindings are current ----------------------------------

def readme_ci_job() -> str:
    text = (ROOT / "README.md").read_text()
    m = re.search(r"^### In CI\n.*?^```yaml\n(.*?)^```$", text, re.S | re.M)
    assert m, "README.md's section \"In CI\" has no yaml job"
    return m.group(1)


def job_command(job: str, word: str) -> List[str]:
    """The arguments of the job's step `- $XLIDL WORD ...` (a YAML plain scalar: the more
    indented lines that follow continue it)."""
    lines = job.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)- \$XLIDL %s (.*)$" % word, line)
        if m:
            words = m.group(2).split()
            for more in lines[i + 1:]:
                if len(more) - len(more.lstrip()) <= len(m.group(1)) + 2:
                    break
                words += more.split()
            return [word] + words
    raise AssertionError("README's CI job has no step '$XLIDL %s'" % word)


@pytest.mark.slow
@pytest.mark.parametrize("change", ["as it is", "a member added"])
def test_readme_ci_job_checks_the_committed_go(change, dist_files, tmp_path):
    """The job's Go step, run as the job runs it (python3 on the pyz), on Xen master's
    committed tools/golang/xenlight/*.gen.go: it passes on the tree as it is, and fails
    with the diff once a member is added to the IDL."""
    job = readme_ci_job()
    assert 'XLIDL="python3 $XLIDL_PYZ"' in job
    argv = job_command(job, "gengotypes")
    assert "--check" in argv
    read_from_tarball("master", [str(LIGHT / "libxl_types.idl")] + [str(p) for p in GO_GENERATED],
                      tmp_path)
    idl = tmp_path / LIGHT / "libxl_types.idl"
    if change != "as it is":
        text = idl.read_text()
        m = re.search(r'^\w+ = Struct\("\w+", *\[\n', text, re.M)
        assert m, "no Struct in master's IDL"
        idl.write_text(text[:m.end()] + '    ("xlidl_ci_test", integer),\n' + text[m.end():])
    before = snapshot(tmp_path, GO_GENERATED)
    r = subprocess.run([pyz_python("newest"), str(dist_files["pyz"]), *argv],
                       cwd=str(tmp_path), capture_output=True, text=True)
    assert snapshot(tmp_path, GO_GENERATED) == before, "--check wrote"
    assert "Traceback" not in r.stderr
    if change == "as it is":
        assert r.returncode == 0 and r.stdout == "", r.stdout + r.stderr
    else:
        assert r.returncode == 3, r.stderr
        assert "+XlidlCiTest int\n" in r.stdout and "+ x.XlidlCiTest = int(xc.xlidl_ci_test)\n" in r.stdout
        assert "2 of 2 generated files differ" in r.stderr
