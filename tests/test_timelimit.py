"""A record that hangs costs that record alone (E016), in one process, on local worker processes
and on Dask: every other record is scored as before, in its place, and the batch goes on."""

from __future__ import annotations

import json
import re
import threading
import time
from functools import partial

import pytest

from detector import parallel, timelimit
from detector.data import Article
from detector.detectors import Detector

WIRE = """Port reopens after storm
The port of Odesa reopened on Monday after a storm closed it for two days, the harbour master said.
Ships waiting in the roads began to enter the harbour in the afternoon, and loading resumed at the grain terminal.
The storm brought winds of up to 90 kilometres an hour and flooded several streets near the seafront."""

MARKER = "Hangs the detector"


def _backtrack() -> None:
    """A regular expression that backtracks for longer than anyone waits: the C engine runs it."""
    re.match(r"(a|aa)+$", "a" * 64 + "b")


def _spin() -> None:
    while True:
        pass


def _swell() -> None:
    """Take memory until 1 GB is held, touching every page, as a runaway search on a hostile
    page would, far past what a record needs; then give it back."""
    import numpy as np

    held = [np.ones(25 << 20, dtype=np.uint8) for _ in range(40)]
    held.clear()


class _Hang(Detector):
    """A detector that never returns on an article holding MARKER (a pathological regex or a
    loop), or takes a gigabyte on it, as a detector's bug on a hostile page would."""

    name = "hang"

    def __init__(self, how: str):
        self.how = how

    def detect(self, ctx):
        if MARKER in ctx.text:
            {"regex": _backtrack, "loop": _spin, "swell": _swell}[self.how]()
        return []


def _records(n: int = 12, hang: int = 5) -> list[Article]:
    out = []
    for i in range(n):
        text = WIRE.replace("Monday", f"day {i}")
        if i == hang:
            text += f"\n{MARKER} on this one, and the rest of the batch must go on."
        out.append(Article(id=f"a{i}", text=text, title="", source="test"))
    return out


@pytest.fixture(scope="module")
def reference():
    """The records scored without the hanging detector: what every other record must match."""
    records = _records()
    return records, list(parallel.score_records(records, parallel.serial(), chunk_size=4))


def _check(got: list[dict], reference, limit: float = 1) -> None:
    records, expected = reference
    assert [d["id"] for d in got] == [r.id for r in records]  # each once, in its place
    assert got[5]["error"]["code"] == "E016"
    assert got[5]["error"]["message"].startswith(f"scoring it took more than {limit:g} CPU-seconds")
    assert "(--time-limit)" in got[5]["error"]["message"]
    assert got[:5] == expected[:5] and got[6:] == expected[6:]


# -- the guard itself ---------------------------------------------------------------------------------
@pytest.mark.parametrize("how", [_backtrack, _spin])
def test_the_limit_stops_a_regex_or_a_loop_in_the_main_thread(how):
    with pytest.raises(timelimit.RecordTimeout), timelimit.cpu_limit(0.3):
        how()
    # nothing armed is left behind: the handler is restored and no signal comes later
    import signal

    assert signal.getsignal(signal.SIGVTALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_VIRTUAL) == (0.0, 0.0)


def test_the_limit_stops_a_loop_in_another_thread():
    caught: list = []

    def run():
        try:
            with timelimit.cpu_limit(0.3):
                _spin()
        except timelimit.RecordTimeout as exc:
            caught.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join(120)
    assert not t.is_alive() and len(caught) == 1


def test_a_block_within_its_limit_runs_to_its_end():
    for _ in range(200):  # a limit that is not reached never fires, now or later
        with timelimit.cpu_limit(30):
            x = sum(range(1000))
    assert x == 499500
    with timelimit.cpu_limit(None):
        pass


def test_the_exception_is_no_exception_a_detector_could_swallow():
    # a detector's `except Exception: return []` must not turn a hang into a silent loop
    assert not issubclass(timelimit.RecordTimeout, Exception)


# -- one process ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["regex", "loop"])
def test_a_record_that_hangs_a_detector_is_its_own_error_in_one_process(reference, how):
    from detector.scoring import Scorer

    scorer = Scorer(time_limit=1)
    scorer.detectors.append(_Hang(how))
    got = list(parallel.score_records(reference[0], parallel.serial(), chunk_size=4, scorer=scorer))
    _check(got, reference)
    assert scorer.stats.errors == 1


def test_a_record_that_hangs_in_segmentation_is_its_own_error(reference, monkeypatch):
    from detector import scoring

    real = scoring.segment

    def segment(text):
        if MARKER in text:
            _backtrack()
        return real(text)

    monkeypatch.setattr(scoring, "segment", segment)
    got = list(parallel.score_records(reference[0], parallel.serial(), chunk_size=4,
                                      scorer=scoring.Scorer(time_limit=1)))
    _check(got, reference)
    assert "(segmenting it)" in got[5]["error"]["message"]


# -- memory -------------------------------------------------------------------------------------------
def test_the_memory_limit_makes_an_allocation_past_it_fail_and_is_lifted_after():
    import resource

    before = resource.getrlimit(resource.RLIMIT_DATA)
    with pytest.raises(MemoryError), timelimit.memory_limit(100):
        _swell()
    assert resource.getrlimit(resource.RLIMIT_DATA) == before
    _swell()  # no limit left behind
    with timelimit.memory_limit(None):
        _swell()


def _check_memory(got: list[dict], reference, limit: float = 200) -> None:
    records, expected = reference
    assert [d["id"] for d in got] == [r.id for r in records]
    assert got[5]["error"]["code"] == "E017"
    assert got[5]["error"]["message"].startswith(f"scoring it needed more than {limit:g} MB of memory")
    assert got[:5] == expected[:5] and got[6:] == expected[6:]


def test_a_record_that_takes_too_much_memory_is_its_own_error_in_one_process(reference):
    # it ended the batch: the kernel's out-of-memory killer ends the process, not the record
    from detector.scoring import Scorer

    scorer = Scorer(memory_limit_mb=200)
    scorer.detectors.append(_Hang("swell"))
    _check_memory(list(parallel.score_records(reference[0], parallel.serial(), chunk_size=4, scorer=scorer)),
                  reference)


def test_a_record_that_takes_too_much_memory_on_a_local_worker_process_is_its_own_error(reference):
    spec = parallel.ScorerSpec(memory_limit_mb=200)
    with parallel.processes(2) as ex:
        got = [d for res in ex.map(partial(_hanging_chunk, "swell", spec), parallel.chunked(reference[0], 4),
                                   lost=parallel.lost_records) for d in res]
    _check_memory(got, reference)


# -- local worker processes and Dask --------------------------------------------------------------------
def _hanging_chunk(how: str, spec, chunk):
    """score_chunk with the hanging detector added to the worker's scorer."""
    scorer = spec.scorer()
    if not any(isinstance(d, _Hang) for d in scorer.detectors):
        scorer.detectors.append(_Hang(how))
    return parallel.score_chunk_with(scorer, chunk)


def test_a_record_that_hangs_on_a_local_worker_process_is_its_own_error(reference):
    spec = parallel.ScorerSpec(time_limit=1)
    with parallel.processes(2) as ex:
        got = [d for res in ex.map(partial(_hanging_chunk, "regex", spec), parallel.chunked(reference[0], 4),
                                   lost=parallel.lost_records) for d in res]
    _check(got, reference)


def test_a_record_that_hangs_on_a_dask_worker_thread_is_its_own_error(reference):
    distributed = pytest.importorskip("distributed")
    import logging

    spec = parallel.ScorerSpec(time_limit=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster, distributed.Client(cluster) as client:
        ex = parallel.DaskExecutor(client)
        got = [d for res in ex.map(partial(_hanging_chunk, "loop", spec), parallel.chunked(reference[0], 4),
                                   lost=parallel.lost_records) for d in res]
    _check(got, reference)


# -- the command line ---------------------------------------------------------------------------------
def test_score_time_limit_makes_a_hanging_record_its_own_error(tmp_path, monkeypatch, reference):
    from click.testing import CliRunner

    from detector import scoring
    from detector.cli import main

    real = scoring.all_detectors
    monkeypatch.setattr(scoring, "all_detectors", lambda *a: [*real(*a), _Hang("regex")])
    src = tmp_path / "batch.jsonl"
    src.write_text("".join(json.dumps({"id": r.id, "text": r.text}) + "\n" for r in reference[0]), encoding="utf-8")
    res = CliRunner().invoke(main, ["score", str(src), "--format", "jsonl", "--time-limit", "1.5"])
    assert res.exit_code == 1, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in rows] == [r.id for r in reference[0]]
    assert rows[5]["error"]["code"] == "E016" and "1.5 CPU-seconds" in rows[5]["error"]["message"]
    assert all("error" not in r for i, r in enumerate(rows) if i != 5)
    assert "Error: [E016] scoring it took more than 1.5 CPU-seconds" in res.stderr


def test_a_page_that_holds_the_html_extraction_up_is_its_own_error(monkeypatch, tmp_path):
    # the reader extracts pages in the main process, outside the scorer: a page that hung the
    # parser or the extractor stalled the reading of the whole batch
    from detector import html
    from detector.ingest import read_inputs

    real = html.extract

    def extract(page):
        if MARKER in page:
            _backtrack()
        return real(page)

    monkeypatch.setattr(html, "extract", extract)
    monkeypatch.setattr(timelimit, "RECORD_TIME_LIMIT", 0.5)
    body = "<p>" + WIRE.replace("\n", "</p><p>") + "</p>"
    (tmp_path / "a.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<html><body>{body}<p>{MARKER}</p></body></html>", encoding="utf-8")
    (tmp_path / "c.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    recs = list(read_inputs([str(tmp_path)]))
    assert [type(r).__name__ for r in recs] == ["Article", "ErrorRecord", "Article"]
    assert recs[1].code == "E016" and "extracting the article from its HTML" in recs[1].message


@pytest.mark.parametrize("how, option, code, said", [
    ("loop", ["--time-limit", "1.5"], "E016", "scoring it took more than 1.5 CPU-seconds"),
    ("swell", ["--memory-limit", "200"], "E017", "scoring it needed more than 200 MB of memory"),
])
def test_report_limits_make_a_hanging_or_swelling_record_a_failed_row(tmp_path, monkeypatch, reference, how,
                                                                      option, code, said):
    # report scored its inputs with no limit at all: one hanging page hung the whole report
    from click.testing import CliRunner

    from detector import scoring
    from detector.cli import main

    real = scoring.all_detectors
    monkeypatch.setattr(scoring, "all_detectors", lambda *a: [*real(*a), _Hang(how)])
    src = tmp_path / "batch.jsonl"
    src.write_text("".join(json.dumps({"id": r.id, "text": r.text}) + "\n" for r in reference[0]), encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(src), "--out", str(tmp_path / "out"), *option])
    assert res.exit_code == 1, res.output
    assert f"Error: [{code}] {said}" in res.stderr
    assert "11 articles" in res.stderr and "1 failed" in res.stderr
    assert code in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_trace_a_record_that_hangs_its_profile_is_its_own_error(monkeypatch):
    # trace profiles each record (segments and encodes it) under the same limit: an encoder
    # stuck on one page costs that page, and the others are traced as before
    from detector import trace as T

    spec = T.TraceSpec()
    inner = spec.embedder()

    class Stuck:
        dim = inner.dim

        def encode(self, texts):
            if any(MARKER in t for t in texts):  # 5 CPU-seconds: past the limit, but it ends
                t0 = time.thread_time()
                while time.thread_time() - t0 < 5:
                    pass
            return inner.encode(texts)

    monkeypatch.setattr(T.TraceSpec, "embedder", lambda self: Stuck())
    records = _records(n=4, hang=2)
    got = list(T.trace_records(records, time_limit=1))
    assert [d["id"] for d in got] == [r.id for r in records]
    assert got[2]["error"]["code"] == "E016" and "more than 1 CPU-seconds" in got[2]["error"]["message"]
    assert "(segmenting and encoding it for the trace)" in got[2]["error"]["message"]  # not scoring it
    assert all("error" not in d for i, d in enumerate(got) if i != 2)
    # the four versions of one story are still found to copy each other
    assert {c["id"] for c in got[0]["copies"]} == {"a1", "a3"}


def test_trace_a_record_that_swells_in_its_profile_is_its_own_error(monkeypatch):
    # trace had no memory limit: a page whose profile took the machine's memory ended the trace
    from detector import trace as T

    inner = T.TraceSpec().embedder()

    class Swelling:
        dim = inner.dim

        def encode(self, texts):
            if any(MARKER in t for t in texts):
                _swell()
            return inner.encode(texts)

    monkeypatch.setattr(T.TraceSpec, "embedder", lambda self: Swelling())
    records = _records(n=4, hang=2)
    got = list(T.trace_records(records, memory_limit_mb=200))
    assert [d["id"] for d in got] == [r.id for r in records]
    assert got[2]["error"]["code"] == "E017" and "more than 200 MB" in got[2]["error"]["message"]
    assert all("error" not in d for i, d in enumerate(got) if i != 2)
    assert {c["id"] for c in got[0]["copies"]} == {"a1", "a3"}


def test_other_threads_work_does_not_count_against_the_main_threads_record():
    # the main thread's timer counts the whole process's CPU time: a busy thread beside it (a
    # program's own, a BLAS pool) stopped a record that had spent no time at all
    import time

    stop = threading.Event()

    def burn():
        while not stop.is_set():
            pass

    t = threading.Thread(target=burn, daemon=True)
    t.start()
    try:
        with timelimit.cpu_limit(0.3):
            p0 = time.process_time()
            while time.process_time() - p0 < 0.6:  # the busy thread spends 0.6 CPU-seconds meanwhile
                time.sleep(0.05)
            c0 = time.thread_time()
            while time.thread_time() - c0 < 0.1:  # the record's own 0.1 s, within its 0.3
                sum(range(10_000))
        with pytest.raises(timelimit.RecordTimeout), timelimit.cpu_limit(0.3):
            _spin()  # its own time past the limit still stops it
    finally:
        stop.set()
        t.join()


def _burn(seconds: float) -> None:
    """CPU work for ``seconds`` of this thread's time, then return (a slow page, not a stuck one)."""
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        for _ in range(50_000):  # user time: the clock's own system calls are not what is timed
            pass


def _slow_pages(monkeypatch, tmp_path):
    from detector import html

    real = html.extract

    def extract(page):
        if MARKER in page:
            _burn(3.0)
        return real(page)

    monkeypatch.setattr(html, "extract", extract)
    body = "<p>" + WIRE.replace("\n", "</p><p>") + "</p>"
    (tmp_path / "a.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<html><body>{body}<p>{MARKER}</p></body></html>", encoding="utf-8")


def test_html_extraction_takes_the_commands_time_limit(monkeypatch, tmp_path):
    # --time-limit is the limit for one record everywhere: 0 lifts it for extraction too, and a
    # lower one stops a slow page's extraction; without a command, RECORD_TIME_LIMIT holds
    from detector.ingest import read_inputs

    _slow_pages(monkeypatch, tmp_path)
    monkeypatch.setattr(timelimit, "RECORD_TIME_LIMIT", 0.3)
    kinds = lambda: [type(r).__name__ for r in read_inputs([str(tmp_path)])]  # noqa: E731
    assert kinds() == ["Article", "ErrorRecord"]
    with timelimit.extraction_limit(0):
        assert kinds() == ["Article", "Article"]
    with timelimit.extraction_limit(5):
        assert kinds() == ["Article", "Article"]
    with timelimit.extraction_limit(0.3):
        recs = list(read_inputs([str(tmp_path)]))
    assert recs[1].code == "E016" and "0.3 CPU-seconds" in recs[1].message
    assert kinds() == ["Article", "ErrorRecord"]  # the block's limit ends with it


def test_score_time_limit_zero_lets_a_slow_page_be_extracted(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from detector.cli import main

    _slow_pages(monkeypatch, tmp_path)
    monkeypatch.setattr(timelimit, "RECORD_TIME_LIMIT", 0.3)
    runner = CliRunner()
    res = runner.invoke(main, ["score", str(tmp_path), "--format", "jsonl", "--time-limit", "0", "-q"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.exit_code == 0 and [("error" in r) for r in rows] == [False, False]
    res = runner.invoke(main, ["score", str(tmp_path), "--format", "jsonl", "--time-limit", "0.5", "-q"])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.exit_code == 1 and rows[1]["error"]["code"] == "E016"
    assert "0.5 CPU-seconds (extracting the article from its HTML)" in rows[1]["error"]["message"]
