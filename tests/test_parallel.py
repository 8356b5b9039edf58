"""Chunked scoring on local processes and on a real Dask cluster: same output as one process,
in input order, every record once, and a killed worker loses nothing."""

from __future__ import annotations

import json
import os
import signal
import time
from functools import partial

import pytest

from detector import parallel
from detector.data import Article, ErrorRecord
from detector.ingest import read_inputs

FARM = """Council says power returns Friday
The regional council said on Tuesday that power would return to the eastern districts by Friday.
Olena Kovalenko, the council's spokeswoman, said crews were working around the clock. He said the work was dangerous.
The regional police director Andriy Melnyk he said the roads would stay closed overnight.
According to the council, electricity will come back to the districts in the east by Friday.
Share this article: Facebook Twitter Email"""

WIRE = """Port reopens after storm
The port of Odesa reopened on Monday after a storm closed it for two days, the harbour master said.
Ships waiting in the roads began to enter the harbour in the afternoon, and loading resumed at the grain terminal.
The storm brought winds of up to 90 kilometres an hour and flooded several streets near the seafront."""


def _articles(n: int) -> list[Article | ErrorRecord]:
    out: list[Article | ErrorRecord] = []
    for i in range(n):
        if i % 7 == 3:
            out.append(ErrorRecord(f"bad{i}", "test", "E001", "the article text is empty or whitespace only"))
        else:
            text = FARM if i % 2 else WIRE
            out.append(Article(id=f"a{i}", text=text.replace("Friday", f"day {i}"), title="", source="test"))
    return out


@pytest.fixture(scope="module")
def reference():
    """The one-process output: what every executor must reproduce."""
    records = _articles(24)
    return records, list(parallel.score_records(records, parallel.serial(), chunk_size=5))


def test_serial_chunks_keep_every_record_in_order(reference):
    records, expected = reference
    assert [d["id"] for d in expected] == [r.id for r in records]
    assert [("error" in d) for d in expected] == [isinstance(r, ErrorRecord) for r in records]
    scorer = parallel.ScorerSpec().scorer()
    again = list(parallel.score_records(records, parallel.serial(), chunk_size=5, scorer=scorer))
    assert again == expected  # a scorer's history (its caches) does not change a result


def test_chunked_reads_lazily_in_bounded_lists():
    def endless():
        i = 0
        while True:
            yield i
            i += 1

    chunks = parallel.chunked(endless(), 4)
    assert next(chunks) == [0, 1, 2, 3] and next(chunks) == [4, 5, 6, 7]


def test_local_processes_give_the_same_output_in_order(reference):
    records, expected = reference
    with parallel.processes(2) as ex:
        got = list(parallel.score_records(records, ex, chunk_size=3))
    assert got == expected


def test_a_window_bounds_the_chunks_in_flight():
    seen: list[int] = []

    class Recording(parallel.SerialExecutor):
        workers = 2

        def submit(self, func, chunk):
            seen.append(len(inflight))
            inflight.append(chunk)
            return chunk

        def result(self, handle):
            inflight.remove(handle)
            return [x * 10 for x in handle]

    inflight: list = []
    out = [x for res in Recording().map(None, parallel.chunked(range(50), 3)) for x in res]
    assert out == [x * 10 for x in range(50)]
    assert max(seen) < 4  # never more than workers * per_worker chunks submitted and unread


# -- a real Dask cluster ----------------------------------------------------------------------
distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                       silence_logs=logging.ERROR)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_cluster_gives_the_same_output_in_order(cluster, reference):
    records, expected = reference
    got = list(parallel.score_records(records, parallel.dask(cluster), chunk_size=4))
    assert got == expected


def _megabyte_each(chunk):
    return [b"x" * 1_000_000 for _ in chunk]


def test_a_result_whose_fetch_outlasts_a_look_at_the_cluster_is_not_lost(cluster):
    """The executor looks at the cluster between short waits for a chunk. It waited with
    Future.result(timeout=poll): a wait that ran out while the result was being fetched cancelled
    the client's fetch, which the client shares between fetches, and distributed then failed that
    result and every later one with an UnboundLocalError (once in a full run under load, where a
    fetch outlasted the 1 s poll). With a poll far shorter than any fetch it happened at once."""
    with distributed.Client(cluster.scheduler.address) as client:
        ex = parallel.DaskExecutor(client, poll=0.001)
        out = [x for res in ex.map(_megabyte_each, parallel.chunked(range(120), 2)) for x in res]
    assert len(out) == 120 and all(x == b"x" * 1_000_000 for x in out)


def _gated_chunk(spec, gate: str, first_id: str, chunk):
    """score_chunk, but every chunk after the first waits until the file ``gate`` exists: a
    worker holds its chunks for as long as the test needs, however slow the machine is."""
    if chunk[0].id != first_id:
        while not os.path.exists(gate):
            time.sleep(0.01)
    return parallel.score_chunk(spec, chunk)


def test_a_killed_worker_loses_nothing(cluster, reference, tmp_path):
    # the chunks used to sleep 0.5 s, and a worker counted as busy only if the test looked
    # within that half second of the first result: on a loaded machine the test could look
    # too late and find every chunk done. Held at a gate, the chunks are in hand until the kill.
    records, expected = reference
    ex = parallel.dask(cluster)
    pids = cluster.run(os.getpid)  # worker address -> pid
    gate = tmp_path / "go"
    func = partial(_gated_chunk, parallel.ScorerSpec(), str(gate), records[0].id)
    out, killed = [], None
    for results in ex.map(func, parallel.chunked(records, 2)):
        out.extend(results)
        if killed is None:
            # the first chunk is back; the others wait at the gate, on the workers they were given
            busy = [w for w, tasks in cluster.processing().items() if tasks]
            assert busy, "no worker holds a chunk: the test would not test anything"
            killed = busy[0]
            os.kill(pids[killed], signal.SIGKILL)
            gate.touch()
    assert killed is not None
    assert out == expected  # every record once, in order, same scores
    assert [d["id"] for d in out] == [r.id for r in records]


def test_dask_dataframe_is_scored_partition_wise(cluster):
    import dask.dataframe as dd
    import pandas as pd

    from detector import score_dask_dataframe, score_dataframe

    df = pd.DataFrame({"id": [f"r{i}" for i in range(6)], "text": [FARM, WIRE, FARM, "", WIRE, FARM],
                       "title": [""] * 6}, index=range(10, 16))
    ddf = dd.from_pandas(df, npartitions=3)
    got = score_dask_dataframe(ddf).compute()
    want = score_dataframe(df)
    assert list(got.index) == list(df.index)
    def plain(frame):  # a missing value is None in one frame and NaN in the other
        return frame.astype(object).where(frame.notna(), None)

    pd.testing.assert_frame_equal(plain(got), plain(want[list(got.columns)]))
    assert got.loc[13, "error_code"] == "E001" and got.loc[11, "label"] in ("clean", "suspect", "artifacted")


def test_cli_workers_and_local_cluster_match_one_process(tmp_path):
    from click.testing import CliRunner

    from detector.cli import main

    src = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": f"x{i}", "text": FARM if i % 3 else WIRE}) for i in range(10)]
    src.write_text("\n".join(lines[:5] + ["{broken"] + lines[5:]) + "\n", encoding="utf-8")
    runner = CliRunner()
    outs = []
    for extra in ([], ["--workers", "2"], ["--workers", "2", "--scheduler", "local"]):
        out = tmp_path / f"out{len(outs)}.jsonl"
        res = runner.invoke(main, ["score", str(src), "--format", "jsonl", "-q", "-o", str(out), *extra])
        assert res.exit_code == 1, res.output  # the broken line is an error record
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1] == outs[2]
    ids = [json.loads(x)["id"] for x in outs[0].splitlines()]
    assert len(ids) == 11 and ids[5].endswith(":6")


def test_read_inputs_is_consumed_lazily_by_the_executor(tmp_path):
    """A long input is not read ahead of the window: reading stops when the consumer does."""
    src = tmp_path / "long.jsonl"
    src.write_text("".join(json.dumps({"id": f"l{i}", "text": WIRE}) + "\n" for i in range(400)), encoding="utf-8")
    read = 0

    def counted():
        nonlocal read
        for r in read_inputs([str(src)]):
            read += 1
            yield r

    gen = parallel.score_records(counted(), parallel.serial(), chunk_size=10)
    first = next(gen)
    assert first["id"] == "l0" and read <= 30  # the window (2 chunks) and the one being cut


def _closed_port() -> int:
    """A local TCP port nobody listens on: bound, then closed, so a connection to it is refused."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", ["score", "trace"])
def test_an_unreachable_scheduler_is_e032_within_the_given_timeout(tmp_path, command):
    """A port nobody listens on is said within --scheduler-timeout (dask alone waits 30 s), with
    what to check; nothing is written to -o."""
    from click.testing import CliRunner

    from detector.cli import main

    src = tmp_path / "a.txt"
    src.write_text(WIRE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    address = f"tcp://127.0.0.1:{_closed_port()}"
    res = CliRunner().invoke(main, [command, str(src), "-q", "-o", str(out), "--scheduler", address,
                                    "--scheduler-timeout", "0.5"])
    assert res.exit_code == 2, res.output
    assert f"[E032] cannot reach the Dask scheduler {address}" in res.output
    assert "after 0.5 s" in res.output and "--scheduler-timeout" in res.output
    assert not out.exists() and os.listdir(tmp_path) == ["a.txt"]


def test_a_scheduler_address_gets_a_short_connect_timeout_by_default(monkeypatch):
    """Dask's default connect timeout is 30 s; an address given to the scorer is tried for
    SCHEDULER_TIMEOUT seconds unless told otherwise."""
    import distributed

    from detector.clikit import executor_for

    seen = []

    class Refused:
        def __init__(self, address, **kwargs):
            seen.append(kwargs.get("timeout"))
            raise OSError(f"Timed out trying to connect to {address} after {kwargs.get('timeout')} s")

    monkeypatch.setattr(distributed, "Client", Refused)
    with pytest.raises(SystemExit) as exc:
        executor_for(1, "tcp://10.0.0.5:8786")
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        executor_for(1, "tcp://10.0.0.5:8786", 12.5)
    assert seen == [parallel.SCHEDULER_TIMEOUT, 12.5] and parallel.SCHEDULER_TIMEOUT <= 10


def test_a_scheduler_without_workers_is_said_not_waited_on_in_silence(capsys):
    # the run waited for a worker to join with nothing on the screen but "scoring 0/N"
    import logging

    from detector.clikit import executor_for

    for n_workers, warned in ((0, True), (1, False)):
        with distributed.LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=False,
                                      dashboard_address=":0", silence_logs=logging.ERROR) as cluster:
            address = cluster.scheduler_address
            with executor_for(1, address):
                pass
        err = capsys.readouterr().err
        assert (f"Warning: the Dask scheduler {address} has no workers yet" in err) is warned, err
        if warned:
            assert f"dask worker {address}" in err


# -- a cluster that loses its workers: the run ends, every record once ------------------------
def _dask_env() -> dict:
    """The environment of a `dask` process started by a test: it unpickles this module's functions."""
    return dict(os.environ, PYTHONPATH=os.pathsep.join([os.getcwd(), os.path.dirname(__file__),
                                                        os.environ.get("PYTHONPATH", "")]))


def _start_workers(address: str, n: int):
    """``n`` real `dask worker` processes without a nanny, so a killed one stays dead."""
    import subprocess
    import sys

    return [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--no-nanny",
                              "--nthreads", "1", "--no-dashboard"], env=_dask_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL) for _ in range(n)]


def _run_in_thread(gen, timeout: float) -> list:
    """Drain ``gen`` in a thread; fail (rather than hang the suite) if it is not done in time."""
    import threading

    out: list = []
    errors: list = []

    def drain():
        try:
            out.extend(gen)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            errors.append(exc)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"the run still waits after {timeout} s: it would wait forever"
    if errors:
        raise errors[0]
    return out


def test_a_run_whose_workers_are_all_killed_ends_with_every_record_once(reference, tmp_path):
    # the run waited in the result of a chunk for ever once both workers were killed: Dask
    # keeps a task without a worker waiting until one joins, and none would
    import logging

    records, expected = reference
    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1",
                                  dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as client:
        procs = _start_workers(cluster.scheduler_address, 2)
        try:
            client.wait_for_workers(2, timeout=120)
            ex = parallel.DaskExecutor(client, lost_workers_grace=2, poll=0.2)
            gate = tmp_path / "go"
            func = partial(_gated_chunk, parallel.ScorerSpec(), str(gate), records[0].id)
            out = []
            chunks = parallel.chunked(records, 2)

            def run():
                for results in ex.map(func, chunks, lost=parallel.lost_records):
                    out.extend(results)
                    if len(out) == 2:  # the first chunk is back, the others wait at the gate
                        for p in procs:
                            p.kill()
                        for p in procs:
                            p.wait()
                        gate.touch()
                    yield from results

            got = _run_in_thread(run(), timeout=120)
        finally:
            for p in procs:
                p.kill()
    assert [d["id"] for d in got] == [r.id for r in records]  # every record once, in order
    assert got[:2] == expected[:2]
    lost = [d for d in got[2:] if d["error"]["code"] == "E015"]
    assert lost and all(d.get("error") for d in got[2:])
    # an error read from the input keeps its own code
    assert {d["error"]["code"] for d in got[2:] if d not in lost} <= {"E001"}
    message = lost[0]["error"]["message"]
    assert message.startswith("not scored: every Dask worker is gone (2 had joined) and none came back "
                              "within 2 s"), message
    assert message.endswith("score the records with this code again")


def test_a_run_whose_scheduler_dies_ends_with_every_record_once(reference, tmp_path):
    # a scheduler killed mid-run cancelled the chunks in flight, and the CancelledError ended
    # the batch as an internal error (E099)
    import json
    import subprocess
    import sys

    records, expected = reference
    records, expected = records[:8], expected[:8]
    sfile = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--scheduler-file",
                                  str(sfile), "--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0"],
                                 env=_dask_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    procs = [scheduler]
    try:
        deadline = time.monotonic() + 120
        while not (sfile.exists() and sfile.stat().st_size) and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(sfile.read_text(encoding="utf-8"))["address"]
        procs += _start_workers(address, 1)
        client = distributed.Client(address, timeout=10)
        try:
            client.wait_for_workers(1, timeout=120)
            ex = parallel.DaskExecutor(client, lost_workers_grace=2, poll=0.2)
            gate = tmp_path / "go"
            func = partial(_gated_chunk, parallel.ScorerSpec(), str(gate), records[0].id)

            def run():
                n = 0
                for results in ex.map(func, parallel.chunked(records, 2), lost=parallel.lost_records):
                    n += len(results)
                    if n == 2:  # the first chunk is back, the next ones wait at the gate
                        scheduler.kill()
                        scheduler.wait()
                        gate.touch()
                    yield from results

            got = _run_in_thread(run(), timeout=120)
        finally:
            client.close(timeout=5)
    finally:
        for p in procs:
            p.kill()
    assert [d["id"] for d in got] == [r.id for r in records] and got[:2] == expected[:2]
    lost = [d for d in got[2:] if d["error"]["code"] == "E015"]
    assert lost and {d["error"]["code"] for d in got[2:]} <= {"E015", "E001"}
    assert "the Dask scheduler" in lost[0]["error"]["message"], lost[0]


def _die_on(poison: str, spec, chunk):
    """score_chunk, but the worker process dies (as if out of memory) on the chunk holding ``poison``."""
    if any(r.id == poison for r in chunk):
        os._exit(1)
    return parallel.score_chunk(spec, chunk)


def test_a_record_that_kills_its_workers_is_lost_alone_and_the_run_goes_on(reference):
    """Dask gives up a task whose workers died under it allowed-failures + 1 times
    (KilledWorker). Such a chunk was lost whole, every record of it E015 for the one that
    killed the workers; now it is run again in halves down to that record, which alone is
    E015, and every other record is scored as by one process, in its place."""
    import logging

    import dask

    records, expected = reference
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                     silence_logs=logging.CRITICAL) as cluster, \
            distributed.Client(cluster) as client:
        # each lost piece kills both workers in turn, and under load their nannies took longer
        # than the 20 s a run waited for a worker to come back (this test needed 180 s once): a
        # nanny that answers is starting its worker again, and the run waits for it, so a grace
        # of 1 s must not give the cluster up here
        ex = parallel.DaskExecutor(client, lost_workers_grace=1)
        func = partial(_die_on, records[5].id, parallel.ScorerSpec())
        got = _run_in_thread((d for res in ex.map(func, parallel.chunked(records, 8), lost=parallel.lost_records)
                              for d in res), timeout=400)
    assert [d["id"] for d in got] == [r.id for r in records]
    assert got[5]["error"]["code"] == "E015"
    assert "the Dask workers scoring it died 2 times" in got[5]["error"]["message"]
    assert got[:5] == expected[:5] and got[6:] == expected[6:]


def test_without_a_lost_function_a_lost_cluster_raises():
    class Gone(parallel.SerialExecutor):
        def result(self, handle):
            raise parallel.ClusterLost("every Dask worker is gone")

    with pytest.raises(parallel.ClusterLost, match="every Dask worker is gone"):
        list(Gone().map(lambda c: c, parallel.chunked(range(10), 3)))
    # with one, every chunk after the loss stands in once, in order, and none is computed
    sent: list = []

    class GoneAfterOne(parallel.SerialExecutor):
        def submit(self, func, chunk):
            sent.append(chunk)
            return chunk

        def result(self, handle):
            if handle[0] >= 3:
                raise parallel.ClusterLost("gone")
            return handle

    out = list(GoneAfterOne().map(None, parallel.chunked(range(12), 3), lost=lambda c, why: [why] * len(c)))
    assert out == [[0, 1, 2], ["gone"] * 3, ["gone"] * 3, ["gone"] * 3]
    assert len(sent) == 3  # the last one read before the loss; nothing was sent after it


class _Poisoned(parallel.SerialExecutor):
    """Runs chunks in this process; a chunk holding a record of ``poison`` is lost (its workers died)."""

    workers = 2

    def __init__(self, poison, gone_after: int | None = None):
        self.poison, self.gone_after, self.sent = set(poison), gone_after, []

    def submit(self, func, chunk):
        self.sent.append(list(chunk))
        return chunk

    def result(self, handle):
        if self.gone_after is not None and len(self.sent) > self.gone_after:
            raise parallel.ClusterLost("the cluster is gone")
        if self.poison & set(handle):
            raise parallel.ChunkLost("its workers died")
        return [x * 10 for x in handle]


def _lost(chunk, why):
    return [(x, why) for x in chunk]


@pytest.mark.parametrize("poison", [{5}, {0}, {31}, {5, 20}, {6, 7}, {0, 1, 2}, {33}])
def test_a_lost_chunk_is_halved_down_to_the_records_that_kill_their_workers(poison):
    ex = _Poisoned(poison)
    out = [x for res in ex.map(None, parallel.chunked(range(40), 32), lost=_lost) for x in res]
    assert out == [(x, "its workers died") if x in poison else x * 10 for x in range(40)]
    lost_pieces = sum(1 for c in ex.sent if poison & set(c))
    # one such record: its chunk, then one half at each level (6 for the chunk of 32, 4 for the one of 8)
    assert lost_pieces <= parallel.ISOLATE_LOST_PIECES
    if len(poison) == 1:
        assert lost_pieces == (6 if min(poison) < 32 else 4)


def test_a_chunk_of_records_that_all_kill_their_workers_is_given_up_after_a_bounded_number_of_pieces():
    ex = _Poisoned(range(32))
    out = [x for res in ex.map(None, parallel.chunked(range(40), 32), lost=_lost) for x in res]
    assert [x for x, _ in out[:32]] == list(range(32)) and out[32:] == [x * 10 for x in range(32, 40)]
    assert sum(1 for c in ex.sent if c[0] < 32) == parallel.ISOLATE_LOST_PIECES
    given_up = [why for _, why in out[:32] if "pieces of its chunk were lost" in why]
    assert given_up and len(given_up) < 32


def test_a_cluster_lost_while_a_chunk_is_halved_ends_the_run_with_every_record_once():
    ex = _Poisoned({5}, gone_after=3)
    out = [x for res in ex.map(None, parallel.chunked(range(64), 32), lost=_lost) for x in res]
    assert [x for x, _ in out] == list(range(64))
    assert {why for _, why in out} == {"the cluster is gone"}
    assert len(ex.sent) == 4  # nothing is sent once the cluster is lost


def test_without_a_lost_function_a_lost_chunk_raises_at_once():
    ex = _Poisoned({5})
    with pytest.raises(parallel.ChunkLost, match="its workers died"):
        list(ex.map(None, parallel.chunked(range(40), 32)))
    assert len(ex.sent) == 2  # the two chunks of the window; no halves


@pytest.mark.parametrize("command", ["score", "trace"])
def test_a_cluster_that_never_gets_a_worker_is_given_up_after_the_stall_timeout(tmp_path, command):
    """A scheduler whose workers never come: the run ends after --stall-timeout. `score` writes
    every record once (E015, exit 1) and says why once; `trace`, which needs every article,
    stops with E015 and exit 3, and -o is left unwritten."""
    import logging

    from click.testing import CliRunner

    from detector.cli import main

    src = tmp_path / "batch.jsonl"
    src.write_text("".join(json.dumps({"id": f"s{i}", "text": WIRE}) + "\n" for i in range(40)) + "{broken\n",
                   encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster:
        res = CliRunner().invoke(main, [command, str(src), "-o", str(out), "--scheduler", cluster.scheduler_address,
                                        "--stall-timeout", "1"])
    if command == "trace":
        assert res.exit_code == 3, res.output
        assert "Error: [E015] no Dask worker joined the cluster in 1 s (--stall-timeout); the run stopped" \
            in res.output
        assert not out.exists()
        return
    assert res.exit_code == 1, res.output
    assert "waits up to 1 s (--stall-timeout) for one to join" in res.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"s{i}" for i in range(40)] + [f"{src}:41"]
    assert [r["error"]["code"] for r in rows] == ["E015"] * 40 + ["E004"]
    assert rows[0]["error"]["message"] == ("not scored: no Dask worker joined the cluster in 1 s (--stall-timeout); "
                                           "score the records with this code again")
    assert res.output.count("Error: [E015]") == 2  # the first record's line, then how many more
    assert "Error: [E015] 39 more records not scored for the same reason." in res.output
    assert "40  E015  not scored: the workers were lost" in res.output


def test_a_record_that_kills_a_local_worker_process_is_lost_alone(reference):
    # a dead process breaks the whole pool: the run raised from the middle of the batch (E099),
    # then every record not yet scored was E015; now the pool starts again, the chunks it held
    # are run again, and the one that broke it alone is halved down to the record
    records, expected = reference
    with parallel.processes(2) as ex:
        func = partial(_die_on, records[9].id, parallel.ScorerSpec())
        got = _run_in_thread((d for res in ex.map(func, parallel.chunked(records, 4), lost=parallel.lost_records)
                              for d in res), timeout=400)
    assert [d["id"] for d in got] == [r.id for r in records]
    assert got[9]["error"]["code"] == "E015"
    assert "the worker process scoring it died (killed, or out of memory" in got[9]["error"]["message"]
    assert got[:9] == expected[:9] and got[10:] == expected[10:]


def _exit_in_worker(chunk):
    os._exit(1)


def test_local_worker_processes_that_die_on_everything_end_the_run_once():
    # a pool that breaks again and again without finishing a chunk is given up: every record
    # comes out once, E015, and the run ends instead of starting processes for ever
    with parallel.processes(2) as ex:
        ex.max_restarts = 3
        got = _run_in_thread((d for res in ex.map(_exit_in_worker, parallel.chunked(range(40), 8),
                                                  lost=lambda c, why: [(x, why) for x in c]) for d in res),
                             timeout=400)
    assert [x for x, _ in got] == list(range(40))
    assert "died 3 times in a row without scoring a chunk" in got[-1][1]


def test_a_scheduler_that_fails_tasks_without_workers_ends_the_run_the_same_way(reference):
    # a scheduler run with distributed.scheduler.no-workers-timeout fails a task no worker can
    # take (NoWorkerError), which ended the batch as an internal error (E099)
    import logging

    import dask

    records, _ = reference
    with dask.config.set({"distributed.scheduler.no-workers-timeout": "1s"}), \
            distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0",
                                     silence_logs=logging.CRITICAL) as cluster, distributed.Client(cluster) as client:
        ex = parallel.DaskExecutor(client)
        got = _run_in_thread(parallel.score_records(records[:6], ex, chunk_size=2), timeout=120)
    assert [d["id"] for d in got] == [r.id for r in records[:6]]
    assert {d["error"]["code"] for d in got} == {"E015", "E001"}
    assert "within the scheduler's no-workers-timeout" in got[0]["error"]["message"]
