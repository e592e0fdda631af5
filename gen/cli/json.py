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

    from ..tools.jsondoc import Document
    from ..tools.libxljson import Result, Side

from ..errors import EXIT_FINDING, EXIT_FINDING_2, EXIT_INPUT, EXIT_OK, EXIT_USAGE, Failure
from .common import Session, add_command, add_json, one_idl, write_out

FINDINGS = {EXIT_FINDING: "a document rejected (with --from/--to: by OLD or by NEW)",
            EXIT_FINDING_2: "--from/--to: data would be lost (unless --allow-loss)"}


def register(sub, common) -> None:
    from ..tools.jsontypes import DEFAULT_TYPE
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


# -- loading IDLs and building the converter ----------------------------------------------

def load_side(s: "Session", paths: "List[str]", typename: "Optional[str]") -> "Side":
    """The converter of the IDL (+ its internal IDL) ``paths``, for the documents' type."""
    from ..tools.jsontypes import DEFAULT_TYPE, find_type, refuse_document_type
    from ..tools.libxljson import Side
    a = s.args
    path, internal_path = one_idl(paths)
    model = s.load(path)
    internal = s.load(internal_path) if internal_path else None
    ty = find_type([m for m in (model, internal) if m is not None], typename, DEFAULT_TYPE,
                   path, "the documents' type", refuse_document_type)
    return Side(path, model, internal_path, internal, ty, json_backend=a.json, cc=a.cc)


def report_rejection(side: "Side", doc: "Document", result: "Result",
                     text: "Optional[str]" = None, what: str = "") -> None:
    from ..tools.libxljson import rejection_text
    print(rejection_text(side, doc, result, text, what), file=sys.stderr)


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
    from ..tools.jsondoc import read_documents
    docs = read_documents(files)
    if upgrade:
        return run_upgrade(s, docs)
    side = load_side(s, idls, a.type)
    s.report()
    results = side.convert([d.text for d in docs])
    status = EXIT_OK
    out: List[str] = []
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
                assert e is not None
                print("%s:%d:%d: error: --report cannot read the document: %s"
                      % (doc.name, e.line, e.col, e.message), file=sys.stderr)
                continue
            from ..tools.jsonreport import report_text
            out.append(report_text(doc, side.type, r.text))
            continue
        if len(docs) > 1:
            out.append("==> %s <==\n" % doc.name)
        out.append(r.text if r.text.endswith("\n") else r.text + "\n")
    write_out("".join(out))
    return status


def run_upgrade(s: "Session", docs: "List[Document]") -> int:
    from ..tools.jsonreport import upgrade_report
    a = s.args
    old = load_side(s, [a.old], a.type)
    new = load_side(s, [a.new], old.typename)
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
        text, lost = upgrade_report(doc, r1.text, r2.text, new.type, a.old, a.new,
                                    old.typename)
        write_out(text)
        if lost:
            lost_docs += 1
    if lost_docs and status == EXIT_OK and not a.allow_loss:
        print("xlidl: data would be lost in %d document%s (--allow-loss accepts it)"
              % (lost_docs, "" if lost_docs == 1 else "s"), file=sys.stderr)
        return EXIT_FINDING_2
    return status
