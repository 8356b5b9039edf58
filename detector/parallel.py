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

Executors:
    ``serial()``        this process (the reference)
    ``processes(n)``    n local worker processes (concurrent.futures)
    ``dask(client)``    a dask.distributed Client: an existing cluster (``tcp://host:port``)
                        or a LocalCluster
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any

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

    def scorer(self):
        """The scorer for this spec, built once per process."""
        scorer = _SCORERS.get(self)
        if scorer is None:
            from .model_store import load_model
            from .scoring import Scorer

            scorer = _SCORERS[self] = Scorer(load_model(self.model_dir), encoder=self.encoder,
                                             finding_types=self.finding_types)
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


# -- executors ------------------------------------------------------------------------------------
class Executor:
    """Runs a chunk function over chunks; ``map`` yields the results in chunk order."""

    #: chunks in flight at once per worker: one running and one queued keeps a worker busy
    per_worker = 2
    workers = 1

    def submit(self, func: Callable, chunk: list):  # pragma: no cover - interface
        raise NotImplementedError

    def result(self, handle) -> list:  # pragma: no cover - interface
        raise NotImplementedError

    def map(self, func: Callable[[list], list], chunks: Iterable[list]) -> Iterator[list]:
        window = max(1, self.workers * self.per_worker)
        pending: deque = deque()
        for chunk in chunks:
            pending.append(self.submit(func, chunk))
            if len(pending) >= window:
                yield self.result(pending.popleft())
        while pending:
            yield self.result(pending.popleft())

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
    loaded torch or opened threads is not safe)."""

    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker)

    def submit(self, func, chunk):
        return self._pool.submit(func, chunk)

    def result(self, handle):
        return handle.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor(Executor):
    """Chunks as tasks on a dask.distributed cluster. Each task carries its records, so the
    scheduler can run it again on another worker when one dies (up to ``allowed-failures``
    times, 3 by default)."""

    def __init__(self, client, *, own: list | None = None):
        self.client = client
        self._own = own or []  # a LocalCluster we started: closed with us
        workers = client.scheduler_info()["workers"].values()
        #: workers the cluster had when we connected (0: tasks wait until one joins)
        self.n_workers = len(workers)
        self.workers = max(1, sum(w.get("nthreads", 1) for w in workers))

    def submit(self, func, chunk):
        # pure=False: two chunks with equal records are still two tasks
        return self.client.submit(func, chunk, pure=False)

    def result(self, handle):
        out = handle.result()
        handle.release()
        return out

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
         timeout: float = SCHEDULER_TIMEOUT) -> Executor:
    """A Dask executor: ``scheduler`` is an address (``tcp://host:port``), a Client, or None
    or ``"local"`` for a new LocalCluster of ``workers`` processes with one thread each.
    ``timeout``: seconds to wait for the scheduler at an address before OSError/TimeoutError."""
    from distributed import Client, LocalCluster

    if scheduler is not None and not isinstance(scheduler, str):
        return DaskExecutor(scheduler)
    if scheduler in (None, "local"):
        import logging

        # no dashboard (a second cluster would fight over its port); the nanny's warnings on
        # shutdown are noise on stderr, where the CLI reports errors
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
        return DaskExecutor(client, own=[client, cluster])
    client = Client(scheduler, timeout=timeout)
    return DaskExecutor(client, own=[client])


def score_records(records: Iterable, executor: Executor, spec: ScorerSpec | None = None,
                  chunk_size: int = CHUNK_RECORDS, scorer=None) -> Iterator[dict]:
    """Result dicts of ``records`` (Articles and ErrorRecords) scored on ``executor``, in order.

    ``scorer``: a Scorer to use in this process (the serial executor), instead of one built
    from ``spec``. Every executor cuts the same chunks, and the classifier sees the sentences
    of one chunk together, so one process and many give the same output to the last digit.
    """
    func = partial(score_chunk_with, scorer) if scorer is not None else partial(score_chunk, spec or ScorerSpec())
    for results in executor.map(func, chunked(records, chunk_size)):
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
