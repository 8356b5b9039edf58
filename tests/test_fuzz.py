"""Fuzzing the whole pipeline: every input record comes out exactly once, and nothing raises.

Hypothesis writes JSONL, CSV, HTML and text inputs from hostile pieces (control characters,
NULs, escaped lone surrogates, NaN and huge numbers in extra fields, deep nesting, broken
JSON, odd encodings and line endings); the readers and the real scorer (shipped model and
detectors, with a stand-in encoder so the test stays fast) must yield one record per input
record, each written by every output format as strict JSON / UTF-8 without an exception.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.data import ErrorRecord
from detector.ingest import read_inputs, read_stdin
from detector.output import make_writer

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])


class HashEmbedder:
    """A stand-in for the sentence encoder: deterministic unit vectors from a hash of the text."""

    # the shipped model's encoder, by name and size
    from detector.embed import STATIC_DIM as dim
    name = "static/all-MiniLM-L6-v2/pca256-sif"

    def encode(self, sentences):
        out = np.zeros((len(sentences), self.dim), dtype=np.float32)
        for i, s in enumerate(sentences):
            seed = int.from_bytes(hashlib.blake2b(s.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "big")
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


@pytest.fixture(scope="module")
def scorer():
    from detector.model_store import load_model
    from detector.registry import default_model_dir
    from detector.scoring import Scorer

    return Scorer(load_model(default_model_dir()), embedder=HashEmbedder(), batch_sentences=64)


# -- the pieces hostile inputs are made of -------------------------------------------------------
WORDS = ["the", "council", "said", "he", "she", "Olena", "Kovalenko", "power", "will", "return", "Kharkiv",
         "it", "is", "reported", "that", "the", "the", "Home", "News", "Share", "this", "article", "«", "»", "“",
         "”", '"', "'", "—", "-", ".", ",", "!", "?", "\n", "\n\n", "\r", "\r\n", "\t", "\x00", "\x0b", "\x1f",
         "\u2028", "\u200b", "\ufeff", "\ufffd", "Ã©", "â€™", "Москва", "北京", "🙂", "a" * 300, "x" * 1500,
         "<b>", "</p>", "&amp;", "http://example.com/a?b=c", "$1,000", "12.5%", "Mr.", "U.S.", "e.g."]

texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=60).map(" ".join) | st.text(max_size=200)

odd_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)

# raw JSON fragments that json.dumps would never write
raw_values = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e999", '"\\ud800"', '"\\udfff x"',
                              "[" * 70 + "]" * 70, "9" * 5000, '{"a": [NaN, {"b": Infinity}]}', '"\\u0000"'])


@st.composite
def jsonl_line(draw) -> bytes:
    """One line of a JSONL file: a record (good or odd) or garbage; never contains a line break."""
    kind = draw(st.sampled_from(["record", "record", "record", "raw", "garbage", "array", "deep", "blank"]))
    if kind == "blank":
        return draw(st.sampled_from([b"", b"   ", b"\t"]))
    if kind == "garbage":
        junk = draw(st.binary(max_size=60)).replace(b"\n", b"").replace(b"\r", b"")
        return junk if junk.strip() else b"{"
    if kind == "array":
        return b"[1, 2]"
    if kind == "deep":
        return b"[" * draw(st.integers(65, 5000))
    rec = {}
    if draw(st.booleans()):
        rec["id"] = draw(odd_values | st.text(max_size=10))
    if draw(st.integers(0, 9)):
        rec["text"] = draw(texts | odd_values) if draw(st.integers(0, 6)) == 0 else draw(texts)
    if draw(st.booleans()):
        rec["title"] = draw(texts | odd_values)
    for k in draw(st.lists(st.sampled_from(["url", "n", "x", "meta", "html", "format"]), max_size=3)):
        rec[k] = draw(odd_values)
    line = json.dumps(rec, ensure_ascii=draw(st.booleans()))
    if kind == "raw" and line.endswith("}"):
        line = line[:-1] + (", " if len(rec) else "") + f'"odd": {draw(raw_values)}}}'
    return line.encode("utf-8", "surrogatepass")


def n_jsonl_records(lines: list[bytes]) -> int:
    """What the reader must yield: one record per non-blank line, or one E001 for an empty file."""
    n = sum(1 for line in lines for piece in re.split(rb"\r\n|\r|\n", line) if piece.strip())
    return n or 1


ENDINGS = [b"\n", b"\r\n", b"\r"]


def write_and_read(tmp_path, name: str, data: bytes) -> list:
    f = tmp_path / name
    f.write_bytes(data)
    return list(read_inputs([str(f)]))


def score_and_write(scorer, records: list) -> list[dict]:
    """Score the records and push every result through every output format."""
    results = [r.to_dict() for r in scorer.score_stream(iter(records))]
    for fmt in ("jsonl", "json", "csv", "table"):
        buf = io.StringIO()
        writer = make_writer(fmt, buf)
        for d in results:
            writer.write(d)
        writer.close()
        buf.getvalue().encode("utf-8")  # no lone surrogate reached the output
    for d in results:
        json.loads(json.dumps(d, allow_nan=False))  # strict JSON: no NaN, no Infinity
    return results


# -- the properties --------------------------------------------------------------------------------
@FUZZ
@given(lines=st.lists(jsonl_line(), max_size=8), ending=st.sampled_from(ENDINGS),
       encoding=st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_jsonl_one_output_per_line(tmp_path_factory, scorer, lines, ending, encoding):
    if encoding != "utf-8":  # a wide encoding carries text, not arbitrary bytes
        lines = [line.decode("utf-8", "replace").encode("utf-8") for line in lines]
    data = ending.join(lines) + (ending if lines else b"")
    if encoding != "utf-8":
        data = data.decode("utf-8").encode(encoding)
    recs = write_and_read(tmp_path_factory.mktemp("j"), "crawl.jsonl", data)
    assert len(recs) == n_jsonl_records(lines)
    assert len(score_and_write(scorer, recs)) == len(recs)


@FUZZ
@given(rows=st.lists(st.tuples(st.text(max_size=8), texts, st.text(max_size=10)), max_size=6),
       extra=st.booleans(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_csv_one_output_per_row(tmp_path_factory, scorer, rows, extra, encoding):
    rows = [tuple(c.replace("\x00", "") for c in row) for row in rows]  # NUL: its own test below
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "text", "topic"])
    for r in rows:
        w.writerow([*r, "spill"] if extra else r)
    data = buf.getvalue().encode(encoding, errors="replace")
    recs = write_and_read(tmp_path_factory.mktemp("c"), "batch.csv", data)
    # the csv module reading the same text is the oracle for how many rows there are
    n_rows = sum(1 for _ in csv.reader(io.StringIO(data.decode(encoding if encoding != "utf-16" else "utf-16"),
                                                   newline=""))) - 1
    assert len(recs) == max(n_rows, 1)
    assert len(score_and_write(scorer, recs)) == len(recs)


@FUZZ
@given(body=texts, title=texts, wrap=st.sampled_from(["page", "bare", "broken", "deep"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252"]))
def test_html_one_output_per_page(tmp_path_factory, scorer, body, title, wrap, encoding):
    html = {"page": f"<html><head><title>{title}</title></head><body><article><p>{body}</p>"
                    f"<p>{body}</p></article></body></html>",
            "bare": f"<p>{body}</p>",
            "broken": f"<html><body><div><p>{body}<table><tr><td>{title}",
            "deep": "<div>" * 3000 + body + "</div>" * 3000}[wrap]
    recs = write_and_read(tmp_path_factory.mktemp("h"), "page.html", html.encode(encoding, errors="replace"))
    assert len(recs) == 1
    assert len(score_and_write(scorer, recs)) == 1


@FUZZ
@given(body=texts | st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "cp1252", "latin-1"]),
       ending=st.sampled_from(["\n", "\r\n", "\r"]))
def test_text_one_output_per_file(tmp_path_factory, scorer, body, encoding, ending):
    data = body.replace("\n", ending).encode(encoding, errors="replace")
    recs = write_and_read(tmp_path_factory.mktemp("t"), "article.txt", data)
    assert len(recs) == 1
    assert len(score_and_write(scorer, recs)) == 1


@FUZZ
@given(lines=st.lists(jsonl_line(), min_size=1, max_size=6), text=texts)
def test_stdin_jsonl_or_text_one_output_per_record(scorer, lines, text):
    data = b"\n".join(lines) + b"\n"
    recs = list(read_stdin(io.BytesIO(data)))
    first = data.lstrip()[:1]
    assert len(recs) == (n_jsonl_records(lines) if first == b"{" else 1)
    assert len(score_and_write(scorer, recs)) == len(recs)
    (rec,) = read_stdin(io.BytesIO(text.encode("utf-8", "surrogatepass")))
    score_and_write(scorer, [rec])


@pytest.mark.parametrize("name", ["nul.csv", "nul.txt", "nul.jsonl"])
def test_a_stray_nul_byte_costs_at_most_its_record_not_the_file(tmp_path, scorer, name):
    rows = [b"The council met on Tuesday and said power would return.", b"A stray \x00 byte in this one.",
            b"The council met again on Wednesday."]
    if name.endswith(".csv"):
        data = b"id,text\n" + b"".join(b'%d,"%s"\n' % (i, r) for i, r in enumerate(rows))
    elif name.endswith(".jsonl"):
        data = b"".join(b'{"id": "%d", "text": "%s"}\n' % (i, r) for i, r in enumerate(rows))
    else:
        data = b"\n\n".join(rows)
    recs = write_and_read(tmp_path, name, data)
    assert len(recs) == (1 if name.endswith(".txt") else 3)
    assert not isinstance(recs[0], ErrorRecord) or name.endswith(".jsonl")
    assert len(score_and_write(scorer, recs)) == len(recs)


def test_every_bom_and_wide_encoding_reads_as_text(tmp_path, scorer):
    text = "Power will return to the eastern districts by Friday, the council said on Tuesday."
    for i, (enc, bom) in enumerate([("utf-32-le", codecs.BOM_UTF32_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                     ("utf-16-le", b""), ("utf-32-be", b"")]):
        (rec,) = write_and_read(tmp_path, f"a{i}.txt", bom + text.encode(enc))
        assert not isinstance(rec, ErrorRecord) and rec.text == text
        score_and_write(scorer, [rec])
