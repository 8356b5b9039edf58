"""The speed benchmark runs with the shipped model: its throughput pass scores real articles with
the encoder the model was trained on and times the bare MiniLM encoder beside it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "bench_score", Path(__file__).resolve().parent.parent / "benchmarks" / "bench_score.py")
bench_score = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("bench_score", bench_score)
_spec.loader.exec_module(bench_score)


def test_throughput_pass_runs_with_the_shipped_model(monkeypatch):
    monkeypatch.setattr(bench_score, "log", lambda msg: None)
    rows = bench_score.read_rows()
    out = bench_score.bench_throughput(rows, 2, 1)
    assert out["articles"] == 2 and out["sentences"] > 10
    assert out["pipeline_encoder"].startswith("static/")  # the shipped model's own encoder, not MiniLM
    assert out["bare"]["seconds"][0] > 0
