"""``xlidl json``: read JSON documents with libxl's own parser, generated from the IDL and
compiled with xlidl's C runtime, and print what libxl writes back (gen/tools/libxljson.py,
gen/tools/jsonreport.py).

    xlidl json IDL... [--type TYPE] [--json yajl|jsonc] [--cc CC] [--report] FILE.json|- ...
    xlidl json --from OLD.idl --to NEW.idl [--type TYPE] [--allow-loss] FILE.json|- ...

Exit status (gen/errors.py): 0 every document read (and, with --from/--to, nothing lost);
1 an error in the input (an IDL, a file that cannot be read); 2 wrong usage; 3 a document
rejected (by OLD or NEW; EXIT_FINDING); 4 data would be lost on the upgrade (unless
--allow-loss; EXIT_FINDING_2).
"""
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import List, Optional, Tuple

from ..errors import EXIT_FINDING, EXIT_FINDING_2, EXIT_INPUT, EXIT_OK, EXIT_USAGE, Failure
from ..model.types import Builtin
from .common import Session, add_command, add_json, find_type, one_idl, write_out

FINDINGS = {EXIT_FINDING: "a document rejected (with --from/--to: by OLD or by NEW)",
            EXIT_FINDING_2: "--from/--to: data would be lost (unless --allow-loss)"}
DEFAULT_TYPE = "libxl_domain_config"


def register(sub, common) -> None:
    p = add_command(
        sub, "json", common, findings=FINDINGS,
        usage="%(prog)s [options] IDL... FILE.json|- ...\n"
              "       %(prog)s [options] --from OLD.idl --to NEW.idl FILE.json|- ...",
        help="read JSON documents with libxl's parser and print libxl's canonical form, "
             "or check stored configs for an upgrade",
        description="Read each JSON document with TYPE_from_json as generated from the IDL "
                    "and compiled with xlidl's C runtime (as 'xlidl check' compiles it), "
                    "and print what TYPE_to_json writes for the result: libxl's canonical "
                    "form.  A document the parser rejects is reported with the runtime's "
                    "message and the member it rejects.  --report lists what the parser did "
                    "not take (members ignored, defaults) and what the output adds; "
                    "--from/--to reads each document with OLD, then OLD's output with NEW, "
                    "and reports what NEW loses or rejects.  The compiled program is cached "
                    "(see README: $XLIDL_JSON_CACHE, else $XDG_CACHE_HOME/xlidl/json, else "
                    "~/.cache/xlidl/json).")
    p.add_argument("args", nargs="*", metavar="IDL... FILE.json",
                   help="the IDL (an argument ending in .idl; its NAME_internal.idl may be "
                        "given too), then the documents ('-' is standard input)")
    p.add_argument("--type", metavar="TYPE",
                   help="the type of the documents (default: %s when the IDL defines it)"
                        % DEFAULT_TYPE)
    add_json(p, "JSON backend of TYPE_to_json")
    p.add_argument("--cc", metavar="CC", help="C compiler (default: $CC, else gcc)")
    p.add_argument("--report", action="store_true",
                   help="instead of the canonical documents, list for each the members the "
                        "parser ignored, those that held their default, the values written "
                        "back differently, and what the output adds")
    p.add_argument("--from", dest="old", metavar="OLD.idl",
                   help="upgrade check: the IDL of the libxl that wrote the documents")
    p.add_argument("--to", dest="new", metavar="NEW.idl",
                   help="upgrade check: the IDL of the libxl that will read them")
    p.add_argument("--allow-loss", action="store_true",
                   help="upgrade check: exit 0 even when data would be lost")
    p.set_defaults(func=run, intermixed="args")


# -- documents ----------------------------------------------------------------------------

class Document:
    """A document given on the command line: its name in messages, its text, and its
    tree (None when it is not JSON: ``syntax`` says why)."""

    def __init__(self, name: str, text: str):
        from ..tools import jsondoc
        self.name, self.text = name, text
        self.tree = None
        self.syntax = None
        try:
            self.tree = jsondoc.parse(text)
        except jsondoc.JsonSyntaxError as e:
            self.syntax = e

    def where(self, node) -> str:
        from ..tools import jsondoc
        line, col = jsondoc.where(self.text, node)
        return "%s:%d:%d" % (self.name, line, col)


def read_documents(paths: "List[str]") -> "List[Document]":
    docs = []
    stdin_used = False
    for p in paths:
        if p == "-":
            if stdin_used:
                raise Failure("standard input ('-') can be given once", EXIT_USAGE)
            stdin_used = True
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        else:
            try:
                with open(p, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise Failure("cannot read '%s': %s" % (p, e.strerror or e))
            name = p
        docs.append(Document(name, data.decode("utf-8", "surrogateescape")))
    return docs


# -- loading IDLs and building the converter ----------------------------------------------

class Side:
    """One IDL (+ its internal IDL) and its compiled converter."""

    def __init__(self, s: "Session", paths: "List[str]", typename: "Optional[str]"):
        from ..tools.libxljson import converter
        a = s.args
        self.path, self.internal_path = one_idl(paths)
        self.model = s.load(self.path)
        self.internal = s.load(self.internal_path) if self.internal_path else None
        models = [m for m in (self.model, self.internal) if m is not None]
        self.type = find_type(models, typename, DEFAULT_TYPE, self.path, "the documents' type",
                              refuse_type)
        self.typename = self.type.typename
        self.conv = converter(self.path, self.model, self.internal_path, self.internal,
                              json_backend=a.json, cc=a.cc)
        if self.typename not in self.conv.types:
            raise Failure("%s: %s has no JSON functions (TYPE_from_json and TYPE_to_json)"
                          % (self.path, self.typename), EXIT_USAGE)

    def convert(self, texts: "List[str]"):
        return self.conv.convert([(self.typename, t) for t in texts])


def refuse_type(t) -> "Optional[str]":
    """Why the documents cannot be of type ``t``."""
    if isinstance(t, Builtin):
        return ("is a builtin type: its JSON functions are libxl's own code, not generated "
                "from the IDL; give a type the IDL defines")
    return None


# -- messages -----------------------------------------------------------------------------

def indent(text: str) -> str:
    return "\n".join("    " + ln for ln in text.rstrip("\n").splitlines())


def report_rejection(side: "Side", doc: "Document", result, text: "Optional[str]" = None,
                     what: str = "") -> None:
    """FILE[:LINE:COL]: error: ... with the runtime's messages and, when it can be
    found, the member rejected.  ``text`` is the document actually given to the parser
    when it is not the file (an upgrade check gives NEW what OLD wrote)."""
    from ..tools import jsondoc
    from ..tools.libxljson import locate_rejection
    fn = "%s_from_json" % side.typename
    head = "%s: error: %s%s rejects the document" % (doc.name, what, fn)
    tree = doc.tree if text is None else jsondoc.parse(text)
    if tree is None:
        e = doc.syntax
        head = "%s:%d:%d: error: not JSON: %s; %s%s rejects it" % (
            doc.name, e.line, e.col, e.message, what, fn)
    else:
        path = locate_rejection(side.conv, side.typename, tree)
        if path is not None:
            node = jsondoc.at(tree, path)
            ptr = jsondoc.pointer(tree, path)
            place = doc.name
            if text is None:
                place = doc.where(node)
            else:   # the same member of the file, when it has one
                mine = find_keys(doc.tree, jsondoc.keys(tree, path)) if doc.tree else None
                if mine is not None:
                    place = doc.where(mine)
            head = "%s: error: %s%s rejects %s: %s" % (place, what, fn, ptr,
                                                         jsondoc.text_of(node))
    print("%s\n%s" % (head, indent(result.why())), file=sys.stderr)


def find_keys(root, keys):
    """The value at member names/indexes ``keys`` (the first of repeated keys)."""
    node = root
    for k in keys:
        if node is None:
            return None
        if node.kind == "object" and isinstance(k, str):
            node = node.get(k)
        elif node.kind == "array" and isinstance(k, int) and k < len(node.value):
            node = node.value[k]
        else:
            return None
    return node


def change_line(doc: "Document", c, kind: "Optional[str]" = None, own: bool = True) -> str:
    """FILE[:LINE:COL]: KIND: POINTER: VALUE: why.  ``own``: the change's value is a node
    of the document's own tree (else the same member of the document is looked for)."""
    node = c.leaf.node
    place = doc.name
    if c.kind != "added" and doc.tree is not None:
        mine = node if own else find_keys(doc.tree, c.leaf.keys)
        if mine is not None:
            place = doc.where(mine)
    from ..tools import jsondoc
    value = jsondoc.text_of(node)
    return "%s: %s: %s: %s: %s" % (place, kind or c.kind, c.leaf.pointer or "/", value, c.why)


# -- the command --------------------------------------------------------------------------

def run(s: "Session") -> int:
    a = s.args
    upgrade = a.old is not None or a.new is not None
    idls = [x for x in a.args if x.endswith(".idl")]
    files = [x for x in a.args if not x.endswith(".idl")]
    if upgrade:
        if a.old is None or a.new is None:
            raise Failure("--from and --to go together", EXIT_USAGE)
        if idls:
            raise Failure("with --from/--to, give no other IDL (%s)" % ", ".join(idls),
                          EXIT_USAGE)
    elif not idls:
        raise Failure("no IDL given (the arguments ending in .idl)", EXIT_USAGE)
    if a.allow_loss and not upgrade:
        raise Failure("--allow-loss goes with --from/--to", EXIT_USAGE)
    if not files:
        raise Failure("no document given (a FILE.json, or '-' for standard input)",
                      EXIT_USAGE)
    for p in idls + [x for x in (a.old, a.new) if x]:
        if not os.path.exists(p):
            raise Failure("'%s': no such file" % p, EXIT_INPUT)
    docs = read_documents(files)
    if upgrade:
        return run_upgrade(s, docs)
    side = Side(s, idls, a.type)
    s.report()
    results = side.convert([d.text for d in docs])
    status = EXIT_OK
    out = []
    for doc, r in zip(docs, results):
        if not r.ok:
            status = status or EXIT_FINDING   # (an error in the input stays the status)
            write_out("".join(out))
            out = []
            report_rejection(side, doc, r)
            continue
        if a.report:
            if doc.tree is None:   # libxl read it, xlidl's reader does not (too deep ...)
                status = EXIT_INPUT
                write_out("".join(out))
                out = []
                e = doc.syntax
                print("%s:%d:%d: error: --report cannot read the document: %s"
                      % (doc.name, e.line, e.col, e.message), file=sys.stderr)
                continue
            out.append(report_text(side, doc, r.text))
            continue
        if len(docs) > 1:
            out.append("==> %s <==\n" % doc.name)
        out.append(r.text if r.text.endswith("\n") else r.text + "\n")
    write_out("".join(out))
    return status


def report_text(side: "Side", doc: "Document", canonical: str) -> str:
    from ..tools import jsondoc
    from ..tools.jsonreport import compare, read_view, summary
    before = read_view(doc.tree, side.type)
    after = read_view(jsondoc.parse(canonical), side.type)
    changes = compare(before, after)
    lines = [change_line(doc, c) for c in changes]
    lines.append("%s: %s: %s" % (doc.name, side.typename,
                                 summary(changes, ("ignored", "default", "changed", "added"))))
    return "\n".join(lines) + "\n"


def run_upgrade(s: "Session", docs: "List[Document]") -> int:
    from ..tools import jsondoc
    from ..tools.jsonreport import LOSS, compare, loses_data, read_view
    a = s.args
    old = Side(s, [a.old], a.type)
    new = Side(s, [a.new], old.typename)
    s.report()
    first = old.convert([d.text for d in docs])
    status = EXIT_OK
    lost_docs = 0
    pending: List[Tuple[int, str]] = [(i, r.text) for i, r in enumerate(first) if r.ok]
    second = dict(zip([i for i, _ in pending], new.convert([t for _, t in pending])))
    for i, doc in enumerate(docs):
        r1 = first[i]
        if not r1.ok:
            status = EXIT_FINDING
            report_rejection(old, doc, r1, what="%s: " % a.old)
            continue
        r2 = second[i]
        if not r2.ok:
            status = EXIT_FINDING
            report_rejection(new, doc, r2, text=r1.text,
                             what="after the upgrade, %s: " % a.new)
            continue
        before = read_view(jsondoc.parse(r1.text), new.type)
        after = read_view(jsondoc.parse(r2.text), new.type)
        # (a member NEW drops that held only its default loses nothing: not reported)
        changes = [c for c in compare(before, after) if c.kind != "default"
                   and (c.kind not in LOSS or loses_data(c))]
        lines = []
        for c in changes:
            kind = "lost" if c.kind in LOSS else c.kind
            lines.append(change_line(doc, c, kind, own=False))
        lost = sum(1 for c in changes if c.kind in LOSS)
        added = sum(1 for c in changes if c.kind == "added")
        verdict = "nothing lost" if not lost else "data would be lost"
        lines.append("%s: %s from %s to %s: %d lost, %d added: %s" % (
            doc.name, old.typename, a.old, a.new, lost, added, verdict))
        write_out("\n".join(lines) + "\n")
        if lost:
            lost_docs += 1
    if lost_docs and status == EXIT_OK and not a.allow_loss:
        print("xlidl: data would be lost in %d document%s (--allow-loss accepts it)"
              % (lost_docs, "" if lost_docs == 1 else "s"), file=sys.stderr)
        return EXIT_FINDING_2
    return status
