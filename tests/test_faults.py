"""Faults of the run itself, through the real entry point in subprocesses: signals during
`score -o` and `train`, output that cannot be written, stdout closed early, crashes.

What must hold: the documented exit status (runguard's table), no traceback, and no
leftovers, or leftovers that the next run removes and that readers never take for input.
Signals are sent when the run is provably in the middle of its work (its temporary file or
directory exists), never after a fixed delay.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ("The regional council said on Tuesday that power would return to the eastern districts by "
           "Friday. Engineers have repaired two of the three damaged lines. The third line is being rebuilt, "
           "and crews are working through the night, a spokeswoman for the utility said.")


def env(tmp_path: Path, **extra) -> dict:
    e = {**os.environ, "DETECTOR_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT),
         "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}
    e.pop("DETECTOR_DEBUG", None)
    return e


def _interruptible() -> None:
    # a suite started in the background ('&' in a script, nohup) ignores SIGINT, and nohup
    # SIGHUP; an ignored signal stays ignored across exec, and the run keeps it so: it would
    # never see the Ctrl-C or the hang-up these tests send
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def _as_under_nohup() -> None:
    _interruptible()
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def detector(*args, tmp_path: Path, preexec_fn=_interruptible, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "detector", *map(str, args)], env=env(tmp_path),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=preexec_fn, **kwargs)


def wait_for(pred, proc: subprocess.Popen, what: str, limit: float = 600.0) -> None:
    """Poll until ``pred()``; fail if the process ends first (then the signal would come too late)."""
    deadline = time.monotonic() + limit
    while not pred():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended (status {proc.returncode}) before {what}:\n{err[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no {what} within {limit} s")
        time.sleep(0.005)


def hidden(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    """Enough articles that scoring them takes a while."""
    f = tmp_path_factory.mktemp("crawl") / "crawl.jsonl"
    f.write_text("".join(json.dumps({"id": f"a{i}", "text": f"{ARTICLE} Report {i}."}) + "\n" for i in range(400)),
                 encoding="utf-8")
    return f


# -- score -o under signals -------------------------------------------------------------------------
@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)])
def test_a_signal_during_score_o_leaves_nothing_and_says_so(tmp_path, crawl, sig, status):
    out = tmp_path / "out" / "scores.jsonl"
    proc = detector("score", crawl, "-o", out, "-q", tmp_path=tmp_path)
    wait_for(lambda: out.parent.is_dir() and hidden(out.parent), proc, "the temporary output file")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode in (status, -sig), err  # a shell reads both as 128 + n
    assert "Traceback" not in err
    assert not out.exists() and hidden(out.parent) == []
    # 'nothing more was written' left open whether the articles scored so far were kept
    if proc.returncode == status:
        assert f"{out} was not written (-o writes its file whole when the run completes)." in err, err


def test_a_run_under_nohup_outlives_a_hang_up(tmp_path, crawl):
    # the guard turned SIGHUP into an exit even when the run was started with it ignored:
    # `nohup detector score crawl.jsonl -o scores.jsonl &` died with the terminal it was meant to outlive
    out = tmp_path / "scores.jsonl"
    proc = detector("score", crawl, "-o", out, "-q", tmp_path=tmp_path, preexec_fn=_as_under_nohup)
    wait_for(lambda: hidden(tmp_path), proc, "the temporary output file")
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 400 and hidden(tmp_path) == []


def test_sigkill_during_score_o_leaves_a_hidden_file_the_next_run_removes(tmp_path, crawl):
    out = tmp_path / "scores.jsonl"
    proc = detector("score", crawl, "-o", out, "-q", tmp_path=tmp_path)
    wait_for(lambda: hidden(tmp_path), proc, "the temporary output file")
    proc.kill()
    proc.wait(timeout=60)
    (left,) = hidden(tmp_path)
    assert not out.exists()
    # a directory scan never takes the leftover for input
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    small = tmp_path / "in"
    small.mkdir()
    (small / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = detector("score", small, tmp_path / "a.txt", "-o", out, "-q", tmp_path=tmp_path)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert hidden(tmp_path) == [], "the killed run's temporary file was not removed"


# -- train under signals ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def labels(tmp_path_factory) -> Path:
    from training.generate import generate, read_corpus

    corpus = read_corpus(ROOT / "data" / "corpus")[:4]
    recs = list(generate([{**a, "text": "\n".join(a["text"].split("\n")[:6])} for a in corpus], seed=3,
                         variants_per_article=3))
    f = tmp_path_factory.mktemp("labels") / "labels.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return f


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_a_signal_while_train_saves_leaves_no_model_and_no_lasting_leftovers(tmp_path, labels, sig):
    models = tmp_path / "models"
    models.mkdir()
    out = models / "M2"
    cache = tmp_path / "emb.npz"
    proc = detector("train", "--data", labels, "--out", out, "--cache", cache, "--name", "m", "--version", "1",
                    tmp_path=tmp_path)
    wait_for(lambda: hidden(models), proc, "the model's staging directory")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=300)
    # exit(128 + n) or death by the signal: a shell reads both as 128 + n
    assert proc.returncode in ((-9,) if sig == signal.SIGKILL else (128 + sig, -sig)), err
    assert "Traceback" not in err
    assert not out.exists()
    if sig != signal.SIGKILL:
        assert hidden(models) == []
    # the next run succeeds and removes what a killed run left
    proc = detector("train", "--data", labels, "--out", out, "--cache", cache, "--name", "m", "--version", "1",
                    tmp_path=tmp_path)
    _, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    assert (out / "model.skops").is_file() and hidden(models) == []


# -- output that cannot be written ----------------------------------------------------------------------
@pytest.mark.parametrize("target", ["file/out.jsonl", "/proc/out.jsonl", "/proc/self/out.jsonl"])
def test_an_unwritable_o_is_a_usage_error_before_any_scoring(tmp_path, target):
    (tmp_path / "file").write_text("x")
    path = tmp_path / target if not target.startswith("/") else Path(target)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = detector("score", article, "-o", path, tmp_path=tmp_path)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, err
    assert "Traceback" not in err and "Error: [E040]" in err


def test_a_full_disk_while_writing_is_status_3_and_the_target_untouched(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "detector", "score", str(article), "--format", "jsonl", "-q"],
                          env=env(tmp_path), stdout=open("/dev/full", "w"), stderr=subprocess.PIPE, text=True,
                          timeout=300)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr and "[E040]" in proc.stderr and "no space" in proc.stderr


def test_stdout_closed_early_is_quiet(tmp_path, crawl):
    proc = detector("score", crawl, "--format", "jsonl", "-q", tmp_path=tmp_path)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=300)
    assert json.loads(first)["id"] == "a0"
    assert proc.returncode == 141, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err


# -- a crash of the run itself, hostile scores files --------------------------------------------------
def test_an_internal_error_is_status_3_with_one_line_and_no_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from detector import scoring
    from detector.cli import main

    def broken(self, records):
        yield from ()
        raise RuntimeError("the embedder fell over")

    monkeypatch.setattr(scoring.Scorer, "score_stream", broken)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["score", str(article), "-o", str(out), "-q"])
    assert result.exit_code == 3
    assert "[E099]" in result.stderr and "the embedder fell over" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and hidden(tmp_path) == []


def test_a_hostile_scores_file_costs_its_lines_not_the_report(tmp_path):
    from click.testing import CliRunner

    from detector.cli import main

    good = {"id": "g", "source": "g.txt", "title": "T", "score": 0.1, "label": "clean", "counts": {},
            "sentences": [{"index": 0, "start": 0, "end": 3, "text": "Abc", "score": 0.1, "paragraph": 0}],
            "findings": [], "model": {"name": "m", "version": "1"}}
    lines = [json.dumps(good), "[" * 100_000, '{"error": 5, "source": "x"}', json.dumps({**good, "findings": 3}),
             json.dumps({**good, "id": {"a": 1}}), json.dumps({**good, "score": "high"}),
             json.dumps({**good, "sentences": [{"index": "a"}]}), json.dumps(good).replace('"score": 0.1', '"score": NaN'),
             '{"id": "e", "source": "s", "error": {"code": 1, "message": null}}']
    scores = tmp_path / "scores.jsonl"
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(scores), "--out", str(tmp_path / "r"), "-q"])
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    index = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr") == len(lines) + 1  # the header and one row per line


def test_a_pickled_model_needs_trust_model_code_and_warns(tmp_path, monkeypatch):
    import hashlib

    import joblib
    from click.testing import CliRunner

    from detector.cli import main
    from detector.model_store import load_model
    from detector.registry import default_model_dir

    monkeypatch.delenv("DETECTOR_TRUST_PICKLE", raising=False)
    monkeypatch.setenv("DETECTOR_HOME", str(tmp_path / "home"))
    m = load_model(default_model_dir())
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    joblib.dump(m.estimator, legacy / "model.joblib")
    joblib.dump(m.mt_style.params, legacy / "mt_style.joblib")
    meta = {**m.metadata, "format_version": 1,
            "sha256": {n: hashlib.sha256((legacy / n).read_bytes()).hexdigest() for n in ("model.joblib",
                                                                                          "mt_style.joblib")}}
    (legacy / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    refused = CliRunner().invoke(main, ["score", str(article), "--model", str(legacy), "-q"])
    assert refused.exit_code == 2 and "[E027]" in refused.stderr and "--trust-model-code" in refused.stderr
    trusted = CliRunner().invoke(main, ["--trust-model-code", "score", str(article), "--model", str(legacy), "-q",
                                        "--format", "jsonl"])
    assert trusted.exit_code == 0, trusted.stderr
    assert trusted.stderr.startswith("Warning: loading") and "pickle" in trusted.stderr
    assert json.loads(trusted.stdout)["label"] == "clean"


@pytest.mark.parametrize("signal_exc, status", [
    (KeyboardInterrupt(), 128 + signal.SIGINT),
    ("terminated", 128 + signal.SIGTERM),
])
def test_a_signal_wrapped_by_python_still_ends_as_that_signal(signal_exc, status, capsys):
    """A signal landing while Python builds a class (during an import) reaches the guard as
    'RuntimeError: Error calling __set_name__' with the interrupt as its cause: it is the
    interrupt, not an internal error (E099, status 3)."""
    from detector.runguard import Terminated, run_guarded

    if signal_exc == "terminated":
        signal_exc = Terminated(signal.SIGTERM)

    def body():
        try:
            raise signal_exc
        except BaseException as exc:
            raise RuntimeError("Error calling __set_name__ on 'Field' instance 'memo'") from exc

    try:
        assert run_guarded(body) == status
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # the guard ignores them once done
            signal.signal(sig, signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL)
    err = capsys.readouterr().err
    assert "E099" not in err and ("Interrupted" in err or "Terminated (SIGTERM)" in err)

    def broken():
        raise RuntimeError("a real bug")

    assert run_guarded(broken) == 3 and "E099" in capsys.readouterr().err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_whose_exception_was_swallowed_still_stops_the_output(sig, tmp_path, capsys):
    """Python only prints an exception raised inside some callbacks (an import lock's cleanup:
    'Exception ignored in ... KeyboardInterrupt'): a run whose Ctrl-C was lost there went on,
    published its model and exited 0. The signal is remembered: the file is not renamed into
    place and the run ends as that signal."""
    from detector.fileio import atomic_write
    from detector.runguard import run_guarded

    out = tmp_path / "scores.jsonl"

    def body():
        try:
            os.kill(os.getpid(), sig)
            time.sleep(5)  # the handler raises at once; the sleep only bounds a missing signal
        except BaseException:  # noqa: BLE001 - what the ignoring callback does
            pass
        with atomic_write(out) as fh:
            fh.write("{}\n")

    try:
        assert run_guarded(body) == 128 + sig
    finally:
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # the guard ignores them once done
            signal.signal(s, signal.default_int_handler if s == signal.SIGINT else signal.SIG_DFL)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert "Traceback" not in capsys.readouterr().err


_FINALISER = """
import os, signal, sys, time
from detector.runguard import run_guarded

class Finaliser:
    def __init__(self, sig=None, exc=None):
        self.sig, self.exc = sig, exc

    def __del__(self):
        if self.sig is not None:
            os.kill(os.getpid(), self.sig)
            time.sleep(5)  # the handler raises at once; the sleep only bounds a missing signal
        raise self.exc

def body():
    Finaliser(sig=int(sys.argv[1])) if sys.argv[1] != "0" else Finaliser(exc=ValueError("its own bug"))
    return 0

sys.exit(run_guarded(body))
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, 0])
def test_a_signal_lost_in_a_finaliser_prints_no_traceback(sig, tmp_path):
    """A signal landing while Python runs a finaliser or an import lock's cleanup is an
    exception Python only prints ('Exception ignored in ...' and a traceback): the run ends as
    that signal with its one line, and no traceback. A finaliser's own error is still shown."""
    proc = subprocess.run([sys.executable, "-c", _FINALISER, str(int(sig))], env=env(tmp_path),
                          capture_output=True, text=True, timeout=120, preexec_fn=_interruptible)
    if sig == 0:
        assert proc.returncode == 0 and "its own bug" in proc.stderr, proc.stderr
        return
    assert proc.returncode == 128 + sig, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    assert ("Interrupted" if sig == signal.SIGINT else "Terminated (SIGTERM)") in proc.stderr
