"""How diagnostics are shown: what is left out is counted, long source lines are cut to a
window around the column, an empty IDL is warned about."""
from __future__ import annotations

import re

from conftest import xen_idl, xlidl

from xlidl.errors import MAX_ERRORS, Diagnostics


def test_too_many_errors_says_how_many_were_left_out(tmp_path):
    idl = tmp_path / "forty.idl"
    idl.write_text('namespace("t_")\n' + "".join(
        't_a%d = Struct("a%d", [("x", integr)])\n' % (i, i) for i in range(40)))
    r = xlidl("generate", str(idl), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert r.stderr.count(": error: ") == MAX_ERRORS
    assert r.stderr.endswith("xlidl: note: too many errors: 20 shown, 20 more errors not "
                             "shown\n"), r.stderr[-300:]


def test_left_out_warnings_are_counted_too():
    d = Diagnostics(max_errors=2)
    for i in range(3):
        d.error(None, "e%d" % i)
        d.warning(None, "w%d" % i)
    try:
        d.check()
    except Exception as e:
        text = e.format()
    assert [x.message for x in d.items][:3] == ["e0", "w0", "e1"]
    assert text.endswith("too many errors: 2 shown, 1 more error and 2 more warnings not "
                         "shown")


def test_unknown_name_uses_not_reported_are_counted(tmp_path):
    """libxl_defbool misspelled at every use in master's IDL: one error per statement,
    and the uses left out are counted, with their lines."""
    text = xen_idl("master").read_text()
    define = "libxl_defbool = Builtin("
    assert define in text
    uses = text.count("libxl_defbool") - 1
    idl = tmp_path / "libxl_types.idl"
    idl.write_text(text.replace("libxl_defbool", "libxl_defbol")
                   .replace("libxl_defbol = Builtin(", define))
    r = xlidl("generate", str(idl), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    errors = r.stderr.count("error: unknown name 'libxl_defbol'; did you mean 'libxl_defbool'?")
    assert 0 < errors < uses
    notes = re.findall(r"^%s: note: and (\d+) more uses of 'libxl_defbol', not reported "
                       r"\(lines [\d, .]+\): a statement is reported at its first error$"
                       % re.escape(str(idl)), r.stderr, re.M)
    assert notes and int(notes[0]) == uses - errors, r.stderr


def test_long_source_line_is_shown_as_a_window_around_the_column(tmp_path):
    """One error on a 400 KB line printed 818 KB: the line is cut to a window around the
    column, and the caret still points at the place."""
    fields = ", ".join('("f%d", integer)' % i for i in range(20000))
    line = 't_a = Struct("a", [%s, ("bad", integr), %s])' % (fields, fields)
    assert len(line) > 800000
    idl = tmp_path / "long.idl"
    idl.write_text('namespace("t_")\n' + line + "\n")
    r = xlidl("generate", str(idl), "-o", str(tmp_path / "out"))
    assert r.returncode == 1
    assert len(r.stderr) < 1000, len(r.stderr)
    head, src, caret = r.stderr.splitlines()[:3]
    col = line.index("integr)") + 1
    assert head == "%s:2:%d: error: unknown name 'integr'; did you mean 'integer'?" % (idl, col)
    assert src.startswith(" ...") and src.endswith("...")
    assert src[len(caret) - 1:].startswith("integr)"), (src, caret)
    # a short line is shown whole
    short = tmp_path / "short.idl"
    short.write_text('namespace("t_")\nt_a = Struct("a", [("x", integr)])\n')
    r = xlidl("generate", str(short), "-o", str(tmp_path / "out"))
    assert r.stderr.splitlines()[1] == ' t_a = Struct("a", [("x", integr)])'


def test_long_value_quoted_in_a_message_is_cut(tmp_path):
    idl = tmp_path / "v.idl"
    idl.write_text('namespace("t_")\nt_a = Struct("a", [], dir="%s")\n' % ("y" * 100000))
    r = xlidl("generate", str(idl), "-o", str(tmp_path / "out"))
    assert r.returncode == 1 and len(r.stderr) < 2000, len(r.stderr)
    assert "[... 99" in r.stderr and "characters ...]" in r.stderr
