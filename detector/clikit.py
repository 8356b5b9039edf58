"""What every `detector` command shares: exit codes, error reporting, the output choice
(``--format`` / ``-o``), and the progress line on stderr.

Only click and the standard library are imported here, so ``detector --help`` stays instant.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from typing import Any

import click

# the exit statuses are runguard's, which ends every command; the commands import them from here
from .runguard import EXIT_FAILED_INPUTS, EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE  # noqa: F401

#: -o's extension picks the format when --format is not given (as sqlite-utils does)
EXTENSION_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet",
                     ".txt": "table"}


def fail(message: str, code: str, exit_code: int = EXIT_USAGE):
    """``Error: [code] message`` on stderr, then exit (2: the command could not run)."""
    click.echo(f"Error: [{code}] {message}", err=True)
    sys.exit(exit_code)


@contextmanager
def user_errors():
    """A DetectorError (bad data, a bad model) or an OSError (an unreadable file, an unwritable
    output) ends the command with ``Error: [code] ...`` and exit 2, not a traceback."""
    from .errors import DetectorError, Errors
    from .parallel import ChunkLost

    try:
        yield
    except DetectorError as exc:
        text = str(exc)
        fail(text.split("] ", 1)[1] if text.startswith(f"[{exc.code}] ") else text, exc.code)
    except ChunkLost as exc:
        # a command that needs every chunk (trace) cannot go on without the lost ones
        fail(f"{exc}; the run stopped, nothing more could be computed", Errors.E015, EXIT_RUN_FAILED)
    except OSError as exc:
        fail(f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""), Errors.E009)


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """'1 article', '2 articles', '1,204 articles'."""
    return f"{n:,} {noun if n == 1 else plural_form or noun + 's'}"


# -- output -------------------------------------------------------------------------------------


def output_options(formats: Iterable[str] = ("table", "json"), default: str | None = "table"):
    """``--format`` and ``-o/--output`` for a command: the format is ``--format``, else the
    extension of ``-o`` (scores.csv -> csv), else ``default`` (None: table on a terminal,
    jsonl otherwise)."""
    formats = tuple(formats)
    if default is None:
        default_help = "table on a terminal, jsonl otherwise"
    else:
        default_help = default
    exts = ", ".join(f"{e} -> {f}" for e, f in EXTENSION_FORMATS.items() if f in formats)

    def decorate(f):
        f = click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
                         help="Write to this file (atomically) instead of stdout.")(f)
        f = click.option("--format", "fmt", type=click.Choice(formats), default=None,
                         help=f"Output format. Default: from -o's extension ({exts}), else {default_help}.")(f)
        return f

    return decorate


def scale_options(verb: str, encoder_default: str):
    """``--encoder``, ``--workers``, ``--scheduler`` and ``--scheduler-timeout``: how a command runs (``verb``: "Score",
    "Run"), the same for every command that encodes articles. ``encoder_default`` says in the help
    which encoder is used when none is given."""

    from .parallel import SCHEDULER_TIMEOUT, STALL_TIMEOUT

    def decorate(f):
        f = click.option("--stall-timeout", type=click.FloatRange(min=0, min_open=True),
                         default=STALL_TIMEOUT, show_default=True, metavar="SECONDS",
                         help="Give up on a Dask cluster that finishes no chunk for this long (no worker, "
                              "or stuck ones): the records not done yet are E015.")(f)
        f = click.option("--scheduler-timeout", type=click.FloatRange(min=0, min_open=True),
                         default=SCHEDULER_TIMEOUT, show_default=True, metavar="SECONDS",
                         help="How long to wait for the scheduler at --scheduler ADDRESS before giving up (E032).")(f)
        f = click.option("--scheduler", default=None, metavar="ADDRESS",
                         help=f"{verb} on a Dask cluster: tcp://HOST:PORT of a running `dask scheduler`, or 'local'.")(f)
        f = click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
                         help=f"{verb} on N local processes (or N Dask workers with --scheduler local); "
                              "same output as one.")(f)
        f = click.option("--encoder", type=click.Choice(["minilm-static", "minilm"]), default=None,
                         help=f"Sentence encoder (default: {encoder_default}).")(f)
        return f

    return decorate


def time_limit_option(what: str = "scoring"):
    """``--time-limit``: the CPU-seconds one record may take before it is stopped (E016)."""
    from .timelimit import RECORD_TIME_LIMIT

    return click.option("--time-limit", type=click.FloatRange(min=0), default=RECORD_TIME_LIMIT, show_default=True,
                        metavar="SECONDS",
                        help=f"CPU-seconds one record may take ({what}, and extracting it from its HTML); one that takes longer is stopped and "
                             "is its own error (E016), the batch goes on. 0: no limit.")


def memory_limit_option():
    """``--memory-limit``: the megabytes one record may take before it is stopped (E017)."""
    from .timelimit import RECORD_MEMORY_LIMIT_MB

    return click.option("--memory-limit", type=click.FloatRange(min=0), default=RECORD_MEMORY_LIMIT_MB,
                        show_default=True, metavar="MB",
                        help="Megabytes one record may take beyond what the process holds (one process and "
                             "each --workers process); one that needs more is stopped and is its own error "
                             "(E017), the batch goes on. 0: no limit.")


def executor_for(workers: int, scheduler: str | None, timeout: float | None = None,
                 stall_timeout: float | None = None):
    """The executor ``--workers``/``--scheduler`` ask for; a cluster that cannot be reached within
    ``timeout`` seconds (None: parallel.SCHEDULER_TIMEOUT) is E032; one that finishes no chunk
    for ``stall_timeout`` seconds (None: parallel.STALL_TIMEOUT) is given up (E015)."""
    from . import parallel
    from .errors import Errors

    stall_timeout = stall_timeout or parallel.STALL_TIMEOUT
    try:
        if not scheduler:
            return parallel.processes(workers)
        executor = parallel.dask(scheduler, workers, timeout=timeout or parallel.SCHEDULER_TIMEOUT,
                                 stall_timeout=stall_timeout)
    except (OSError, ValueError, TimeoutError) as exc:
        fail(Errors.E032.message(address=scheduler, detail=exc), Errors.E032)
    if not executor.n_workers:
        # dask waits for a worker to join, without a word: a run that looks hung
        click.echo(f"Warning: the Dask scheduler {scheduler} has no workers yet; the run waits up to "
                   f"{stall_timeout:g} s (--stall-timeout) for one to join (dask worker {scheduler}).", err=True)
    return executor


def choose_format(fmt: str | None, output: str | None, formats: Iterable[str], default: str | None) -> str:
    """The format to write: ``fmt``; else the one -o's extension names; else ``default``
    (None: table when stdout is a terminal and no file is named, else jsonl). With ``default``
    None, an extension that names no format of ``formats`` is a usage error (E031)."""
    if fmt:
        return fmt
    from .fileio import written_in_place

    formats = tuple(formats)
    if output and output != "-":
        ext = os.path.splitext(output)[1].lower()
        by_ext = EXTENSION_FORMATS.get(ext)
        if by_ext in formats:
            return by_ext
        if ext and default is None and not written_in_place(output):  # a device's name picks no format
            # 'scores.xlsx' or 'scores.jsonl.gz' got JSON lines under a name that promised a
            # spreadsheet or a gzip file. Only for score and trace (default None), which choose
            # before they read a record: the others choose once their work is done, and a
            # table in 'metrics.csv' beats losing a training run's metrics
            from .errors import Errors

            known = [e for e, f in EXTENSION_FORMATS.items() if f in formats]
            fail(f"-o {output}: '{ext}' names no format of this command ({', '.join(known)}); "
                 f"give --format {'|'.join(formats)}", Errors.E031)
    if default is not None:
        return default
    return "table" if (output in (None, "-") and sys.stdout.isatty()) else "jsonl"


def emit(data: Any, fmt: str, output: str | None, *, table: Callable[[Any], str],
         rows: Callable[[Any], list[dict]] | None = None) -> None:
    """Write a command's whole result: ``json`` (indented), ``jsonl`` and ``csv`` (one line or row per
    item of ``rows(data)``, default ``data`` itself) or ``table`` (``table(data)``), to ``output``
    (atomically) or stdout."""
    from .output import atomic_output

    items = rows(data) if rows else data
    with user_errors(), atomic_output(output) as fh:
        if fmt == "json":
            fh.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        elif fmt == "jsonl":
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            import csv

            columns = list(dict.fromkeys(k for item in items for k in item))
            w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
            w.writeheader()
            for item in items:
                w.writerow({k: _cell(v) for k, v in item.items()})
        else:
            text = table(data)
            fh.write(text if text.endswith("\n") else text + "\n")


def _cell(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v


def terminal_width(default: int = 100) -> int:
    return shutil.get_terminal_size((default, 24)).columns


# -- progress -----------------------------------------------------------------------------------


class Progress:
    """One line on stderr: ``scoring 37/200 articles  18%  4.1/s  ETA 0:40``, redrawn in place.

    Shown only when enabled and stderr is a terminal (logs stay clean). ``write`` prints a line
    (an error) above it; ``clear`` erases it before output shares the terminal (the table).
    """

    def __init__(self, desc: str, *, total: int | None = None, enabled: bool = True, noun: str = "article",
                 stream=None, interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.enabled = enabled and getattr(self.stream, "isatty", lambda: False)()
        self.desc, self.total, self.noun = desc, total, noun
        self.n = 0
        self.interval = interval
        self._start = time.monotonic()
        # the rate counts from the first record done, not from the start: loading the model and
        # the encoder takes a second or two before it, and would show an ETA ten times too long
        self._first: tuple[float, int] | None = None
        self._drawn_at = 0.0
        self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def line(self, now: float | None = None) -> str:
        now = now or time.monotonic()
        since, n0 = self._first or (self._start, 0)
        elapsed = now - since
        rate = (self.n - n0) / elapsed if elapsed > 0 else 0.0
        # a total counted short (a record that turned out to hold several) is no total: no 200%
        total = self.total if self.total and self.total >= self.n else None
        if total:
            parts = [f"{self.desc} {self.n:,}/{plural(total, self.noun)}", f"{self.n / total:.0%}"]
        else:
            parts = [f"{self.desc} {plural(self.n, self.noun)}"]
        if self.n > n0 and elapsed >= 1:
            parts.append(f"{rate:.1f}/s")
            if total and total > self.n and rate > 0:
                parts.append(f"ETA {_clock((total - self.n) / rate)}")
        return "  ".join(parts)

    def update(self, n: int = 1) -> None:
        if self._first is None:
            self._first = (time.monotonic(), self.n + n)
        self.n += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn_at >= self.interval or (self.total and self.n >= self.total):
            self._draw(now)

    def _draw(self, now: float | None = None) -> None:
        text = self.line(now)[: max(10, terminal_width() - 1)]
        self.stream.write("\r\033[K" + text)
        self.stream.flush()
        self._drawn_at = now or time.monotonic()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (the next update redraws it)."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False

    def write(self, message: str) -> None:
        """Print ``message`` on its own line on stderr, above the progress line."""
        self.clear()
        self.stream.write(message + "\n")
        self.stream.flush()
        if self.enabled and self.n:
            self._draw()

    def close(self) -> None:
        self.clear()


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def count_records(paths: Iterable[str]) -> int | None:
    """How many records ``paths`` hold, when that is cheap to know: one per text or HTML file,
    one per non-blank line of a JSONL file, a Parquet file's row count from its footer; None for
    stdin, CSV (a row may span lines) or a WARC (only reading it says which records are pages)."""
    from pathlib import Path

    from .ingest import CSV_SUFFIXES, JSONL_SUFFIXES, PARQUET_SUFFIXES, list_directory

    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        for f in list_directory(path)[0] if path.is_dir() else [path]:
            suffix = f.suffix.lower()
            if suffix in CSV_SUFFIXES or f.name.lower().endswith((".warc", ".warc.gz")):
                return None
            if suffix in PARQUET_SUFFIXES and f.is_file():
                try:
                    import pyarrow.parquet as pq

                    total += pq.read_metadata(f).num_rows
                except Exception:  # not Parquet after all: scoring says so, as E012 or E009
                    return None
                continue
            if suffix in JSONL_SUFFIXES and f.is_file():  # a named pipe read here would block, and be drained
                try:
                    total += _count_lines(f)
                except OSError:
                    total += 1
            else:
                total += 1
    return total


def _count_lines(path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())
