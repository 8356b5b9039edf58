"""The `detector score` command: formats, the output contract, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from detector.cli import main
from detector.data import FINDING_TYPES

ROOT = Path(__file__).resolve().parent.parent
FARM = ROOT / "data" / "examples" / "farm_article.txt"
WIRE = ROOT / "data" / "examples" / "wire_article.txt"

ARTICLE_KEYS = {"id", "source", "title", "score", "label", "counts", "sentences", "findings", "model"}


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_table_on_the_bundled_example_explains_each_flag():
    code, out, err = run("score", str(FARM), "--format", "table", "--no-color")
    assert code == 0, err
    assert "Regional Council Says Power Will Return" in out
    assert "ARTIFACTED" in out
    for t in ("gender_mismatch", "resumptive_pronoun", "spliced_fragment", "near_duplicate", "boilerplate",
              "unbalanced_quote"):
        assert t in out, t
    assert "Scored 1 article(s)" in err


def test_json_output_follows_the_contract():
    code, out, _ = run("score", str(FARM), str(WIRE), "--format", "json", "-q")
    assert code == 0
    data = json.loads(out)
    assert [d["source"] for d in data] == [str(FARM), str(WIRE)]
    for d, path in zip(data, (FARM, WIRE), strict=True):
        assert ARTICLE_KEYS <= set(d)
        text = path.read_text(encoding="utf-8")
        assert 0.0 <= d["score"] <= 1.0 and d["label"] in ("clean", "suspect", "artifacted")
        for s in d["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]
            assert 0.0 <= s["score"] <= 1.0
        for f in d["findings"]:
            assert f["type"] in FINDING_TYPES
            assert text[f["start"] : f["end"]] == f["text"]
            assert f["explanation"] and 0 <= f["confidence"] <= 1
            assert all(0 <= r < len(d["sentences"]) for r in f["related"])
        assert d["counts"] == {t: sum(f["type"] == t for f in d["findings"]) for t in d["counts"]}
        assert d["model"]["name"] and d["model"]["version"]
    farm, wire = data
    assert farm["label"] == "artifacted"
    assert wire["label"] == "clean" and wire["findings"] == []


MT = ROOT / "data" / "examples" / "mt_article.txt"


def test_the_shipped_model_reads_machine_translation_style():
    code, out, _ = run("score", str(MT), str(WIRE), str(FARM), "--format", "json", "-q")
    assert code == 0
    mt, wire, farm = json.loads(out)
    # the literal translation has no scars, so only its phrasing can raise it
    assert mt["findings"] == [] and mt["mt_style"]["flagged"] and mt["label"] == "suspect"
    assert {p["text"] for p in mt["mt_style"]["phrases"]} & {"it is", "is reported", "is noted", "there is"}
    assert all(0 <= i < len(mt["sentences"]) for i in mt["mt_style"]["sentences"])
    # English wire copy and an English content-farm page do not read as translations
    assert not wire["mt_style"]["flagged"] and wire["label"] == "clean"
    assert not farm["mt_style"]["flagged"]
    code, table, _ = run("score", str(MT), "--format", "table", "--no-color")
    assert "MT style" in table and "reads as machine-translated" in table


def test_the_mt_pairs_example_is_valid_training_data():
    from training.mt_style import read_mt_file

    recs = read_mt_file(ROOT / "data" / "examples" / "mt_pairs_example.jsonl")
    assert {r.mt for r in recs} == {True, False} and len({r.group for r in recs}) == 2


def test_jsonl_batch_with_bad_records_keeps_order_and_exits_1(tmp_path):
    src = tmp_path / "crawl.jsonl"
    good = {"id": "a1", "text": WIRE.read_text(encoding="utf-8"), "title": "Port reopens", "site": "example"}
    src.write_text(
        json.dumps(good) + "\n"
        + "{not json\n"
        + json.dumps({"id": "a3", "title": "no text"}) + "\n"
        + json.dumps({"id": "a4", "text": "   "}) + "\n"
        + json.dumps({"id": "a5", "text": FARM.read_text(encoding="utf-8")}) + "\n",
        encoding="utf-8",
    )
    code, out, err = run("score", str(src), "--format", "jsonl")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a1", f"{src}:2", "a3", "a4", "a5"]
    assert rows[0]["meta"] == {"site": "example"} and rows[0]["title"] == "Port reopens"
    assert [r.get("error", {}).get("code") for r in rows] == [None, "E004", "E005", "E001", None]
    assert rows[1]["error"]["line"] == 2
    assert f"{src}, line 2" in err and "E004" in err


def test_csv_output_has_one_row_per_sentence():
    code, out, _ = run("score", str(WIRE), "--format", "csv", "-q")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) >= 8
    assert [int(r["sentence"]) for r in rows] == list(range(len(rows)))
    assert all(r["label"] == "clean" for r in rows)


def test_csv_input_and_directory_input(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(WIRE, tmp_path / "sub" / "wire.txt")
    with open(tmp_path / "batch.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "title", "text"])
        w.writerow(["c1", "Farm", FARM.read_text(encoding="utf-8")])
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")  # unsupported files in a directory are skipped
    code, out, _ = run("score", str(tmp_path), "--format", "jsonl", "-q")
    assert code == 0
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert ids == ["c1", str(tmp_path / "sub" / "wire.txt")]


def test_stdin():
    code, out, _ = run("score", "-", "--format", "json", "-q", input=WIRE.read_bytes())
    assert code == 0
    (d,) = json.loads(out)
    assert d["source"] == "<stdin>" and d["title"].startswith("Kyiv reopens river port")


def test_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "scores" / "out.jsonl"
    code, stdout, _ = run("score", str(WIRE), "--format", "jsonl", "-o", str(out), "-q")
    assert code == 0 and stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert [p.name for p in out.parent.iterdir()] == ["out.jsonl"]


def test_missing_input_is_an_error_record_not_a_crash(tmp_path):
    code, out, err = run("score", str(tmp_path / "nope.txt"), str(WIRE), "--format", "jsonl")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["error"]["code"] == "E009" and "label" in rows[1]


def test_tampered_model_is_refused_with_exit_2(tmp_path):
    from detector.model_store import default_model_dir

    model = tmp_path / "model"
    shutil.copytree(default_model_dir(), model)
    with open(model / "model.skops", "ab") as fh:
        fh.write(b"\0")
    code, out, err = run("score", str(WIRE), "--model", str(model))
    assert code == 2 and out == ""
    assert "E020" in err and "sha256" in err


@pytest.mark.parametrize("args", [["score"], ["score", "x.txt", "--format", "xml"], ["bogus"]])
def test_usage_errors_exit_2(args):
    proc = subprocess.run([sys.executable, "-m", "detector", *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Usage" in proc.stderr or "Error" in proc.stderr


def test_real_entry_point_scores_and_lists_detectors():
    proc = subprocess.run([sys.executable, "-m", "detector", "score", str(WIRE), "--format", "json", "-q"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["label"] == "clean"
    proc = subprocess.run([sys.executable, "-m", "detector", "detectors"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert all(t in proc.stdout for t in FINDING_TYPES)
