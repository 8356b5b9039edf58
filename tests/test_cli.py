"""The `detector score` command: formats, the output contract, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
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

def shipped_label() -> str:
    from detector.registry import default_model_dir

    meta = json.loads((default_model_dir() / "metadata.json").read_text(encoding="utf-8"))
    return f"{meta['name']}-{meta['version']}"


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
    assert "Scored 1 article: 1 artifacted; 0 failed." in err
    assert "  6  boilerplate\n" in err  # per-type totals close the batch, the most frequent first


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
    # the literal translation has no scars, so only its phrasing can raise it: it reads far more
    # as machine translation than English copy does, for its literal phrases; whether it is
    # flagged is the threshold's business (set so that no language's human translations are
    # flagged more than 5% of the time), and the label follows the flag
    prob = {name: d["mt_style"]["probability"] for name, d in (("mt", mt), ("wire", wire), ("farm", farm))}
    assert mt["findings"] == [] and prob["mt"] > 2 * max(prob["wire"], prob["farm"])
    assert mt["label"] == ("suspect" if mt["mt_style"]["flagged"] else "clean")
    assert {p["text"] for p in mt["mt_style"]["phrases"]} & {"the condition of", "the supports of", "it is",
                                                             "is reported", "is noted", "there is"}
    assert all(0 <= i < len(mt["sentences"]) for i in mt["mt_style"]["sentences"])
    # English wire copy and an English content-farm page do not read as translations
    assert not wire["mt_style"]["flagged"] and wire["label"] == "clean"
    assert not farm["mt_style"]["flagged"]
    code, table, _ = run("score", str(MT), "--format", "table", "--no-color")
    assert re.search(r"translation +(FLAGGED|clean) +0\.\d\d", table)
    assert re.search(r"rewriting +clean +0\.00", table)


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


def test_missing_input_fails_before_the_model_loads(tmp_path, monkeypatch):
    import detector.model_store

    def no_model(*a, **k):
        raise AssertionError("the model must not load for a missing input")

    monkeypatch.setattr(detector.model_store, "load_model", no_model)
    code, out, err = run("score", str(tmp_path / "nope.txt"), str(WIRE), "--format", "jsonl")
    assert code == 2 and out == ""
    assert f"Error: [E009] no such file or directory: {tmp_path / 'nope.txt'}" in err


def test_tampered_model_is_refused_with_exit_2(tmp_path):
    from detector.registry import default_model_dir

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


# -- everyday use -------------------------------------------------------------------------------


def test_output_format_follows_the_extension_of_o(tmp_path):
    out = tmp_path / "scores.csv"
    code, stdout, _ = run("score", str(WIRE), "-o", str(out), "-q")
    assert code == 0 and stdout == ""
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and rows[0]["sentence"] == "0"
    code, _, _ = run("score", str(WIRE), "-o", str(tmp_path / "s.json"), "-q")
    assert json.loads((tmp_path / "s.json").read_text())[0]["id"] == str(WIRE)
    # --format wins over the extension
    code, _, _ = run("score", str(WIRE), "-o", str(tmp_path / "s.txt"), "--format", "jsonl", "-q")
    assert json.loads((tmp_path / "s.txt").read_text())["id"] == str(WIRE)


def test_an_extension_that_names_no_format_is_refused_before_scoring(tmp_path):
    # 'scores.xlsx' and 'scores.jsonl.gz' were written as plain JSON lines under names that
    # promised a spreadsheet and a gzip file
    for name in ("scores.xlsx", "scores.jsonl.gz"):
        code, stdout, err = run("score", str(WIRE), "-o", str(tmp_path / name))
        assert code == 2 and "[E031]" in err and "--format" in err and stdout == "", err
        code, _, err = run("trace", str(WIRE), "-o", str(tmp_path / name))
        assert code == 2 and "[E031]" in err, err
    assert list(tmp_path.iterdir()) == []
    # with --format, any name; with no extension or a device, the default
    assert run("score", str(WIRE), "-o", str(tmp_path / "s.xlsx"), "--format", "articles-csv", "-q")[0] == 0
    assert run("score", str(WIRE), "-o", str(tmp_path / "scores"), "-q")[0] == 0
    assert json.loads((tmp_path / "scores").read_text())["id"] == str(WIRE)
    assert run("score", str(WIRE), "-o", "/dev/null", "-q")[0] == 0


def test_articles_csv_is_one_flat_row_per_article_with_pass_through_fields(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": WIRE.read_text(encoding="utf-8"), "url": "https://x.test/a"})
                   + "\n" + json.dumps({"id": "b", "text": ""}) + "\n", encoding="utf-8")
    code, out, _ = run("score", str(src), "--format", "articles-csv", "-q")
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["a", "b"]
    a, b = rows
    assert a["label"] == "clean" and a["url"] == "https://x.test/a" and a["model"] == shipped_label()
    assert float(a["translation_probability"]) < 0.5 and a["translation_flagged"] == "False"
    assert a["n_near_duplicate"] == "0" and b["error_code"] == "E001" and b["label"] == ""


def test_the_table_names_the_model_and_fits_80_columns_without_splitting_words(monkeypatch):
    from detector.output import TableWriter

    code, out, _ = run("score", str(FARM), "--format", "jsonl", "-q")
    record = json.loads(out)
    buf = io.StringIO()
    TableWriter(buf, color=False, width=80).write(record)
    table = buf.getvalue()
    assert f"model {shipped_label()}" in table
    lines = table.splitlines()
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    words = set(" ".join(f["explanation"] for f in record["findings"]).split())
    printed = set(table.split())
    # every word of every explanation is printed whole (textwrap never broke one)
    assert {w for w in words if len(w) > 3} <= printed | {w + ")" for w in words}, words - printed
    assert "near_duplicate" in printed


def test_select_and_ignore_choose_the_finding_types():
    code, out, _ = run("score", str(FARM), "--format", "json", "-q", "--select", "boilerplate,near_duplicate")
    (d,) = json.loads(out)
    assert code == 0 and set(d["counts"]) == {"boilerplate", "near_duplicate"}
    code, out, _ = run("score", str(FARM), "--format", "json", "-q", "--ignore", "boilerplate")
    (d,) = json.loads(out)
    assert "boilerplate" not in d["counts"] and "gender_mismatch" in d["counts"]
    code, _, err = run("score", str(FARM), "--select", "boilerplat")
    assert code == 2 and "unknown finding type boilerplat" in err


def test_version_flag():
    from detector import __version__

    for flag in ("-V", "--version"):
        code, out, _ = run(flag)
        assert code == 0 and out.strip() == f"detector, version {__version__}"


def test_a_page_with_only_navigation_is_e011_not_a_verdict(tmp_path):
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>")
    brief = tmp_path / "brief.html"
    brief.write_text("<html><body><article><p>The council approved the new budget on Tuesday after a long "
                     "debate about road repairs.</p></article></body></html>")
    code, out, _ = run("score", str(page), str(brief), "--format", "jsonl", "-q")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert rows[0]["error"]["code"] == "E011"
    assert "label" in rows[1]  # a one-paragraph brief is still an article


def test_unsupported_files_in_a_directory_are_counted(tmp_path):
    (tmp_path / "a.txt").write_text(WIRE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    (tmp_path / "more.png").write_bytes(b"\x89PNG")
    code, _, err = run("score", str(tmp_path), "--format", "jsonl")
    assert code == 0
    assert "Skipped 3 files of an unsupported type (2 .png, 1 .pdf)" in err
    assert "Scored 1 article: 1 clean; 0 failed." in err


def test_batch_summary_totals_error_codes(tmp_path):
    src = tmp_path / "b.jsonl"
    src.write_text('{"id": 1}\n{bad\n{bad\n', encoding="utf-8")
    code, _, err = run("score", str(src), "--format", "jsonl")
    assert code == 1
    assert "Scored 0 articles; 3 failed." in err
    assert "  2  E004  invalid JSON" in err and "  1  E005  missing or invalid text field" in err


def test_progress_line_counts_plurals_eta_and_clears(monkeypatch):
    from detector.clikit import Progress, count_records

    class Tty(io.StringIO):
        def isatty(self):
            return True

    s = Tty()
    bar = Progress("scoring", total=1, stream=s)
    assert bar.line() == "scoring 0/1 article  0%"
    bar.update(1)
    assert "scoring 1/1 article  100%" in s.getvalue()
    bar.write("Error: [E004] bad (x.jsonl, line 2)")
    bar.close()
    # the error is printed on a cleared line, and the line is erased at the end
    assert "\r\033[KError: [E004]" in s.getvalue() and s.getvalue().endswith("\r\033[K")
    bar = Progress("scoring", total=200, stream=Tty())
    bar.n, bar._start = 50, bar._start - 10
    line = bar.line(bar._start + 10)
    assert line == "scoring 50/200 articles  25%  5.0/s  ETA 0:30"
    assert count_records([str(FARM), str(ROOT / "data" / "eval" / "articles.jsonl")]) == 1 + sum(
        1 for x in (ROOT / "data" / "eval" / "articles.jsonl").read_text().splitlines() if x.strip())
    assert count_records(["-"]) is None


def test_detectors_fit_80_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("detectors")
    assert code == 0 and all(t in out for t in FINDING_TYPES)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_score_dataframe_keeps_the_input_columns():
    pd = pytest.importorskip("pandas")
    from detector import score_dataframe

    df = pd.DataFrame({"id": ["w", "empty"], "text": [WIRE.read_text(encoding="utf-8"), " "],
                       "url": ["https://x.test/w", "https://x.test/e"], "score": [1, 2]},
                      index=[10, 20])
    out = score_dataframe(df)
    assert list(out.index) == [10, 20]
    assert list(out.columns[:4]) == ["id", "text", "url", "score"]
    assert {"score_detector", "label", "translation_probability", "translation_flagged", "model",
            "n_near_duplicate", "error_code"} <= set(out.columns)
    assert out.loc[10, "label"] == "clean" and out.loc[20, "error_code"] == "E001"
    assert out["score"].tolist() == [1, 2]


def test_the_runtime_never_imports_training_and_help_imports_nothing_heavy():
    code = ("import sys, runpy; sys.argv=['detector', '--help']\n"
            "try:\n    runpy.run_module('detector', run_name='__main__')\nexcept SystemExit: pass\n"
            "heavy = [m for m in ('torch', 'sklearn', 'training', 'pandas', 'numpy') if m in sys.modules]\n"
            "assert not heavy, heavy\n"
            "from detector.scoring import Scorer\nimport detector.report, detector.cli, detector.output\n"
            "assert not [m for m in sys.modules if m == 'training' or m.startswith('training.')]\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def _table(record: dict) -> str:
    from detector.output import TableWriter

    buf = io.StringIO()
    TableWriter(buf, color=False, width=100).write(record)
    return buf.getvalue().replace("\u00a0", " ")  # "1 × boilerplate" is kept on one line


def test_the_tables_translation_row_names_words_left_untranslated():
    # words left untranslated make the translation axis suspect on their own; the row said only
    # the head's phrases, which are not why, and hid the words
    code, out, _ = run("score", str(MT), "--format", "jsonl", "-q")
    record = json.loads(out)
    mt = record["mt_style"]
    axis = record["axes"]["translation"]
    row = lambda table: next(line for line in table.splitlines() if line.startswith("  translation"))  # noqa: E731

    axis.update(label="suspect", reasons=["1 × untranslated text (sentence 3)"])
    assert "SUSPECT" in row(_table(record)) and "1 × untranslated text (sentence 3)" in row(_table(record))

    # flagged by the head as well: its phrases in short, and the words still named
    mt["flagged"] = True
    axis.update(label="flagged", reasons=[mt["explanation"], "1 × untranslated text (sentence 3)"])
    table = _table(record)
    assert "1 × untranslated text (sentence 3); phrases “" in table
    assert mt["explanation"] not in table


def test_report_names_each_record_it_could_not_read_and_totals_the_batch(tmp_path):
    # it exited 1 with nothing on stderr but the pages it wrote: which record failed, and why, was
    # only to be found by opening index.html
    src = tmp_path / "crawl.jsonl"
    src.write_text(json.dumps({"id": "w1", "text": WIRE.read_text(encoding="utf-8")}) + "\n"
                   + '{"id": "cut", "text": "unterminated\n' + json.dumps({"id": "x", "title": "no text"}) + "\n",
                   encoding="utf-8")
    code, out, err = run("report", str(src), "--out", str(tmp_path / "r"))
    assert code == 1
    assert out.strip() == str(tmp_path / "r" / "index.html")
    assert f"Error: [E004] the line is not valid JSON: Unterminated string starting at column 23 ({src}, line 2)" in err
    assert f"Error: [E005] the record has no 'text' field, only id, title ({src}, line 3)" in err
    assert "Reported 1 article: 1 clean; 2 failed." in err
    code, out, err = run("report", str(src), "--out", str(tmp_path / "r"), "-q")
    assert code == 1 and err == "" and out.strip().endswith("index.html")


def test_the_batch_summary_lists_every_input_type_directories_are_searched_for(tmp_path):
    (tmp_path / "a.txt").write_text(WIRE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    _, _, err = run("score", str(tmp_path), "--format", "jsonl")
    assert "Skipped 1 file of an unsupported type (1 .png); scored: .txt .md .html .jsonl .csv .parquet .warc\n" in err


def _all_commands(group, prefix=()):
    import click

    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _all_commands(cmd, (*prefix, name))


def test_every_help_fits_80_columns_and_lists_whole_descriptions():
    # the score and trace help ran to 85 columns, train's example to 100, and the command list
    # cut five descriptions off at "..."
    helps = {(): CliRunner().invoke(main, ["--help"], prog_name="detector", terminal_width=80).output}
    for path in _all_commands(main):
        helps[path] = CliRunner().invoke(main, [*path, "--help"], prog_name="detector", terminal_width=80).output
    for path, text in helps.items():
        assert text.startswith("Usage: detector"), path
        long = [line for line in text.splitlines() if len(line) > 80]
        assert not long, (path, long)
    listing = helps[()].split("Commands:")[1]
    assert "..." not in listing and "report " in listing and "score " in listing
    # `detector models --help` cut its three subcommands off at "..."
    assert "..." not in helps[("models",)].split("Commands:")[1] and "rollback " in helps[("models",)]
    assert "Exit status" in helps[("score",)] and "3 the run failed" in helps[("score",)]
    assert "Exit status" in helps[("report",)]
    # every command that reads inputs or labels says what its exit statuses mean (train, evaluate
    # and review-labels said nothing, retrain only in a sentence of its own)
    batch = {("score",), ("report",), ("trace",), ("train",), ("retrain",), ("evaluate",), ("review-labels",)}
    assert [p for p in batch if "Exit status: 0 " not in helps[p] or "130 Ctrl-C" not in helps[p]] == []
    # every command a stranger runs shows an example, and every option says what it does
    # (train's --seed showed only '[default: 13]')
    groups = {(), ("models",)}
    assert [p for p, text in helps.items() if p not in groups and "Example" not in text] == []
    for path, text in helps.items():
        options = text.split("Options:")[1].split("Commands:")[0]
        bare = [line for line in options.splitlines() if re.fullmatch(r"\s+-[-\w, ]+( [A-Z|\[\]a-z_-]+)?\s+"
                                                                         r"(\[default: [^]]+\])?", line)]
        assert bare == [], (path, bare)


def test_train_help_does_not_misstate_how_the_shipped_model_is_built():
    # it gave a command without --mt-data and an old version, which builds a model with no
    # translation head
    text = CliRunner().invoke(main, ["train", "--help"], terminal_width=80).output
    assert "--version 0.1.0" not in text and "--mt-data" in text.split("Options:")[0]


def test_a_report_directory_that_cannot_be_made_is_e040_not_an_unreadable_input(tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for args in (["report", str(WIRE), "--out", str(tmp_path / "afile" / "r")],
                 ["trace", str(WIRE), "--report", str(tmp_path / "afile" / "r")]):
        code, _, err = run(*args)
        assert code == 2, args
        assert err.startswith("Error: [E040] the output cannot be written there: a part of the path is not a directory"), err


def test_a_record_without_text_says_what_it_holds_instead(tmp_path):
    # "the record has no 'text' field" left the user to open the file: a crawl keeping the article
    # in 'body', or a scores file given to score instead of report
    src = tmp_path / "crawl.jsonl"
    src.write_text(json.dumps({"id": "c1", "url": "https://x.test/1", "body": "The council met."}) + "\n", encoding="utf-8")
    code, out, _ = run("score", str(src), "--format", "jsonl", "-q")
    assert code == 1 and json.loads(out)["error"]["message"] == "the record has no 'text' field, only id, url, body"
    scores = tmp_path / "scores.jsonl"
    scores.write_text(run("score", str(WIRE), "--format", "jsonl", "-q")[1], encoding="utf-8")
    code, out, _ = run("score", str(scores), "--format", "jsonl", "-q")
    assert code == 1 and "a result of `detector score` (`detector report` reads scores files)" in out


@pytest.fixture
def signals_restored():
    """An interrupted run ignores further signals once it has cleaned up; run in this process, it
    would leave SIGINT ignored for every later test and the processes they start."""
    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_an_interrupted_report_says_its_pages_have_no_index(tmp_path, monkeypatch, signals_restored):
    # "Interrupted; nothing more was written." left a directory of pages and no index.html unexplained
    import detector.report

    def interrupted(results, out_dir, **_):
        next(iter(results))
        (out_dir / "w.html").write_text("page", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(detector.report, "write_reports", interrupted)
    code, _, err = run("report", str(WIRE), "--out", str(tmp_path))
    assert code == 130
    assert f"The pages written so far are in {tmp_path}; its index.html was not written" in err
    assert err.rstrip().endswith("Interrupted; nothing more was written.")


def test_a_named_pipe_among_the_inputs_is_e009_not_a_hang(tmp_path):
    # counting the records for the progress line opened the pipe: it blocked until a writer came,
    # then drained what the reader should have had
    import os
    import threading

    from detector.clikit import count_records

    fifo = tmp_path / "crawl.jsonl"
    os.mkfifo(fifo)
    counted: list = []
    t = threading.Thread(target=lambda: counted.append(count_records([str(fifo), str(FARM)])), daemon=True)
    t.start()
    t.join(10)
    if t.is_alive():  # let the blocked open() go before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert counted == [2]
    code, out, _ = run("score", str(fifo), "--format", "jsonl", "-q")
    assert code == 1 and json.loads(out)["error"]["code"] == "E009"


def test_escape_sequences_in_an_article_are_shown_not_sent_to_the_terminal(tmp_path):
    # a scraped title with ESC [2J cleared the screen the table was printed on, an OSC retitled
    # the terminal; a JSONL key is quoted by the error naming a record's fields
    art = tmp_path / "esc.txt"
    art.write_text("Title \x1b[2J\x1b]0;pwned\x07 here\nThe council met on Monday \x1b[31mand agreed\x1b[0m to repair "
                   "the bridge before winter, officials said.\nShare this: Facebook Twitter\n", encoding="utf-8")
    crawl = tmp_path / "c.jsonl"
    crawl.write_text(json.dumps({"id": "k", "body\x1b[2J": "x"}) + "\n", encoding="utf-8")
    code, out, err = run("score", str(art), str(crawl), "--format", "table", "--no-color")
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out and "\x1b" not in err
    assert "Title \\x1b[2J\\x1b]0;pwned\\x07 here" in out and "body\\x1b[2J" in out
    code, out, err = run("score", str(crawl), "--format", "jsonl")
    assert "\x1b" not in err and "body\\x1b[2J" in err
    assert json.loads(out)["error"]["message"].endswith("only id, body\x1b[2J")  # the data itself unchanged


def test_an_empty_directory_names_every_type_it_was_searched_for(tmp_path):
    (tmp_path / "pages").mkdir()
    code, out, _ = run("score", str(tmp_path / "pages"), "--format", "jsonl", "-q")
    assert code == 1 and json.loads(out)["error"] == {
        "code": "E001", "message": "the directory has no .txt, .md, .html, .jsonl, .csv, .parquet or .warc(.gz) files"}


@pytest.mark.parametrize("command", ["score", "report", "trace"])
def test_reading_stdin_from_a_terminal_says_how_to_end_it(tmp_path, monkeypatch, command):
    # `detector score -` at a prompt waited for input without a word, like a hung command
    import detector.cli

    hint = "Reading the article from the terminal: end it with Ctrl-D on a line of its own."
    extra = ["--out", str(tmp_path / "r")] if command == "report" else ["--format", "jsonl"]
    monkeypatch.setattr(detector.cli, "_stdin_is_terminal", lambda: True)
    res = CliRunner().invoke(main, [command, "-", *extra], input=WIRE.read_text(encoding="utf-8"))
    assert res.exit_code == 0, res.output
    assert hint in res.stderr and hint not in res.stdout
    quiet = CliRunner().invoke(main, [command, "-", *extra, "-q"], input=WIRE.read_text(encoding="utf-8"))
    assert quiet.exit_code == 0 and hint not in quiet.stderr
    # near miss: text piped in needs no hint
    monkeypatch.setattr(detector.cli, "_stdin_is_terminal", lambda: False)
    piped = CliRunner().invoke(main, [command, "-", *extra], input=WIRE.read_text(encoding="utf-8"))
    assert piped.exit_code == 0 and hint not in piped.stderr


@pytest.mark.parametrize("command", ["score", "trace"])
def test_an_output_that_is_an_input_is_refused_before_it_is_replaced(tmp_path, command):
    # `detector score crawl.jsonl -o crawl.jsonl` renamed the scores over the crawl: the articles gone
    crawl = tmp_path / "crawl.jsonl"
    crawl.write_text(json.dumps({"id": "a", "text": WIRE.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    before = crawl.read_bytes()
    (tmp_path / "link.jsonl").symlink_to(crawl)
    for target in (crawl, tmp_path / "link.jsonl"):
        res = CliRunner().invoke(main, [command, str(crawl), "-o", str(target), "-q"])
        assert res.exit_code == 2 and "[E031]" in res.stderr and "is an input of this run" in res.stderr
        assert crawl.read_bytes() == before
    # near miss: another file beside it is written
    res = CliRunner().invoke(main, [command, str(crawl), "-o", str(tmp_path / "out.jsonl"), "-q"])
    assert res.exit_code == 0 and (tmp_path / "out.jsonl").exists() and crawl.read_bytes() == before


@pytest.mark.parametrize("command", ["score", "trace"])
def test_an_output_inside_an_input_directory_that_reads_it_is_refused(tmp_path, command):
    # `detector score crawl/ -o crawl/crawl.jsonl`: the directory reads the file, and the scores
    # were renamed over it
    pages = tmp_path / "crawl"
    (pages / "sub").mkdir(parents=True)
    crawl = pages / "sub" / "crawl.jsonl"
    crawl.write_text(json.dumps({"id": "a", "text": WIRE.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    before = crawl.read_bytes()
    res = CliRunner().invoke(main, [command, str(pages), "-o", str(crawl), "-q"])
    assert res.exit_code == 2 and "[E031]" in res.stderr and "is an input of this run" in res.stderr
    assert crawl.read_bytes() == before
    # near misses: a file of a type the directory passes over, and one beside the directory
    for target in (pages / "scores.json", tmp_path / "crawl.jsonl"):
        target.write_text("[]", encoding="utf-8")
        res = CliRunner().invoke(main, [command, str(pages), "-o", str(target), "-q"])
        assert res.exit_code == 0, res.output
        assert crawl.read_bytes() == before and target.read_text(encoding="utf-8") != "[]"


def test_a_clean_article_says_in_the_table_that_nothing_was_found():
    # it said only 'clean' on each axis, and a reader could not tell a clean page from one not looked at
    code, out, _ = run("score", str(WIRE), "--format", "table", "--no-color", "-q")
    assert code == 0 and "CLEAN" in out and "No findings in its 9 sentences." in out
    code, out, _ = run("score", str(FARM), "--format", "table", "--no-color", "-q")
    assert "No findings" not in out


def test_a_paragraph_taken_for_a_title_is_cut_in_the_table(tmp_path):
    # a page whose first paragraph became its title printed six bold lines over the verdict
    para = ("RESULTS: Saturday - Riverside 2 (Okafor 12', Lind 70') Harbour Town 1 (Mbeki 9'): the caretaker "
            "manager made it five games unbeaten with the club's prospective new owner watching from the stands.")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p", "title": para * 2, "text": WIRE.read_text(encoding="utf-8")}) + "\n"
                   + json.dumps({"id": "h", "title": para[:119], "text": WIRE.read_text(encoding="utf-8")}) + "\n",
                   encoding="utf-8")
    code, out, _ = run("score", str(src), "--format", "table", "--no-color", "-q")
    def title(block: str) -> str:
        lines = block.splitlines()
        head = lines[:next(k for k, line in enumerate(lines) if str(src) in line)]
        return " ".join(line.strip() for line in head)

    long, short = out.split("\n\n")[:2]
    assert title(long).endswith("…") and len(title(long)) <= 150
    assert title(short) == para[:119]  # a headline is shown whole


def test_progress_rate_counts_from_the_first_record_and_never_passes_its_total():
    from detector.clikit import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    # the model took 5 s to load, then 10 records came back in 1 s: 10/s, not 1.7/s
    bar = Progress("scoring", total=500, stream=Tty())
    bar._start -= 6
    bar.update(1)
    bar._first = (bar._first[0] - 1, 1)
    bar.n = 11
    assert bar.line(bar._first[0] + 1) == "scoring 11/500 articles  2%  10.0/s  ETA 0:49"
    # a total counted short (a file that held more records than counted) is dropped, not 200%
    bar = Progress("scoring", total=1, stream=Tty())
    bar.update(2)
    assert bar.line() == "scoring 2 articles"


def test_progress_total_of_parquet_rows_and_none_for_a_warc(tmp_path):
    import pandas as pd

    from detector.clikit import count_records

    pd.DataFrame({"id": ["a", "b", "c"], "text": ["x", "y", "z"]}).to_parquet(tmp_path / "b.parquet")
    assert count_records([str(tmp_path / "b.parquet")]) == 3
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    assert count_records([str(tmp_path / "crawl.warc.gz")]) is None
    (tmp_path / "bad.parquet").write_text("not parquet", encoding="utf-8")
    assert count_records([str(tmp_path / "bad.parquet")]) is None


def test_only_writes_the_articles_of_those_labels_and_every_failed_record(tmp_path):
    src = tmp_path / "b.jsonl"
    src.write_text("{bad\n", encoding="utf-8")
    code, out, err = run("score", str(FARM), str(WIRE), str(src), "--only", "suspect,artifacted", "--format", "jsonl")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("label") or r["error"]["code"] for r in rows] == ["artifacted", "E004"]
    # the summary still counts the clean article it left out, and says so
    assert "Scored 2 articles: 1 clean, 1 artifacted; 1 failed. 1 not written (--only)." in err
    code, out, _ = run("score", str(WIRE), "--only", "clean", "--only", "suspect", "--format", "jsonl")
    assert code == 0 and json.loads(out)["label"] == "clean"
    code, _, err = run("score", str(WIRE), "--only", "flagged")
    assert code == 2 and "unknown label flagged; labels are clean, suspect, artifacted" in err


@pytest.mark.parametrize("command", ["score", "report", "trace"])
def test_no_input_says_what_an_input_can_be_and_that_stdin_is_one(command):
    # click's own message was "Missing argument 'PATHS...'": no word of directories or of '-'
    result = CliRunner().invoke(main, [command], prog_name="detector", terminal_width=80)
    assert result.exit_code == 2
    assert f"Usage: detector {command} [OPTIONS] PATHS..." in result.output
    assert "Missing PATHS" in result.output and "directories, or - for stdin" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_report_says_where_to_look_without_listing_a_batch_page_by_page(tmp_path):
    src = tmp_path / "b.jsonl"
    text = WIRE.read_text(encoding="utf-8")
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": text}) + "\n" for i in range(7)), encoding="utf-8")
    code, out, err = run("report", str(src), "--out", str(tmp_path / "r"))
    assert code == 0 and out.strip() == str(tmp_path / "r" / "index.html")
    # twenty page paths and '... and N more pages' pushed the summary off a terminal
    assert ".html" not in err.replace("index.html", "")
    assert err.rstrip().endswith(f"Wrote 7 pages and the index in {tmp_path / 'r'}; open {tmp_path / 'r' / 'index.html'} "
                                 "in a browser.")
    code, out, err = run("report", str(WIRE), "--out", str(tmp_path / "one"))
    assert code == 0
    page = next(p for p in (tmp_path / "one").iterdir() if p.name != "index.html")
    assert f"open {page} in a browser." in err  # one article: its own page


def test_the_batch_summary_counts_the_articles_with_each_warning(tmp_path):
    legacy = "Caf\xe9 owners protest\n\nThe owners of several caf\xe9s protested on Monday against the new rules.\n"
    (tmp_path / "a.txt").write_bytes(legacy.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(legacy.replace("owners", "staff").encode("cp1252"))
    (tmp_path / "c.txt").write_text(WIRE.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run("score", str(tmp_path), "--format", "jsonl")
    assert code == 0
    # a crawl decoded from cp1252 page after page said so only inside each record
    assert "  2  W001  decoded from a legacy code page or a wide encoding (warning)" in err
    code, _, err = run("report", str(tmp_path), "--out", str(tmp_path / "r"))
    assert code == 0 and "  2  W001  decoded from a legacy code page" in err
