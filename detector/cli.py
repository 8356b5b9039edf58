"""The `detector` command. A thin shell over the library: heavy imports happen inside commands."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import click

from . import __version__
from .runguard import GuardedGroup

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: str = "E030", exit_code: int = EXIT_USAGE):
    click.echo(f"Error: [{code}] {message}", err=True)
    sys.exit(exit_code)


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="detector")
@click.option("--trust-model-code", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, param, value: value and os.environ.__setitem__("DETECTOR_TRUST_PICKLE", "1"),
              help="Load models saved as pickles (model format 1), which can run code; only for models you trust.")
def main() -> None:
    """Find the fingerprints of machine translation and automated rewriting in news articles."""


def _progress(enabled: bool, desc: str):
    """A progress bar on stderr, only when stderr is a terminal (logs stay clean)."""
    from tqdm import tqdm

    return tqdm(desc=desc, unit=" articles", file=sys.stderr, disable=not (enabled and sys.stderr.isatty()),
                dynamic_ncols=True)


def _where(record: dict) -> str:
    """'crawl.jsonl, line 4' for an error record (its source may already end in ':4')."""
    source, line = record["source"], record["error"].get("line")
    if line is None:
        return source
    return f"{source.removesuffix(f':{line}')}, line {line}"


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv", "parquet"]), default=None,
              help="Output format. Default: table on a terminal, jsonl otherwise, parquet for -o *.parquet.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of stdout.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Model directory (default: the active model, else the one shipped with the package).")
@click.option("--encoder", type=click.Choice(["minilm-static", "minilm"]), default=None,
              help="Sentence encoder (default: the one the model was trained on; a model refuses another).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Score on N local processes (or N Dask workers with --scheduler local); same output as one.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Score on a Dask cluster: tcp://HOST:PORT of a running `dask scheduler`, or 'local'.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.")
@click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
def score(paths, fmt, output, model_dir, encoder, workers, scheduler, quiet, color):
    """Score articles for signs of machine translation and rewriting.

    PATHS are .txt/.md/.html files, .jsonl (one article per line: id, text, title), .csv or
    .parquet (columns id, text, title) files, .warc/.warc.gz crawls (one article per HTML
    response), directories (searched recursively) or - for stdin.

    \b
    Examples:
      detector score article.txt
      detector score crawl.jsonl --format jsonl > scores.jsonl
      detector score crawl.warc.gz --workers 2 -o scores.parquet
      detector score big.jsonl --scheduler tcp://10.0.0.5:8786 -o scores.jsonl
      cat page.html | detector score - --format json
    """
    from .errors import DetectorError
    from .ingest import read_inputs
    from .output import TableWriter, make_writer

    if fmt is None:
        if output is not None and output.lower().endswith(".parquet"):
            fmt = "parquet"
        else:
            fmt = "table" if (output is None and sys.stdout.isatty()) else "jsonl"
    if fmt == "parquet" and output in (None, "-"):
        _fail("--format parquet writes a file: give it with -o scores.parquet")
    try:
        from .model_store import load_model
        from .scoring import Scorer

        # built here even for workers: a bad model or encoder fails before any worker starts
        scorer = Scorer(load_model(model_dir), encoder=encoder)
    except DetectorError as exc:
        _fail(f"{exc.message} ({exc.source})" if exc.source else exc.message, exc.code)
    if workers == 1 and scheduler is None:
        results = (rec.to_dict() for rec in scorer.score_stream(read_inputs(paths)))
    else:
        results = _scored_in_parallel(paths, scorer, encoder, workers, scheduler)
    n_ok = n_err = 0
    labels: dict[str, int] = {}
    with _output(output, fmt) as (stream, parquet):
        writer = (parquet if parquet is not None else TableWriter(stream, color=color) if fmt == "table"
                  else make_writer(fmt, stream))
        with _progress(not quiet, "scoring") as bar:
            for d in results:
                writer.write(d)
                bar.update(1)
                if "error" in d:
                    n_err += 1
                    if fmt != "table" and not quiet:
                        bar.write(f"Error: [{d['error']['code']}] {d['error']['message']} ({_where(d)})",
                                  file=sys.stderr)
                else:
                    n_ok += 1
                    labels[d["label"]] = labels.get(d["label"], 0) + 1
        writer.close()
    if not quiet:
        summary = ", ".join(f"{n} {lab}" for lab, n in sorted(labels.items()))
        click.echo(f"Scored {n_ok} article(s){': ' + summary if summary else ''}; {n_err} failed.", err=True)
        if "detector.warc" in sys.modules:
            for source, n in sys.modules["detector.warc"].SKIPPED.items():
                click.echo(f"Skipped {n} WARC record(s) in {source} that are not HTML responses.", err=True)
    sys.exit(EXIT_FAILED_INPUTS if n_err else EXIT_OK)


def _scored_in_parallel(paths, scorer, encoder, workers: int, scheduler: str | None):
    """Result dicts scored in chunks on local processes or a Dask cluster, in input order."""
    from . import parallel
    from .ingest import read_inputs
    from .model_store import default_model_dir

    path = scorer.model.path
    # None: each worker takes the model shipped in its own installed package
    spec = parallel.ScorerSpec(None if path == default_model_dir() else str(path), encoder)
    try:
        executor = parallel.dask(scheduler, workers) if scheduler else parallel.processes(workers)
    except (OSError, ValueError, TimeoutError) as exc:
        _fail(f"cannot reach the Dask scheduler {scheduler} ({exc})")
    with executor:
        yield from parallel.score_records(read_inputs(paths), executor, spec)


@contextmanager
def _output(output: str | None, fmt: str):
    """(text stream, None), or (None, ParquetWriter) for parquet; both written atomically."""
    from .output import atomic_output

    if fmt != "parquet":
        with atomic_output(output) as stream:
            yield stream, None
        return
    from .parquet import ParquetWriter

    writer = ParquetWriter(output)
    try:
        yield None, writer
    except BaseException:
        writer.abort()
        raise


def _scores_file(path: str) -> bool:
    """True for a JSONL file written by `score --format jsonl` (results, not articles)."""
    from pathlib import Path

    from .ingest import first_json_record

    p = Path(path)
    if p.suffix.lower() not in (".jsonl", ".ndjson") or not p.is_file():
        return False
    obj = first_json_record(p)
    return obj is not None and "text" not in obj and (
        {"sentences", "findings", "label"} <= set(obj) or {"error", "source"} <= set(obj))


def _read_scores(path: str):
    """Result dicts from a saved scores file; a damaged line becomes an error record."""
    from .ingest import _jsonl_lines
    from .safeio import JSONError, LongLine, UnreadableFile, open_regular, parse_json

    def bad(lineno, why):
        return {"id": f"{path}:{lineno}", "source": path,
                "error": {"code": "E030", "message": f"not a scored-article record ({why})", "line": lineno}}

    try:
        fh = open_regular(path)
    except UnreadableFile as exc:
        yield {"id": path, "source": path, "error": {"code": "E009", "message": f"the file cannot be read: {exc}"}}
        return
    with fh:
        for lineno, raw in _jsonl_lines(fh):
            if isinstance(raw, LongLine):
                yield bad(lineno, f"the line is {raw.length:,} bytes long")
                continue
            raw = raw.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else raw
            if not raw.strip():
                continue
            try:
                obj = parse_json(raw.decode("utf-8", errors="replace")).value
            except JSONError as exc:
                yield bad(lineno, exc)
                continue
            if not isinstance(obj, dict) or not ("sentences" in obj or "error" in obj):
                yield bad(lineno, "not a scored-article object")
                continue
            yield obj


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="reports", show_default=True,
              help="Directory for the HTML pages and index.html.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Model directory for inputs that still need scoring.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar; print only the index path.")
def report(paths, out_dir, model_dir, quiet):
    """Write self-contained HTML quality reports: one page per article and an index.

    PATHS are anything `detector score` accepts, or JSONL files written by
    `detector score --format jsonl` (a large batch is scored once and reported from its scores).

    \b
    Examples:
      detector report article.txt --out reports/
      detector score crawl.jsonl --format jsonl -o scores.jsonl && detector report scores.jsonl
    """
    from pathlib import Path

    from .errors import DetectorError
    from .report import write_reports

    scorer = None

    def records():
        nonlocal scorer
        for p in paths:
            if _scores_file(p):
                yield from _read_scores(p)
                continue
            if scorer is None:
                from .ingest import read_inputs
                from .model_store import load_model
                from .scoring import Scorer

                scorer = Scorer(load_model(model_dir))
            from .ingest import read_inputs

            for rec in scorer.score_stream(read_inputs([p])):
                yield rec.to_dict()

    failed = 0

    def counted():
        nonlocal failed
        for d in records():
            failed += "error" in d
            yield d

    try:
        with _progress(not quiet, "reporting") as bar:
            written = write_reports(counted(), Path(out_dir), progress=lambda n: bar.update(n - bar.n))
    except DetectorError as exc:
        _fail(f"{exc.message} ({exc.source})" if exc.source else exc.message, exc.code)
    index = written[-1]
    if not quiet:
        for path in written[:-1][:20]:
            click.echo(str(path), err=True)
        if len(written) > 21:
            click.echo(f"... and {len(written) - 21} more pages", err=True)
    click.echo(str(index))
    sys.exit(EXIT_FAILED_INPUTS if failed else EXIT_OK)


@main.command("build-encoder")
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Directory (default: the Python environment's share/translation-artifact-detector/encoders/).")
@click.option("--force", is_flag=True, help="Build again even when the encoder is there.")
def build_encoder(out, force):
    """Build the static sentence encoder (minilm-static) from the MiniLM weights installed with
    the package: no network, about a minute on 2 cores. scripts/install.sh runs it.

    \b
    Examples:
      detector build-encoder
      DETECTOR_ENCODER_DIR=/shared/encoders detector build-encoder
    """
    import shutil
    from pathlib import Path

    from .embed import STATIC_FILES, build_static_encoder, static_encoder_dir

    target = Path(out) / "minilm-static" if out else static_encoder_dir()
    if all((target / f).is_file() for f in STATIC_FILES) and not force:
        click.echo(f"{target} (already built)")
        return
    if force and target.exists():
        shutil.rmtree(target)
    click.echo(str(build_static_encoder(target)))


@main.command()
def detectors():
    """List the detectors and the finding codes they emit."""
    from .detectors import REGISTRY, load_detector

    for entry in REGISTRY:
        cls = load_detector(entry)
        click.echo(f"{', '.join(cls.codes):<20} {cls.description}")


from . import cli_training  # noqa: E402,F401  (registers train, retrain, evaluate, models, review-labels)

if __name__ == "__main__":  # pragma: no cover
    main()
