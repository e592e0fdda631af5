"""``xlidl validate``: check JSON documents against the schema of ``xlidl schema``
(gen/tools/schema_check.py; needs the optional jsonschema package, ``xlidl[validate]``).

    xlidl validate IDL... FILE.json... [--type TYPE] [--strict]

Each problem is one line, ``FILE.json:LINE:COL: /POINTER: message``.  Exit status
(gen/errors.py): 0 every document valid, 1 an error in the input (an IDL, a file that
cannot be read), 2 wrong usage or jsonschema missing, 3 a document invalid.
"""
import sys

from ..errors import EXIT_FINDING, EXIT_USAGE, Failure
from .common import Session, add_command, add_type, write_out

FINDINGS = {EXIT_FINDING: "a document invalid"}


def register(sub, common) -> None:
    p = add_command(
        sub, "validate", common, findings=FINDINGS,
        usage="%(prog)s [options] IDL... FILE.json|- ...",
        help="validate JSON documents against the JSON Schema of the IDL's types",
        description="Validate each document against the schema 'xlidl schema' writes (with "
                    "the Python package jsonschema: pip install 'xlidl[validate]') and "
                    "report every problem as FILE.json:LINE:COL: /POINTER: message.  What is "
                    "validated is what libxl's parser reads: the first of repeated keys "
                    "(the others are reported as warnings), numbers as libxl reads their "
                    "text.")
    p.add_argument("args", nargs="*", metavar="IDL... FILE.json",
                   help="the IDL (an argument ending in .idl; its NAME_internal.idl may be "
                        "given too), then the documents ('-' is standard input)")
    add_type(p)
    p.add_argument("--strict", action="store_true",
                   help="unknown members, and members libxl would ignore, are errors")
    p.set_defaults(func=run, intermixed="args")


def run(s: "Session") -> int:
    from ..tools import jsondoc
    from ..tools.jsontypes import make_schema
    from ..tools.schema_check import MissingJsonschema, SchemaValidator, reading_problems
    a = s.args
    idls = [x for x in a.args if x.endswith(".idl")]
    files = [x for x in a.args if not x.endswith(".idl")]
    if not idls:
        raise Failure("no IDL given (the arguments ending in .idl)", EXIT_USAGE)
    if not files:
        raise Failure("no document given (a FILE.json, or '-' for standard input)",
                      EXIT_USAGE)
    try:
        from ..tools.schema_check import validator_class
        validator_class()
    except MissingJsonschema as e:
        raise Failure(str(e), EXIT_USAGE)
    schema, root = make_schema(s.load_main_idl(idls), idls, a.type, a.strict, s.diags.sources)
    s.report()
    docs = jsondoc.read_documents(files)
    v = SchemaValidator(schema)
    invalid = 0
    out = []
    for doc in docs:
        if doc.tree is None:
            bad = doc.syntax
            assert bad is not None
            out.append("%s:%d:%d: not JSON: %s\n" % (doc.name, bad.line, bad.col, bad.message))
            invalid += 1
            continue
        lines = []
        errors = 0
        for p in v.problems(doc.tree) + reading_problems(doc.tree, root, a.strict):
            node = p.where(doc.tree)
            line, col = jsondoc.where(doc.text, node) if node is not None else (0, 0)
            place = "%s:%d:%d" % (doc.name, line, col) if node is not None else doc.name
            lines.append(((line, col), "%s: %s%s: %s\n" % (
                place, "warning: " if p.warning else "", jsondoc.pointer_of(p.keys) or "/",
                p.message)))
            errors += not p.warning
        out += list(dict.fromkeys(text for _, text in sorted(lines, key=lambda x: x[0])))
        invalid += errors > 0
    write_out("".join(out))
    if invalid:
        print("xlidl: %d of %d document%s invalid (%s%s)" % (
            invalid, len(docs), "" if len(docs) == 1 else "s", root.typename,
            ", --strict" if a.strict else ""), file=sys.stderr)
        return EXIT_FINDING
    return 0
