"""Plain-words messages for lexical and syntax errors (gen/frontend/lalr.py ParseProblem)."""
from ..compat import is_ascii
from ..errors import Diagnostic
from .source import SourceLocation

TYPE_CHECKING = False
if TYPE_CHECKING:  # for the annotations, which are not evaluated
    from typing import Tuple

    from .lalr import ParseProblem, Tok

#: Python keywords that start constructs the IDL does not have
_STATEMENTS = {
    "def": "function definitions", "class": "class definitions", "import": "imports",
    "from": "imports", "lambda": "lambda expressions", "if": "'if' statements",
    "elif": "'if' statements", "else": "'if' statements", "for": "loops",
    "while": "loops", "with": "'with' statements", "try": "'try' statements",
    "except": "'try' statements", "finally": "'try' statements",
    "return": "'return' statements", "global": "'global' statements",
    "nonlocal": "'nonlocal' statements", "del": "'del' statements",
    "assert": "'assert' statements", "raise": "'raise' statements",
    "pass": "'pass' statements", "yield": "'yield' expressions", "async": "async code",
    "await": "async code",
}
_OPERATOR_WORDS = {"and", "or", "not", "is", "in"}
_OPERATORS = set("+-*/%@&|^~<>!=")
_VALUE_START = {"NAME", "STRING", "INT", "SIGN", "LPAR", "LSQB", "LBRACE"}
_CLOSER = {"call": "')'", "tuple": "')'", "list": "']'", "dict": "'}'"}
_ITEM = {"call": "argument", "tuple": "tuple item", "list": "list item", "dict": "dict entry"}


def _error(loc: "SourceLocation", message: str) -> "Diagnostic":
    return Diagnostic(loc, "error", message)


def _what(tok: "Tok") -> str:
    t = tok.type
    if t == "$END":
        return "end of input"
    if t == "_NL":
        return "end of line"
    if t == "NAME":
        return "name '%s'" % tok.value
    if t == "STRING":
        return "a string"
    if t == "INT":
        return "integer %s" % tok.value
    return "'%s'" % tok.value


def _at(file: str, tok: "Tok") -> "SourceLocation":
    return SourceLocation(file, tok.line, tok.column)


def describe(e: "ParseProblem", text: str, file: str) -> "Diagnostic":
    """The error for a gen/frontend/lalr.py ParseProblem, at the offending place."""
    loc = SourceLocation(file, e.line, e.column)
    if e.kind == "indent":
        return _error(loc, "unexpected indentation at the start of a statement")
    if e.kind == "depth":
        from .lalr import MAX_DEPTH
        return _error(loc, "brackets nested too deeply (more than %d levels)" % MAX_DEPTH)
    if e.kind == "size":
        from .lalr import MAX_SIZE
        return _error(SourceLocation(file, 0, 0), "input too large (%d bytes; at most %d "
                      "MiB are read)" % (len(text.encode("utf-8")), MAX_SIZE >> 20))
    if e.kind == "char":
        return _bad_char(e, text, loc)
    tok, prev = e.token, e.prev
    assert tok is not None  # (a "token" problem)
    if tok.type == "$END":
        loc = SourceLocation(file, *_end_position(text))
    else:
        loc = _at(file, tok)
    # Python statements and expressions the IDL does not have
    if prev is not None and prev.type == "NAME" and prev.value in _STATEMENTS:
        return _error(_at(file, prev), "%s are not allowed in the IDL"
                           % _STATEMENTS[prev.value])
    if tok.type == "NAME":
        if tok.value in ("for", "if") and e.brackets:
            return _error(loc, "comprehensions are not allowed in the IDL")
        if tok.value in _OPERATOR_WORDS:
            return _error(loc, "operators are not allowed in the IDL")
        if tok.value in _STATEMENTS and not e.brackets:
            return _error(loc, "%s are not allowed in the IDL" % _STATEMENTS[tok.value])
    if tok.type == "SIGN":
        return _error(loc, "operators are not allowed in the IDL")
    if (tok.type == "INT" and prev is not None and prev.type == "INT"
            and prev.pos + len(prev.value) == tok.pos):
        return _error(_at(file, prev), "a decimal integer cannot start with 0 (as in "
                           "Python; octal numbers are written 0o...)")
    found = ", found %s" % _what(tok)
    exp = set(e.expected)
    ctx = e.brackets[-1] if e.brackets else None
    if ctx is None:
        if exp & _VALUE_START and not exp & {"_NL", "$END"}:
            return _error(loc, "expected a value" + found)
        if "EQUAL" in exp and "LPAR" in exp:
            return _error(loc, "expected '=' or '(' after a name at the start of a "
                               "statement" + found)
        return _error(loc, "expected end of line after the statement" + found)
    closer = _CLOSER[ctx]
    if ctx == "dict" and "COLON" in exp:
        return _error(loc, "expected ':' after dict key" + found)
    if "COMMA" in exp:
        return _error(loc, "expected ',' or %s after %s%s" % (closer, _ITEM[ctx], found))
    if exp & _VALUE_START:
        return _error(loc, "expected a value" + found)
    return _error(loc, "unexpected %s" % _what(tok))


def _bad_char(e: "ParseProblem", text: str, loc: "SourceLocation") -> "Diagnostic":
    c = text[e.pos] if e.pos < len(text) else ""
    before = text[e.pos - 1] if e.pos > 0 else ""
    if c in "'\"":
        return _error(loc, "unterminated string")
    if c == "." and before.isdigit():
        return _error(loc, "floating-point numbers are not allowed in the IDL")
    if c == ".":
        return _error(loc, "attribute access is not allowed in the IDL")
    if c.isdigit() or (c.isalpha() and before.isdigit()):
        return _error(loc, "malformed number")
    if c in _OPERATORS:
        return _error(loc, "operators are not allowed in the IDL")
    if c == "\\":
        return _error(loc, "a backslash is only allowed at the end of a line")
    if not is_ascii(c):
        return _error(loc, "unexpected character '%s' (names are ASCII letters, digits "
                           "and '_')" % c)
    if not c.isprintable():
        return _error(loc, "unexpected character U+%04X" % ord(c))
    return _error(loc, "unexpected character '%s'" % c)


def _end_position(text: str) -> "Tuple[int, int]":
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return len(lines), len(lines[-1]) + 1
