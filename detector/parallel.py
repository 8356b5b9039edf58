"""Work in chunks across processes or a Dask cluster, results in input order.

The unit of work is a chunk: a bounded list of consecutive records, numbered in input order.
A chunk function runs in a worker process and turns a chunk into one result per record;
for scoring it is :func:`score_chunk`, which calls the same ``Scorer.score_stream`` a single
process uses, with the scorer (models and encoder) loaded once per worker process. Any
picklable function of a chunk can run the same way (copy tracing across a corpus, say).

Input is read lazily and at most ``window`` chunks are in flight, so a stream of any length
runs in bounded memory. Results come back in chunk order. A chunk is a pure function of its
records, so when a Dask worker dies its chunks are simply computed again elsewhere: every
record comes out once, and the output is the same as from one process.

A record that kills the worker scoring it costs that record only. A chunk whose workers died
under it (Dask's ``KilledWorker``, after ``distributed.scheduler.allowed-failures`` retries; a
local process that died while scoring it) is run again in halves, one half after the other, and
a half that is lost again is halved in turn, down to single records (see ``ISOLATE_LOST_PIECES``
for the bound): the records beside the one that kills its worker are scored, and only that
record is lost. A run never waits forever on a cluster: when every worker is gone and none comes back within ``LOST_WORKERS_GRACE`` seconds
(while no nanny of theirs answers either), when no
chunk finishes for ``stall_timeout`` seconds, or when the scheduler is gone, the cluster is
lost: nothing more is sent to it, and every chunk not yet done is lost. ``map`` hands a lost
record (or chunk) to its ``lost`` function (scoring makes each record an ``E015`` error record);
without one, a lost chunk raises :class:`ChunkLost` or :class:`ClusterLost` at once.

Executors:
    ``serial()``        this process (the reference)
    ``processes(n)``    n local worker processes (concurrent.futures)
    ``dask(client)``    a dask.distributed Client: an existing cluster (``tcp://host:port``)
                        or a LocalCluster
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any

from .timelimit import RECORD_MEMORY_LIMIT_MB, RECORD_TIME_LIMIT

#: Records per chunk: large enough that the per-task overhead of a cluster (~1 ms) and the
#: pickling of the scorer's arguments vanish next to scoring (about 1 s per chunk of news
#: articles), small enough that a lost worker costs little to recompute.
CHUNK_RECORDS = 32


def chunked(records: Iterable[Any], size: int = CHUNK_RECORDS) -> Iterator[list[Any]]:
    """Consecutive lists of at most ``size`` records, read lazily."""
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


# -- scoring as a chunk function -------------------------------------------------------------------
@dataclass(frozen=True)
class ScorerSpec:
    """What a worker needs to build the scorer: a model directory and an encoder (None: the
    active model, and the encoder it was trained on). Small and picklable, unlike a Scorer."""

    model_dir: str | None = None
    encoder: str | None = None
    #: `detector score --select/--ignore` (None: every finding type)
    finding_types: frozenset[str] | None = None
    #: `detector score --time-limit`: CPU-seconds one record may take (None: no limit)
    time_limit: float | None = RECORD_TIME_LIMIT
    #: `detector score --memory-limit`: megabytes one record may take (None: no limit)
    memory_limit_mb: float | None = RECORD_MEMORY_LIMIT_MB

    def scorer(self):
        """The scorer for this spec, built once per process."""
        scorer = _SCORERS.get(self)
        if scorer is None:
            from .model_store import load_model
            from .scoring import Scorer

            scorer = _SCORERS[self] = Scorer(load_model(self.model_dir), encoder=self.encoder,
                                             finding_types=self.finding_types, time_limit=self.time_limit,
                                             memory_limit_mb=self.memory_limit_mb)
        return scorer


_SCORERS: dict[ScorerSpec, Any] = {}


def score_chunk(spec: ScorerSpec, chunk: list) -> list[dict]:
    """The result dict (or error dict) of every record of ``chunk``, in order."""
    return score_chunk_with(spec.scorer(), chunk)


def score_chunk_with(scorer, chunk: list) -> list[dict]:
    """score_chunk with a scorer already built (one process).

    BLAS runs on one thread here, as in every worker: a matrix product split across threads
    rounds differently in the last bits, which could show in the fourth decimal of an output.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        return [r.to_dict() for r in scorer.score_stream(chunk)]


def lost_records(chunk: list, reason: str) -> list[dict]:
    """The stand-in results of a scoring chunk the executor lost: each Article becomes an
    ``E015`` error record saying why; an error record read from the input stays as it was."""
    from .data import ErrorRecord
    from .errors import Errors

    message = Errors.E015.message(reason=reason)
    return [r.to_dict() if isinstance(r, ErrorRecord)
            else ErrorRecord(r.id, r.source, Errors.E015, message, r.line).to_dict() for r in chunk]


# -- executors ------------------------------------------------------------------------------------
class ChunkLost(Exception):
    """One chunk could not be computed (its workers kept dying under it); the others go on.
    ``str(exc)`` says why, in words for a user."""


class ClusterLost(ChunkLost):
    """The executor can compute nothing more: every chunk not yet done is lost."""


#: Seconds a run waits for a Dask worker to come back once every worker is gone (a nanny
#: restarts a killed worker within a few seconds; a worker that has not come back by then is
#: not coming back soon) before the records not yet scored are given up (E015). While a nanny of
#: a worker seen before answers, it is still starting its worker, and the run waits on.
LOST_WORKERS_GRACE = 20.0

#: Seconds a run waits on a Dask cluster that finishes no chunk, with or without workers
#: (`detector score --stall-timeout`): far above a chunk's time on real news (about 1 s for
#: 32 articles), and above a chunk of articles at the length limit (a few minutes).
STALL_TIMEOUT = 600.0


#: How many pieces of one lost chunk may be lost in turn while it is halved to find the records
#: that kill their workers, before what is left of it is given up (E015). One such record in a
#: chunk of 32 costs 6 lost pieces (the chunk, then a half of 16, 8, 4, 2 and the record alone), two
#: at most 11; each lost piece costs a Dask cluster ``allowed-failures + 1`` worker deaths (4 by
#: default), a local pool one restart. A chunk of records that each kill their worker is given up
#: after 12 lost pieces rather than tried record by record, 48 worker deaths at most.
ISOLATE_LOST_PIECES = 12


class Executor:
    """Runs a chunk function over chunks; ``map`` yields the results in chunk order."""

    #: chunks in flight at once per worker: one running and one queued keeps a worker busy
    per_worker = 2
    workers = 1

    def submit(self, func: Callable, chunk: list):  # pragma: no cover - interface
        raise NotImplementedError

    def result(self, handle) -> list:  # pragma: no cover - interface
        """The chunk's results; ChunkLost or ClusterLost when they cannot be had."""
        raise NotImplementedError

    def discard(self, handle) -> None:
        """Forget a chunk whose result will not be read (the cluster was lost)."""

    def map(self, func: Callable[[list], list], chunks: Iterable[list],
            lost: Callable[[list, str], list] | None = None) -> Iterator[list]:
        """Results of ``func`` on each chunk, in chunk order.

        ``lost(chunk, reason)`` gives the results that stand in for records the executor lost:
        a record whose workers died under it when it was run alone (a lost chunk is run again
        in halves first, see ``ISOLATE_LOST_PIECES``), and every chunk not yet done once the
        whole cluster is lost, each exactly once; without it, a lost chunk raises ChunkLost or
        ClusterLost.
        """
        window = max(1, self.workers * self.per_worker)
        pending: deque = deque()
        gone: str | None = None  # why the cluster was lost: no chunk is sent to it after that

        def collect(handle, chunk):
            nonlocal gone
            if gone is not None:
                self.discard(handle)
                return lost(chunk, gone)
            try:
                return self.result(handle)
            except ChunkLost as exc:
                if lost is None:
                    raise
                if isinstance(exc, ClusterLost):
                    gone = str(exc)
                    return lost(chunk, gone)
                return isolate(chunk, str(exc), [ISOLATE_LOST_PIECES - 1])

        def isolate(piece, why, budget):
            """The results of a lost piece run again in halves, one after the other (two halves
            in flight together could each be blamed for the other's deaths), each lost half
            halved in turn: only a record lost alone, or what is left when ``budget`` lost
            pieces are spent, or the cluster is lost, stands in as lost."""
            nonlocal gone
            if len(piece) == 1:
                return lost(piece, why)
            out: list = []
            mid = len(piece) // 2
            for half in (piece[:mid], piece[mid:]):
                if gone is not None:
                    out += lost(half, gone)
                elif budget[0] <= 0:
                    out += lost(half, f"{why}; {ISOLATE_LOST_PIECES} pieces of its chunk were lost so, and the "
                                      "rest of the chunk was given up")
                else:
                    try:
                        out += self.result(self.submit(func, half))
                    except ClusterLost as exc:
                        gone = str(exc)
                        out += lost(half, gone)
                    except ChunkLost as exc:
                        budget[0] -= 1
                        out += isolate(half, str(exc), budget)
            return out

        for chunk in chunks:
            if gone is not None:
                pending.append((None, chunk))
            else:
                pending.append((self.submit(func, chunk), chunk))
            if len(pending) >= window:
                yield collect(*pending.popleft())
        while pending:
            yield collect(*pending.popleft())

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SerialExecutor(Executor):
    def submit(self, func, chunk):
        return func(chunk)

    def result(self, handle):
        return handle


def _init_worker() -> None:
    """One thread per worker process: the processes are the parallelism, and threads on top
    of them only wait on each other on a small machine."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from threadpoolctl import threadpool_limits

    global _limits
    _limits = threadpool_limits(limits=1)


_limits = None


class ProcessExecutor(Executor):
    """``workers`` local processes (started fresh, not forked: a fork of a process that has
    loaded torch or opened threads is not safe).

    A process that dies breaks the whole pool: every chunk in flight fails with it, and which
    one killed it is not said. The pool is started again, and a chunk that failed while other
    chunks were running is run again (up to ``retries`` times, as Dask's ``allowed-failures``);
    one that breaks the pool while it runs alone, or on every try, is lost (ChunkLost), and
    ``map`` runs it again in halves. A pool that breaks ``max_restarts`` times in a row without
    finishing a chunk cannot start or run at all: it is lost (ClusterLost).
    """

    #: tries again of a chunk that failed with other chunks beside it (Dask's default is 3)
    retries = 3
    #: pool breaks in a row, with no chunk finished between them, after which the pool is given
    #: up: one record that kills its worker breaks a pool 6 times in a row at most while its
    #: chunk is halved (ISOLATE_LOST_PIECES), three side by side 9 times
    max_restarts = 16

    def __init__(self, workers: int):
        self.workers = workers
        self._generation = 0
        self._breaks = 0  # pool breaks since a chunk last finished
        self._inflight: dict = {}  # future -> the pool generation it was sent to
        self._failed: dict[int, int] = {}  # pool generation -> chunks in flight when it broke
        self._pool = self._start()

    def _start(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker)

    def submit(self, func, chunk):
        future = self._pool.submit(func, chunk)
        self._inflight[future] = self._generation
        return (future, func, chunk)

    def result(self, handle):
        from concurrent.futures.process import BrokenProcessPool

        future, func, chunk = handle
        tries = 0
        while True:
            generation = self._inflight[future]
            try:
                out = future.result()
            except BrokenProcessPool:
                self._restart(generation)
                del self._inflight[future]
                if self._failed[generation] == 1 or tries >= self.retries:
                    raise ChunkLost("the worker process scoring it died (killed, or out of memory: the record "
                                    "may be too much for one worker)") from None
                tries += 1
                future = self._pool.submit(func, chunk)
                self._inflight[future] = self._generation
                continue
            del self._inflight[future]
            self._breaks = 0
            return out

    def _restart(self, generation: int) -> None:
        """A new pool in place of the broken one (once per broken pool); ClusterLost when pools
        keep breaking without finishing anything."""
        if generation != self._generation:
            return  # already restarted since that pool broke
        # the chunks that pool had not finished when it broke: the one that killed it among them
        self._failed[generation] = sum(1 for f, g in self._inflight.items() if g == generation
                                       and not (f.done() and not f.cancelled() and f.exception() is None))
        self._breaks += 1
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._breaks >= self.max_restarts:
            raise ClusterLost(f"the local worker processes died {self._breaks} times in a row without scoring "
                              "a chunk, which stops the run")
        self._generation += 1
        self._pool = self._start()

    def discard(self, handle) -> None:
        if handle is not None:
            handle[0].cancel()
            self._inflight.pop(handle[0], None)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(Executor):
    """Chunks as tasks on a dask.distributed cluster. Each task carries its records, so the
    scheduler can run it again on another worker when one dies (up to ``allowed-failures``
    times, 3 by default; after that the chunk is lost: ChunkLost).

    While it waits for a chunk it looks at the cluster every ``poll`` seconds: when every
    worker is gone and none is back within ``lost_workers_grace`` seconds, when no chunk has
    finished for ``stall_timeout`` seconds (no worker ever joined, or its workers are stuck),
    or when the scheduler is gone, the cluster is lost (ClusterLost) instead of waited on.
    """

    def __init__(self, client, *, own: list | None = None, stall_timeout: float = STALL_TIMEOUT,
                 lost_workers_grace: float = LOST_WORKERS_GRACE, poll: float = 1.0):
        self.client = client
        self._own = own or []  # a LocalCluster we started: closed with us
        workers = client.scheduler_info()["workers"].values()
        #: workers the cluster had when we connected (0: tasks wait until one joins)
        self.n_workers = len(workers)
        #: the nannies of the workers seen: one that still answers is starting its worker again
        self._nannies = {w["nanny"] for w in workers if w.get("nanny")}
        self._seen_workers = self.n_workers
        self.workers = max(1, sum(w.get("nthreads", 1) for w in workers))
        self.stall_timeout = stall_timeout
        self.lost_workers_grace = min(lost_workers_grace, stall_timeout)
        self.poll = poll
        self._live = 0  # chunks submitted and not yet read
        self._progress = time.monotonic()  # when a chunk last finished (or the first was sent)
        self._max_workers = self.n_workers
        self._no_worker_since: float | None = None
        self._done: dict = {}  # a chunk's key -> set once its task has finished, failed or was cancelled

    def submit(self, func, chunk):
        if not self._live:
            self._progress = time.monotonic()  # time spent reading input is not the cluster's
        self._live += 1
        # pure=False: two chunks with equal records are still two tasks
        future = self.client.submit(func, chunk, pure=False)
        done = self._done[future.key] = threading.Event()
        future.add_done_callback(partial(self._finished, done))
        return future

    def _finished(self, done: threading.Event, _future) -> None:
        self._progress = time.monotonic()
        done.set()

    def result(self, handle):
        from concurrent.futures import CancelledError

        from distributed import KilledWorker
        from distributed.scheduler import NoValidWorkerError, NoWorkerError

        done = self._done.pop(handle.key)
        try:
            # The wait between two looks at the cluster is on the chunk's own event, never a
            # Future.result(timeout=poll): a result that ran out of time while it was being fetched
            # cancelled the client's fetch, which the client shares between all fetches, and
            # every later result of the run failed inside distributed (UnboundLocalError).
            while not done.wait(self.poll):
                self._check_cluster()
            try:
                # finished (or failed): fetch it. The timeout only guards a fetch from a worker
                # that is gone and whose chunk is never computed again
                return handle.result(timeout=self.stall_timeout)
            except TimeoutError:
                raise ClusterLost(f"the result of a finished chunk could not be fetched in {self.stall_timeout:g} s "
                                  "(--stall-timeout)") from None
        except KilledWorker as exc:
            raise ChunkLost(f"the Dask workers scoring it died {exc.allowed_failures + 1} times (killed, or "
                            "out of memory: the record may be too much for one worker)") from None
        except (NoWorkerError, NoValidWorkerError):
            # the scheduler's own distributed.scheduler.no-workers-timeout ran out first
            raise ClusterLost("no Dask worker could run its chunk within the scheduler's "
                              "no-workers-timeout") from None
        except CancelledError:
            self._check_cluster()
            raise ClusterLost("the Dask scheduler was lost or restarted, and the chunks it held with "
                              "it") from None
        finally:
            self._live -= 1
            handle.release()

    def discard(self, handle) -> None:
        if handle is not None:
            self._done.pop(handle.key, None)
            self._live -= 1
            handle.release()

    def _n_workers(self) -> int | None:
        """Workers the scheduler has now; None when the scheduler does not answer."""
        try:
            return len(self.client.nthreads(callback_timeout=max(self.poll, 5.0)))
        except Exception:  # noqa: BLE001 - a closed comm, a timeout, a client that gave up: no answer
            return None

    def _check_cluster(self) -> None:
        """ClusterLost when the cluster cannot be expected to finish a chunk any more."""
        now = time.monotonic()
        n = self._n_workers()
        if n:
            if n != self._seen_workers:
                self._note_nannies()
            self._max_workers = max(self._max_workers, n)
            self._no_worker_since = None
        elif self._no_worker_since is None:
            self._no_worker_since = now
        self._seen_workers = n or 0
        idle = now - self._progress
        if (not n and self._max_workers and now - self._no_worker_since >= self.lost_workers_grace
                and not (n == 0 and self._a_nanny_answers())):
            what = "the scheduler no longer answers" if n is None else "every Dask worker is gone"
            raise ClusterLost(f"{what} ({self._max_workers} had joined) and none came back within "
                              f"{self.lost_workers_grace:g} s")
        if idle >= self.stall_timeout:
            if n is None:
                why = "the Dask scheduler does not answer"
            elif not n:
                why = "no Dask worker joined the cluster"
            else:
                why = f"the cluster's {n} Dask workers finished no chunk"
            raise ClusterLost(f"{why} in {self.stall_timeout:g} s (--stall-timeout)")

    def _note_nannies(self) -> None:
        try:
            workers = self.client.scheduler_info()["workers"].values()
        except Exception:  # noqa: BLE001 - no answer now: the next look tries again
            return
        self._nannies |= {w["nanny"] for w in workers if w.get("nanny")}

    def _a_nanny_answers(self) -> bool:
        """True when the nanny of a worker seen before still answers: it is starting its worker
        again (on a loaded machine that takes longer than ``lost_workers_grace``; a chunk being
        halved kills its workers on purpose, again and again), so the workers are not gone for
        good, and only ``stall_timeout`` bounds the wait. A machine that is gone has no nanny."""
        if not self._nannies:
            return False
        import asyncio

        from distributed.core import rpc

        async def ping(addresses):
            for address in addresses:
                r = rpc(address)
                try:
                    await asyncio.wait_for(r.identity(), 5)
                    return True
                except Exception:  # noqa: BLE001,S112 - refused, timed out, closed: not this one
                    continue
                finally:
                    await r.close_rpc()
            return False

        try:
            return bool(self.client.sync(ping, sorted(self._nannies), callback_timeout=5 * len(self._nannies) + 5))
        except Exception:  # noqa: BLE001 - the client itself is closing: no answer
            return False

    def close(self) -> None:
        for obj in self._own:
            obj.close()


def serial() -> Executor:
    return SerialExecutor()


def processes(workers: int) -> Executor:
    return SerialExecutor() if workers <= 1 else ProcessExecutor(workers)


#: Seconds to wait for a scheduler given by address (`detector ... --scheduler-timeout`). Dask's
#: own default is 30 s, made for clusters that are still starting in the cloud; a running
#: scheduler answers within milliseconds on a LAN and well under a second across the world, and
#: a mistyped address or a port nobody listens on should be said at once.
SCHEDULER_TIMEOUT = 5.0


def dask(scheduler: str | Any | None = None, workers: int | None = None,
         timeout: float = SCHEDULER_TIMEOUT, stall_timeout: float = STALL_TIMEOUT) -> Executor:
    """A Dask executor: ``scheduler`` is an address (``tcp://host:port``), a Client, or None
    or ``"local"`` for a new LocalCluster of ``workers`` processes with one thread each.
    ``timeout``: seconds to wait for the scheduler at an address before OSError/TimeoutError;
    ``stall_timeout``: seconds without a chunk finished before the cluster is given up."""
    from distributed import Client, LocalCluster

    if scheduler is not None and not isinstance(scheduler, str):
        return DaskExecutor(scheduler, stall_timeout=stall_timeout)
    if scheduler in (None, "local"):
        import logging

        # no dashboard (a second cluster would fight over its port); the nanny's warnings on
        # shutdown are noise on stderr, where the CLI reports errors
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
        return DaskExecutor(client, own=[client, cluster], stall_timeout=stall_timeout)
    client = Client(scheduler, timeout=timeout)
    return DaskExecutor(client, own=[client], stall_timeout=stall_timeout)


def score_records(records: Iterable, executor: Executor, spec: ScorerSpec | None = None,
                  chunk_size: int = CHUNK_RECORDS, scorer=None) -> Iterator[dict]:
    """Result dicts of ``records`` (Articles and ErrorRecords) scored on ``executor``, in order.

    ``scorer``: a Scorer to use in this process (the serial executor), instead of one built
    from ``spec``. Every executor cuts the same chunks, and the classifier sees the sentences
    of one chunk together, so one process and many give the same output to the last digit.
    """
    func = partial(score_chunk_with, scorer) if scorer is not None else partial(score_chunk, spec or ScorerSpec())
    for results in executor.map(func, chunked(records, chunk_size), lost=lost_records):
        yield from results


# -- dask.dataframe --------------------------------------------------------------------------------
def score_dask_dataframe(ddf, *, text_column: str = "text", id_column: str = "id", title_column: str = "title",
                         model: str | None = None, encoder: str | None = None):
    """Score a ``dask.dataframe`` partition by partition; returns a dask DataFrame with the
    columns of :func:`detector.score_dataframe` (one row per article, same index), computed
    lazily on the cluster the caller's client points at."""
    import pandas as pd

    from . import added_name, verdict_columns

    added = pd.DataFrame({added_name(c, ddf.columns): pd.Series(dtype=d) for c, d in verdict_columns().items()})
    meta = pd.concat([ddf._meta, added], axis=1)
    columns = {c: None for c in meta.columns}
    spec = ScorerSpec(model, encoder)
    return ddf.map_partitions(_score_partition, spec, text_column, id_column, title_column, list(columns),
                              meta=meta)


def _score_partition(pdf, spec: ScorerSpec, text_column: str, id_column: str, title_column: str,
                     columns: list[str]):
    from . import _dataframe_scores
    from .scoring import score_articles

    scorer = spec.scorer()
    out = _dataframe_scores(pdf, lambda records: score_articles(records, model=scorer), text_column=text_column,
                            id_column=id_column, title_column=title_column)
    out.attrs.clear()  # the full results stay on the worker: a partition returns its table only
    return out[columns]
