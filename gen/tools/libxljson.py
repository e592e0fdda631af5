"""``xlidl json``'s engine: libxl's own JSON parser and generator, compiled from an IDL
with xlidl's C runtime, cached, and run on documents.

* :func:`converter` gives a :class:`Converter` for an IDL (and its internal IDL): the
  program xlidl_json (templates/c/json_driver.c.j2) compiled with the generated code
  and runtime/ exactly as ``xlidl check`` compiles them (gen/tools/cbuild.py).  For a
  document it calls ``TYPE_from_json`` and ``TYPE_to_json`` and returns libxl's
  canonical text, or what the runtime logged when the parser rejects it.
* The compiled program is **cached**, the one thing xlidl keeps between runs: running
  the compiled code is the point of this command.  An entry is a folder named by the
  sha256 of everything that goes into the binary (see :func:`cache_key`), under
  :func:`cache_root` ($XLIDL_JSON_CACHE, else $XDG_CACHE_HOME/xlidl/json, else
  ~/.cache/xlidl/json).  It is built in a temporary folder beside it and renamed into
  place, so concurrent runs never see half an entry; it records the sha256 of the
  binary, checked before each use: an entry that does not match is removed and built
  again.  Deleting the folder is always safe.
* :func:`locate_rejection` names the member a parser rejects, by asking the program
  which single removal makes the document acceptable (top down).
"""
import hashlib
import json
import os
import shutil
import time

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Dict, List, Optional, Sequence, Tuple

    from ..model.types import Idl, Type

from .. import compat
from ..errors import EXIT_INPUT, EXIT_USAGE, Failure
from ..model.types import Aggregate, KeyedUnion
from . import cbuild
from . import jsondoc

#: bump when the layout of an entry or what goes into the key changes
CACHE_FORMAT = 1
CACHE_ENV = "XLIDL_JSON_CACHE"
EXE = "xlidl_json"
MANIFEST = "manifest.json"
#: temporary build folders older than this (seconds) are left-overs of killed runs
STALE_TMP = 24 * 3600


class JsonToolError(Failure):
    """A build or a run failed: str() is the message (compiler output ...); the command
    reports it as ``xlidl: error: ...``, exit status 1 (EXIT_INPUT: the IDL's code cannot
    be built or run), 2 (EXIT_USAGE) when a program it needs is not installed."""


def _tool_error(e: "cbuild.CheckError") -> "JsonToolError":
    """A CheckError of cbuild as a JsonToolError (a compiler that is missing stays
    EXIT_USAGE; the code that does not build is an error in the input)."""
    return JsonToolError(str(e), EXIT_USAGE if e.status == EXIT_USAGE else EXIT_INPUT)


def cache_root() -> str:
    """$XLIDL_JSON_CACHE, else $XDG_CACHE_HOME/xlidl/json, else ~/.cache/xlidl/json."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return os.path.abspath(env)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "xlidl", "json")


# -- what goes into the binary ------------------------------------------------------------

def compiler_identity(cc: str) -> "List[str]":
    """What identifies the compiler: its command, the file it runs (path, size, mtime)
    and ``CC --version``."""
    argv = cbuild.cc_argv(cc)
    exe = shutil.which(argv[0])
    if exe is None:
        raise JsonToolError("%s: command not found (the C compiler; --cc or $CC)" % argv[0],
                            EXIT_USAGE)
    real = os.path.realpath(exe)
    st = os.stat(real)
    try:
        r = compat.run(argv + ["--version"], text=True, errors="replace")
    except OSError as e:
        raise JsonToolError("%s --version: %s" % (cc, e))
    return [" ".join(argv), real, str(st.st_size), str(int(st.st_mtime)),
            r.stdout.strip(), str(r.returncode)]


def runtime_files() -> "Dict[str, bytes]":
    """runtime/'s sources, headers and makefile snippet: relative path -> bytes."""
    root = cbuild.runtime_dir()
    out = {}
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith((".", "__")))
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                p = os.path.join(d, f)
                with open(p, "rb") as fh:
                    out[os.path.relpath(p, root)] = fh.read()
    return out


def cache_key(sources: "Dict[str, str]", runtime: "Dict[str, bytes]", compiler: "List[str]",
              cflags: "Sequence[str]", ldflags: "Sequence[str]", json_backend: str) -> str:
    """sha256 of everything the binary is made from: the generated sources (names and
    text), the runtime's files, the compiler's identity, every flag (pkg-config's and
    the IDL's -D defines included) and the JSON backend."""
    h = hashlib.sha256()

    def add(tag: str, data) -> None:
        b = data if isinstance(data, bytes) else str(data).encode("utf-8")
        h.update(b"%s %d\0" % (tag.encode(), len(b)))
        h.update(b)

    add("format", CACHE_FORMAT)
    add("backend", json_backend)
    for name in sorted(sources):
        add("source " + name, sources[name])
    for name in sorted(runtime):
        add("runtime " + name, runtime[name])
    for part in compiler:
        add("cc", part)
    for f in cflags:
        add("cflag", f)
    for f in ldflags:
        add("ldflag", f)
    return h.hexdigest()


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- the converter ------------------------------------------------------------------------

class Result:
    """One document's outcome.  ``status``: "ok" (``text`` is TYPE_to_json's output),
    "rejected" (TYPE_from_json returned ``code``; ``text`` is what the runtime logged),
    "crashed" (killed by signal ``code``, e.g. an assert(); ``text``: its messages) or
    "failed" (anything else)."""

    __slots__ = ("status", "code", "text")

    def __init__(self, status: str, code: int, text: str):
        self.status, self.code, self.text = status, code, text

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def __repr__(self) -> str:
        return "Result(%s, %d, %r)" % (self.status, self.code, self.text[:60])

    def why(self) -> str:
        """The runtime's messages, for a rejection."""
        msg = self.text.strip()
        if self.status == "crashed":
            import signal
            try:
                name = signal.Signals(self.code).name
            except ValueError:
                name = "signal %d" % self.code
            return (msg + "\n" if msg else "") + "(the parser was killed by %s)" % name
        return msg or "(no message)"


class Converter:
    """A compiled xlidl_json: ``convert()`` runs documents through it."""

    def __init__(self, exe: str, types: "List[str]", key: str, built: bool, seconds: float):
        self.exe, self.types, self.key = exe, types, key
        self.built = built          # compiled by this call (not from the cache)
        self.seconds = seconds      # time spent getting it (compiling or checking)
        self.runs = 0               # processes started (tests count them)

    def convert(self, requests: "Sequence[Tuple[str, str]]") -> "List[Result]":
        """[(TYPE, JSON text)] -> [Result], in one run of the program."""
        if not requests:
            return []
        data = bytearray()
        for typename, text in requests:
            doc = text.encode("utf-8", "surrogateescape")
            data += b"%s %d\n" % (typename.encode("ascii"), len(doc))
            data += doc
        self.runs += 1
        try:
            r = compat.run([self.exe], input=bytes(data))
        except OSError as e:
            raise JsonToolError("cannot run %s: %s" % (self.exe, e))
        out = r.stdout
        results: List[Result] = []
        pos = 0
        try:
            while pos < len(out):
                nl = out.index(b"\n", pos)
                status, code, length = out[pos:nl].decode("ascii").split()
                body = out[nl + 1:nl + 1 + int(length)]
                results.append(Result(status, int(code), body.decode("utf-8", "replace")))
                pos = nl + 1 + int(length)
        except ValueError:   # not what the program writes: results is short
            pass
        if r.returncode != 0 or len(results) != len(requests):
            raise JsonToolError("%s failed (exit %d): %s" % (
                self.exe, r.returncode, r.stderr.decode("utf-8", "replace").strip()))
        return results


def converter(main_path: str, main: "Idl", internal_path: "Optional[str]" = None,
              internal: "Optional[Idl]" = None, json_backend: str = "yajl",
              cc: "Optional[str]" = None, cflags: "Sequence[str]" = (),
              cache: "Optional[str]" = None) -> "Converter":
    """The compiled program for an IDL (+ its internal IDL): from the cache when an
    entry for exactly these inputs is there and intact, else compiled (about as long
    as ``xlidl check`` compiles) and stored."""
    from ..backend.generate_step import generate
    from ..backend.options import Options
    from ..backend.render import JSON_DRIVER, json_driver_output, json_driver_types
    t0 = time.monotonic()
    cc = cc or cbuild.default_cc()
    unknown = cbuild.unknown_builtins([m for m in (main, internal) if m is not None])
    if unknown:
        raise JsonToolError("%s: the C runtime does not implement the builtin type%s %s"
                            % (main_path, "s" if len(unknown) > 1 else "", ", ".join(unknown)))
    # (Program compiles an IDL named "case-removed.idl" as case_removed.idl: gentypes
    # makes the include guards from the file names)
    options = Options(json=json_backend, testidl=False)
    prog = cbuild.Program(main_path, main, internal_path, internal, options)
    cflags = [*cflags, *relaxations([m for m in (main, internal) if m is not None])]
    sources = generate(prog.models, options)
    sources[JSON_DRIVER] = json_driver_output(prog.models, json_backend)
    types = [str(t.typename)
             for t in json_driver_types([m for _, m in prog.models], json_backend)]
    try:
        bflags, libs = cbuild.backend_flags(json_backend)
        compiler = compiler_identity(cc)
        runtime = runtime_files()
    except cbuild.CheckError as e:
        raise _tool_error(e)
    # the flags as Program.cflags() gives them, without the build folder
    flags = [*cbuild.BASE_CFLAGS, *cflags, *bflags, *prog.defines()]
    key = cache_key(sources, runtime, compiler, flags, list(cflags) + libs, json_backend)
    root = os.path.abspath(cache or cache_root())
    entry = os.path.join(root, key)
    exe = os.path.join(entry, EXE)
    if verify(entry, key):
        return Converter(exe, types, key, False, time.monotonic() - t0)
    if os.path.exists(entry):
        discard(entry, root)
    build(prog, sources, entry, root, key, cc, cflags, types, compiler)
    if not verify(entry, key):
        raise JsonToolError("the cache entry %s does not verify right after it was built"
                            % entry)
    return Converter(exe, types, key, True, time.monotonic() - t0)


def relaxations(models) -> "List[str]":
    """Warnings that gentypes' own output triggers for some valid IDLs, turned off for
    the generated code (``xlidl check`` keeps them: they are the IDL author's business,
    not a reader of JSON's): -Wno-switch when a keyed union has no case for some value
    of its key (its switch statements then miss that value)."""
    for m in models:
        for t in m.types:
            for f in t.fields if isinstance(t, Aggregate) else ():
                ku = f.type
                if isinstance(ku, KeyedUnion) and ku.missing_cases():
                    return ["-Wno-switch"]
    return []


def verify(entry: str, key: str) -> bool:
    """Whether the entry is complete and intact: its manifest names this key and the
    binary has the sha256 recorded when it was built."""
    try:
        with open(os.path.join(entry, MANIFEST), encoding="utf-8") as f:
            m = json.load(f)
        exe = os.path.join(entry, EXE)
        return (isinstance(m, dict) and m.get("format") == CACHE_FORMAT
                and m.get("key") == key and os.access(exe, os.X_OK)
                and m.get("sha256") == sha256_file(exe))
    except (OSError, ValueError):
        return False


def discard(entry: str, root: str) -> None:
    """Remove a bad entry: renamed out of the way first (atomic), then deleted."""
    trash = os.path.join(root, ".trash-%d-%d" % (os.getpid(), time.monotonic_ns()))
    try:
        os.rename(entry, trash)
    except OSError:
        return      # another run removed it already
    shutil.rmtree(trash, ignore_errors=True)


def _clean_stale(root: str) -> None:
    now = time.time()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for n in names:
        if n.startswith((".tmp-", ".trash-")):
            p = os.path.join(root, n)
            try:
                if now - os.stat(p).st_mtime > STALE_TMP:
                    shutil.rmtree(p, ignore_errors=True)
            except OSError:
                pass


def build(prog, sources: "Dict[str, str]", entry: str, root: str, key: str, cc: str,
          cflags: "Sequence[str]", types: "List[str]", compiler: "List[str]") -> None:
    """Compile into a temporary folder in ``root`` and rename it to ``entry``.  When
    another run got there first, its entry is kept (and ours dropped)."""
    import tempfile

    from .. import __version__
    try:
        os.makedirs(root, exist_ok=True)
    except OSError as e:
        raise JsonToolError("cannot create the cache folder %s: %s" % (root, e.strerror))
    _clean_stale(root)
    made = tempfile.mkdtemp(prefix=".tmp-", dir=root)
    tmp: Optional[str] = made      # (None once it is the entry)
    try:
        src = os.path.join(made, "src")
        prog.files = {os.path.join(src, name): text for name, text in sources.items()}
        from ..backend.files import write_all
        write_all(prog.files)
        try:
            lib = cbuild.build_runtime(os.path.join(made, "runtime"), cc, prog.json, cflags)
            # __FILE__ without the temporary folder, in the messages of assert()
            objs = prog.compile(src, cc, [*cflags, "-fmacro-prefix-map=%s/=" % src],
                                objdir=os.path.join(made, "obj"))
            prog.link(objs, lib, os.path.join(made, EXE), cc, cflags)
        except cbuild.CheckError as e:
            raise _tool_error(e)
        shutil.rmtree(os.path.join(made, "obj"), ignore_errors=True)
        shutil.rmtree(os.path.join(made, "runtime"), ignore_errors=True)
        manifest = {
            "format": CACHE_FORMAT, "key": key, "sha256": sha256_file(os.path.join(made, EXE)),
            "xlidl": __version__, "idls": [os.path.basename(p) for p in prog.paths],
            "json": prog.json, "cc": compiler[0], "cc_version": compiler[4].split("\n")[0],
            "cflags": list(cflags), "types": types,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        with open(os.path.join(made, MANIFEST), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=1)
            f.write("\n")
        os.chmod(made, 0o755)
        try:
            os.rename(made, entry)
            tmp = None
        except OSError:
            if not verify(entry, key):      # not a complete entry of another run
                discard(entry, root)
                os.rename(made, entry)
                tmp = None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


# -- naming the member a parser rejects ---------------------------------------------------

def locate_rejection(conv: "Converter", typename: str,
                     root: "jsondoc.Node") -> "Optional[jsondoc.Path]":
    """The path of the member (or element) that makes ``TYPE_from_json`` reject the
    document, or None when no single one does (several bad members, or the document
    itself).  Top down: at each level, the first child whose removal makes the document
    acceptable is where the problem is; it is the culprit itself when removing none of
    its own children helps."""
    path: Tuple[int, ...] = ()
    node = root
    while True:
        n = len(node.children())
        if not n:
            return path or None
        candidates = [path + (i,) for i in range(n)]
        results = conv.convert([(typename, jsondoc.dumps(jsondoc.without(root, p)))
                                for p in candidates])
        good = [p for p, r in zip(candidates, results) if r.ok]
        if not good:
            return path or None
        path = good[0]
        node = jsondoc.at(root, path)


# -- an IDL's converter, as ``xlidl json`` uses it -----------------------------------------

class Side:
    """One IDL (+ its internal IDL), the documents' type ``ty`` and the compiled
    converter (``xlidl json``; with --from/--to, OLD's and NEW's)."""

    def __init__(self, path: str, model: "Idl", internal_path: "Optional[str]",
                 internal: "Optional[Idl]", ty: "Type", json_backend: str = "yajl",
                 cc: "Optional[str]" = None):
        self.path, self.model = path, model
        self.internal_path, self.internal = internal_path, internal
        self.type = ty
        self.typename = ty.typename
        self.conv = converter(path, model, internal_path, internal,
                              json_backend=json_backend, cc=cc)
        if self.typename not in self.conv.types:
            raise Failure("%s: %s has no JSON functions (TYPE_from_json and TYPE_to_json)"
                          % (path, self.typename), EXIT_USAGE)

    def convert(self, texts: "List[str]") -> "List[Result]":
        return self.conv.convert([(str(self.typename), t) for t in texts])


def indent(text: str) -> str:
    return "\n".join("    " + ln for ln in text.rstrip("\n").splitlines())


def rejection_text(side: "Side", doc: "jsondoc.Document", result: "Result",
                   text: "Optional[str]" = None, what: str = "") -> str:
    """FILE[:LINE:COL]: error: ... with the runtime's messages and, when it can be
    found, the member rejected.  ``text`` is the document actually given to the parser
    when it is not the file (an upgrade check gives NEW what OLD wrote)."""
    fn = "%s_from_json" % side.typename
    head = "%s: error: %s%s rejects the document" % (doc.name, what, fn)
    tree = doc.tree if text is None else jsondoc.parse(text)
    if tree is None:
        e = doc.syntax
        assert e is not None
        head = "%s:%d:%d: error: not JSON: %s; %s%s rejects it" % (
            doc.name, e.line, e.col, e.message, what, fn)
    else:
        path = locate_rejection(side.conv, str(side.typename), tree)
        if path is not None:
            node = jsondoc.at(tree, path)
            ptr = jsondoc.pointer(tree, path)
            place = doc.name
            if text is None:
                place = doc.where(node)
            else:   # the same member of the file, when it has one
                mine = jsondoc.find_keys(doc.tree, jsondoc.keys(tree, path)) \
                    if doc.tree else None
                if mine is not None:
                    place = doc.where(mine)
            head = "%s: error: %s%s rejects %s: %s" % (place, what, fn, ptr,
                                                         jsondoc.text_of(node))
    return "%s\n%s" % (head, indent(result.why()))
