"""``xlidl doc``'s formats, from the document of gen/tools/history.py (docs/doc.md):

* json: the document itself;
* md: one Markdown file (for a repository's docs/), a section per type with a table of
  its members or values, then "Removed", then "Changes by release";
* html: one self-contained page (no network: the CSS and the filter's script are in
  it), an anchor per type (``#libxl_domain_build_info``) and member
  (``#libxl_domain_build_info.u.hvm.smbios``), links from a member's type to that type;
* man: libxl-types(7) in roff (man(7) macros), which ``man -l`` reads without warnings.

Written in Python rather than with templates: the formats are small, and a run stays
one import."""
import json

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Any, Callable, Dict, List, Optional

from .. import __version__

TITLE = "libxl's types"


def render(doc: "Dict[str, Any]", fmt: str) -> str:
    """The document in format ``fmt`` (json, md, html, man)."""
    writers: Dict[str, Callable[[Dict[str, Any]], str]] = {
        "json": lambda d: json.dumps(d, indent=1) + "\n", "md": markdown, "html": html,
        "man": man}
    return writers[fmt](doc)


# -- what every format says ------------------------------------------------------------------

def _present(items: "List[Dict[str, Any]]") -> "List[Dict[str, Any]]":
    return [i for i in items if i.get("removed") is None]


def _gone(items: "List[Dict[str, Any]]") -> "List[Dict[str, Any]]":
    return [i for i in items if i.get("removed") is not None]


def since(e: "Dict[str, Any]") -> str:
    """"since 4.18.0 (LIBXL_HAVE_...)": the release, and the define that announced it
    when there is one; "" without history."""
    if not e.get("since"):
        return ""
    if e.get("define"):
        return "since %s (%s)" % (e["since"], e["define"])
    return "since %s" % e["since"]


def dates(e: "Dict[str, Any]") -> str:
    """"since 4.18.0 (LIBXL_HAVE_...), deprecated in 4.20.0" ..., "" without history."""
    parts = []
    if e.get("since"):
        parts.append(since(e))
    if e.get("deprecated"):
        parts.append("deprecated in %s" % e["deprecated"])
    if e.get("removed"):
        parts.append("removed in %s" % e["removed"])
    runs = e.get("history") or []
    if len(runs) > 1:
        parts.append("earlier: %s" % ", ".join(
            a if a == b else "%s to %s" % (a, b) for a, b in runs[:-1]))
    return ", ".join(parts)


def member_notes(m: "Dict[str, Any]") -> "List[str]":
    out = []
    if m.get("key"):
        out.append("keyed union on %s (%s): its cases are the members %s.CASE"
                   % (m["key"], m.get("key_type"), m["path"]))
    if m.get("enumname"):
        out.append("case for %s" % m["enumname"])
    if m.get("default") is not None:
        out.append("default %s" % m["default"])
    if m.get("deprecated_by"):
        out.append("deprecated: use %s" % m["deprecated_by"])
    if m.get("comment"):
        out.append(m["comment"])
    return out


def intro(doc: "Dict[str, Any]") -> str:
    rel = doc.get("releases") or []
    if not rel:
        return "The public types of the IDL (no release history was given)."
    return ("The public types of the IDL as of %s, with the release that added each type, "
            "member, keyed-union case and enumeration value, from the history %s."
            % (rel[-1], ", ".join(rel)))


def _type_head(t: "Dict[str, Any]") -> str:
    d = dates(t)
    return "%s, JSON %s%s" % (t["kind"], t["json"], "; " + d if d else "")


def _change_lines(c: "Dict[str, Any]") -> "List[str]":
    out = []
    for what, label in (("added", "Added"), ("removed", "Removed"),
                        ("deprecated", "Deprecated")):
        if c[what]:
            out.append("%s: %s" % (label, ", ".join(c[what])))
    if c.get("defines_added") is not None:
        out.append("LIBXL_HAVE_* added to libxl.h: %s"
                   % (", ".join(c["defines_added"]) or "none"))
    if not out:
        out.append("No change of the types.")
    return out


# -- md --------------------------------------------------------------------------------------

def _cell(text: "Any") -> str:
    s = "" if text is None else str(text)
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code(text: "Any") -> str:
    s = "" if text is None else str(text)
    return "`%s`" % s.replace("`", "'").replace("|", "\\|") if s else ""


def _md_type_link(m: "Dict[str, Any]", names: "Dict[str, bool]") -> str:
    ct = _cell(m["c_type"])
    if m.get("type") and m["type"] in names:
        return ct.replace(m["type"], "[%s](#%s)" % (m["type"], m["type"].lower()), 1)
    return ct


def markdown(doc: "Dict[str, Any]") -> str:
    types = doc["types"]
    names = {t["name"]: True for t in _present(types)}
    out = ["# %s" % TITLE, "", _cell(intro(doc)), "",
           "Written by `xlidl doc` (xlidl %s); see xlidl's docs/doc.md." % __version__, ""]
    out += ["| type | kind | since |", "|---|---|---|"]
    for t in _present(types):
        out.append("| [%s](#%s) | %s | %s |" % (t["name"], t["name"].lower(), t["kind"],
                                                _cell(since(t)[len("since "):])))
    out.append("")

    def members_table(t: "Dict[str, Any]", items: "List[Dict[str, Any]]") -> None:
        out.extend(["| member | C type | JSON key | JSON | since | notes |",
                    "|---|---|---|---|---|---|"])
        for m in items:
            out.append("| %s | %s | %s | %s | %s | %s |" % (
                _code(m["path"]), _md_type_link(m, names), _code(m.get("json_key")),
                _cell(m["json"]), _cell(dates(m)), _cell("; ".join(member_notes(m)))))
        out.append("")

    def values_table(items: "List[Dict[str, Any]]") -> None:
        out.extend(["| value | number | JSON | since | notes |", "|---|---|---|---|---|"])
        for v in items:
            out.append("| %s | %d | %s | %s | %s |" % (
                _code(v["name"]), v["value"], _code(json.dumps(v["json"])), _cell(dates(v)),
                _cell(v.get("comment"))))
        out.append("")

    for t in _present(types):
        out += ["## %s" % t["name"], "", _cell(_type_head(t)), ""]
        if t.get("comment"):
            out += [t["comment"], ""]
        if _present(t.get("members", [])):
            members_table(t, _present(t["members"]))
        if _present(t.get("values", [])):
            values_table(_present(t["values"]))
    gone_types = _gone(types)
    gone_members = [(t, m) for t in _present(types)
                    for m in _gone(t.get("members", []) + t.get("values", []))]
    if gone_types or gone_members:
        out += ["## Removed", ""]
        for t in gone_types:
            out += ["### %s" % t["name"], "", _cell(_type_head(t)), ""]
            if t.get("members"):
                members_table(t, t["members"])
            if t.get("values"):
                values_table(t["values"])
        if gone_members:
            out += ["### Members and values of the types above", "",
                    "| type | member or value | since | removed in |", "|---|---|---|---|"]
            for t, m in gone_members:
                out.append("| [%s](#%s) | %s | %s | %s |" % (
                    t["name"], t["name"].lower(), _code(m.get("path") or m.get("name")),
                    m.get("since") or "", m["removed"]))
            out.append("")
    if doc.get("changes"):
        out += ["## Changes by release", ""]
        for c in doc["changes"]:
            out += ["### %s" % c["release"], "", "From %s:" % c["previous"], ""]
            out += ["* %s" % _cell(line) for line in _change_lines(c)]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- html ------------------------------------------------------------------------------------

def _h(text: "Any") -> str:
    s = "" if text is None else str(text)
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #222; }
header { position: sticky; top: 0; background: #f4f4f4; padding: .6em 1em;
         border-bottom: 1px solid #ccc; z-index: 1; }
header h1 { font-size: 1.2em; margin: 0 0 .3em 0; }
#filter { width: 28em; max-width: 90%; font-size: 1em; padding: .2em .4em; }
#count { margin-left: 1em; color: #555; }
main { padding: 0 1em 2em 1em; }
nav ul { columns: 3 18em; padding-left: 1.2em; }
section.type { border-top: 1px solid #ddd; margin-top: 1em; }
h2, h3 { font-family: ui-monospace, monospace; }
.meta { color: #555; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #ddd; padding: .15em .5em; text-align: left;
         vertical-align: top; }
td.path, td.code { font-family: ui-monospace, monospace; }
td.path { white-space: nowrap; }
tr.removed td { color: #888; }
:target { background: #fff3b0; }
section.type, tr[id] { scroll-margin-top: 6em; }   /* below the sticky header */
.hidden { display: none; }
"""

_JS = """
(function () {
  var box = document.getElementById("filter");
  var count = document.getElementById("count");
  var sections = document.querySelectorAll("section.type");
  var items = document.querySelectorAll("nav li");
  function apply() {
    var q = box.value.trim().toLowerCase();
    var shown = 0;
    sections.forEach(function (s) {
      var own = s.getAttribute("data-name").toLowerCase().indexOf(q) >= 0;
      var rows = s.querySelectorAll("tr[data-name]");
      var any = false;
      rows.forEach(function (r) {
        var hit = own || r.getAttribute("data-name").toLowerCase().indexOf(q) >= 0;
        r.classList.toggle("hidden", !hit);
        any = any || hit;
      });
      var show = q === "" || own || any;
      s.classList.toggle("hidden", !show);
      if (show) { shown += 1; }
    });
    items.forEach(function (li) {
      var n = li.getAttribute("data-name").toLowerCase();
      var s = document.getElementById(li.getAttribute("data-name"));
      li.classList.toggle("hidden", !!(s && s.classList.contains("hidden")));
    });
    count.textContent = shown + " of " + sections.length + " types";
  }
  box.addEventListener("input", apply);
  apply();
})();
"""


def _html_type_cell(m: "Dict[str, Any]", names: "Dict[str, bool]") -> str:
    ct = _h(m["c_type"])
    if m.get("type") and m["type"] in names:
        return ct.replace(_h(m["type"]), '<a href="#%s">%s</a>' % (_h(m["type"]),
                                                                     _h(m["type"])), 1)
    return ct


def html(doc: "Dict[str, Any]") -> str:
    types = doc["types"]
    names = {t["name"]: True for t in _present(types)}
    out = ['<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="generator" content="xlidl %s">' % _h(__version__),
           "<title>%s</title>" % _h(TITLE), "<style>%s</style>" % _CSS, "</head>", "<body>",
           "<header><h1>%s</h1>" % _h(TITLE),
           '<input id="filter" type="search" placeholder="Filter types and members '
           '(e.g. smbios)" aria-label="Filter" autocomplete="off">'
           '<span id="count"></span></header>', "<main>",
           "<p>%s</p>" % _h(intro(doc)), "<nav><ul>"]
    for t in types:
        out.append('<li data-name="%s"><a href="#%s">%s</a>%s</li>' % (
            _h(t["name"]), _h(t["name"]), _h(t["name"]),
            " (removed in %s)" % _h(t["removed"]) if t.get("removed") else ""))
    out.append("</ul></nav>")

    def member_rows(t: "Dict[str, Any]") -> None:
        out.append("<table><thead><tr><th>member</th><th>C type</th><th>JSON key</th>"
                   "<th>JSON</th><th>history</th><th>notes</th></tr></thead><tbody>")
        for m in t["members"]:
            anchor = "%s.%s" % (t["name"], m["path"])
            out.append('<tr id="%s" data-name="%s"%s><td class="path"><a href="#%s">%s</a>'
                       '</td><td class="code">%s</td><td class="code">%s</td><td>%s</td>'
                       "<td>%s</td><td>%s</td></tr>" % (
                           _h(anchor), _h(anchor),
                           ' class="removed"' if m.get("removed") else "", _h(anchor),
                           _h(m["path"]), _html_type_cell(m, names), _h(m.get("json_key")),
                           _h(m["json"]), _h(dates(m)), _h("; ".join(member_notes(m)))))
        out.append("</tbody></table>")

    def value_rows(t: "Dict[str, Any]") -> None:
        out.append("<table><thead><tr><th>value</th><th>number</th><th>JSON</th>"
                   "<th>history</th><th>notes</th></tr></thead><tbody>")
        for v in t["values"]:
            anchor = "%s.%s" % (t["name"], v["name"])
            out.append('<tr id="%s" data-name="%s"%s><td class="path"><a href="#%s">%s</a>'
                       '</td><td>%d</td><td class="code">%s</td><td>%s</td><td>%s</td></tr>'
                       % (_h(anchor), _h(anchor),
                          ' class="removed"' if v.get("removed") else "", _h(anchor),
                          _h(v["name"]), v["value"], _h(json.dumps(v["json"])),
                          _h(dates(v)), _h(v.get("comment"))))
        out.append("</tbody></table>")

    removed_started = False
    for t in types:
        if t.get("removed") and not removed_started:
            removed_started = True
            out.append('<h2 id="removed">Removed types</h2>')
        out.append('<section class="type" id="%s" data-name="%s">' % (_h(t["name"]),
                                                                     _h(t["name"])))
        out.append('<h3><a href="#%s">%s</a></h3>' % (_h(t["name"]), _h(t["name"])))
        out.append('<p class="meta">%s</p>' % _h(_type_head(t)))
        if t.get("comment"):
            out.append("<p>%s</p>" % _h(t["comment"]))
        if t.get("members"):
            member_rows(t)
        if t.get("values"):
            value_rows(t)
        out.append("</section>")
    if doc.get("changes"):
        out.append('<h2 id="changes">Changes by release</h2>')
        for c in doc["changes"]:
            out.append('<h3 id="release-%s">%s</h3><p class="meta">from %s</p><ul>'
                       % (_h(c["release"]), _h(c["release"]), _h(c["previous"])))
            out += ["<li>%s</li>" % _h(line) for line in _change_lines(c)]
            out.append("</ul>")
    out += ["</main>", "<script>%s</script>" % _JS, "</body>", "</html>"]
    return "\n".join(out) + "\n"


# -- man -------------------------------------------------------------------------------------

def _roff(text: "Any") -> str:
    """Text for a roff line: backslashes escaped, no control character at the start,
    hyphens and dashes as roff has them."""
    s = "" if text is None else str(text)
    s = s.replace("\\", "\\e").replace("-", "\\-")
    if s[:1] in (".", "'"):
        s = "\\&" + s
    return s


def man(doc: "Dict[str, Any]") -> str:
    types = doc["types"]
    # (left-adjusted and not hyphenated: the text is mostly long C names)
    out = ['.TH LIBXL\\-TYPES 7 "" "xlidl %s" "libxl"' % _roff(__version__), ".ad l", ".nh",
           ".SH NAME", "libxl\\-types \\- libxl's types, and the release that added each",
           ".SH DESCRIPTION", _roff(intro(doc)),
           ".PP", "Written by " + "\\fBxlidl doc\\fP; a member is named by its path "
           "(\\fIu.hvm.smbios\\fP), a keyed\\-union case by the union member and the case "
           "(\\fIu.hvm\\fP).", ".SH TYPES"]

    def one(t: "Dict[str, Any]") -> None:
        out.append(".SS %s" % _roff(t["name"]))
        out.append(_roff(_type_head(t)))
        if t.get("comment"):
            out.extend([".PP", _roff(t["comment"])])
        for m in t.get("members", []):
            out.append(".TP")
            out.append("\\fB%s\\fP" % _roff(m["path"]))
            out.append(_roff("%s; JSON %s%s" % (
                m["c_type"], (_quote(m["json_key"]) + ", ") if m.get("json_key") else "",
                m["json"])))
            d = dates(m)
            notes = ([d] if d else []) + member_notes(m)
            if notes:
                out.append(".br")
                out.append(_roff("; ".join(notes)))
        for v in t.get("values", []):
            out.append(".TP")
            out.append("\\fB%s\\fP = %d" % (_roff(v["name"]), v["value"]))
            d = dates(v)
            out.append(_roff("JSON %s%s%s" % (json.dumps(v["json"]), "; " + d if d else "",
                                              "; " + v["comment"] if v.get("comment")
                                              else "")))

    for t in _present(types):
        one(t)
    if _gone(types):
        out.append(".SH REMOVED")
        for t in _gone(types):
            one(t)
    if doc.get("changes"):
        out.append(".SH CHANGES BY RELEASE")
        for c in doc["changes"]:
            out.append(".SS %s" % _roff(c["release"]))
            out.append(_roff("From %s:" % c["previous"]))
            for line in _change_lines(c):
                out += [".IP \\(bu 2", _roff(line)]
    out += [".SH SEE ALSO", "\\fBxl.cfg\\fP(5), \\fBxl\\fP(1)"]
    return "\n".join(out) + "\n"


def _quote(s: str) -> str:
    return '"%s"' % s
