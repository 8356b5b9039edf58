"""Hostile inputs at the readers: every record comes out once, nothing hangs, nothing raises.

Each class of failure has a test: things that are not regular files, encodings, nesting,
odd JSON values, oversized lines, mixed line endings, vanishing files, directories with loops.
"""

from __future__ import annotations

import codecs
import io
import json
import math
import os
import socket

import pytest

from detector import ingest
from detector.data import Article, ErrorRecord
from detector.ingest import read_inputs, read_path, read_stdin

TEXT = ("The regional council said on Tuesday that power would return to the eastern districts by "
        "Friday. Engineers have repaired two of the three damaged lines, and the third is being "
        "rebuilt. \"We expect the work to be finished this week,\" a spokeswoman for the utility said.")


def records(*paths) -> list:
    return list(read_inputs([str(p) for p in paths]))


def codes(recs) -> list:
    return [r.code if isinstance(r, ErrorRecord) else None for r in recs]


def jl(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def strict_json(rec) -> str:
    """The record as the output writes it: strict JSON, encodable as UTF-8."""
    d = rec.to_dict() if isinstance(rec, ErrorRecord) else {"id": rec.id, "text": rec.text, "title": rec.title,
                                                            "meta": rec.meta, "warnings": rec.warnings}
    out = json.dumps(d, ensure_ascii=False, allow_nan=False)
    out.encode("utf-8")
    return out


# -- things that are not regular files --------------------------------------------------------
def test_a_fifo_among_the_inputs_is_an_error_record_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # nobody ever writes: opening it for reading would block forever
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    recs = records(fifo, good)
    assert codes(recs) == ["E009", None]
    assert "named pipe" in recs[0].message and recs[0].source == str(fifo)


@pytest.mark.parametrize("suffix", [".txt", ".html", ".jsonl", ".csv"])
def test_a_character_device_is_refused_before_any_read(tmp_path, suffix):
    link = tmp_path / f"zero{suffix}"
    link.symlink_to("/dev/zero")  # endless: reading it would fill memory
    (rec,) = records(link)
    assert rec.code == "E009" and "character device" in rec.message


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "sock.jsonl"
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(path))
        (rec,) = records(path)
    finally:
        s.close()
    assert rec.code == "E009" and "socket" in rec.message


def test_a_directory_named_like_a_file_is_read_as_a_directory(tmp_path):
    d = tmp_path / "looks.txt"
    d.mkdir()
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    assert codes(records(d)) == [None]


def test_symlink_loops_in_a_directory_are_reported_not_skipped_silently(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "sub" / "b.txt").write_text(TEXT, encoding="utf-8")
    (d / "sub" / "back").symlink_to(d)  # a directory loop
    (d / "self.txt").symlink_to(d / "self.txt")  # a link to itself
    (d / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    recs = list(read_path(str(d)))
    by_source = {r.source: r for r in recs}
    assert len(recs) == 5
    assert isinstance(by_source[str(d / "a.txt")], Article)
    assert isinstance(by_source[str(d / "sub" / "b.txt")], Article)
    assert by_source[str(d / "sub" / "back")].code == "E009"
    assert "loop" in by_source[str(d / "sub" / "back")].message
    assert "loop" in by_source[str(d / "self.txt")].message
    assert by_source[str(d / "dangling.txt")].code == "E009"


def test_a_fifo_inside_a_directory_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "b.jsonl")
    assert codes(read_path(str(tmp_path))) == [None, "E009"]


def test_a_symlink_loop_named_on_the_command_line(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    (rec,) = records(loop)
    assert rec.code == "E009" and "loop" in rec.message


def test_an_unreadable_subdirectory_is_an_error_and_the_rest_is_read(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(TEXT, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # tests run as root, which file modes cannot lock out
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest.os, "scandir", scandir)
    recs = list(read_path(str(tmp_path)))
    assert codes(recs) == [None, "E009"] and "permission denied" in recs[1].message


def test_a_deep_directory_tree_does_not_exhaust_the_stack(tmp_path):
    d = tmp_path
    for _ in range(60):  # deeper trees hit the OS path limit first; the walk is iterative anyway
        d = d / "d"
    d.mkdir(parents=True)
    (d / "a.txt").write_text(TEXT, encoding="utf-8")
    assert codes(read_path(str(tmp_path))) == [None]


def test_a_file_that_vanishes_before_it_is_read(tmp_path, monkeypatch):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    for p in (a, b):
        p.write_text(TEXT, encoding="utf-8")
    recs = read_path(str(tmp_path))
    first = next(recs)
    b.unlink()  # listed, then gone
    rest = list(recs)
    assert isinstance(first, Article) and codes(rest) == ["E009"]
    assert "no such file" in rest[0].message


def test_a_read_error_mid_file_keeps_the_records_read_and_says_so(tmp_path, monkeypatch):
    f = tmp_path / "crawl.jsonl"
    f.write_text("\n".join(jl({"id": str(i), "text": TEXT}) for i in range(3)) + "\n", encoding="utf-8")
    from detector import safeio

    real = safeio.bounded_lines

    def failing(stream, limit):
        it = real(stream, limit)
        yield next(it)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(safeio, "bounded_lines", failing)
    recs = records(f)
    assert codes(recs) == [None, "E009"]
    assert "input/output error" in recs[1].message and "after line 1" in recs[1].message


# -- size ---------------------------------------------------------------------------------------
def test_a_huge_single_line_is_skipped_without_loading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ARTICLE_CHARS", 1000)  # a 4,000-byte line limit
    f = tmp_path / "crawl.jsonl"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write(jl({"id": "a", "text": TEXT}) + "\n")
        fh.write('{"id": "big", "text": "' + "x" * 50_000 + '"}\n')
        fh.write(jl({"id": "b", "text": TEXT}) + "\n")
    recs = records(f)
    assert codes(recs) == [None, "E007", None]
    assert recs[1].line == 2 and "50,0" in recs[1].message
    # what to do, not only the figures
    assert recs[1].message.endswith("were its line breaks lost, or records run together? Put one record on each line")


def test_a_huge_csv_line_is_skipped_and_the_next_rows_read(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_ARTICLE_CHARS", 1000)
    f = tmp_path / "batch.csv"
    f.write_text(f"id,text\na,\"{TEXT}\"\nbig,{'x' * 50_000}\nb,\"{TEXT}\"\n", encoding="utf-8")
    recs = records(f)
    assert codes(recs) == [None, "E007", None]
    assert [r.id for r in recs] == ["a", f"{f}:3", "b"]
    assert recs[1].message.endswith("were its line breaks lost? Put one article in each row")


def test_stdin_text_is_bounded(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", 1000)
    (rec,) = read_stdin(io.BytesIO(b"word " * 10_000))
    assert rec.code == "E007"


def test_stdin_jsonl_streams_line_by_line():
    data = (jl({"id": "a", "text": TEXT}) + "\n" + "{broken\n" + jl({"id": "b", "text": TEXT}) + "\n").encode()
    assert codes(read_stdin(io.BytesIO(data))) == [None, "E004", None]


# -- encodings ----------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, bom", [
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE), ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", b""), ("utf-16-le", b""), ("utf-16-be", b""),
    ("utf-32-be", b""),
])
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".html"])
def test_utf16_and_utf32_with_and_without_bom(tmp_path, encoding, bom, suffix):
    body = {".txt": f"Power returns\n\n{TEXT} – “quoted”",
            ".jsonl": jl({"id": "a", "text": TEXT + " – “quoted”"}) + "\n",
            ".csv": 'id,text\na,"' + f"{TEXT} – “quoted”".replace('"', '""') + '"\n',
            ".html": f"<html><body><article><h1>Power returns</h1><p>{TEXT} – “quoted”</p>"
                     f"<p>{TEXT}</p></article></body></html>"}[suffix]
    f = tmp_path / f"in{suffix}"
    f.write_bytes(bom + body.encode(encoding))
    (rec,) = records(f)
    assert isinstance(rec, Article), rec
    assert "\x00" not in rec.text and "“quoted”" in rec.text
    assert rec.text.count("Engineers") >= 1


def test_invalid_utf8_in_the_middle_of_a_jsonl_file_costs_one_line(tmp_path):
    f = tmp_path / "crawl.jsonl"
    f.write_bytes(jl({"id": "a", "text": TEXT}).encode() + b"\n" + b'{"id": "b", "text": "caf\xe9 \xff"}\n'
                  + jl({"id": "c", "text": TEXT}).encode() + b"\n")
    assert codes(records(f)) == [None, "E003", None]


def test_invalid_utf8_in_the_middle_of_a_text_file_is_decoded_with_a_warning(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(TEXT.encode() + b" caf\xe9 " + TEXT.encode())
    (rec,) = records(f)
    assert isinstance(rec, Article) and "café" in rec.text
    assert rec.warnings[0]["code"] == "W001"


def test_nul_bytes_after_the_first_block_of_a_text_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes((TEXT + "\n\n") .encode() * 60 + b"\x00\x00" + TEXT.encode())
    (rec,) = records(f)
    strict_json(rec)


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"])
def test_jsonl_line_endings_lf_crlf_and_cr_alone(tmp_path, ending):
    f = tmp_path / "crawl.jsonl"
    lines = [jl({"id": str(i), "text": TEXT}).encode() for i in range(3)]
    f.write_bytes(ending.join(lines) + ending)
    recs = records(f)
    assert [r.id for r in recs] == ["0", "1", "2"] and [r.line for r in recs] == [1, 2, 3]


def test_mixed_line_endings_in_one_jsonl_file(tmp_path):
    f = tmp_path / "crawl.jsonl"
    a, b, c = (jl({"id": x, "text": TEXT}).encode() for x in "abc")
    f.write_bytes(a + b"\r\n" + b + b"\r" + c + b"\n")
    assert [r.id for r in records(f)] == ["a", "b", "c"]


def test_a_text_file_with_mixed_line_endings_scores_as_one_article(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"Headline\r\n\r\n" + TEXT.encode() + b"\r" + TEXT.encode() + b"\n" + TEXT.encode())
    assert codes(records(f)) == [None]


# -- JSON: nesting and values other tools reject --------------------------------------------------
@pytest.mark.parametrize("line", [
    "[" * 100_000 + "]" * 100_000,
    '{"id": "x", "text": "t", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    "[" * 1_000_000,
], ids=["array", "in-a-field", "objects", "unclosed"])
def test_deep_nesting_costs_one_line_and_keeps_the_lines_around_it(tmp_path, line):
    f = tmp_path / "crawl.jsonl"
    f.write_text(jl({"id": "a", "text": TEXT}) + "\n" + line + "\n" + jl({"id": "b", "text": TEXT}) + "\n",
                 encoding="utf-8")
    recs = records(f)
    assert [r.id if isinstance(r, Article) else r.code for r in recs] == ["a", recs[1].code, "b"]
    assert recs[1].code in ("E004", "E012") and recs[1].line == 2


def test_moderate_nesting_in_pass_through_fields_is_kept(tmp_path):
    f = tmp_path / "crawl.jsonl"
    nested = {"a": [{"b": [1, 2, {"c": None}]}]}
    f.write_text(jl({"id": "a", "text": TEXT, "extra": nested}) + "\n", encoding="utf-8")
    (rec,) = records(f)
    assert rec.meta == {"extra": nested}


@pytest.mark.parametrize("raw, field", [
    ('NaN', "score"), ('Infinity', "score"), ('-Infinity', "score"), ('1e400', "score"), ('[1, NaN]', "scores"),
    ('{"x": -1e999}', "nested"),
])
def test_non_finite_numbers_in_pass_through_fields_become_null_with_a_warning(tmp_path, raw, field):
    f = tmp_path / "crawl.jsonl"
    f.write_text('{"id": "a", "text": ' + json.dumps(TEXT) + f', "{field}": {raw}}}\n', encoding="utf-8")
    (rec,) = records(f)
    assert isinstance(rec, Article)
    out = strict_json(rec)  # raises on NaN/Infinity
    json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in the output"))
    assert any(w["code"] == "W003" for w in rec.warnings)
    value = rec.meta[field]
    assert value is None or not any(isinstance(v, float) and not math.isfinite(v) for v in
                                    (value if isinstance(value, list) else value.values()))


def test_a_number_with_thousands_of_digits_is_one_error(tmp_path):
    f = tmp_path / "crawl.jsonl"
    f.write_text('{"id": "a", "text": "t", "n": ' + "9" * 5000 + "}\n" + jl({"id": "b", "text": TEXT}) + "\n",
                 encoding="utf-8")
    assert codes(records(f)) == ["E004", None]


def test_lone_surrogates_are_replaced_so_the_output_can_be_written(tmp_path):
    f = tmp_path / "crawl.jsonl"
    f.write_text('{"id": "a\\ud800", "text": ' + json.dumps(TEXT)[:-1] + ' \\udc00 end", "k\\udfff": "\\ud83d"}\n',
                 encoding="utf-8")
    (rec,) = records(f)
    assert isinstance(rec, Article)
    strict_json(rec)
    assert rec.text.endswith("\ufffd end") and rec.id == "a\ufffd"
    assert any(w["code"] == "W003" for w in rec.warnings)


@pytest.mark.parametrize("value", ['{"a": 1}', "[1, 2]", "true", "null", "1.5", '""'])
def test_odd_id_and_title_types(tmp_path, value):
    f = tmp_path / "crawl.jsonl"
    f.write_text('{"id": ' + value + ', "title": ' + value + ', "text": ' + json.dumps(TEXT) + "}\n",
                 encoding="utf-8")
    (rec,) = records(f)
    assert isinstance(rec, Article) and isinstance(rec.id, str) and isinstance(rec.title, str)
    strict_json(rec)


@pytest.mark.parametrize("value", ['{"a": 1}', "[1, 2]", "true", "1.5", "NaN"])
def test_text_of_the_wrong_type_is_e005(tmp_path, value):
    f = tmp_path / "crawl.jsonl"
    f.write_text('{"id": "a", "text": ' + value + "}\n", encoding="utf-8")
    (rec,) = records(f)
    assert rec.code == "E005"


def test_python_callers_with_lone_surrogates_get_writable_text():
    rec = ingest.record_to_article({"id": "x\udc80", "text": TEXT + " \ud800", "title": "t\udfff"}, "<python>", 1)
    assert isinstance(rec, Article)
    strict_json(rec)


@pytest.mark.parametrize("value, says", [(None, "not NoneType"), (42, "not int"), (b"The council met.", "decode it first")])
def test_score_text_with_something_other_than_str_says_so(value, says):
    # it failed deep inside with "'NoneType' object has no attribute 'lstrip'", and for bytes with
    # "a bytes-like object is required, not 'str'", the wrong way round
    from detector import score_text

    with pytest.raises(TypeError, match="score_text takes the article as str") as exc:
        score_text(value)
    assert says in str(exc.value)


# -- labels files (detector retrain, review-labels) ------------------------------------------------
@pytest.mark.parametrize("line", [
    "[" * 100_000, '{"text": "abc", "labels": [{"label": "clean", "text": 5}]}',
    '{"text": "abc", "origin": "x"}', '{"text": "abc", "labels": [{"label": {"a": 1}, "text": "a"}]}',
    '{"text": "abc", "labels": [{"label": "clean", "type": ["x"], "text": "a"}]}',
    '{"text": "abc", "labels": [{"label": "clean", "start": true, "end": 2}]}', "NaN",
])
def test_hostile_labels_lines_are_label_errors_naming_the_line(tmp_path, line):
    from training.labels import LabelError, read_labels_file

    f = tmp_path / "labels.jsonl"
    f.write_text('{"text": "abc abc", "labels": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(LabelError) as exc:
        read_labels_file(f)
    assert exc.value.line == 2


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_labels_files_that_are_not_regular_files(tmp_path, kind):
    from training.labels import LabelError, read_labels_file

    f = tmp_path / "labels.jsonl"
    if kind == "fifo":
        os.mkfifo(f)
    elif kind == "directory":
        f.mkdir()
    else:
        f.symlink_to("/dev/zero")
    with pytest.raises(LabelError):
        read_labels_file(f)


def test_a_malformed_labels_csv_is_a_label_error(tmp_path):
    from training.labels import LabelError, read_labels_file

    f = tmp_path / "labels.csv"
    f.write_text('id,text,label_text,label\na,"' + "x" * 5_000_000 + '",x,clean\n', encoding="utf-8")
    with pytest.raises(LabelError):
        read_labels_file(f)


# -- pass-through values that did not come through the JSON parser ---------------------------------
def test_parquet_nan_and_nested_values_pass_through_as_strict_json(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    f = tmp_path / "batch.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [TEXT, TEXT], "score": [float("nan"), float("inf")],
                             "tags": [[1.0, float("nan")], []]}), f)
    recs = records(f)
    assert [r.id for r in recs] == ["a", "b"]
    for r in recs:
        json.loads(strict_json(r), parse_constant=lambda c: pytest.fail(f"{c} in the output"))
        assert any(w["code"] == "W003" for w in r.warnings)


def test_a_damaged_parquet_file_is_one_error_not_a_crash(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    f = tmp_path / "batch.parquet"
    pq.write_table(pa.table({"id": [str(i) for i in range(50)], "text": [TEXT] * 50}), f)
    data = bytearray(f.read_bytes())
    data[200:400] = b"\xff" * 200  # the middle of the first column chunk
    f.write_bytes(bytes(data))
    recs = records(f)
    assert recs and all(isinstance(r, Article | ErrorRecord) for r in recs)
    assert isinstance(recs[-1], ErrorRecord) or len(recs) == 50


def test_python_callers_with_nan_cycles_and_objects_in_meta():
    meta = {"score": float("nan"), "when": object(), "t": (1, float("-inf"))}
    meta["self"] = meta
    rec = ingest.record_to_article({"id": "x", "text": TEXT, **meta}, "<python>", 1)
    assert isinstance(rec, Article)
    json.loads(strict_json(rec), parse_constant=lambda c: pytest.fail(c))
    assert rec.meta["score"] is None and rec.meta["t"] == [1, None] and rec.meta["self"]["self"] is None


# -- the training embedding cache ----------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"garbage", b"PK\x03\x04broken zip"])
def test_a_damaged_embedding_cache_is_rebuilt_not_a_crash(tmp_path, content):
    import numpy as np

    from training.embed_cache import EmbeddingCache

    class Fixed:
        dim = 4

        def encode(self, texts):
            return np.ones((len(texts), 4), dtype=np.float32)

    f = tmp_path / "emb.npz"
    f.write_bytes(content)
    stale = tmp_path / ".emb.npz.999999999.abc.tmp"  # left by a killed run
    stale.write_bytes(b"half")
    with pytest.warns(UserWarning, match="rebuilt"):
        cache = EmbeddingCache(f, Fixed())
    assert cache.encode(["a", "b\ud800"]).shape == (2, 4)
    assert EmbeddingCache(f, Fixed()).encode(["a"]).shape == (1, 4)  # saved and readable again
    assert not stale.exists() and hidden_files(tmp_path) == []


def hidden_files(d) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.startswith("."))


def test_score_articles_gives_a_bad_item_its_own_error_record():
    # None, a number or bytes among the items stopped the whole batch with an AttributeError
    from detector import score_articles
    from detector.data import ArticleResult

    out = list(score_articles([TEXT, None, 42, b"The council met.", {"id": "d", "text": TEXT}]))
    assert [type(r).__name__ for r in out] == ["ArticleResult", "ErrorRecord", "ErrorRecord", "ErrorRecord",
                                               "ArticleResult"]
    assert [r.code for r in out[1:4]] == ["E012"] * 3
    assert out[1].message == "item 1 is NoneType, not an Article, a dict or a str"
    assert out[3].message.endswith("(decode bytes first)")
    assert isinstance(out[4], ArticleResult)


def test_an_article_of_more_sentences_than_the_limit_is_one_error_and_the_next_is_scored():
    # under the character limit, but every line a sentence: comparing each sentence with every
    # other would need memory in the square of the count, so it is refused before any detector runs
    from detector.scoring import MAX_ARTICLE_SENTENCES, score_articles

    lines = "The road was closed again.\n" * (MAX_ARTICLE_SENTENCES + 1)
    recs = list(score_articles([{"id": "log", "text": lines}, {"id": "news", "text": TEXT}]))
    assert codes(recs) == ["E007", None]
    assert recs[0].id == "log" and f"{MAX_ARTICLE_SENTENCES + 1:,} sentences" in recs[0].message
    assert recs[1].article.id == "news"


def test_a_scores_file_whose_first_line_is_broken_is_still_read_as_scores(tmp_path):
    # the kind of a JSONL file was told by its first line alone: a scores file whose first line
    # was cut short was read as articles, and every result after it failed (E005, no text)
    from click.testing import CliRunner

    from detector.cli import main
    from detector.fileio import first_json_record

    scored = tmp_path / "one.jsonl"
    scored.write_text(jl({"id": "a1", "text": TEXT}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["score", str(scored), "--format", "jsonl", "-q"])
    result = res.stdout.strip()
    scores = tmp_path / "scores.jsonl"
    scores.write_text('{"id": "a0", "sentences": [{"ind\n' + result + "\n" + result.replace('"a1"', '"a2"') + "\n",
                      encoding="utf-8")
    assert first_json_record(scores)["id"] == "a1"
    res = CliRunner().invoke(main, ["report", str(scores), "--out", str(tmp_path / "rep")])
    assert res.exit_code == 1, res.output
    assert "E030" in res.output and "E005" not in res.output
    assert (tmp_path / "rep" / "a1.html").exists() and (tmp_path / "rep" / "a2.html").exists()
    # an articles file with a broken first line stays an articles file
    arts = tmp_path / "arts.jsonl"
    arts.write_text("{broken\n" + jl({"id": "b1", "text": TEXT}) + "\n", encoding="utf-8")
    assert "text" in first_json_record(arts)
