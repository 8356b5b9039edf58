"""Limits on the CPU time and the memory one record may take, so a record that hangs or swells
costs that record alone.

``cpu_limit(seconds)`` guards a block run for one record: once the calling thread has spent
``seconds`` of CPU time inside it, :class:`RecordTimeout` is raised in that thread, wherever it
is, and the caller turns it into the record's error (``E016``); the next record is scored as if
nothing happened.

CPU time, not wall time: a record that needs 5 CPU-seconds on an idle machine needs 5 on one
shared by ten jobs, so whether a record is cut off does not depend on the load, and the same
input gives the same output on a laptop, a busy server or a cluster.

How the exception reaches the thread:

* In a process's main thread (one process; each ``--workers`` process runs its chunks in its
  main thread) a CPU timer (``setitimer(ITIMER_VIRTUAL)``) sends ``SIGVTALRM``, whose handler
  raises once the thread's own CPU clock is past the limit. The timer counts every thread of
  the process, so when other threads ran it down early the handler times what is left again. A signal also stops a regular expression stuck in backtracking: the ``re`` engine
  checks for signals as it matches, where nothing else could reach it.
* In any other thread (a Dask worker runs tasks in a thread pool; a program that scores from
  a thread of its own) signals cannot be used: a watchdog thread reads the thread's own CPU
  clock and, past the limit, sets the exception in it (``PyThreadState_SetAsyncExc``). Python
  code stops at its next instruction; a single call into C that does not return (a regular
  expression backtracking for ever) is beyond it, and there the executor's own guard, Dask's
  ``--stall-timeout``, is what ends the run.

``memory_limit(mb)`` guards a block the same way against memory: while it runs, the process may
hold ``mb`` megabytes more data than when it began (``RLIMIT_DATA``, which counts the heap and
every private mapping, so numpy's arrays too). An allocation past that fails with
``MemoryError`` in the record that asked for it, where the kernel's out-of-memory killer would
have ended the process and the batch with it. The limit is the whole process's, so it is set only
from the main thread (one process, each ``--workers`` process); a Dask worker's tasks run in
threads beside its event loop, and there a record that takes the worker's memory costs that
record alone already (``E015``, see detector/parallel.py).

``RecordTimeout`` derives from ``BaseException``, as ``KeyboardInterrupt`` does: a detector's
``except Exception`` that turns one failed lookup into "no finding" must not swallow it and go
on hanging.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

#: CPU-seconds one article may take to be segmented, searched by the detectors and given its
#: features (`detector score --time-limit`). The costliest pages measured take 2 to 7
#: CPU-seconds (benchmarks/bench_pathological.py: a 990,000-character paragraph without a full
#: stop, a results page of 4,000 lines of one template); a news article takes milliseconds.
RECORD_TIME_LIMIT = 60.0


#: Megabytes one article may take above what the process held when it began
#: (`detector score --memory-limit`). The largest article the limits let through (10,000
#: sentences) peaks at 372 MB with the whole scorer (benchmarks/README.md); a news article takes
#: a few.
RECORD_MEMORY_LIMIT_MB = 4096


#: The CPU time a page's HTML extraction may take, as a command's --time-limit sets it
#: (``extraction_limit``); unset, ``RECORD_TIME_LIMIT``. Readers extract pages lazily, in the
#: thread that consumes them, so the value is read where the extraction runs.
_extraction: ContextVar[float | None] = ContextVar("extraction_time_limit", default=None)


@contextmanager
def extraction_limit(seconds: float | None):
    """Within the block, a page's HTML extraction may take ``seconds`` of CPU time (None or 0:
    no limit), as scoring a record may: `score`, `trace` and `report` read their inputs in it."""
    token = _extraction.set(float(seconds or 0.0))
    try:
        yield
    finally:
        _extraction.reset(token)


def extraction_seconds() -> float | None:
    """The CPU-seconds one page's extraction may take here (None: no limit)."""
    v = _extraction.get()
    return RECORD_TIME_LIMIT if v is None else (v or None)


class RecordTimeout(BaseException):
    """The record being worked on ran past its CPU-time limit."""


_armed = threading.Event()  # set while the main thread runs a guarded block
_deadline = 0.0  # the main thread's own CPU clock (thread_time) at which its guarded block stops


def _on_alarm(signum, frame):
    if not _armed.is_set():  # a signal that lands after the block ended is dropped
        return
    # the timer counts the CPU time of every thread of the process: another thread's work (a
    # program's own threads, a BLAS or torch pool) runs it down too. What is left of this
    # thread's own time is timed again, so a record is stopped on its own time alone
    left = _deadline - time.thread_time()
    if left > 0:
        signal.setitimer(signal.ITIMER_VIRTUAL, max(left, 1e-3))
        return
    raise RecordTimeout


@contextmanager
def cpu_limit(seconds: float | None):
    """Raise :class:`RecordTimeout` in this thread once it has used ``seconds`` of CPU time in the
    block (None or 0: no limit)."""
    if not seconds:
        yield
        return
    if threading.current_thread() is threading.main_thread() and _can_use_signal():
        with _by_signal(seconds):
            yield
    else:
        with _by_watchdog(seconds):
            yield


def _can_use_signal() -> bool:
    """True when SIGVTALRM is ours to use: its handler is the default or already ours (a program
    that uses it for something else keeps it, and gets the watchdog)."""
    if not hasattr(signal, "setitimer"):
        return False
    try:
        handler = signal.getsignal(signal.SIGVTALRM)
    except (ValueError, AttributeError):
        return False
    return handler in (signal.SIG_DFL, _on_alarm)


@contextmanager
def _by_signal(seconds: float):
    global _deadline
    previous = signal.signal(signal.SIGVTALRM, _on_alarm)
    _deadline = time.thread_time() + seconds
    _armed.set()
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        _armed.clear()
        signal.signal(signal.SIGVTALRM, previous)


def _data_bytes() -> int | None:
    """The process's data (heap and private mappings) now, as RLIMIT_DATA counts it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


@contextmanager
def memory_limit(mb: float | None):
    """Make an allocation fail with ``MemoryError`` once the process holds ``mb`` megabytes more
    data than when the block began (None or 0: no limit; only from the main thread)."""
    try:
        import resource
    except ImportError:  # not a Unix
        resource = None
    used = _data_bytes() if mb and resource is not None and hasattr(resource, "RLIMIT_DATA") else None
    if used is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = used + int(mb * (1 << 20))
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)  # a stricter limit set by whoever runs us stays
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


# -- other threads: a watchdog that reads each guarded thread's CPU clock --------------------------
_POLL = 0.1  # seconds between two looks at the guarded threads' clocks
_guarded: dict[int, tuple[int, float]] = {}  # thread ident -> (its CPU clock, the deadline on it)
_lock = threading.Lock()
_watchdog: threading.Thread | None = None


def _thread_clock() -> int | None:
    try:
        return time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):
        return None


@contextmanager
def _by_watchdog(seconds: float):
    global _watchdog
    clock = _thread_clock()
    if clock is None:  # no per-thread CPU clock on this platform: no limit
        yield
        return
    ident = threading.get_ident()
    with _lock:
        _guarded[ident] = (clock, time.clock_gettime(clock) + seconds)
        if _watchdog is None or not _watchdog.is_alive():
            _watchdog = threading.Thread(target=_watch, name="detector-time-limit", daemon=True)
            _watchdog.start()
    try:
        yield
    finally:
        with _lock:
            fired = _guarded.pop(ident, None) is None
        if fired:
            # the watchdog set the exception as the block ended: clear it, so it cannot surface
            # in whatever this thread runs next
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)


def _watch() -> None:
    while True:
        time.sleep(_POLL)
        with _lock:
            for ident, (clock, deadline) in list(_guarded.items()):
                try:
                    spent = time.clock_gettime(clock)
                except OSError:  # the thread has ended
                    del _guarded[ident]
                    continue
                if spent >= deadline:
                    del _guarded[ident]
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                               ctypes.py_object(RecordTimeout))
