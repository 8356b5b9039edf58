"""The training commands through the real entry point: train, retrain, evaluate, models, review-labels.

The data is small: six corpus articles cut to their first paragraphs, each with three
generated variants. The estimator recipe is the real one with fewer boosting rounds, so a
fit takes about a second; the workflow (files, metadata, comparison,
promotion, exit codes) is what is under test here, not model quality.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from detector import registry
from detector.cli import main
from detector.model_store import load_model, sha256_file
from detector.segment import segment
from training import train as train_mod
from training.generate import generate, read_corpus
from training.labels import read_labels_file
from training.train import held_out

ROOT = Path(__file__).resolve().parent.parent
FAST_ROUNDS = 200


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def short(article: dict, lines: int = 7) -> dict:
    return {**article, "text": "\n".join(article["text"].split("\n")[:lines])}


@pytest.fixture(scope="module")
def work(tmp_path_factory, embedder):
    """Labels files, a shared embedding cache, and a base model trained with `detector train`."""
    d = tmp_path_factory.mktemp("training_cli")
    corpus = read_corpus(ROOT / "data" / "corpus")
    held = [short(a) for a in corpus if held_out(a["id"])]
    kept = [short(a) for a in corpus if not held_out(a["id"])]
    base_records = list(generate(held[:2] + kept[:4], seed=13, variants_per_article=3))
    # new, correctly labelled variants of the held-out articles: the training rows stay the same
    more_held_out = [r for r in generate(held[:2], seed=7, variants_per_article=2) if r["labels"]]
    # other variants of the training-split articles, with every label inverted
    flipped = [flip(r) for r in generate(kept[:4], seed=99, variants_per_article=4) if r["labels"]]
    home = d / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DETECTOR_HOME", str(home))
        mp.setattr(train_mod, "make_estimator", functools.partial(train_mod.make_estimator, max_iter=FAST_ROUNDS))
        w = {
            "dir": d, "home": home, "cache": d / "embeddings.npz",
            "base_data": write_jsonl(d / "base.jsonl", base_records),
            "flipped": write_jsonl(d / "flipped.jsonl", flipped),
            "more_held_out": write_jsonl(d / "more_held_out.jsonl", more_held_out),
            "records": base_records,
        }
        code, out, err = run("train", "--data", w["base_data"], "--name", "base", "--version", "1",
                             "--cache", w["cache"])
        assert code == 0, err
        w["base"] = home / "models" / "base-1"
        w["train_out"] = out
        yield w


@pytest.fixture(autouse=True)
def home(monkeypatch, work):
    monkeypatch.setenv("DETECTOR_HOME", str(work["home"]))
    return work["home"]


def flip(rec: dict) -> dict:
    """Every sentence labelled explicitly and wrongly: artifacts clean, the rest artifact."""
    text = rec["text"]
    _, sents = segment(text)
    arts = [(lab["start"], lab["end"]) for lab in rec["labels"]]
    labels = []
    for s in sents:
        hit = any(a < s.end and s.start < b for a, b in arts)
        labels.append({"start": s.start, "end": s.end, "text": text[s.start:s.end],
                       "label": "clean" if hit else "artifact", "type": None, "note": "inverted"})
    return {"id": rec["id"] + "-flipped", "title": rec["title"], "text": text, "unlabelled": "ignore",
            "labels": labels, "origin": rec["origin"]}


# -- train ----------------------------------------------------------------------------------


def test_train_writes_a_loadable_model_with_data_hashes_and_metrics(work):
    base = work["base"]
    assert base.is_dir() and (base / "model.skops").is_file()
    meta = json.loads((base / "metadata.json").read_text(encoding="utf-8"))
    (td,) = meta["training_data"]
    assert td["sha256"] == sha256_file(work["base_data"]) and td["articles"] == len(work["records"])
    held = meta["metrics"]["held_out"]
    for key in ("average_precision", "roc_auc", "f1", "precision", "recall", "ece"):
        assert key in held
    assert meta["rows"]["held_out"] > 0 and meta["rows"]["train"] > 0
    model = load_model(base)
    assert (model.name, model.version) == ("base", "1")
    assert "average precision" in work["train_out"] and str(base) in work["train_out"]
    assert "## Training data" in (base / "MODEL_CARD.md").read_text(encoding="utf-8")


# -- retrain --------------------------------------------------------------------------------


def test_retrain_promotes_when_not_worse_and_writes_the_comparison(work, tmp_path):
    # copies of base articles (merged, not doubled) and new labelled variants of held-out articles:
    # the training rows are the base model's, so the new model is not worse
    dup = write_jsonl(tmp_path / "dup.jsonl", work["records"][:5])
    out = tmp_path / "v2"
    code, stdout, err = run("retrain", "--base", work["base"], "--data", dup, "--data", work["more_held_out"],
                            "--out", out, "--cache", work["cache"])
    assert code == 0, err
    assert "promoted: new AP" in stdout and "not promoted" not in stdout
    assert registry.active_model() == out.resolve()
    comparison = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["promoted"] is True and comparison["forced"] is False
    assert comparison["base"]["path"] == str(work["base"])
    assert comparison["new_ap"] >= comparison["old_ap"] - comparison["tolerance"]
    assert [s["data"] for s in comparison["sets"]] == ["held-out split"]
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert meta["comparison"]["decision"] == comparison["decision"]
    files = (work["base_data"], dup, work["more_held_out"])
    assert [t["sha256"] for t in meta["training_data"]] == [sha256_file(p) for p in files]
    assert (meta["training_data"][1]["articles"], meta["training_data"][1]["new_articles"]) == (5, 0)
    base_rows = json.loads((work["base"] / "metadata.json").read_text(encoding="utf-8"))["rows"]
    assert meta["rows"]["train"] == base_rows["train"]
    assert meta["rows"]["held_out"] > base_rows["held_out"]
    assert comparison["sets"][0]["new"]["n"] == meta["rows"]["held_out"]
    assert "## Comparison with the base model" in (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    load_model(out)


def test_retrain_on_inverted_labels_is_not_promoted_unless_forced(work, tmp_path):
    registry.set_active(work["base"])
    out = tmp_path / "bad"
    code, stdout, err = run("retrain", "--base", work["base"], "--data", work["flipped"], "--out", out,
                            "--cache", work["cache"])
    assert code == 0, err
    assert "not promoted: new AP" in stdout
    assert registry.active_model() == work["base"].resolve()
    comparison = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert comparison["promoted"] is False and comparison["new_ap"] < comparison["old_ap"] - 0.005
    forced = tmp_path / "forced"
    code, stdout, err = run("retrain", "--base", work["base"], "--data", work["flipped"], "--out", forced,
                            "--cache", work["cache"], "--force", "--format", "json")
    assert code == 0, err
    data = json.loads(stdout)
    assert data["promoted"] is True and data["forced"] is True
    assert data["decision"].startswith("promoted (--force): new AP")
    assert registry.active_model() == forced.resolve()


def report_labels(path: Path) -> Path:
    """A review download from the HTML report of tests/fixtures/report_result.json, in its format."""
    result = json.loads((ROOT / "tests" / "fixtures" / "report_result.json").read_text(encoding="utf-8"))
    paras: dict[int, list[dict]] = {}
    for s in result["sentences"]:
        paras.setdefault(s["paragraph"], []).append(s)
    text, offsets, pos = [], {}, 0
    for k, ss in enumerate(paras.values()):
        if k:
            text.append("\n")
            pos += 1
        for j, s in enumerate(ss):
            if j:
                text.append(" ")
                pos += 1
            offsets[s["index"]] = (pos, pos + len(s["text"]))
            text.append(s["text"])
            pos += len(s["text"])
    full = "".join(text)
    marks = {0: ("clean", None, ""), 3: ("clean", None, "flagged gender_mismatch: a false alarm"),
             5: ("artifact", "boilerplate", ""), 10: ("artifact", "near_duplicate", "")}
    labels = [{"start": offsets[i][0], "end": offsets[i][1], "text": full[offsets[i][0]:offsets[i][1]],
               "label": lab, "type": typ, "note": note} for i, (lab, typ, note) in marks.items()]
    return write_jsonl(path, [{"id": result["id"], "title": result["title"], "text": full, "labels": labels}])


def test_retrain_accepts_labels_downloaded_from_the_html_report(work, tmp_path):
    labels = report_labels(tmp_path / "riverside-bike-lanes-2024.labels.jsonl")
    code, stdout, err = run("retrain", "--base", work["base"], "--data", labels, "--out", tmp_path / "r",
                            "--cache", work["cache"], "--format", "json")
    assert code == 0, err
    data = json.loads(stdout)
    assert data["decision"].startswith(("promoted", "not promoted"))
    meta = json.loads((tmp_path / "r" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["training_data"][-1]["sha256"] == sha256_file(labels)


def test_invalid_labels_exit_2_naming_file_and_line(work, tmp_path):
    good = {"id": "a", "text": "Officials met on Monday. Nothing was decided.",
            "labels": [{"text": "Nothing was decided.", "label": "clean"}]}
    bad = write_jsonl(tmp_path / "bad.jsonl", [good, {**good, "id": "b", "labels": [{"text": "Officials met",
                                                                                       "label": "maybe"}]}])
    code, _, err = run("train", "--data", bad, "--out", tmp_path / "m", "--cache", work["cache"])
    assert code == 2
    assert f"Error: [E012] {bad}, line 2: unknown label 'maybe'" in err
    assert not (tmp_path / "m").exists()
    csv_bad = tmp_path / "bad.csv"
    csv_bad.write_text("id,text,label_text,label\nx,Officials met on Monday.,Officials met,artifact\n"
                       "x,,on Tuesday,clean\n", encoding="utf-8")
    code, _, err = run("retrain", "--base", work["base"], "--data", csv_bad, "--out", tmp_path / "n",
                       "--cache", work["cache"])
    assert code == 2 and f"{csv_bad}, line 3:" in err and "not in the article" in err


def test_retrain_names_missing_training_files(work, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(work["base"], moved)
    meta = json.loads((moved / "metadata.json").read_text(encoding="utf-8"))
    meta["training_data"][0]["path"] = str(tmp_path / "gone" / "train.jsonl")
    (moved / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    code, _, err = run("retrain", "--base", moved, "--data", ROOT / "data" / "examples" / "labels_example.csv",
                       "--out", tmp_path / "x", "--no-cache")
    assert code == 2
    assert "training data is missing" in err and str(tmp_path / "gone" / "train.jsonl") in err


# -- evaluate -------------------------------------------------------------------------------


def test_evaluate_json_has_every_metric(work, tmp_path):
    lines = (ROOT / "data" / "eval" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    recs = [json.loads(x) for x in lines if x.strip()]
    small = [next(r for r in recs if r["kind"] == "clean"), next(r for r in recs if r["kind"] != "clean")]
    eval_file = write_jsonl(tmp_path / "eval.jsonl", small)
    code, stdout, err = run("evaluate", "--model", work["base"], "--data", eval_file, "--data", work["base_data"],
                            "--format", "json", "--cache", work["cache"])
    assert code == 0, err
    r = json.loads(stdout)
    assert [f["format"] for f in r["data"]["files"]] == ["expected", "labels"]
    for key in ("n", "n_artifact", "precision", "recall", "f1", "roc_auc", "average_precision"):
        assert key in r["sentence"]
    assert r["per_type"] and all({"precision", "recall", "f1", "roc_auc", "average_precision"} <= set(m)
                                 for m in r["per_type"].values())
    assert {"n", "n_artifact", "roc_auc", "average_precision", "labels_by_truth"} <= set(r["article"])
    assert r["article"]["n"] == len(work["records"]) + 2
    assert r["calibration"]["reliability"] and 0 <= r["calibration"]["ece"] <= 1
    c = r["confusion_matrix"]
    assert c["tn"] + c["fp"] + c["fn"] + c["tp"] == r["sentence"]["n"]
    assert {"threshold", "fpr", "recall", "precision"} <= set(r["fpr_1pct"]) and r["fpr_1pct"]["fpr"] <= 0.01
    code, table, _ = run("evaluate", "--model", work["base"], "--data", eval_file, "--cache", work["cache"])
    assert code == 0 and "confusion matrix" in table and "ECE" in table
    # every line fits a terminal of 80 columns but the two that name paths
    assert [line for line in table.splitlines() if len(line) > 80 and not line.startswith(("model ", "data "))] == []


# -- models ---------------------------------------------------------------------------------


def test_models_lists_versions_and_marks_the_active_one(work, tmp_path):
    other = tmp_path / "elsewhere"
    shutil.copytree(work["base"], other / "copy-of-base")
    registry.set_active(work["base"])
    code, stdout, _ = run("models", "--dir", other, "--format", "json")
    assert code == 0
    rows = json.loads(stdout)
    by_path = {Path(r["path"]).resolve(): r for r in rows}
    assert by_path[work["base"].resolve()]["active"] is True
    assert sum(r["active"] for r in rows) == 1
    assert any(r["shipped"] for r in rows)
    copy = by_path[(other / "copy-of-base").resolve()]
    assert copy["active"] is False and copy["version"] == "1"
    assert copy["training_data"][0]["sha256"] == sha256_file(work["base_data"])
    assert isinstance(copy["average_precision"], float) and isinstance(copy["f1"], float)
    code, table, _ = run("models")
    lines = table.splitlines()
    at = next(i for i, x in enumerate(lines) if x.strip() == str(work["base"]))
    assert lines[at - 1].startswith("* base-1 ") and lines[at - 1].rstrip().endswith("train")


def test_retrain_refuses_a_labels_file_without_labels(work, tmp_path):
    registry.set_active(work["base"])
    bare = write_jsonl(tmp_path / "bare.jsonl", [{"id": "x", "text": r["text"]} for r in work["records"][:3]])
    out = tmp_path / "never"
    code, stdout, err = run("retrain", "--base", work["base"], "--data", bare, "--out", out, "--cache", work["cache"])
    assert code == 2 and stdout == ""
    assert f"Error: [E013] {bare}: none of its 3 article(s) has a label" in err
    assert not out.exists() and registry.active_model() == work["base"].resolve()
    # an article declared clean throughout is a label
    clean = write_jsonl(tmp_path / "clean.jsonl", [{"id": "y", "text": work["records"][0]["text"],
                                                    "unlabelled": "clean"}])
    from training.retrain import require_labels

    require_labels(clean)


def test_every_retrained_model_stays_listed_and_a_promotion_can_be_undone(work, tmp_path):
    registry.set_active(work["base"])
    first, second = tmp_path / "anywhere" / "first", tmp_path / "second"
    for out, version in ((first, "r1"), (second, "r2")):
        code, stdout, err = run("retrain", "--base", work["base"], "--data", work["more_held_out"], "--out", out,
                                "--version", version, "--cache", work["cache"])
        assert code == 0, err
    assert "Active model is now base-r2 (was base-r1); `detector models rollback` goes back." in stdout
    code, listing, _ = run("models", "--format", "json")
    rows = {r["path"]: r for r in json.loads(listing)}
    assert rows[str(first.resolve())]["how"] == "retrain" and rows[str(second.resolve())]["active"]
    code, out, _ = run("models", "rollback")
    assert code == 0 and registry.active_model() == first.resolve()
    code, out, _ = run("models", "activate", "base-1")
    assert code == 0 and registry.active_model() == work["base"].resolve()
    code, out, _ = run("retrain", "--base", "base-1", "--data", work["more_held_out"], "--out", tmp_path / "quiet",
                       "--cache", work["cache"], "--no-activate")
    # "promoted: new AP ..." followed by "Active model unchanged" read as a contradiction
    assert "promoted: new AP" in out and registry.active_model() == work["base"].resolve()
    assert ("Active model unchanged: base-1 (--no-activate); `detector models activate base-" in out
            and "` makes the new one active." in out)


# -- review-labels --------------------------------------------------------------------------


def test_review_labels_ranks_a_wrong_label_near_the_top(work, tmp_path):
    # an article said to be clean throughout ("unlabelled": "clean") that carries an ad marker
    records = json.loads(json.dumps(work["records"]))
    rec = next(r for r in records if not r["labels"] and not held_out(r["id"]))
    lines = rec["text"].split("\n")
    rec["text"] = "\n".join([*lines[:3], "ADVERTISEMENT", *lines[3:]])
    data = write_jsonl(tmp_path / "one_wrong.jsonl", records)
    code, stdout, err = run("review-labels", "--data", data, "--model", work["base"], "--top", "10",
                            "--format", "json", "--cache", work["cache"])
    assert code == 0, err
    rows = json.loads(stdout)
    assert len(rows) == 10 and [r["rank"] for r in rows] == list(range(1, 11))
    assert [r["disagreement"] for r in rows] == sorted((r["disagreement"] for r in rows), reverse=True)
    hit = [r for r in rows if r["article_id"] == rec["id"] and r["text"] == "ADVERTISEMENT"]
    # the model disagrees with the "clean" label (the other rows are labelled artifacts no
    # detector sees, which the model doubts too)
    assert hit and hit[0]["label"] == "clean" and hit[0]["p"] > 0.5 and "p_model" in hit[0]
    code, jsonl, _ = run("review-labels", "--data", data, "--top", "10", "--format", "jsonl",
                         "--cache", work["cache"])
    assert code == 0
    out = tmp_path / "review.jsonl"
    out.write_text(jsonl, encoding="utf-8")
    fixed = {a.id: a for a in read_labels_file(out)}  # the output is itself a valid labels file
    spans = [(a.text[sp.start:sp.end], sp.label) for sp in fixed[rec["id"]].spans for a in [fixed[rec["id"]]]]
    assert ("ADVERTISEMENT", "clean") in spans
    code, table, _ = run("review-labels", "--data", data, "--top", "3", "--cache", work["cache"])
    assert code == 0 and len(table.splitlines()) == 4


# -- the machine-translation style head ---------------------------------------------------------


def test_train_with_mt_data_adds_the_head_and_retrain_keeps_it(work, tmp_path):
    from mt_pairs import documents

    pairs = write_jsonl(tmp_path / "pairs.jsonl", documents(25))
    originals = ROOT / "data" / "corpus" / "clean_b.jsonl"
    out = tmp_path / "with_head"
    code, stdout, err = run("train", "--data", work["base_data"], "--mt-data", pairs, "--mt-originals", originals,
                            "--out", out, "--cache", work["cache"], "--format", "json")
    assert code == 0, err
    summary = json.loads(stdout)["mt_style"]
    assert summary["cross_validation"]["paired_accuracy"] > 0.8
    assert [d["sha256"] for d in summary["training_data"]] == [sha256_file(pairs), sha256_file(originals)]
    assert load_model(out).mt_style is not None
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Machine-translation style" in card and "pairs.jsonl" in card

    again = tmp_path / "retrained"
    code, stdout, err = run("retrain", "--base", out, "--data", work["more_held_out"], "--out", again,
                            "--cache", work["cache"])
    assert code == 0, err
    assert "MT-style head: kept from" in stdout
    assert "Kept from the base model" in (again / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert json.loads((again / "comparison.json").read_text(encoding="utf-8"))["mt_style"]["status"].startswith("kept")
    meta = json.loads((again / "metadata.json").read_text(encoding="utf-8"))
    assert meta["mt_style"]["inherited_from"] == f"{load_model(out).name} {load_model(out).version}"
    assert meta["mt_style"]["threshold"] == summary["threshold"]
    assert load_model(again).mt_style is not None

    refit = tmp_path / "refit"
    code, stdout, err = run("retrain", "--base", out, "--data", work["more_held_out"], "--out", refit,
                            "--mt-data", pairs, "--mt-originals", originals, "--cache", work["cache"])
    assert code == 0, err
    assert "MT-style head: refitted with --mt-data" in stdout and "paired_accuracy" in stdout
    assert "inherited_from" not in json.loads((refit / "metadata.json").read_text(encoding="utf-8"))["mt_style"]


def test_bad_mt_data_exits_2_naming_file_and_line(work, tmp_path):
    bad = tmp_path / "pairs.jsonl"
    bad.write_text('{"id": "a", "text": "Fine.", "label": "human"}\n{"id": "b", "text": "x", "label": "gpt"}\n',
                   encoding="utf-8")
    code, _, err = run("train", "--data", work["base_data"], "--mt-data", bad, "--out", tmp_path / "m",
                       "--cache", work["cache"])
    assert code == 2
    assert f"{bad}, line 2" in err and "label must be" in err
    assert not (tmp_path / "m").exists()


def test_too_few_labels_say_how_many_are_needed_and_what_to_do(work, tmp_path):
    # scikit-learn's own words came out: "n_components=32 must be between 0 and
    # min(n_samples, n_features)=11 with svd_solver='full'"
    few = ROOT / "data" / "examples" / "labels_example.jsonl"
    code, _, err = run("train", "--data", few, "--out", tmp_path / "m", "--no-cache")
    assert code == 2, err
    assert "Error: [E014] too few labelled sentences to train a model:" in err
    assert "it needs at least 40 there, 5 of each kind" in err and "detector retrain --data FILE" in err
    assert "n_components" not in err and not (tmp_path / "m").exists()


@pytest.mark.parametrize("command", ["train", "retrain"])
def test_an_existing_model_directory_is_refused_before_any_training(work, tmp_path, monkeypatch, command):
    # the directory was refused only when the trained model was written: minutes of work lost
    from training import retrain as retrain_mod

    def must_not_train(*args, **kwargs):
        raise AssertionError("trained before the existing directory was refused")

    monkeypatch.setattr(train_mod, "train", must_not_train)
    monkeypatch.setattr(retrain_mod, "retrain", must_not_train)
    out = tmp_path / "exists"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    args = ["--data", work["base_data"]] if command == "train" else ["--base", work["base"], "--data",
                                                                      ROOT / "data" / "examples" / "labels_example.jsonl"]
    code, _, err = run(command, *args, "--out", out, "--no-cache")
    assert code == 2, err
    assert "Error: [E024] the model directory already exists; models are never overwritten: choose another --out" \
        in err and str(out) in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_the_promotion_decision_reads_as_true_arithmetic():
    # a model promoted within the tolerance read "promoted: new AP 0.8004 >= old AP 0.8005"
    from training.retrain import decide

    assert decide(0.8005, 0.8004) == ("promoted: new AP 0.8004 is within 0.005 of old AP 0.8005", True)
    assert decide(0.80, 0.81) == ("promoted: new AP 0.8100 >= old AP 0.8000", True)
    assert decide(0.80, 0.79) == ("not promoted: new AP 0.7900 < old AP 0.8000 by more than 0.005", False)
    assert decide(0.80, 0.79, force=True)[0].startswith("promoted (--force): new AP 0.7900 < old AP")
    assert decide(None, 0.5) == ("not promoted: not comparable: the held-out split needs both artifact and clean "
                                 "sentences", False)


def test_retrain_says_what_the_new_labels_add(work, tmp_path):
    # "Retraining base 1 on 28 articles from 3 file(s)": a newcomer's few articles were lost
    # among the base model's, with no word of whether they were trained on
    new = ROOT / "data" / "examples" / "labels_example.jsonl"
    code, _, err = run("retrain", "--base", work["base"], "--data", new, "--out", tmp_path / "m", "--no-activate",
                       "--cache", work["cache"])
    assert code == 0, err
    line = next(x for x in err.splitlines() if x.startswith(f"  {new}: "))
    n_held = sum(held_out(r["id"]) for r in map(json.loads, new.read_text(encoding="utf-8").splitlines()))
    assert line == f"  {new}: 2 new articles, 6 labels; {2 - n_held} trained on, {n_held} held out to compare the two models"
    # the fit and the comparison said nothing for tens of seconds; the file count was 'file(s)'
    lines = err.splitlines()
    assert lines.index("Fitting the new model ...") < lines.index("Scoring both models on the held-out articles ...")
    assert re.search(r"^Retraining .* from \d+ files$", err, re.M)
    code, _, err = run("retrain", "--base", tmp_path / "m", "--data", new, "--out", tmp_path / "m2", "--no-activate",
                       "--cache", work["cache"])
    assert code == 0, err
    assert f"  {new}: every article is already in the training data" in err
