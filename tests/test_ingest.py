"""detector.ingest: files, directories and stdin -> Article or ErrorRecord, one per record, in order."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from detector import ingest
from detector.data import Article, ErrorRecord
from detector.ingest import read_inputs, read_path, read_stdin

# -- wire copy written for these tests ----------------------------------------------------------

HEADLINE = "Port Road Reopens After Storm Repairs"
P1 = (
    "The regional government said on Tuesday that it would reopen the main road to the port after "
    "engineers finished repairs to a bridge damaged in last week's storm."
)
P2 = (
    "Officials said traffic would be limited to light vehicles for the first month, and that the work "
    "had cost about 2 million euros, more than the council had expected."
)
P3 = "Shipping companies welcomed the decision but said delays at the port were likely to last until the summer."
ARTICLE = f"{HEADLINE}\n\n{P1}\n{P2}\n{P3}\n"

DE = (
    "Die Landesregierung teilte am Dienstag mit, dass die Hauptstraße zum Hafen wieder geöffnet werde, "
    "nachdem Ingenieure die Reparaturen an einer Brücke abgeschlossen hätten, die beim Sturm in der "
    "vergangenen Woche beschädigt worden war. Nach Angaben der Behörden dürfen im ersten Monat nur leichte "
    "Fahrzeuge die Strecke benutzen, und die Arbeiten kosteten etwa zwei Millionen Euro."
)
ES = (
    "El gobierno regional anunció el martes que reabrirá la carretera principal hacia el puerto después de "
    "que los ingenieros terminaran de reparar un puente dañado por la tormenta de la semana pasada. Según las "
    "autoridades, durante el primer mes solo podrán circular vehículos ligeros, y las obras costaron unos dos "
    "millones de euros."
)
RU = (
    "Региональное правительство сообщило во вторник, что вновь откроет главную дорогу к порту после того, "
    "как инженеры завершат ремонт моста, повреждённого во время шторма на прошлой неделе. По словам "
    "чиновников, в первый месяц движение будет разрешено только для лёгких автомобилей, а работы обошлись "
    "примерно в два миллиона евро."
)
EN_WITH_FOREIGN_WORDS = (
    "The Bürgermeister of the small Saxon town, who called the flood a Jahrhundertflut, asked residents for "
    "patience on Wednesday. Officials from the Landratsamt said the water had reached the old town, and a "
    "spokeswoman for the Verkehrsministerium said the rail line would stay closed until the weekend. In "
    "Moscow, the newspaper Известия reported the story under the headline «Наводнение»."
)


def records(*paths) -> list:
    return list(read_inputs([str(p) for p in paths]))


def one(path) -> Article | ErrorRecord:
    recs = records(path)
    assert len(recs) == 1, recs
    return recs[0]


def assert_error(rec, code, line=None):
    assert isinstance(rec, ErrorRecord), rec
    assert rec.code == code, (rec.code, rec.message)
    assert rec.line == line
    assert rec.message
    return rec


def codes(recs) -> list[str | None]:
    return [getattr(r, "code", None) for r in recs]


# -- plain text ---------------------------------------------------------------------------------

def test_txt_with_title_line(tmp_path):
    f = tmp_path / "port.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    a = one(f)
    assert isinstance(a, Article)
    assert a.title == HEADLINE
    assert a.text == ARTICLE  # the title stays in the text: detectors see the headline
    assert a.id == a.source == str(f)
    assert a.line is None and a.warnings == [] and a.meta == {}


def test_txt_starting_with_prose_has_no_title(tmp_path):
    f = tmp_path / "prose.txt"
    f.write_text(f"{P1}\n{P2}\n", encoding="utf-8")
    a = one(f)
    assert isinstance(a, Article)
    assert a.title == ""
    assert a.text == f"{P1}\n{P2}\n"


def test_txt_sentence_title_followed_by_blank_line_is_a_title(tmp_path):
    f = tmp_path / "q.txt"
    f.write_text(f"Will the Port Road Reopen?\n\n{P1}\n", encoding="utf-8")
    assert one(f).title == "Will the Port Road Reopen?"


def test_markdown_heading_is_the_title(tmp_path):
    f = tmp_path / "port.md"
    text = f"# {HEADLINE}\n\n{P1}\n\n{P2}\n"
    f.write_text(text, encoding="utf-8")
    a = one(f)
    assert isinstance(a, Article)
    assert a.title == HEADLINE
    assert a.text == text


# -- HTML -----------------------------------------------------------------------------------------

PAGE = f"""<!DOCTYPE html>
<html><head><title>{HEADLINE}</title>
<script>var tracker = "TRACKING_PIXEL_7731"; window.dataLayer = [];</script>
<style>p {{ color: #222 }}</style></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>{HEADLINE}</h1>
<p>{P1}</p>
<script>document.write("INLINE_SCRIPT_4410");</script>
<p>- Advertisement -</p>
<p>{P2}</p>
<p>{P3}</p>
</article></body></html>
"""


def test_html_title_first_line_and_no_script(tmp_path):
    f = tmp_path / "port.html"
    f.write_text(PAGE, encoding="utf-8")
    a = one(f)
    assert isinstance(a, Article)
    assert a.title == HEADLINE
    lines = a.text.split("\n")
    assert lines[0] == HEADLINE
    assert lines.count(HEADLINE) == 1  # <title> and <h1> give one line
    assert lines[1:] == [P1, "- Advertisement -", P2, P3]
    assert "TRACKING_PIXEL" not in a.text and "INLINE_SCRIPT" not in a.text
    assert "color" not in a.text


def test_malformed_html_still_yields_text(tmp_path):
    f = tmp_path / "broken.htm"
    f.write_text(
        f"<html><head><title>{HEADLINE}</title></head><body><div><p>{P1}<p>{P2}"
        "<div><b>unclosed <i>tags</div></p></span></td></html></body>&nbsp;&amp",
        encoding="utf-8",
    )
    a = one(f)
    assert isinstance(a, Article)
    assert a.text.split("\n")[:3] == [HEADLINE, P1, P2]


@pytest.mark.parametrize("page", [
    "<html><head><title></title></head><body><div></div></body></html>",
    "<html><body><script>document.write('The regional government said it would reopen the road');"
    "</script><style>p { color: red }</style></body></html>",
    "<html><body><img src='a.png'><br><hr></body></html>",
])
def test_html_without_text_is_e011(tmp_path, page):
    f = tmp_path / "blank.html"
    f.write_text(page, encoding="utf-8")
    rec = assert_error(one(f), "E011")
    assert rec.source == str(f)


@pytest.mark.parametrize("content", ["", "  \n\t\n"])
def test_empty_html_file_is_e001(tmp_path, content):
    f = tmp_path / "empty.html"
    f.write_text(content, encoding="utf-8")
    assert_error(one(f), "E001")


# -- JSONL ----------------------------------------------------------------------------------------

def jl(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_jsonl_fields_meta_and_line_numbers(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join([
            jl({"id": "w-1", "text": P1, "title": HEADLINE, "url": "https://example.org/a", "tags": ["port"]}),
            jl({"text": P2}),
            jl({"id": 17, "text": P3, "title": 2024}),
        ]) + "\n",
        encoding="utf-8",
    )
    a, b, c = records(f)
    assert (a.id, a.text, a.title, a.line) == ("w-1", P1, HEADLINE, 1)
    assert a.meta == {"url": "https://example.org/a", "tags": ["port"]}
    assert a.source == f"{f}:1"
    assert (b.id, b.title, b.line, b.meta) == (f"{f}:2", "", 2, {})
    assert (c.id, c.title, c.line) == ("17", "2024", 3)


def test_jsonl_bad_lines_are_errors_with_line_numbers(tmp_path):
    f = tmp_path / "mixed.jsonl"
    lines = [
        jl({"id": "ok-1", "text": P1}),            # 1
        "",                                         # 2 blank: skipped
        '{"id": "broken", "text": "unterminated',  # 3 invalid JSON
        jl({"id": "no-text", "title": HEADLINE}),  # 4 missing text
        jl({"id": "num-text", "text": 42}),        # 5 text not a string
        jl([P1, P2]),                               # 6 a JSON array
        "   \t",                                    # 7 whitespace: skipped
        jl({"id": "ok-2", "text": P2}),            # 8
        jl({"id": "null-text", "text": None}),     # 9
        jl("just a string"),                        # 10
        jl({"id": "ok-3", "text": P3}),            # 11
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    recs = records(f)
    assert [r.line for r in recs] == [1, 3, 4, 5, 6, 8, 9, 10, 11]
    assert codes(recs) == [None, "E004", "E005", "E005", "E012", None, "E005", "E012", None]
    assert [r.id for r in recs] == [
        "ok-1", f"{f}:3", "no-text", "num-text", f"{f}:6", "ok-2", "null-text", f"{f}:10", "ok-3"
    ]
    assert all(r.source == str(f) for r in recs if isinstance(r, ErrorRecord))
    assert "not valid JSON" in recs[1].message
    assert recs[1].message.endswith("Unterminated string starting at column 26")  # not "at at"
    assert "'text' is an int" in recs[3].message
    assert recs[6].message == "'text' is empty (null)"  # not "no 'text' field", beside its fields: id, text
    assert "array" in recs[4].message
    # errors carry their line into the output
    assert recs[1].to_dict() == {
        "id": f"{f}:3", "source": str(f), "error": {"code": "E004", "message": recs[1].message, "line": 3}
    }


def test_jsonl_bom_on_first_line(tmp_path):
    f = tmp_path / "bom.jsonl"
    f.write_bytes(b"\xef\xbb\xbf" + (jl({"id": "b1", "text": P1}) + "\n" + jl({"id": "b2", "text": P2})).encode())
    recs = records(f)
    assert [(r.id, r.line) for r in recs] == [("b1", 1), ("b2", 2)]
    assert all(isinstance(r, Article) for r in recs)


def test_jsonl_invalid_utf8_line_is_e003_and_others_survive(tmp_path):
    f = tmp_path / "enc.jsonl"
    f.write_bytes(
        jl({"id": "u1", "text": P1}).encode() + b"\n"
        + b'{"id": "u2", "text": "caf\xe9 owners said"}\n'
        + jl({"id": "u3", "text": P3}).encode() + b"\n"
    )
    recs = records(f)
    assert codes(recs) == [None, "E003", None]
    assert [r.line for r in recs] == [1, 2, 3]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_jsonl_without_records_is_e001(tmp_path, content):
    f = tmp_path / "none.jsonl"
    f.write_bytes(content)
    assert_error(one(f), "E001")


def test_jsonl_html_record_is_extracted_and_keeps_meta(tmp_path):
    f = tmp_path / "pages.jsonl"
    f.write_text(jl({"id": "p1", "text": PAGE, "format": "html", "url": "https://example.org/p1"}) + "\n",
                 encoding="utf-8")
    a = one(f)
    assert isinstance(a, Article)
    assert a.id == "p1" and a.line == 1
    assert a.title == HEADLINE
    assert "INLINE_SCRIPT" not in a.text and P2 in a.text
    assert a.meta == {"format": "html", "url": "https://example.org/p1"}


def test_jsonl_record_level_checks(tmp_path):
    f = tmp_path / "checks.jsonl"
    f.write_text("\n".join([jl({"id": "de", "text": DE}), jl({"id": "blank", "text": "  \n "}),
                            jl({"id": "en", "text": P1})]) + "\n", encoding="utf-8")
    recs = records(f)
    assert codes(recs) == ["E008", "E001", None]
    assert [r.line for r in recs] == [1, 2, 3]


# -- CSV ------------------------------------------------------------------------------------------

def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_csv_columns_and_meta(tmp_path):
    f = write_csv(tmp_path / "a.csv", f'id,text,title,desk\nc1,"{P1}",{HEADLINE},business\nc2,"{P2}",,metro\n')
    a, b = records(f)
    assert (a.id, a.text, a.title, a.line, a.meta) == ("c1", P1, HEADLINE, 2, {"desk": "business"})
    assert (b.id, b.title, b.line, b.meta) == ("c2", "", 3, {"desk": "metro"})
    assert a.source == f"{f}:2"


def test_csv_without_text_column_is_e006_naming_columns(tmp_path):
    f = write_csv(tmp_path / "b.csv", f'id,body,headline\nc1,"{P1}",{HEADLINE}\n')
    rec = assert_error(one(f), "E006", line=1)
    assert "id, body, headline" in rec.message


@pytest.mark.parametrize("content", ["id,text,title\n", "id,text,title\r\n\r\n"])
def test_csv_header_only_is_e001(tmp_path, content):
    f = write_csv(tmp_path / "c.csv", content)
    rec = assert_error(one(f), "E001")
    assert "no rows" in rec.message


def test_csv_empty_file_is_e001(tmp_path):
    f = write_csv(tmp_path / "d.csv", "")
    assert_error(one(f), "E001")


def test_csv_multiline_cell_keeps_its_start_line(tmp_path):
    f = write_csv(
        tmp_path / "e.csv",
        f'id,text\nm1,"{P1}\n\n{P2}\n{P3}"\nm2,"{P3}"\n\nm3,""\nm4,"{P2}"\r\n',
    )
    recs = records(f)
    assert [r.id for r in recs] == ["m1", "m2", "m3", "m4"]
    assert [r.line for r in recs] == [2, 6, 8, 9]
    assert recs[0].text == f"{P1}\n\n{P2}\n{P3}"
    assert_error(recs[2], "E001", line=8)


def test_csv_quote_not_closed_is_one_error_not_a_row_holding_the_rows_after_it(tmp_path):
    # the csv module reads the lines after a quote that is not closed as one cell, up to the next
    # quotation mark or the end of the file: the row on line 3 came out as an article whose text
    # held the rows after it, which were lost
    f = write_csv(tmp_path / "q.csv", f'id,text\nq1,"{P1}"\nq2,"{P2}\nq3,{P3}\nq4,"{P1}"\nq5,{P3}\n')
    recs = records(f)
    assert recs[0].id == "q1" and recs[0].text == P1
    assert_error(recs[1], "E012", line=3)
    assert "not closed" in recs[1].message and "lines 3-5" in recs[1].message
    assert [r.id for r in recs[2:]] == ["q5"] and recs[2].line == 6
    end = write_csv(tmp_path / "end.csv", f'id,text\nq1,"{P1}"\nq2,"{P2}\nq3,{P3}\n')
    assert_error(records(end)[1], "E012", line=3)
    # near misses: doubled quotes, a quoted cell over several lines that ends the file without a
    # line break, a quotation mark inside an unquoted cell on the last line
    ok = write_csv(tmp_path / "ok.csv", f'id,text\nd,"He said ""no"". {P1}"\nm,"{P2}\n\n{P3}"\n'
                                         f'u,{P1} She said "maybe')
    assert [(r.id, isinstance(r, Article)) for r in records(ok)] == [("d", True), ("m", True), ("u", True)]
    last = write_csv(tmp_path / "last.csv", f'id,text\nm,"{P2}\n\n{P3}"')
    assert [r.text for r in records(last)] == [f"{P2}\n\n{P3}"]
    # an inch mark in an unquoted cell of a row whose text is quoted over several lines: an odd
    # number of marks over several lines, but every reader (the csv module even when strict,
    # pandas, a spreadsheet) takes the mark as it is and the row as one row; it was E012
    inch = write_csv(tmp_path / "inch.csv", f'id,title,text\ni1,Giant 7\'1" centre signs,"{P2}\n\n{P3}"\n'
                                             f'i2,Flood defences,"{P1}"\n')
    recs = records(inch)
    assert [(r.id, isinstance(r, Article)) for r in recs] == [("i1", True), ("i2", True)]
    assert recs[0].title == "Giant 7'1\" centre signs" and recs[0].text == f"{P2}\n\n{P3}"
    # a quotation mark opening a cell that is not closed where it should be is still refused
    open_cell = write_csv(tmp_path / "open.csv", f'id,title,text\ni1,"Giant 7\'1 centre signs,{P2}\n'
                                                 f'i2,Flood defences,{P1}\ni3,Tide,"{P3}"\n')
    recs = records(open_cell)
    assert len(recs) == 1 and "lines 2-4" in recs[0].message
    assert_error(recs[0], "E012", line=2)


def test_csv_extra_cells_and_bom_header(tmp_path):
    f = tmp_path / "f.csv"
    f.write_bytes(b"\xef\xbb\xbf" + f'id,text\nx1,"{P1}",surplus,cells\n'.encode())
    a = one(f)
    assert isinstance(a, Article)
    assert a.id == "x1"
    assert a.meta == {"_extra": ["surplus", "cells"]}


def test_csv_cp1252_export_decodes_every_row(tmp_path):
    # a spreadsheet export in cp1252: every row must still come out, once, in order
    rows = [f'r{i},"{P1} Row {i}."' for i in range(60)]
    rows[40] = f'r40,"\u201cWe are ready,\u201d said Jos\u00e9 Ib\u00e1\u00f1ez at the caf\u00e9. {P1}"'
    f = tmp_path / "legacy.csv"
    f.write_bytes(("id,text\r\n" + "\r\n".join(rows) + "\r\n").encode("cp1252"))
    recs = records(f)
    assert [r.id for r in recs] == [f"r{i}" for i in range(60)]
    assert all(isinstance(r, Article) for r in recs)
    assert [r.line for r in recs] == list(range(2, 62))
    assert recs[40].text.startswith("\u201cWe are ready,\u201d said Jos\u00e9 Ib\u00e1\u00f1ez at the caf\u00e9.")
    assert [w["code"] for w in recs[40].warnings] == ["W001"]
    assert recs[39].warnings == [] and recs[41].warnings == []


def test_csv_utf16_with_bom(tmp_path):
    f = tmp_path / "u16.csv"
    f.write_bytes(("\ufeffid,text\r\nw1,\"" + P1 + " \u201cYes,\u201d he said.\"\r\n").encode("utf-16-le"))
    a = one(f)
    assert isinstance(a, Article)
    assert a.text == P1 + " \u201cYes,\u201d he said."


def test_binary_csv_is_e002(tmp_path):
    f = tmp_path / "image.csv"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_error(one(f), "E002")


# -- directories, paths, types --------------------------------------------------------------------

def test_directory_recursion_sorted_hidden_and_unsupported_skipped(tmp_path):
    d = tmp_path / "in"
    (d / "sub" / "deeper").mkdir(parents=True)
    (d / ".git").mkdir()
    (d / "b.txt").write_text(P1, encoding="utf-8")
    (d / "a.md").write_text(P2, encoding="utf-8")
    (d / "sub" / "c.jsonl").write_text(jl({"id": "j1", "text": P3}) + "\n" + jl({"id": "j2", "text": P1}) + "\n",
                                       encoding="utf-8")
    (d / "sub" / "deeper" / "d.html").write_text(PAGE, encoding="utf-8")
    (d / "sub" / "notes.pdf").write_bytes(b"%PDF-1.4 binary")
    (d / "sub" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (d / "README").write_text(P1, encoding="utf-8")
    (d / ".hidden.txt").write_text(P1, encoding="utf-8")
    (d / ".git" / "e.txt").write_text(P1, encoding="utf-8")
    recs = list(read_path(str(d)))
    assert [r.id for r in recs] == [str(d / "a.md"), str(d / "b.txt"), "j1", "j2", str(d / "sub" / "deeper" / "d.html")]
    assert all(isinstance(r, Article) for r in recs)


def test_empty_directory_is_e001(tmp_path):
    d = tmp_path / "empty"
    d.mkdir()
    (d / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    rec = assert_error(one(d), "E001")
    assert rec.id == rec.source == str(d)


def test_unsupported_explicit_file_is_e010(tmp_path):
    f = tmp_path / "story.docx"
    f.write_bytes(b"PK\x03\x04")
    rec = assert_error(one(f), "E010")
    assert "'.docx'" in rec.message
    g = tmp_path / "NOSUFFIX"
    g.write_text(P1, encoding="utf-8")
    assert "(none)" in assert_error(one(g), "E010").message


def test_missing_path_is_e009(tmp_path):
    missing = tmp_path / "nope" / "story.txt"
    rec = assert_error(one(missing), "E009")
    assert rec.id == rec.source == str(missing)


def test_unreadable_file_is_e009(tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text(P1, encoding="utf-8")

    from detector import safeio

    real_open = os.open

    def denied(path, *args, **kwargs):  # tests run as root, which chmod cannot lock out
        if str(path) == str(f):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(safeio.os, "open", denied)
    rec = assert_error(one(f), "E009")
    assert "permission denied" in rec.message


def test_suffix_is_case_insensitive(tmp_path):
    f = tmp_path / "LOUD.TXT"
    f.write_text(P1, encoding="utf-8")
    assert isinstance(one(f), Article)


# -- stdin ----------------------------------------------------------------------------------------

def stdin(data: bytes) -> list:
    return list(read_stdin(io.BytesIO(data)))


def test_stdin_plain_text():
    (a,) = stdin(ARTICLE.encode())
    assert isinstance(a, Article)
    assert (a.id, a.source, a.title, a.text) == ("<stdin>", "<stdin>", HEADLINE, ARTICLE)


def test_stdin_jsonl():
    data = ("\n  \n" + jl({"id": "s1", "text": P1}) + "\n" + jl({"id": "s2"}) + "\n").encode()
    recs = stdin(data)
    assert [(r.id, r.line) for r in recs] == [("s1", 3), ("s2", 4)]
    assert codes(recs) == [None, "E005"]
    assert recs[1].source == "<stdin>"


def test_stdin_html():
    (a,) = stdin(b"\n  " + PAGE.encode())
    assert isinstance(a, Article)
    assert a.title == HEADLINE and "- Advertisement -" in a.text.split("\n")


@pytest.mark.parametrize("data, code", [(b"", "E001"), (b" \n\t ", "E001"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "E002")])
def test_stdin_empty_and_binary(data, code):
    (rec,) = stdin(data)
    assert_error(rec, code)
    assert rec.source == "<stdin>"


def test_dash_reads_stdin(monkeypatch):
    class FakeStdin:
        buffer = io.BytesIO(P1.encode())

    monkeypatch.setattr(ingest.sys, "stdin", FakeStdin)
    (a,) = list(read_inputs(["-"]))
    assert isinstance(a, Article) and a.text == P1


# -- encodings ------------------------------------------------------------------------------------

def test_utf8_with_bom(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    a = one(f)
    assert a.text == ARTICLE and a.title == HEADLINE
    assert a.warnings == []


def test_cp1252_curly_quotes(tmp_path):
    text = f"{P1} \u201cWe are ready to reopen,\u201d the mayor\u2019s spokesman said \u2013 on Tuesday."
    f = tmp_path / "cp1252.txt"
    data = text.encode("cp1252")
    assert b"\x93" in data and b"\x94" in data
    f.write_bytes(data)
    a = one(f)
    assert isinstance(a, Article)
    assert a.text == text
    assert [w["code"] for w in a.warnings] == ["W001"]
    assert "not valid UTF-8" in a.warnings[0]["message"]


def test_latin1(tmp_path):
    text = f"{P1} The caf\u00e9 owner in Z\u00fcrich, Fran\u00e7ois M\u00fcller, said prices rose to \u00a3200."
    f = tmp_path / "latin1.txt"
    f.write_bytes(text.encode("latin-1"))
    a = one(f)
    assert a.text == text
    assert [w["code"] for w in a.warnings] == ["W001"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    f = tmp_path / "u16.txt"
    f.write_bytes(("\ufeff" + ARTICLE + "\u201cYes.\u201d\n").encode(codec))
    a = one(f)
    assert isinstance(a, Article)
    assert a.text.lstrip("\ufeff") == ARTICLE + "\u201cYes.\u201d\n"
    assert a.title == HEADLINE
    assert a.warnings == []


def test_mojibake_warning(tmp_path):
    clean = f"{P1} The mayor\u2019s office said the road was safe \u2013 for now."
    broken = clean.encode("utf-8").decode("cp1252")  # â€™ and friends
    assert "â€™" in broken
    f = tmp_path / "moji.txt"
    f.write_text(broken, encoding="utf-8")
    a = one(f)
    assert isinstance(a, Article)
    assert a.text == broken  # the text is not repaired: the mojibake detector reports it
    assert [w["code"] for w in a.warnings] == ["W002"]


def test_accented_utf8_is_not_mojibake(tmp_path):
    f = tmp_path / "fine.txt"
    f.write_text(f"{P1} \u00c9milie Dupont, the \u00c0 la carte caf\u00e9 owner, agreed.", encoding="utf-8")
    assert one(f).warnings == []


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
    b"The council met on Monday.\x00\x00\x00and then",
    bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 40,
])
@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_binary_file_is_e002(tmp_path, data, suffix):
    f = tmp_path / f"blob{suffix}"
    f.write_bytes(data)
    assert_error(one(f), "E002")


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf\n"])
def test_empty_and_whitespace_text_is_e001(tmp_path, content):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    assert_error(one(f), "E001")


def test_oversized_file_is_e007_without_reading_it(tmp_path, monkeypatch):
    f = tmp_path / "huge.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    g = tmp_path / "huge.html"
    g.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 100)

    def must_not_read(self):
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    for p in (f, g):
        rec = assert_error(one(p), "E007")
        assert rec.source == str(p)


def test_oversized_article_text_is_e007(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ARTICLE_CHARS", 200)
    f = tmp_path / "long.jsonl"
    f.write_text(jl({"id": "short", "text": P1}) + "\n" + jl({"id": "long", "text": ARTICLE}) + "\n"
                 + jl({"id": "huge", "text": ARTICLE * 2}) + "\n", encoding="utf-8")
    assert 200 < len(ARTICLE) and len(jl({"text": ARTICLE})) < 800 < len(jl({"text": ARTICLE * 2}))
    recs = records(f)
    assert codes(recs) == [None, "E007", "E007"]
    # the article is too long; the line too long to even parse (4x the article limit, in bytes)
    assert [(r.id, r.line) for r in recs[1:]] == [("long", 2), (f"{f}:3", 3)]
    # it says what to do, not only what is wrong
    assert recs[1].message.startswith(f"the article has {len(ARTICLE):,} characters; the limit is 200")
    assert "split what it holds into articles (one per line of a JSONL file)" in recs[1].message


# -- language -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [DE, ES, RU], ids=["german", "spanish", "russian"])
def test_non_english_is_e008(tmp_path, text):
    f = tmp_path / "foreign.txt"
    f.write_text(text, encoding="utf-8")
    rec = assert_error(one(f), "E008")
    assert "English" in rec.message


def test_english_with_foreign_words_is_accepted(tmp_path):
    f = tmp_path / "mixed.txt"
    f.write_text(EN_WITH_FOREIGN_WORDS, encoding="utf-8")
    a = one(f)
    assert isinstance(a, Article)
    assert a.text == EN_WITH_FOREIGN_WORDS


RESULTS_LIST = (
    "Council election results\n\n"
    "Abbey ward: Labour hold. Priya Shah (Lab) 1,204; Tom Green (Con) 802; Ellen Marsh (LD) 311. Turnout 31%.\n"
    "Castle ward: Conservative gain from Labour. James Holt (Con) 1,110; Sara Begum (Lab) 1,087. Turnout 35%.\n"
    "Mill ward: Liberal Democrat hold. Anna Ford (LD) 1,530; Mark Dean (Con) 640. Turnout 38%.\n"
    "Riverside ward: Green gain from Labour. Kate Rowe (Grn) 998; Omar Ali (Lab) 905. Turnout 29%.\n"
)
# other languages whose small words English shares ("de", "la", "die", "am", "mit"), with the capitals
# of their names and nouns left out as the results list's are
FR = ("Le gouvernement régional a annoncé mardi que la route principale vers le port serait rouverte la semaine "
      "prochaine, après des travaux de réparation qui ont duré trois mois. Les habitants ont salué la décision.")
NL = ("De regionale regering heeft dinsdag aangekondigd dat de hoofdweg naar de haven volgende week weer opengaat, "
      "na reparatiewerken die drie maanden duurden. De inwoners zijn blij met het besluit.")


def test_list_of_names_and_figures_is_english(tmp_path):
    # few of English's commonest words, but every word that is not a name is English
    f = tmp_path / "results.txt"
    f.write_text(RESULTS_LIST, encoding="utf-8")
    assert isinstance(one(f), Article)


@pytest.mark.parametrize("text", [DE, ES, FR, NL], ids=["german", "spanish", "french", "dutch"])
def test_foreign_words_are_no_list_of_names(tmp_path, text):
    f = tmp_path / "foreign.txt"
    f.write_text(text, encoding="utf-8")
    assert_error(one(f), "E008")


def test_short_text_is_not_judged_for_language(tmp_path):
    # under MIN_WORDS_FOR_LANGUAGE words there is too little to judge
    f = tmp_path / "short.txt"
    f.write_text("Hafen wieder geöffnet", encoding="utf-8")
    assert isinstance(one(f), Article)


@pytest.mark.parametrize("text", ["12345 678 90", "--- *** ---", "2024-05-02 14:00"])
def test_text_without_words_is_e008(tmp_path, text):
    f = tmp_path / "nowords.txt"
    f.write_text(text, encoding="utf-8")
    assert_error(one(f), "E008")


# -- batches --------------------------------------------------------------------------------------

def test_mixed_batch_every_record_once_in_order(tmp_path):
    good = tmp_path / "01-good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    batch = tmp_path / "02-batch.jsonl"
    batch.write_text("\n".join([
        jl({"id": "j1", "text": P1}),
        "{oops",
        jl({"id": "j3", "text": DE}),
        jl({"id": "j4", "text": P2}),
        jl({"id": "j5", "text": ""}),
        jl({"id": "j6", "text": P3}),
    ]) + "\n", encoding="utf-8")
    table = write_csv(tmp_path / "03-table.csv", f'id,text\nc1,"{P1}"\nc2,""\nc3,"{RU}"\nc4,"{P3}"\n')
    binary = tmp_path / "04-binary.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 10)
    missing = tmp_path / "05-missing.txt"
    unsupported = tmp_path / "06-notes.rtf"
    unsupported.write_text("{\\rtf1 hello}", encoding="utf-8")
    paths = [good, batch, table, binary, missing, unsupported, good]

    recs = records(*paths)
    assert [(r.id, getattr(r, "code", None)) for r in recs] == [
        (str(good), None),
        ("j1", None), (f"{batch}:2", "E004"), ("j3", "E008"), ("j4", None), ("j5", "E001"), ("j6", None),
        ("c1", None), ("c2", "E001"), ("c3", "E008"), ("c4", None),
        (str(binary), "E002"),
        (str(missing), "E009"),
        (str(unsupported), "E010"),
        (str(good), None),  # named twice, read twice
    ]
    # a lazy iterator: records come out as inputs are read
    it = read_inputs([str(p) for p in paths])
    assert next(it).id == str(good)


def test_a_page_saved_from_a_browser_is_read_without_its_files_folder(tmp_path):
    page = ("<html><head><title>Ferry resumes</title></head><body><article><h1>Ferry resumes after storm</h1>"
            "<p>The ferry between the island and the mainland sailed again on Wednesday after two days in port, "
            "the operator said, and extra sailings will run until the backlog of lorries is cleared.</p>"
            "</article></body></html>")
    (tmp_path / "Ferry resumes – The Gazette.html").write_text(page, encoding="utf-8")
    res = tmp_path / "Ferry resumes – The Gazette_files"
    res.mkdir()
    (res / "saved_resource.html").write_text("<html><body>ad</body></html>", encoding="utf-8")
    (res / "app.js").write_text("var a = 1;", encoding="utf-8")
    # a folder that ends in _files beside no page of its name is an ordinary folder, and read
    other = tmp_path / "court_files"
    other.mkdir()
    (other / "ruling.txt").write_text("The court ruled on Tuesday that the ferry contract was valid.\n",
                                      encoding="utf-8")
    records = list(read_inputs([str(tmp_path)]))
    assert [Path(r.source).name for r in records] == ["Ferry resumes – The Gazette.html", "ruling.txt"]
    assert all(isinstance(r, Article) for r in records)
    assert ingest.list_directory(tmp_path)[1] == []  # its app.js is not a skipped input either
