"""Parquet in and out, WARC in: round trips on small files written here."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from detector.cli import main
from detector.data import Article, ErrorRecord
from detector.ingest import read_inputs

ROOT = Path(__file__).resolve().parent.parent

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

STORY = """Flood barriers raised in river town
Engineers raised the flood barriers in the river town of Kremenets on Sunday as the water rose after three days of rain.
The mayor said about two hundred homes near the bridge had been cleared and their owners moved to the school.
She said the barriers would stay up until the river fell below the warning level, probably by Wednesday.
Share this: Facebook Twitter"""


# -- Parquet ------------------------------------------------------------------------------------
def test_parquet_input_rows_become_articles_with_meta(tmp_path):
    src = tmp_path / "in.parquet"
    pd.DataFrame({"id": [7, 8, 9], "text": [STORY, None, "   "], "lang": ["en", "en", "en"],
                  "crawled": pd.to_datetime(["2024-05-01", "2024-05-02", "2024-05-03"])}).to_parquet(src)
    recs = list(read_inputs([str(src)]))
    assert isinstance(recs[0], Article) and recs[0].id == "7" and recs[0].title == "Flood barriers raised in river town"
    assert recs[0].meta == {"lang": "en", "crawled": "2024-05-01T00:00:00"}
    assert isinstance(recs[1], ErrorRecord) and recs[1].code == "E005" and recs[1].line == 2
    assert isinstance(recs[2], ErrorRecord) and recs[2].code == "E001"


def test_parquet_without_a_text_column_is_one_error(tmp_path):
    src = tmp_path / "notext.parquet"
    pd.DataFrame({"id": [1], "body": ["x"]}).to_parquet(src)
    (rec,) = read_inputs([str(src)])
    assert rec.code == "E006" and "body" in rec.message


def test_a_damaged_parquet_file_is_an_error_record(tmp_path):
    src = tmp_path / "bad.parquet"
    src.write_bytes(b"PAR1 not really")
    (rec,) = read_inputs([str(src)])
    assert isinstance(rec, ErrorRecord) and rec.code == "E012"


def test_parquet_output_round_trip(tmp_path):
    src = tmp_path / "batch.jsonl"
    src.write_text(json.dumps({"id": "s1", "text": STORY, "site": "example"}) + "\n{not json\n", encoding="utf-8")
    out = tmp_path / "scores.parquet"
    res = CliRunner().invoke(main, ["score", str(src), "-o", str(out), "-q"])
    assert res.exit_code == 1, res.output
    arts = pd.read_parquet(out)
    sents = pd.read_parquet(tmp_path / "scores.sentences.parquet")
    jsonl = CliRunner().invoke(main, ["score", str(src), "--format", "jsonl", "-q"]).output.splitlines()
    first = json.loads(jsonl[0])
    assert list(arts["id"]) == ["s1", f"{src}:2"]
    row = arts.iloc[0]
    assert row["score"] == first["score"] and row["label"] == first["label"]
    assert row["n_sentences"] == len(first["sentences"]) and row["n_boilerplate"] == first["counts"].get("boilerplate", 0)
    assert json.loads(row["meta"]) == {"site": "example"}
    assert row["translation_probability"] == first["mt_style"]["probability"]
    # the same flat fields, under the same names, as the articles-csv format and score_dataframe
    csv_out = CliRunner().invoke(main, ["score", str(src), "--format", "articles-csv", "-q"]).output
    csv_columns = set(csv_out.splitlines()[0].split(","))
    assert csv_columns - {"site"} <= set(arts.columns)
    assert arts.iloc[1]["error_code"] == "E004" and pd.isna(arts.iloc[1]["score"])
    assert list(sents["sentence"]) == [s["index"] for s in first["sentences"]]
    assert list(sents["text"]) == [s["text"] for s in first["sentences"]]
    flagged = sents[sents["types"].notna()]
    assert "boilerplate" in ",".join(flagged["types"])
    assert not list(tmp_path.glob(".*.tmp"))  # temp files renamed into place


def test_parquet_format_needs_a_file():
    res = CliRunner().invoke(main, ["score", "-", "--format", "parquet"], input=STORY)
    assert res.exit_code == 2 and "-o" in res.output


def test_parquet_onto_a_device_or_pipe_is_refused_before_writing_beside_it(tmp_path):
    # `-o /dev/null --format parquet` wrote /dev/null.sentences.parquet into /dev; a named pipe
    # stands in for the device
    import os

    os.mkfifo(tmp_path / "pipe")
    res = CliRunner().invoke(main, ["score", "-", "--format", "parquet", "-o", str(tmp_path / "pipe")],
                             input=STORY)
    assert res.exit_code == 2 and "E031" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


# -- WARC ---------------------------------------------------------------------------------------
def _record(rtype: str, uri: str, rid: str, payload: bytes, http_type: str | None = None) -> bytes:
    if http_type is not None:
        payload = (f"HTTP/1.1 200 OK\r\nContent-Type: {http_type}\r\nContent-Length: {len(payload)}\r\n\r\n"
                   ).encode() + payload
        ctype = "application/http; msgtype=response"
    else:
        ctype = "application/warc-fields"
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode()
    return head + payload + b"\r\n\r\n"


def _page(text: str) -> bytes:
    title, *paras = text.split("\n")
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article>"
            "</body></html>").encode()


RECORDS = [
    _record("warcinfo", "", "00000000-0000-0000-0000-000000000001", b"software: test\r\n"),
    _record("request", "https://news.example/a", "00000000-0000-0000-0000-000000000002", b"GET /a HTTP/1.1\r\n\r\n"),
    _record("response", "https://news.example/a", "00000000-0000-0000-0000-000000000003", _page(STORY),
            "text/html; charset=utf-8"),
    _record("response", "https://news.example/logo.png", "00000000-0000-0000-0000-000000000004", b"\x89PNG\r\n",
            "image/png"),
    _record("response", "https://news.example/empty", "00000000-0000-0000-0000-000000000005", b"", "text/html"),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_articles(tmp_path, name):
    from detector import warc

    path = tmp_path / name
    data = [gzip.compress(r) for r in RECORDS] if name.endswith(".gz") else RECORDS
    path.write_bytes(b"".join(data))
    warc.SKIPPED.clear()
    recs = list(read_inputs([str(path)]))
    assert len(recs) == 2
    art, empty = recs
    assert isinstance(art, Article) and art.id == "<urn:uuid:00000000-0000-0000-0000-000000000003>"
    assert art.meta["url"] == "https://news.example/a"
    assert "flood barriers in the river town" in art.text and art.title.startswith("Flood barriers")
    assert isinstance(empty, ErrorRecord) and empty.code == "E001"
    assert warc.SKIPPED[str(path)] == 3  # warcinfo, request, the image


def test_warc_without_html_is_one_error_and_the_cli_counts_skips(tmp_path):
    path = tmp_path / "nohtml.warc"
    path.write_bytes(RECORDS[0] + RECORDS[3])
    res = CliRunner().invoke(main, ["score", str(path), "--format", "jsonl"])
    assert res.exit_code == 1
    (line,) = [x for x in res.output.splitlines() if x.startswith("{")]
    assert json.loads(line)["error"]["code"] == "E001"
    assert "Skipped 2 WARC records in" in res.output


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
def test_a_warc_cut_short_inside_a_page_is_an_error_not_half_an_article(tmp_path, name):
    # a download that stopped inside a response was read as a complete, shorter page and scored
    # clean, exit 0: nothing said the rest of the crawl was missing
    whole = RECORDS[2]
    cut = whole[: whole.index(b"flood barriers") + 40]
    path = tmp_path / name
    gz = gzip.compress(whole)
    path.write_bytes(gzip.compress(RECORDS[0]) + gz[: len(gz) * 7 // 10] if name.endswith(".gz") else RECORDS[0] + cut)
    (rec,) = list(read_inputs([str(path)]))
    assert isinstance(rec, ErrorRecord) and rec.code == "E012", rec
    assert rec.id == "<urn:uuid:00000000-0000-0000-0000-000000000003>" and "cut short" in rec.message
    # near miss: the same records whole are one article
    path.write_bytes(RECORDS[0] + whole)
    (art,) = list(read_inputs([str(path)]))
    assert isinstance(art, Article)


def test_one_skipped_warc_record_is_said_in_the_singular(tmp_path):
    path = tmp_path / "one.warc"
    path.write_bytes(RECORDS[1] + RECORDS[2])
    res = CliRunner().invoke(main, ["score", str(path), "--format", "jsonl"])
    assert res.exit_code == 0 and f"Skipped 1 WARC record in {path} that is not an HTML response." in res.output


def test_directories_pick_up_warc_and_parquet_but_not_other_gz(tmp_path):
    (tmp_path / "a.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in RECORDS[:3]))
    (tmp_path / "notes.txt.gz").write_bytes(gzip.compress(b"not an input"))
    pd.DataFrame({"id": ["p1"], "text": [STORY]}).to_parquet(tmp_path / "b.parquet")
    ids = [r.id for r in read_inputs([str(tmp_path)])]
    assert ids == ["<urn:uuid:00000000-0000-0000-0000-000000000003>", "p1"]


# -- the verdict axes in flat rows ---------------------------------------------------------------
def test_every_flat_table_says_why_each_axis_reads_as_it_does(tmp_path):
    # a spreadsheet of articles gave each axis's score and label but not its reasons, which only
    # the JSON held: a fact-checker filtering on rewriting_label had to go back to it for the why
    import csv
    import io

    from detector import score_dataframe

    farm = (ROOT / "data" / "examples" / "farm_article.txt").read_text(encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "farm", "text": farm}) + "\n" + json.dumps({"id": "wire", "text": STORY})
                   + "\n" + "{broken\n", encoding="utf-8")
    results = [json.loads(line) for line in
               CliRunner().invoke(main, ["score", str(src), "--format", "jsonl", "-q"]).output.splitlines()]
    csv_rows = list(csv.DictReader(io.StringIO(
        CliRunner().invoke(main, ["score", str(src), "--format", "articles-csv", "-q"]).output)))
    assert CliRunner().invoke(main, ["score", str(src), "-o", str(tmp_path / "s.parquet"), "-q"]).exit_code == 1
    parquet = pd.read_parquet(tmp_path / "s.parquet")
    frame = score_dataframe(pd.DataFrame({"id": ["farm", "wire"], "text": [farm, STORY]}))
    for axis in ("translation", "rewriting", "residue"):
        for k, d in enumerate(results[:2]):
            want = "; ".join(r.removesuffix(".") for r in d["axes"][axis]["reasons"])
            assert csv_rows[k][f"{axis}_reasons"] == want
            assert (parquet.iloc[k][f"{axis}_reasons"] or "") == want
            assert (frame.iloc[k][f"{axis}_reasons"] or "") == want
        assert csv_rows[2][f"{axis}_reasons"] == "" and pd.isna(parquet.iloc[2][f"{axis}_reasons"])
    assert "near-duplicate sentence (sentence 9)" in csv_rows[0]["rewriting_reasons"]
    assert "boilerplate" in csv_rows[0]["residue_reasons"] and csv_rows[1]["rewriting_reasons"] == ""


def test_a_file_that_is_no_warc_says_so_and_a_damaged_one_keeps_its_pages(tmp_path):
    # an HTML page or a text file saved as .warc was 'E009 the file cannot be read (Invalid WARC
    # header)', as if the disk had failed
    path = tmp_path / "page.warc"
    path.write_bytes(_page(STORY))
    (rec,) = list(read_inputs([str(path)]))
    assert isinstance(rec, ErrorRecord) and rec.code == "E012", rec
    assert "not a WARC archive" in rec.message
    # a good record, then bytes that are no record: the page is kept, the damage is one error
    path.write_bytes(RECORDS[2] + b"this is not a WARC record\r\n\r\n")
    art, err = list(read_inputs([str(path)]))
    assert isinstance(art, Article) and isinstance(err, ErrorRecord)
    assert err.code == "E012" and "damaged after 1 HTML record" in err.message
