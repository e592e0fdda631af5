"""``xlidl doc``'s content: the public types of an IDL, each type, member, keyed-union case
and enumeration value with the release that added it, from a history of the IDL.

Identity across releases (docs/doc.md): a type by its C name (``libxl_domain_build_info``);
a member by its path as api-diff names it (``u.hvm.smbios``: gen/tools/apidiff.py's
walk_members); a keyed-union case is a member whose path is the union member and the case
(``u.hvm``); an enumeration value by its C enumerator (``LIBXL_DOMAIN_TYPE_HVM``).

The history is a list of releases, oldest first, each with the model of its IDL (and the
text of its libxl.h when known).  The documented state is the newest entry.  For each
thing, its runs of presence (``[[first, last], ...]``, release names) give:

* ``since``: the first release of the last run;
* ``removed``: when the last run does not reach the newest release, the release after it;
* ``deprecated``: the first release of the run of releases with ``deprecated_by`` set that
  reaches the last release it is present in (members only);
* ``define``: the LIBXL_HAVE_* that announced it, when ``since`` has a libxl.h and so has
  the release before: api-diff's comparison of the two releases, its features matched to
  the defines the newer libxl.h added (api_report.compare, check_header: the same rule as
  ``api-diff --header``); a thing gets the define of the feature whose additions name it,
  else (added with it) the one of the member, case or type it is inside.

Everything here is plain data (dicts and lists, as docs/doc.md's JSON has it); the
formats are gen/tools/docrender.py.
"""
import re

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

    from ..model.types import Idl, Member, Type
    from .api_report import Change

from ..model.comments import Comments
from ..model.types import Aggregate, Array, Enumeration, KeyedUnion, Number, Struct
from .api_report import (check_header, compare, header_defines, is_internal, member_default,
                         named_types, type_text, walk_members)

#: the version of docs/doc.md's JSON shape
FORMAT_VERSION = 1

_JSON_NODE = (("JSON_NULL", "null"), ("JSON_BOOL", "boolean"), ("JSON_INTEGER", "integer"),
              ("JSON_DOUBLE", "number"), ("JSON_NUMBER", "number"),
              ("JSON_STRING", "string"), ("JSON_MAP", "object"), ("JSON_ARRAY", "array"))

_KIND = {"Struct": "struct", "Union": "union", "KeyedUnion": "keyed union",
         "Aggregate": "union", "Enumeration": "enumeration", "Builtin": "builtin",
         "Number": "builtin", "UInt": "builtin", "Array": "array", "Type": "type"}

def json_form(t: "Optional[Type]") -> str:
    """What a value of the type is in libxl's JSON: object, string, integer, array ...
    (a builtin's from its json_parse_type; "any" when it takes every JSON type)."""
    if t is None:
        return "object"
    if isinstance(t, (Struct, KeyedUnion)) or isinstance(t, Aggregate):
        return "object"
    if isinstance(t, Enumeration):
        return "string"
    if isinstance(t, Array):
        return "array of %s" % json_form(t.elem_type)
    if isinstance(t, Number) and t.json_parse_type is None:
        return "integer"
    expr = t.json_parse_type
    if expr is None:
        return "any"
    names = {p.strip() for p in str(expr).split("|")}
    if "JSON_ANY" in names:
        return "any"
    forms: List[str] = []
    for node, word in _JSON_NODE:
        if node in names and word not in forms:
            forms.append(word)
    return " or ".join(forms) if forms else "any"


class Snapshot:
    """What one release's IDL (and its internal IDL) holds: ``things`` maps an identity
    (("type", C name), ("member", C name, path), ("value", C name, enumerator)) to its
    facts, in the IDL's order; ``defines`` the LIBXL_HAVE_* of its libxl.h, or None;
    ``guards``: identity -> the LIBXL_HAVE_* of libxl.h that announced the things this
    release added (see :func:`guard_defines`)."""

    def __init__(self, name: str, things: "Dict[Tuple[str, ...], Dict[str, Any]]",
                 defines: "Optional[List[str]]"):
        self.name = name
        self.things = things
        self.defines = defines
        self.guards: Dict[Tuple[str, ...], str] = {}


def snapshot(name: str, idls: "Sequence[Tuple[Idl, str]]", internal: bool,
             header: "Optional[str]" = None) -> "Snapshot":
    """The Snapshot of a release: ``idls`` are its models with their source text (the
    main IDL, and its internal IDL when given); libxl__ types only when ``internal``."""
    things: Dict[Tuple[str, ...], Dict[str, Any]] = {}
    for idl, text in idls:
        comments = Comments(text)
        types = named_types(idl)
        for tname, t in types.items():
            if is_internal(tname) and not internal:
                continue
            if t.private:
                continue
            key = ("type", tname)
            if key in things:
                continue
            line = t.bindings[0][1] if t.bindings else t.loc
            things[key] = {"name": tname, "kind": _KIND.get(t.cls, t.cls),
                           "json": json_form(t),
                           "comment": comments.at(line.line, trailing=False)
                           if line is not None else None}
            if isinstance(t, Enumeration):
                for v in t.values:
                    things[("value", tname, v.name)] = {
                        "name": v.name, "value": v.value, "json": v.valuename.lower(),
                        "comment": comments.at(v.loc.line) if v.loc is not None else None}
            elif isinstance(t, Aggregate):
                for path, m, parent in walk_members(t):
                    things[("member", tname, ".".join(path))] = _member_facts(
                        path, m, parent, comments, types)
    return Snapshot(name, things, header_defines(header) if header is not None else None)


def _link(t: "Optional[Type]", types: "Dict[str, Any]") -> "Optional[str]":
    while t is not None and isinstance(t, Array):
        t = t.elem_type
    if t is not None and t.typename is not None and t.typename in types:
        return str(t.typename)
    return None


def _member_facts(path: "Tuple[str, ...]", m: "Member", parent: "Any", comments: "Comments",
                  types: "Dict[str, Any]") -> "Dict[str, Any]":
    t = m.type
    case = isinstance(parent, KeyedUnion)
    facts: Dict[str, Any] = {"path": ".".join(path), "kind": "case" if case else "field",
                             "c_type": type_text(t, m.const), "type": _link(t, types)}
    if case:
        facts["json_key"] = "%s.%s" % (parent.keyvar.name, m.name)
        facts["enumname"] = m.enumname
    elif isinstance(t, KeyedUnion):
        facts["json_key"] = None     # its cases are the members ("KEY.case")
        facts["key"] = t.keyvar.name
        facts["key_type"] = t.keyvar.type.typename
    else:
        facts["json_key"] = m.name
    facts["json"] = ("object (one \"%s.CASE\" member)" % t.keyvar.name
                     if isinstance(t, KeyedUnion) else json_form(t))
    d = member_default(m) if not case else None
    facts["default"] = None if d is None else str(d)
    facts["deprecated_by"] = m.deprecated_by
    facts["comment"] = comments.at(m.loc.line) if m.loc is not None else None
    return facts


# -- the history -----------------------------------------------------------------------------

def _runs(present: "List[bool]") -> "List[Tuple[int, int]]":
    out: List[Tuple[int, int]] = []
    start = None
    for i, p in enumerate(present + [False]):
        if p and start is None:
            start = i
        elif not p and start is not None:
            out.append((start, i - 1))
            start = None
    return out


class History:
    """The releases, oldest first; the last is the documented state."""

    def __init__(self, snapshots: "List[Snapshot]", named: bool = True):
        self.snapshots = snapshots
        #: False when there is no history: the documented state has no release name
        self.named = named

    @property
    def names(self) -> "List[str]":
        return [s.name for s in self.snapshots] if self.named else []

    def _name(self, i: "Optional[int]") -> "Optional[str]":
        if i is None or not self.named:
            return None
        return self.snapshots[i].name

    def dates(self, key: "Tuple[str, ...]") -> "Dict[str, Any]":
        """since, removed, deprecated and history of one thing; ``last``: the index of
        the last release it is present in."""
        snaps = self.snapshots
        present = [key in s.things for s in snaps]
        runs = _runs(present)
        first, last = runs[-1]
        out: Dict[str, Any] = {
            "since": self._name(first),
            "define": self._define(key, first) if self.named else None,
            "removed": self._name(last + 1) if last + 1 < len(snaps) else None,
            "history": [[self._name(a), self._name(b)] for a, b in runs] if self.named else [],
            "last": last}
        if key[0] == "member":
            dep = None
            for i in range(last, first - 1, -1):
                if snaps[i].things[key].get("deprecated_by"):
                    dep = i
                else:
                    break
            out["deprecated"] = self._name(dep)
        return out

    def _define(self, key: "Tuple[str, ...]", i: int) -> "Optional[str]":
        """The define that announced ``key`` when release ``i`` added it: its own, else
        (a member inside a member or case, a member or value of a type, added in the
        same release) the one of what holds it, the nearest first."""
        guards = self.snapshots[i].guards
        if not guards:
            return None
        own = guards.get(key)
        if own is not None or key[0] == "type":
            return own
        if key[0] == "member":
            parts = key[2].split(".")
            for n in range(len(parts) - 1, 0, -1):
                held = guards.get(("member", key[1], ".".join(parts[:n])))
                if held is not None:
                    return held
        return guards.get(("type", key[1]))

    def document(self) -> "Dict[str, Any]":
        """docs/doc.md's JSON document."""
        snaps = self.snapshots
        newest = len(snaps) - 1
        # every identity, the newest release's order first, then what was removed, from
        # the newest release it was in
        order: List[Tuple[str, ...]] = []
        seen = set()
        for s in reversed(snaps):
            for k in s.things:
                if k not in seen:
                    seen.add(k)
                    order.append(k)
        dates = {k: self.dates(k) for k in order}

        def facts(k: "Tuple[str, ...]") -> "Dict[str, Any]":
            last: int = dates[k]["last"]
            return snaps[last].things[k]

        types: Dict[str, Dict[str, Any]] = {}
        for k in order:
            if k[0] != "type":
                continue
            d = dates[k]
            entry = dict(facts(k))
            entry.update(since=d["since"], define=d["define"], removed=d["removed"],
                         history=d["history"])
            entry["members"] = []
            entry["values"] = []
            types[k[1]] = entry
        for k in order:
            if k[0] == "type" or k[1] not in types:
                continue
            d = dates[k]
            entry = dict(facts(k))
            entry.update(since=d["since"], define=d["define"], removed=d["removed"],
                         history=d["history"])
            if k[0] == "member":
                entry["deprecated"] = d["deprecated"]
                types[k[1]]["members"].append(entry)
            else:
                types[k[1]]["values"].append(entry)
        # present ones first (in the newest IDL's order), then the removed ones
        out_types = []
        for t in types.values():
            for what in ("members", "values"):
                t[what] = ([e for e in t[what] if e["removed"] is None]
                           + [e for e in t[what] if e["removed"] is not None])
            if t["kind"] != "enumeration":
                del t["values"]
            if t["kind"] not in ("struct", "union"):
                del t["members"]
            out_types.append(t)
        out_types = ([t for t in out_types if t["removed"] is None]
                     + [t for t in out_types if t["removed"] is not None])
        return {"format": FORMAT_VERSION, "releases": self.names,
                "types": out_types, "changes": self.changes(dates, newest)}

    def changes(self, dates: "Dict[Tuple[str, ...], Dict[str, Any]]",
                newest: int) -> "List[Dict[str, Any]]":
        """What each release changed from the one before it: things added and removed
        (a member or value only when its type was there before and is still there),
        members deprecated, and the LIBXL_HAVE_* its libxl.h added (null when a header
        is missing)."""
        if not self.named:
            return []
        snaps = self.snapshots
        out: List[Dict[str, Any]] = []
        for i in range(1, len(snaps)):
            prev, cur = snaps[i - 1].things, snaps[i].things
            added: List[str] = []
            removed: List[str] = []
            deprecated: List[str] = []
            for k in cur:
                if k in prev:
                    if k[0] == "member" and cur[k].get("deprecated_by") \
                            and not prev[k].get("deprecated_by"):
                        deprecated.append(_subject(k))
                    continue
                if k[0] == "type" or ("type", k[1]) in prev:
                    added.append(_subject(k))
            for k in prev:
                if k not in cur and (k[0] == "type" or ("type", k[1]) in cur):
                    removed.append(_subject(k))
            ds, dp = snaps[i].defines, snaps[i - 1].defines
            defines = None
            if ds is not None and dp is not None:
                old = set(dp)
                defines = [d for d in ds if d not in old]
            out.append({"release": snaps[i].name, "previous": snaps[i - 1].name,
                        "added": added, "removed": removed, "deprecated": deprecated,
                        "defines_added": defines})
        return out


def _change_key(c: "Change") -> "Optional[Tuple[str, ...]]":
    """The identity (as Snapshot.things has it) of what an api-diff addition names."""
    if c.owner is None:
        return None
    if c.kind == "type-added":
        return ("type", c.owner)
    if c.kind == "enum-value-added":
        return ("value", c.owner, c.subject)
    if c.path:
        return ("member", c.owner, ".".join(c.path))
    return None


def guard_defines(snaps: "List[Snapshot]", models: "List[Idl]",
                  headers: "List[Optional[str]]") -> None:
    """Fill each Snapshot's ``guards``: for each pair of consecutive releases that both
    have a libxl.h, api-diff's report of the change (api_report.compare), its features
    matched to the defines the newer libxl.h added (api_report.check_header, as
    ``api-diff --header``), and each matched define set on every thing its feature's
    additions name."""
    for i in range(1, len(snaps)):
        old_h, new_h = headers[i - 1], headers[i]
        if old_h is None or new_h is None:
            continue
        old, new = snaps[i - 1].name, snaps[i].name
        report = compare(models[i - 1], models[i], old, new)
        check = check_header(report, old_h, new_h, old, new, models[i])
        guards = snaps[i].guards
        for feature, real in check.matches:
            if real is None:
                continue
            for c in feature.additions:
                key = _change_key(c)
                if key is not None:
                    guards.setdefault(key, real)


def _subject(k: "Tuple[str, ...]") -> str:
    if k[0] == "type" or k[0] == "value":
        return k[-1]
    return "%s.%s" % (k[1], k[2])


# -- where the releases come from ------------------------------------------------------------

#: where libxl's IDL and libxl.h are in a Xen tree, the newest place first (both moved in
#: 4.15: tools/libxl/ -> tools/libs/light/ and tools/include/)
GIT_IDL_PATHS = ("tools/libs/light/libxl_types.idl", "tools/libxl/libxl_types.idl")
GIT_HEADER_PATHS = ("tools/include/libxl.h", "tools/libxl/libxl.h")


class Source:
    """One release's files, as text: its IDL (``idl``, named ``idl_name`` in messages),
    its internal IDL and its libxl.h when known."""

    def __init__(self, name: str, idl: str, idl_name: str,
                 internal: "Optional[Tuple[str, str]]" = None,
                 header: "Optional[str]" = None):
        self.name = name
        self.idl = idl
        self.idl_name = idl_name
        self.internal = internal
        self.header = header


class SourceError(Exception):
    """A release that cannot be read (a file, a git revision): the message says which."""


def read_text(path: str) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise SourceError("cannot read '%s': %s" % (path, e.strerror or e))
    return decode(data, path)


def decode(data: bytes, what: str) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError("%s: not valid UTF-8 (byte 0x%02x at offset %d)"
                          % (what, data[e.start], e.start))
    return text[1:] if text.startswith("\ufeff") else text


def internal_path(idl_path: str) -> str:
    """``dir/libxl_types.idl`` -> ``dir/libxl_types_internal.idl``."""
    base = idl_path[:-4] if idl_path.endswith(".idl") else idl_path
    return base + "_internal.idl"


def version_key(name: str) -> "Tuple[Any, ...]":
    """Orders release names by version: 4.5.0 < 4.10.0-rc1 < 4.10.0 < stable-4.17 <
    4.18.0 (the numbers in the name; a -rcN before the release; then by name)."""
    m = re.match(r"(.*?)[-.]?(rc(\d+))?$", name)
    base, rc = (m.group(1), m.group(3)) if m else (name, None)
    nums = tuple(int(x) for x in re.findall(r"\d+", base))
    return (nums, 0 if rc is not None else 1, int(rc) if rc is not None else 0, name)


def _git(repo: str, *args: str, stdin: "Optional[bytes]" = None) -> "Tuple[int, bytes, str]":
    from ..compat import run
    try:
        p = run(["git", "-C", repo] + list(args), input=stdin)
    except FileNotFoundError:
        raise GitMissing("git is not installed (--git reads the repository with it)")
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace").strip()


class GitMissing(Exception):
    """git itself is not installed."""


def _batch(repo: str, specs: "Sequence[str]", check: bool = False) -> "Dict[str, Optional[bytes]]":
    """``git cat-file --batch`` (``--batch-check`` when ``check``: the object names) of
    ``specs`` (``REV:PATH``, ``TAG^{commit}``) in one process: spec -> content (or the
    object name), None for what does not exist."""
    out: Dict[str, Optional[bytes]] = {}
    if not specs:
        return out
    code, data, err = _git(repo, "cat-file", "--batch-check" if check else "--batch",
                           stdin="".join(sp + "\n" for sp in specs).encode("utf-8"))
    if code != 0:
        raise SourceError("--git '%s': git cat-file failed: %s" % (repo, err))
    pos = 0
    for sp in specs:
        end = data.index(b"\n", pos)
        head = data[pos:end].split(b" ")
        pos = end + 1
        if len(head) < 3:                  # "<spec> missing" (or ambiguous)
            out[sp] = None
            continue
        if check:
            out[sp] = head[0]
            continue
        size = int(head[2])
        out[sp] = data[pos:pos + size]
        pos += size + 1                    # (the content, then a newline)
    return out


def git_sources(repo: str, pattern: str, internal: bool) -> "List[Source]":
    """The releases of a Xen git repository: the IDL at each tag matching ``pattern``,
    ordered by version (tags without the IDL, older than libxl's IDL, are left out), then
    at HEAD unless HEAD is one of those tags or has the IDL of the newest (named HEAD).  A
    release's name is its tag without the pattern's fixed beginning up to its last - or /
    (RELEASE-4.18.0 -> 4.18.0, also for RELEASE-4.1*).  Git is read with three commands
    and two ``cat-file`` batches, whatever the number of tags."""
    code, _, err = _git(repo, "rev-parse", "--git-dir")
    if code != 0:
        raise SourceError("--git '%s': not a git repository (%s)" % (repo, err))
    code, out, err = _git(repo, "tag", "-l", pattern)
    if code != 0:
        raise SourceError("--git '%s': git tag failed: %s" % (repo, err))
    tags = [t for t in out.decode("utf-8", "replace").split("\n") if t.strip()]
    if not tags:
        raise SourceError("--git '%s': no tag matches '%s' (--tags GLOB)" % (repo, pattern))
    # the name: the tag without the pattern's fixed beginning, up to its last - or /
    fixed = re.split(r"[*?\[]", pattern, 1)[0]
    fixed = fixed[:max(fixed.rfind("-"), fixed.rfind("/")) + 1]

    def release_name(tag: str) -> str:
        return tag[len(fixed):] if tag.startswith(fixed) and len(tag) > len(fixed) else tag

    named = sorted(((release_name(t), t) for t in tags), key=lambda nt: version_key(nt[0]))
    commits = _batch(repo, [t + "^{commit}" for _, t in named] + ["HEAD^{commit}"], True)
    head = commits["HEAD^{commit}"]
    revs = list(named)
    if head is not None and not any(commits[t + "^{commit}"] == head for _, t in named):
        revs.append(("HEAD", "HEAD"))
    paths = list(GIT_IDL_PATHS) + list(GIT_HEADER_PATHS)
    if internal:
        paths += [internal_path(p) for p in GIT_IDL_PATHS]
    files = _batch(repo, ["%s:%s" % (rev, p) for _, rev in revs for p in paths])

    def first(rev: str, candidates: "Sequence[str]") -> "Optional[Tuple[str, str]]":
        for path in candidates:
            data = files["%s:%s" % (rev, path)]
            if data is not None:
                return path, decode(data, "%s:%s" % (rev, path))
        return None

    sources: List[Source] = []
    for name, rev in revs:
        found = first(rev, GIT_IDL_PATHS)
        if found is None:
            if rev == "HEAD":
                raise SourceError("--git '%s': HEAD has no %s" % (repo,
                                                                  " or ".join(GIT_IDL_PATHS)))
            continue
        path, text = found
        if rev == "HEAD" and sources and sources[-1].idl == text:
            break
        header = first(rev, GIT_HEADER_PATHS)
        inter = None
        if internal:
            it = first(rev, [internal_path(path)])
            if it is not None:
                inter = ("%s:%s" % (rev, it[0]), it[1])
        sources.append(Source(name, text, "%s:%s" % (rev, path), inter,
                              header[1] if header is not None else None))
    if not sources:
        raise SourceError("--git '%s': no tag matching '%s' has %s" % (
            repo, pattern, " or ".join(GIT_IDL_PATHS)))
    return sources


def build(sources: "List[Source]", documented: "Source", internal: bool,
          load: "Callable[[str, str, bool], Idl]") -> "History":
    """The History of ``documented`` (the positional IDL) after ``sources`` (oldest
    first): when its IDL is the text of the newest source it is that release, otherwise
    one more release after them (named ``documented.name``).  ``load(text, display,
    documented)`` gives a model; no sources: a history of one unnamed state."""
    entries = list(sources)
    if entries and entries[-1].idl == documented.idl:
        last = entries[-1]
        entries[-1] = Source(last.name, documented.idl, documented.idl_name,
                             documented.internal or last.internal,
                             documented.header if documented.header is not None
                             else last.header)
    else:
        entries.append(documented)
    snaps: List[Snapshot] = []
    models: List[Idl] = []
    for i, src in enumerate(entries):
        is_doc = i == len(entries) - 1
        idls = [(load(src.idl, src.idl_name, is_doc), src.idl)]
        models.append(idls[0][0])
        if internal and src.internal is not None:
            idls.append((load(src.internal[1], src.internal[0], is_doc), src.internal[1]))
        snaps.append(snapshot(src.name, idls, internal, src.header))
    guard_defines(snaps, models, [src.header for src in entries])
    return History(snaps, named=bool(sources))
