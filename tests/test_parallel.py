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
