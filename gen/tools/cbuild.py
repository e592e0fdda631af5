"""Building and running generated C with xlidl's own C runtime (runtime/): what
``xlidl check`` does (gen/cli/check.py), and what the tests drive.

A :class:`Program` is one main IDL (+ its internal IDL): its generated files are
compiled with ``-std=gnu99 -Wall -Werror`` against yajl, and json-c for ``--json jsonc``
(found with pkg-config), with the runtime as a static archive (:func:`build_runtime`),
and its test harness testidl.c is run (:func:`run_testidl`: it must exit 0 and write
nothing to stderr).

What the runtime must know about an IDL (which headers to include, whether the IDL
defines the ERROR_* codes, the JSON form of cpuid_policy_list) is read from the model
here and passed to the C build as -D defines: see :func:`idl_defines` and
runtime/README.md.  One runtime archive per compiler, backend and flags can serve many
programs (the tests build it once per session).
"""
import os

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, Optional

    from ..model.upstream_fixes import Fixes

from .. import compat
from ..backend.files import idl_stem, is_internal
from ..backend.options import Options
from ..errors import EXIT_FINDING, EXIT_USAGE
from ..model.types import Enumeration

#: the runtime's translation units that go into its archive (idlconfig.c does not: it is
#: compiled with each IDL's defines)
RUNTIME_SOURCES = ("ctx.c", "logger.c", "json_tree.c", "builtins.c", "cpuid.c",
                   "gen_yajl.c", "gen_jsonc.c")

#: builtin types (cls "Builtin") the runtime implements, by C name
RUNTIME_BUILTINS = frozenset((
    "libxl_defbool", "libxl_uuid", "libxl_mac", "libxl_bitmap", "libxl_string_list",
    "libxl_key_value_list", "libxl_cpuid_policy_list", "libxl_hwcap", "libxl_ms_vm_genid",
    "libxl_domid", "libxl_devid", "libxl_ev_link",
))

BASE_CFLAGS = ("-std=gnu99", "-Wall", "-Werror")
SANITIZE_CFLAGS = ("-fsanitize=address,undefined", "-fno-sanitize-recover=undefined",
                   "-fno-omit-frame-pointer", "-g")
#: testidl.c only: gentest's test_rand(1<<32) for cpuid "maxleaf" shifts an int by 32
#: (undefined; x86 computes 1 and the value is always 0).  That line is upstream's
#: generator output, kept byte-identical, so UBSan is told not to check that one thing
#: in that one file.
TESTIDL_SANITIZE_EXCEPTIONS = ("-fno-sanitize=shift-exponent",)
#: testidl.c is byte-identical to gentest.py's output, which has leftovers that -Wall
#: flags for an IDL that does not use everything Xen's IDL uses: the hand-written
#: random-value helpers of builtins the IDL never uses (a cpuid policy in an IDL without
#: one ...), and the variable json_string of an IDL without enumerations.  Only then, and
#: only for testidl.c, the warning concerned is turned off (see testidl_relaxations).
TESTIDL_UNUSED_FUNCTION = "-Wno-unused-function"
TESTIDL_UNUSED_VARIABLE = "-Wno-unused-variable"
SANITIZE_ENV = {
    # verify_asan_link_order=0: stdbuf's preloaded library comes before ASan's
    "ASAN_OPTIONS": "detect_leaks=1:abort_on_error=0:exitcode=97:verify_asan_link_order=0",
    "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
    "LSAN_OPTIONS": "exitcode=98",
}
VALGRIND_ARGS = ("valgrind", "-q", "--leak-check=full", "--show-leak-kinds=all",
                 "--errors-for-leak-kinds=all", "--error-exitcode=99")


class CheckError(Exception):
    """A phase failed: ``str()`` is the message to show (compiler or program output), and
    ``status`` the exit status (gen/errors.py): EXIT_FINDING for what a check finds (the
    code does not compile, the program fails), EXIT_USAGE for a program or package that
    is not installed, or IDLs that do not go together."""

    def __init__(self, message: str, status: int = EXIT_FINDING):
        super().__init__(message)
        self.status = status


# -- where things are ---------------------------------------------------------------------

def runtime_dir() -> str:
    """runtime/ on disk: $XLIDL_RUNTIME, else xlidl's own (gen/resources.py: from the
    pyz, a copy in a temporary folder, removed when the process ends)."""
    env = os.environ.get("XLIDL_RUNTIME")
    if env:
        return env
    from .. import resources
    try:
        p = resources.folder("runtime")
    except resources.Incomplete:
        p = ""
    if os.path.isfile(os.path.join(p, "include", "libxl.h")):
        return p
    raise CheckError("xlidl's C runtime (runtime/) is not installed next to the package; "
                     "set XLIDL_RUNTIME to its folder", EXIT_USAGE)


def pkg_config(package: str, what: str) -> list:
    """``pkg-config --cflags/--libs package`` as a list; CheckError when not found."""
    import shlex
    try:
        r = compat.run(["pkg-config", what, package], text=True)
    except OSError:
        raise CheckError("pkg-config is not installed (needed to find %s)" % package,
                         EXIT_USAGE)
    if r.returncode != 0:
        hint = {"yajl": "libyajl-dev", "json-c": "libjson-c-dev"}.get(package, package)
        raise CheckError("pkg-config cannot find %s (install %s): %s"
                         % (package, hint, r.stderr.strip()), EXIT_USAGE)
    return shlex.split(r.stdout)


def backend_flags(json: str) -> tuple:
    """(cflags, libs) for a JSON backend.  Parsing is always done with yajl; json-c is
    added for generation with --json jsonc."""
    cflags = pkg_config("yajl", "--cflags")
    libs = pkg_config("yajl", "--libs")
    if json == "jsonc":
        cflags = pkg_config("json-c", "--cflags") + cflags + ["-DXLIDL_JSON_JSONC=1"]
        libs = pkg_config("json-c", "--libs") + libs
    return cflags, libs


def default_cc() -> str:
    return os.environ.get("CC") or "gcc"


# -- what the runtime must know about an IDL ----------------------------------------------


def c_string(s: str) -> str:
    return '"%s"' % s


def c_file_name(path: str) -> str:
    """The name an IDL's generated files are compiled under: its file name with the stem
    made a C identifier (libxl_types.idl stays), since gentypes makes the header guards
    from the file names and ``__MY-TYPES_H`` is no C macro name."""
    import re
    return re.sub(r"[^0-9A-Za-z_]", "_", idl_stem(path)) + ".idl"


def idl_defines(main_path: str, main, internal_path: "Optional[str]" = None,
                internal=None) -> list:
    """The -D defines that tell the runtime about one build: a main IDL (model ``main``)
    and optionally its internal IDL.  Decided from the models, never per release:

    XLIDL_TYPES_H, XLIDL_TYPES_JSON_H, XLIDL_TYPES_PRIVATE_H
        the generated headers of the main IDL ("_<stem>.h" ...)
    XLIDL_INTERNAL_TYPES_H, ..._JSON_H, ..._PRIVATE_H
        those of the internal IDL, when there is one
    XLIDL_IDL_HAS_ERRORS
        1 when an IDL defines ERROR_FAIL (the libxl_error enumeration); 0 makes libxl.h
        define the ERROR_* codes the runtime uses
    XLIDL_CPUID_JSON_MAP
        1 when libxl_cpuid_policy_list is declared with json_parse_type "JSON_ANY" (Xen
        4.18+ and the late 4.14-4.17 point releases: {"cpuid": [...], "msr": [...]}), 0
        for "JSON_ARRAY" (the legacy plain array of leaves)
    """
    stem = idl_stem(main_path)
    d = ["-DXLIDL_TYPES_H=" + c_string("_%s.h" % stem),
         "-DXLIDL_TYPES_JSON_H=" + c_string("_%s_json.h" % stem),
         "-DXLIDL_TYPES_PRIVATE_H=" + c_string("_%s_private.h" % stem)]
    if internal_path is not None:
        istem = idl_stem(internal_path)
        d += ["-DXLIDL_INTERNAL_TYPES_H=" + c_string("_%s.h" % istem),
              "-DXLIDL_INTERNAL_TYPES_JSON_H=" + c_string("_%s_json.h" % istem),
              "-DXLIDL_INTERNAL_TYPES_PRIVATE_H=" + c_string("_%s_private.h" % istem)]
    models = [m for m in (main, internal) if m is not None]
    has_errors = any(v.name == "ERROR_FAIL" for m in models for t in m.types
                     if isinstance(t, Enumeration)
                     for v in t.values)
    d.append("-DXLIDL_IDL_HAS_ERRORS=%d" % has_errors)
    d.append("-DXLIDL_CPUID_JSON_MAP=%d" % cpuid_json_map(models))
    return d


def cpuid_json_map(models) -> int:
    """1 unless an IDL declares libxl_cpuid_policy_list as JSON_ARRAY (see idl_defines)."""
    for m in models:
        for t in m.builtins:
            if t.typename == "libxl_cpuid_policy_list":
                return 0 if t.json_parse_type == "JSON_ARRAY" else 1
    return 1


def unknown_builtins(models) -> list:
    """Builtin types of the IDLs that the runtime does not implement."""
    out = []
    for m in models:
        for t in m.builtins:
            if t.cls == "Builtin" and t.typename not in RUNTIME_BUILTINS \
                    and t.typename not in out:
                out.append(t.typename)
    return out


# -- building ----------------------------------------------------------------------------

def cc_argv(cc: str) -> list:
    """A compiler given as a command, e.g. "ccache gcc" or "gcc-12"."""
    import shlex
    return shlex.split(cc) or ["gcc"]


def _run_tool(argv, cwd=None, env=None, timeout=None):
    try:
        return compat.run(argv, cwd=cwd, env=env, text=True, errors="replace",
                          timeout=timeout)
    except FileNotFoundError:
        raise CheckError("%s: command not found" % argv[0], EXIT_USAGE)


def compile_units(cc: str, jobs, outdir: str) -> list:
    """Compile [(source, extra_flags)] in parallel; objects in outdir.  CheckError with
    the compiler's messages on failure (warnings included: -Werror)."""
    from concurrent.futures import ThreadPoolExecutor
    os.makedirs(outdir, exist_ok=True)

    def one(item):
        src, flags = item
        obj = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + ".o")
        r = _run_tool([*cc_argv(cc), *flags, "-c", src, "-o", obj])
        return src, obj, r

    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(workers) as ex:
        results = list(ex.map(one, jobs))
    errors = ["%s:\n%s" % (os.path.basename(src), _head((r.stderr or r.stdout).strip(), 40))
              for src, _, r in results if r.returncode != 0 or r.stderr.strip()]
    if errors:
        raise CheckError("compilation failed (%s):\n%s" % (cc, "\n".join(errors)))
    return [obj for _, obj, _ in results]


def build_runtime(outdir: str, cc: "Optional[str]" = None, json: str = "yajl",
                  cflags=()) -> str:
    """Compile the runtime (IDL-independent) into ``outdir/libxlrt.a``; returns its path."""
    cc = cc or default_cc()
    rt = runtime_dir()
    bflags, _ = backend_flags(json)
    flags = [*BASE_CFLAGS, *cflags, *bflags, "-I" + os.path.join(rt, "include")]
    objs = compile_units(cc, [(os.path.join(rt, "src", s), flags) for s in RUNTIME_SOURCES],
                         outdir)
    lib = os.path.join(outdir, "libxlrt.a")
    if os.path.exists(lib):
        os.remove(lib)
    r = _run_tool(["ar", "rcs", lib, *objs])
    if r.returncode:
        raise CheckError("ar failed: %s" % r.stderr.strip())
    return lib


class Program:
    """One program: a main IDL (+ its internal IDL), as checked models, generated into
    a folder with ``options`` (gen/backend/options.py: the JSON backend, the fixes; the
    seed, the test harness and the folder are given to :meth:`generate`)."""

    def __init__(self, main_path: str, main, internal_path: "Optional[str]" = None,
                 internal=None, options: "Options" = Options()):
        self.main_path, self.main = main_path, main
        self.internal_path, self.internal = internal_path, internal
        self.options = options
        self.files: Dict[str, str] = {}

    @property
    def json(self) -> str:
        return self.options.json

    @property
    def fixes(self) -> "Fixes":
        return self.options.fixes

    @property
    def paths(self) -> list:
        return [p for p in (self.main_path, self.internal_path) if p is not None]

    @property
    def models(self) -> list:
        """(IDL file name, model) of each IDL, for gen/backend/render.py generate()."""
        return [(c_file_name(p), m) for p, m in ((self.main_path, self.main),
                                                 (self.internal_path, self.internal))
                if p is not None]

    def generate(self, workdir: str, seed=None, testidl: bool = True) -> dict:
        """Write the generated files into workdir; returns {path: content}.  The main
        model must have been loaded with harness=True when ``testidl``."""
        from ..backend.files import write_all
        from ..backend.generate_step import generate
        self.files = generate(self.models, self.options.replace(seed=seed, testidl=testidl,
                                                                outdir=workdir))
        write_all(self.files)
        return self.files

    def testidl_source(self):
        for p in self.files:
            if os.path.basename(p).startswith("testidl"):
                return p
        return None

    def defines(self) -> list:
        return idl_defines(c_file_name(self.main_path), self.main,
                           self.internal_path and c_file_name(self.internal_path),
                           self.internal)

    def cflags(self, workdir: str, extra=()) -> list:
        rt = runtime_dir()
        bflags, _ = backend_flags(self.json)
        return [*BASE_CFLAGS, *extra, *bflags, "-I" + os.path.join(rt, "include"),
                "-I" + workdir, *self.defines()]

    def testidl_flags(self) -> list:
        """Extra flags for testidl.c: see testidl_relaxations."""
        src = self.testidl_source()
        return testidl_relaxations(self.files[src]) if src else []

    def compile(self, workdir: str, cc: "Optional[str]" = None, extra=(),
                objdir: "Optional[str]" = None,
                sources=None, testidl_extra=()) -> list:
        """Compile the generated .c files (or ``sources``) and idlconfig.c."""
        cc = cc or default_cc()
        flags = self.cflags(workdir, extra)
        testidl_extra = list(testidl_extra) + self.testidl_flags()
        if sources is None:
            sources = [p for p in self.files if p.endswith(".c")]
            sources.append(os.path.join(runtime_dir(), "src", "idlconfig.c"))
        jobs = []
        for s in sources:
            f = flags
            if os.path.basename(s).startswith("testidl"):
                f = flags + list(testidl_extra)
            jobs.append((s, f))
        return compile_units(cc, jobs, objdir or workdir)

    def link(self, objs, runtime_lib: str, exe: str, cc: "Optional[str]" = None,
             extra=()) -> str:
        cc = cc or default_cc()
        _, libs = backend_flags(self.json)
        r = _run_tool([*cc_argv(cc), *extra, "-o", exe, *objs, runtime_lib, *libs])
        if r.returncode or r.stderr.strip():
            raise CheckError("linking failed (%s):\n%s" % (cc, (r.stderr or r.stdout).strip()))
        return exe


def unused_static_functions(c_text: str) -> list:
    """Static functions a C file defines but never calls (gentest's helpers for builtins
    that the IDL does not use)."""
    import re
    names = re.findall(r"^static [^(;]*?\b(\w+)\(", c_text, re.M)
    calls = [ln for ln in c_text.splitlines() if not ln.startswith("static ")]
    out = []
    for n in dict.fromkeys(names):
        pat = re.compile(r"\b%s\(" % re.escape(n))
        if not any(pat.search(ln) for ln in calls):
            out.append(n)
    return out


def testidl_relaxations(c_text: str) -> list:
    """The warnings to turn off for this testidl.c (none for Xen's IDLs): see
    TESTIDL_UNUSED_FUNCTION."""
    flags = []
    if unused_static_functions(c_text):
        flags.append(TESTIDL_UNUSED_FUNCTION)
    if "json_string;" in c_text and "json_string =" not in c_text:
        flags.append(TESTIDL_UNUSED_VARIABLE)
    return flags


#: exit statuses of a program built with the sanitizers (SANITIZE_ENV)
SANITIZER_EXITS = {97: "AddressSanitizer", 98: "LeakSanitizer"}


def exit_description(returncode: int) -> str:
    """What a program's exit status says, after "the program ...": "abort (SIGABRT)",
    "be killed by SIGSEGV", "exit with status 97 (AddressSanitizer found an error)"."""
    if returncode < 0:
        import signal
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "signal %d" % -returncode
        if name == "SIGABRT":
            return "abort (SIGABRT: a failed assert() or abort())"
        return "be killed by %s" % name
    tool = SANITIZER_EXITS.get(returncode)
    return "exit with status %d%s" % (returncode, " (%s found an error)" % tool if tool else "")


class RunResult:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.stderr.strip()

    def failure(self) -> str:
        """What went wrong, for a message: exit status, stderr, the end of stdout."""
        what = "exited with status %d" % self.returncode if self.returncode \
            else "exited 0 but wrote to stderr"
        if self.returncode < 0:
            import signal
            try:
                what = "was killed by %s" % signal.Signals(-self.returncode).name
            except ValueError:
                what = "was killed by signal %d" % -self.returncode
        out = ["testidl %s" % what]
        if self.stderr.strip():
            out += ["--- stderr ---", tail(self.stderr, 60)]
        if self.returncode:
            out += ["--- end of stdout ---", tail(self.stdout, 40)]
        return "\n".join(out)


def _head(text: str, n: int) -> str:
    lines = text.splitlines()
    if len(lines) > n:
        lines = lines[:n] + ["[... %d more lines ...]" % (len(lines) - n)]
    return "\n".join(lines)


def tail(text: str, n: int) -> str:
    lines = text.rstrip("\n").splitlines()
    if len(lines) > n:
        lines = ["[... %d lines ...]" % (len(lines) - n)] + lines[-n:]
    return "\n".join(lines)


def run_testidl(exe: str, sanitize: bool = False, valgrind: bool = False,
                timeout: float = 600, logdir: "Optional[str]" = None) -> "RunResult":
    """Run a testidl program; under valgrind its report goes to logdir/valgrind.log and is
    shown on failure."""
    env = dict(os.environ)
    if sanitize:
        env.update(SANITIZE_ENV)
    import shutil
    argv = [exe]
    vlog = None
    if valgrind:
        if not shutil.which("valgrind"):
            raise CheckError("valgrind is not installed", EXIT_USAGE)
        vlog = os.path.join(logdir or os.path.dirname(exe), "valgrind.log")
        argv = [*VALGRIND_ARGS, "--log-file=" + vlog, exe]
    if shutil.which("stdbuf"):
        # line-buffered stdout: when testidl abort()s, what it printed last (the "Huh?"
        # report of a failed round trip) is not lost in a pipe buffer
        argv = ["stdbuf", "-oL", *argv]
    import subprocess
    try:
        r = _run_tool(argv, cwd=os.path.dirname(exe) or None, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return RunResult(124, "", "testidl did not finish within %d s" % timeout)
    stderr = r.stderr
    if vlog and os.path.exists(vlog):
        with open(vlog, errors="replace") as f:
            report = f.read()
        if report.strip():
            stderr += report
    return RunResult(r.returncode, r.stdout, stderr)


# -- the command --------------------------------------------------------------------------

def group_idls(paths) -> list:
    """[(main, internal or None)]: each internal IDL goes with NAME.idl (taken from its
    folder when not given)."""
    mains = [p for p in paths if not is_internal(p)]
    internals = [p for p in paths if is_internal(p)]
    groups = {m: None for m in mains}
    for i in internals:
        stem = idl_stem(i)[:-len("_internal")]
        match = [m for m in mains if idl_stem(m) == stem]
        if not match:
            sibling = os.path.join(os.path.dirname(i), stem + ".idl")
            if not os.path.isfile(sibling):
                raise CheckError("%s is an internal IDL: its code needs %s.idl, which is "
                                 "neither given nor in the same folder" % (i, stem), EXIT_USAGE)
            match = [sibling]
            groups[sibling] = None
        if groups[match[0]] is not None:
            raise CheckError("two internal IDLs for %s" % match[0], EXIT_USAGE)
        groups[match[0]] = i
    return list(groups.items())
