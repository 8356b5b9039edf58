"""The human-translation benchmark's bookkeeping: causes per verdict axis, shares per pair."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

_spec = importlib.util.spec_from_file_location(
    "human_translations", Path(__file__).resolve().parent.parent / "benchmarks" / "human_translations.py")
human_translations = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("human_translations", human_translations)
_spec.loader.exec_module(human_translations)


def _result(label, rewriting="clean", translation="clean", mt_flagged=False, evidence=0.0, types=()):
    findings = [SimpleNamespace(type=t) for t in types]
    axes = {
        "rewriting": SimpleNamespace(label=rewriting, findings=list(range(len(findings)))),
        "translation": SimpleNamespace(label=translation, evidence=evidence),
        "residue": SimpleNamespace(label="clean", findings=[]),
    }
    return SimpleNamespace(label=label, axes=axes, findings=findings, mt_style=SimpleNamespace(flagged=mt_flagged))


def test_causes_name_the_axis_behind_a_label():
    assert human_translations.causes(_result("clean")) == []
    assert human_translations.causes(_result("suspect", rewriting="suspect")) == ["rewriting"]
    assert human_translations.causes(_result("suspect", translation="flagged", mt_flagged=True)) == ["mt head"]
    # words left untranslated label the translation axis without the head
    assert human_translations.causes(_result("suspect", translation="suspect", evidence=0.6)) == ["untranslated"]


def test_shares_per_pair_and_rewriting_types():
    records = [{"id": "a", "pair_key": "xx-en22"}, {"id": "b", "pair_key": "xx-en22"},
               {"id": "c", "pair_key": "yy-en21"}, {"id": "d", "pair_key": "yy-en21"}]
    results = {"a": _result("suspect", rewriting="suspect", types=("near_duplicate", "near_duplicate")),
               "b": _result("clean"), "c": _result("clean"),
               "d": _result("suspect", translation="flagged", mt_flagged=True)}
    fig = human_translations.evaluate(records, results)
    assert fig["xx-en22"]["rates"]["non_clean"] == 0.5
    assert fig["xx-en22"]["rewriting_types"] == {"near_duplicate": 1}  # records, not findings
    assert fig["yy-en21"]["mt head"] == 1 and fig["yy-en21"]["rewriting"] == 0
    assert fig["all"]["n"] == 4 and fig["all"]["non_clean"] == 2
