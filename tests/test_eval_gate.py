"""Evaluation gate: per-type precision and recall floors on data/eval.

The floors live in data/eval/floors.json together with the sha256 of the evaluation
set they were measured on. Raising a floor is a deliberate commit; a change to the
evaluation set must update the recorded sha256 in the same commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.eval_findings import eval_sha256, load_eval, run, score_findings, summary

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "data" / "eval" / "articles.jsonl"
FLOORS = json.loads((ROOT / "data" / "eval" / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def evaluation(embedder):
    articles = load_eval(EVAL)
    findings = run(articles, embedder=embedder)
    return articles, findings, score_findings(articles, findings)


def test_eval_set_is_the_one_the_floors_were_measured_on():
    assert eval_sha256(EVAL) == FLOORS["eval_sha256"], (
        "data/eval/articles.jsonl changed: re-measure and update data/eval/floors.json in the same commit"
    )


@pytest.mark.parametrize("finding_type", sorted(FLOORS["floors"]))
def test_precision_and_recall_floors(evaluation, finding_type):
    _, _, scores = evaluation
    s = scores[finding_type]
    floor = FLOORS["floors"][finding_type]
    assert s.expected > 0, f"no expected {finding_type} items in the evaluation set"
    assert s.precision >= floor["precision"], (
        f"{finding_type} precision {s.precision:.3f} < {floor['precision']}; false positives: {s.false_positives[:5]}"
    )
    assert s.recall >= floor["recall"], (
        f"{finding_type} recall {s.recall:.3f} < {floor['recall']}; missed: {s.misses[:5]}"
    )


def test_no_findings_on_clean_articles(evaluation):
    articles, findings, scores = evaluation
    on_clean = [(a["id"], f.type, f.text) for a, fs in zip(articles, findings, strict=True) if a["kind"] == "clean" for f in fs]
    assert len(on_clean) <= FLOORS["max_findings_on_clean_articles"], on_clean
    assert summary(scores, articles, findings)["findings_on_clean_articles"] == len(on_clean)
