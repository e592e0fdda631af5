"""Plain-words messages for Lark's lexical and syntax errors."""
from __future__ import annotations

from .errors import IdlError
from .source import SourceLocation

#: Python keywords that start constructs the IDL does not have.
_PY_KEYWORDS = {
    "def": "function definitions", "class": "class definitions", "import": "imports",
    "from": "imports", "lambda": "lambda expressions", "if": "'if' statements",
    "elif": "'if' statements", "else": "'if' statements", "for": "loops",
    "while": "loops", "with": "'with' statements", "try": "'try' statements",
    "except": "'try' statements", "finally": "'try' statements",
    "return": "'return' statements", "global": "'global' statements",
    "nonlocal": "'nonlocal' statements", "del": "'del' statements",
    "assert": "'assert' statements", "raise": "'raise' statements", "pass": "'pass' statements",
    "yield": "'yield' expressions", "async": "async code", "await": "async code",
    "print": None, "in": "comprehensions", "not": "operators", "and": "operators",
    "or": "operators", "is": "operators",
}

_OPERATORS = set("+-*/%@&|^~<>!")

_TOKEN_WORDS = {
    "RPAR": "')'", "RSQB": "']'", "RBRACE": "'}'", "LPAR": "'('", "LSQB": "'['",
    "LBRACE": "'{'", "COMMA": "','", "EQUAL": "'='", "COLON": "':'", "SEMICOLON": "';'",
    "NAME": "a name", "STRING": "a string", "INT": "an integer", "SIGN": "a sign",
    "_NL": "end of line", "$END": "end of input",
}


def _what(tok) -> str:
    t = tok.type
    if t == "$END":
        return "end of input"
    if t == "_NL":
        return "end of line"
    if t == "NAME":
        return "name '%s'" % tok.value
    if t == "STRING":
        return "string"
    if t == "INT":
        return "integer %s" % tok.value
    return "'%s'" % tok.value


def _expected(exp) -> str:
    words = []
    for e in sorted(exp):
        w = _TOKEN_WORDS.get(e)
        if w is None:
            continue
        if e in ("INT", "SIGN", "STRING", "LSQB", "LBRACE"):
            w = "a value"
        if w not in words:
            words.append(w)
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def describe(e, text: str, file: str) -> IdlError:
    """Turn a gen/lalr.py ParseProblem into an IdlError at the offending place."""
    loc = SourceLocation(file, e.line, e.column)
    if e.kind == "indent":
        return IdlError.at(loc, "unexpected indentation at the start of a statement")
    if e.kind == "char":
        c = text[e.pos] if e.pos < len(text) else ""
        if c in "'\"":
            return IdlError.at(loc, "unterminated string")
        if c == ".":
            return IdlError.at(loc, "attribute access is not allowed in the IDL")
        if c.isdigit():
            return IdlError.at(loc, "malformed number")
        if c in _OPERATORS or c == "=":
            return IdlError.at(loc, "operators are not allowed in the IDL")
        if c == "\\":
            return IdlError.at(loc, "unexpected backslash")
        if not c.isascii():
            return IdlError.at(loc, "unexpected character '%s' (only ASCII names are allowed)" % c)
        if not c.isprintable():
            return IdlError.at(loc, "unexpected character U+%04X" % ord(c))
        return IdlError.at(loc, "unexpected character '%s'" % c)
    tok = e.token
    if tok.type == "$END":
        line, col = _end_position(text)
        loc = SourceLocation(file, line, col)
    if tok.type == "NAME" and _PY_KEYWORDS.get(tok.value):
        return IdlError.at(loc, "%s are not allowed in the IDL" % _PY_KEYWORDS[tok.value])
    if tok.type == "SIGN":
        return IdlError.at(loc, "operators are not allowed in the IDL")
    exp = _expected(e.expected)
    if tok.type == "$END":
        return IdlError.at(loc, "unexpected end of input" + (", expected %s" % exp if exp else ""))
    return IdlError.at(loc, "unexpected %s" % _what(tok) + (", expected %s" % exp if exp else ""))


def _end_position(text: str):
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return len(lines), len(lines[-1]) + 1
