"""The `detector` command: one click group, a thin shell over the library.

Heavy imports (torch, scikit-learn, training/) happen inside commands, so ``detector --help``
is instant. The training commands live in cli_training.py and are added to this group below.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .clikit import (
    EXIT_FAILED_INPUTS,
    EXIT_OK,
    EXIT_USAGE,
    Progress,
    choose_format,
    count_records,
    executor_for,
    fail,
    memory_limit_option,
    output_options,
    plural,
    scale_options,
    terminal_width,
    time_limit_option,
    user_errors,
)
from .runguard import GuardedGroup
from .timelimit import RECORD_MEMORY_LIMIT_MB, RECORD_TIME_LIMIT, extraction_limit

__all__ = ["EXIT_FAILED_INPUTS", "EXIT_OK", "EXIT_USAGE", "main"]

SCORE_FORMATS = ("table", "json", "jsonl", "csv", "articles-csv", "parquet")


@click.group(cls=GuardedGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="detector")
@click.option("--trust-model-code", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, param, value: value and os.environ.__setitem__("DETECTOR_TRUST_PICKLE", "1"),
              help="Load models saved as pickles (model format 1), which can run code; only for models you trust.")
def main() -> None:
    """Find the fingerprints of machine translation and automated rewriting in news articles.

    \b
    Examples:
      detector score article.txt                  # the verdict and its evidence
      detector score crawl.jsonl -o scores.jsonl  # a batch, one result per line
      detector report crawl.jsonl --out reports/  # HTML pages to read and review
      detector score --help                       # each command's options
    """


def model_option(help_text: str = "Model: a name from `detector models` or a model directory "
                 "(default: the active model, else the one shipped with the package)."):
    return click.option("--model", "model", default=None, metavar="NAME|DIR", help=help_text)


def _split_codes(values: tuple[str, ...]) -> set[str]:
    return {c.strip() for v in values for c in v.split(",") if c.strip()}


def finding_types(select: tuple[str, ...], ignore: tuple[str, ...]) -> frozenset[str] | None:
    """The finding types --select/--ignore leave on (None: all); an unknown type is a usage error."""
    from .data import FINDING_TYPES

    chosen, dropped = _split_codes(select), _split_codes(ignore)
    unknown = sorted((chosen | dropped) - set(FINDING_TYPES))
    if unknown:
        raise click.BadParameter(f"unknown finding type {', '.join(unknown)}; `detector detectors` lists them",
                                 param_hint="--select/--ignore")
    if not chosen and not dropped:
        return None
    return frozenset((chosen or set(FINDING_TYPES)) - dropped)


ARTICLE_LABELS = ("clean", "suspect", "artifacted")


def only_labels(only: tuple[str, ...]) -> frozenset[str] | None:
    """The article labels --only keeps (None: all); an unknown label is a usage error."""
    chosen = _split_codes(only)
    unknown = sorted(chosen - set(ARTICLE_LABELS))
    if unknown:
        raise click.BadParameter(f"unknown label {', '.join(unknown)}; labels are {', '.join(ARTICLE_LABELS)}",
                                 param_hint="--only")
    return frozenset(chosen) if chosen else None


#: the warnings a result can carry, as the batch summary names them (README, "Errors and exit codes")
WARNING_TITLES = {"W001": "decoded from a legacy code page or a wide encoding (warning)",
                  "W002": "mojibake in the text (warning)",
                  "W003": "values other JSON readers reject were repaired (warning)"}


class BatchSummary:
    """Counts for the closing lines of a batch: labels, finding types, error codes, warnings, skipped files."""

    def __init__(self, skipped: dict[str, int] | None = None):
        self.labels: dict[str, int] = {}
        self.types: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.warnings: dict[str, int] = {}  # articles with each warning code
        self.skipped = skipped or {}
        self.n_ok = self.n_err = 0
        self.n_hidden = 0  # articles scored but not written (score --only)

    def add(self, d: dict) -> None:
        if "error" in d:
            self.n_err += 1
            code = d["error"]["code"]
            self.errors[code] = self.errors.get(code, 0) + 1
            return
        self.n_ok += 1
        self.labels[d["label"]] = self.labels.get(d["label"], 0) + 1
        for t, n in d.get("counts", {}).items():
            self.types[t] = self.types.get(t, 0) + n
        self.add_warnings(d)

    def add_warnings(self, d: dict) -> None:
        """Count the warning codes of a result (read defensively: a scores file is untrusted)."""
        warnings = d.get("warnings")
        codes = {w.get("code") for w in warnings if isinstance(w, dict)} if isinstance(warnings, list) else set()
        for code in codes:
            if isinstance(code, str):
                self.warnings[code] = self.warnings.get(code, 0) + 1

    def lines(self, verb: str = "Scored") -> list[str]:
        from .errors import CODES

        order = {"clean": 0, "suspect": 1, "artifacted": 2}
        labels = ", ".join(f"{n:,} {lab}" for lab, n in sorted(self.labels.items(), key=lambda x: order.get(x[0], 9)))
        out = [f"{verb} {plural(self.n_ok, 'article')}{': ' + labels if labels else ''}; {self.n_err:,} failed."]
        if self.n_hidden:
            out[0] += f" {self.n_hidden:,} not written (--only)."
        rows = [(n, t, "") for t, n in sorted(self.types.items(), key=lambda x: (-x[1], x[0]))]
        rows += [(n, c, CODES.get(c, "")) for c, n in sorted(self.errors.items())]
        # a crawl decoded from cp1252 page after page said so only inside each record
        rows += [(n, c, WARNING_TITLES.get(c, "warning")) for c, n in sorted(self.warnings.items())]
        width = max((len(f"{n:,}") for n, _, _ in rows), default=1)
        out += [f"  {n:>{width},}  {what}" + (f"  {title}" if title else "") for n, what, title in rows]
        if self.skipped:
            kinds = ", ".join(f"{n:,} {ext}" for ext, n in sorted(self.skipped.items(), key=lambda x: (-x[1], x[0])))
            total = sum(self.skipped.values())
            out.append(f"Skipped {plural(total, 'file')} of an unsupported type ({kinds}); "
                       "scored: .txt .md .html .jsonl .csv .parquet .warc")
        return out


def _skipped_files(paths) -> dict[str, int]:
    """Files inside directory arguments that no reader takes, by extension."""
    from pathlib import Path

    from .ingest import list_directory

    skipped: dict[str, int] = {}
    for p in paths:
        if p != "-" and Path(p).is_dir():
            for f in list_directory(Path(p))[1]:
                ext = f.suffix.lower() or "(none)"
                skipped[ext] = skipped.get(ext, 0) + 1
    return skipped


def need_paths(paths) -> None:
    """A usage error (exit 2) when no input is given: click's own 'Missing argument PATHS...'
    named no kind of input, nor stdin."""
    if not paths:
        raise click.UsageError("Missing PATHS: the articles to read, as files (.txt .md .html .jsonl .csv\n"
                               "  .parquet .warc), directories, or - for stdin (an article pasted at the\n"
                               "  terminal, ended with Ctrl-D).")


def check_paths_exist(paths, quiet: bool = False) -> None:
    """Fail before any model loads when an input path does not exist (exit 2). With ``-`` read
    from a terminal, say how to end the text: the command otherwise waits without a word."""
    from .errors import Errors

    missing = [p for p in paths if p != "-" and not os.path.exists(p)]
    if missing:
        fail(f"no such file or directory: {', '.join(missing)}", Errors.E009)
    if "-" in paths and not quiet and _stdin_is_terminal():
        click.echo("Reading the article from the terminal: end it with Ctrl-D on a line of its own.", err=True)


def check_output_is_no_input(paths, output: str | None) -> None:
    """Refuse an ``-o`` that names one of the inputs (exit 2), given itself or as a file an input
    directory holds and reads: the finished output would be renamed over the articles it was
    read from."""
    from .errors import Errors
    from .ingest import supported_name

    if output in (None, "-") or not os.path.isfile(output):
        return
    real = os.path.realpath(output)
    for p in paths:
        try:
            same = p != "-" and os.path.samefile(p, output)
        except OSError:
            continue
        if not same and os.path.isdir(p) and supported_name(os.path.basename(output)):
            # read_directory passes over hidden files and folders: only a visible path is read
            inside = os.path.relpath(real, os.path.realpath(p))
            same = not inside.startswith(os.pardir) and not any(
                part.startswith(".") for part in inside.split(os.sep))
        if same:
            fail(Errors.E031.message(detail=f"-o {output} is an input of this run: the results would replace the "
                                            "articles they were read from; write them to another file"), Errors.E031)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # no stdin, or a closed one
        return False


def make_scorer(model: str | None, types: frozenset[str] | None = None, encoder: str | None = None,
                time_limit: float | None = RECORD_TIME_LIMIT, memory_limit: float | None = RECORD_MEMORY_LIMIT_MB):
    """A Scorer for ``model`` (a name or a directory; None: the active model), exiting 2 with the
    error when it or the encoder cannot load; ``time_limit``: CPU-seconds per record,
    ``memory_limit``: megabytes per record (None or 0: no limit)."""
    from .registry import resolve_model

    with user_errors():
        from .model_store import load_model
        from .scoring import Scorer

        return Scorer(load_model(resolve_model(model)), encoder=encoder, finding_types=types,
                      time_limit=time_limit or None, memory_limit_mb=memory_limit or None)


@main.command(short_help="Score articles: findings, the three verdict axes, a label.")
@click.argument("paths", nargs=-1, metavar="PATHS...")
@output_options(SCORE_FORMATS, default=None)
@model_option()
@click.option("--select", multiple=True, metavar="TYPES",
              help="Only these finding types (comma-separated, repeatable); the others are not looked for.")
@click.option("--ignore", multiple=True, metavar="TYPES", help="Leave out these finding types.")
@click.option("--only", multiple=True, metavar="LABELS",
              help="Write only the articles with these labels (clean, suspect, artifacted; comma-separated), "
                   "e.g. --only suspect,artifacted; records that failed are always written, and the summary "
                   "counts every article.")
@scale_options("Score", "the one the model was trained on; a model refuses another")
@time_limit_option()
@memory_limit_option()
@click.option("-q", "--quiet", is_flag=True, help="No progress line or summary on stderr.")
@click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
def score(paths, fmt, output, model, select, ignore, only, encoder, workers, scheduler, scheduler_timeout,
          stall_timeout, time_limit, memory_limit, quiet, color):
    """Score articles for signs of machine translation and rewriting.

    PATHS are .txt/.md/.html files, .jsonl (one article per line: id, text, title), .csv or
    .parquet (columns id, text, title) files, .warc/.warc.gz crawls (one article per HTML
    response), directories (searched recursively) or - for stdin.

    Formats: table (for people), json, jsonl (one article per line), csv (one row per sentence),
    articles-csv (one row per article, for spreadsheets and pandas), parquet (-o only: articles
    and, beside it, sentences).

    \b
    Exit status: 0 every input scored; 1 some inputs failed (each has an
    error record); 2 the command could not run (a missing path, a bad model,
    a usage error); 3 the run failed part-way (a full disk); 130 Ctrl-C.

    \b
    Examples:
      detector score article.txt
      detector score crawl.jsonl -o scores.jsonl
      detector score pages/ -o articles.csv --format articles-csv
      detector score crawl.jsonl --select near_duplicate,gender_mismatch
      detector score pages/ --only suspect,artifacted
      detector score crawl.warc.gz --workers 2 -o scores.parquet
      detector score big.jsonl --scheduler tcp://10.0.0.5:8786 -o scores.jsonl
      cat page.html | detector score - --format json
    """
    from .errors import Errors
    from .fileio import written_in_place
    from .ingest import read_inputs
    from .output import open_writer

    need_paths(paths)
    fmt = choose_format(fmt, output, SCORE_FORMATS, None)
    if fmt == "parquet" and (output in (None, "-") or written_in_place(output)):
        # two files, one beside the other: /dev/null.sentences.parquet would land in /dev
        fail(Errors.E031.message(detail="--format parquet writes a file: give it with -o scores.parquet"),
             Errors.E031)
    types = finding_types(select, ignore)
    keep = only_labels(only)
    check_paths_exist(paths, quiet)
    check_output_is_no_input(paths, output)
    # built here even for workers: a bad model or encoder fails before any worker starts
    scorer = make_scorer(model, types, encoder, time_limit, memory_limit)
    if workers == 1 and scheduler is None:
        # the same chunks as on many workers, so the output is the same to the last digit
        from . import parallel

        results = parallel.score_records(read_inputs(paths), parallel.serial(), scorer=scorer)
    else:
        results = _scored_in_parallel(paths, scorer, encoder, types, workers, scheduler, scheduler_timeout,
                                      stall_timeout)
    summary = BatchSummary(_skipped_files(paths))
    to_terminal = output in (None, "-") and sys.stdout.isatty()
    lost_reason, n_lost_quiet = None, 0  # a lost cluster's records share one message: said once
    with Progress("scoring", total=count_records(paths), enabled=not quiet) as bar, \
            user_errors(), extraction_limit(time_limit), open_writer(fmt, output, color=color) as writer:
        for d in results:
            summary.add(d)
            if keep is not None and "error" not in d and d.get("label") not in keep:
                summary.n_hidden += 1
                bar.update(1)
                continue
            if to_terminal:
                bar.clear()
            writer.write(d)
            if "error" in d and not quiet and (fmt != "table" or not to_terminal):
                lost = d["error"]["message"] if d["error"]["code"] == Errors.E015 else None
                if lost is not None and lost == lost_reason:
                    n_lost_quiet += 1
                else:
                    bar.write(_error_line(d))
                    lost_reason = lost
            bar.update(1)
        bar.clear()
    if n_lost_quiet:
        click.echo(f"Error: [E015] {plural(n_lost_quiet, 'more record')} not scored for the same reason.", err=True)
    if not quiet:
        for line in summary.lines():
            click.echo(line, err=True)
        if "detector.warc" in sys.modules:
            for source, n in sys.modules["detector.warc"].SKIPPED.items():
                what = "is not an HTML response" if n == 1 else "are not HTML responses"
                click.echo(f"Skipped {plural(n, 'WARC record')} in {source} that {what}.", err=True)
    sys.exit(EXIT_FAILED_INPUTS if summary.n_err else EXIT_OK)


TRACE_FORMATS = ("table", "json", "jsonl", "csv")


@main.command(short_help="Find which articles copy or reword which.")
@click.argument("paths", nargs=-1, metavar="PATHS...")
@click.option("--against", "references", multiple=True, metavar="REFERENCE",
              help="A reference corpus (a wire feed, an archive): copies of its articles are traced, "
                   "its articles are not reported. Any input `score` takes; repeat for several.")
@output_options(TRACE_FORMATS, default=None)
@click.option("--report", "report_dir", type=click.Path(file_okay=False), default=None,
              help="Also write HTML pages here: each article's copies side by side, an index of families.")
@scale_options("Run", "minilm-static; the thresholds are measured for it")
@time_limit_option("segmenting and encoding it")
@memory_limit_option()
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
def trace(paths, references, fmt, output, report_dir, encoder, workers, scheduler, scheduler_timeout, stall_timeout,
          time_limit, memory_limit, quiet, color):
    """Trace copies: which articles copy or reword which, across a batch or against a reference corpus.

    For every article of PATHS: the articles it copies or is copied from (in the batch or in
    --against), with similarity, copy ratio, the sentence alignment with the changed words, and
    the sentences added and dropped; and its copy family with the family's most likely original
    (the earliest `date` field when records carry one). Inputs as for `detector score`.

    Formats: table (for people), json, jsonl (one article per line), csv (one row per copy).

    \b
    Exit status: 0 every input traced; 1 some inputs failed (each has an
    error record); 2 the command could not run (a missing path, a usage
    error); 3 the run failed part-way (a full disk); 130 Ctrl-C.

    \b
    Examples:
      detector trace crawl.jsonl
      detector trace crawl.jsonl --against wire.jsonl -o copies.jsonl
      detector trace pages/ --report reports/copies/
      detector trace big.jsonl --workers 2 -o copies.csv
    """
    import time

    from .ingest import read_inputs
    from .output import open_trace_writer
    from .trace import TraceStats, trace_records

    need_paths(paths)
    fmt = choose_format(fmt, output, TRACE_FORMATS, None)
    check_paths_exist(list(paths) + list(references), quiet)
    check_output_is_no_input(list(paths) + list(references), output)
    executor = executor_for(workers, scheduler, scheduler_timeout, stall_timeout)
    stats = TraceStats()
    started = time.perf_counter()
    n_err = n_alone = 0
    pages = None
    if report_dir is not None:
        from pathlib import Path

        from .report import TraceReportWriter

        pages = TraceReportWriter(Path(report_dir))
    to_terminal = output in (None, "-") and sys.stdout.isatty()
    with executor, user_errors(), extraction_limit(time_limit), \
            open_trace_writer(fmt, output, color=color) as writer:
        for d in trace_records(read_inputs(paths), read_inputs(references), executor=executor, encoder=encoder,
                               stats=stats, other_sentences=pages is not None, time_limit=time_limit or None,
                               memory_limit_mb=memory_limit or None):
            if pages is not None:
                pages.write(d)
                for c in d.get("copies", ()):
                    c.pop("sentences", None)
            writer.write(d)
            if "error" in d:
                n_err += 1
                if not quiet and (fmt != "table" or not to_terminal):
                    click.echo(_error_line(d), err=True)
            else:
                n_alone += d["role"] == "alone"
    if pages is not None:
        with user_errors():
            index = pages.close()[-1]
        if not quiet:
            click.echo(f"Report: {index}", err=True)
    if not quiet:
        refs = f" against {plural(stats.references, 'reference article')}" if stats.references else ""
        families = plural(stats.families, "copy family", "copy families")
        click.echo(f"Traced {plural(stats.articles, 'article')}{refs} in {time.perf_counter() - started:.1f} s: "
                   f"{stats.articles - n_alone:,} in {families}, {plural(stats.linked_pairs, 'linked pair')} of "
                   f"{stats.candidate_pairs:,} candidates; {n_err:,} failed.", err=True)
    sys.exit(EXIT_FAILED_INPUTS if n_err else EXIT_OK)


def _scored_in_parallel(paths, scorer, encoder, types, workers: int, scheduler: str | None,
                        scheduler_timeout: float | None = None, stall_timeout: float | None = None):
    """Result dicts scored in chunks on local processes or a Dask cluster, in input order."""
    from . import parallel
    from .ingest import read_inputs
    from .registry import default_model_dir

    path = scorer.model.path
    # None: each worker takes the model shipped in its own installed package
    spec = parallel.ScorerSpec(None if path == default_model_dir() else str(path), encoder, types,
                               scorer.time_limit, scorer.memory_limit_mb)
    executor = executor_for(workers, scheduler, scheduler_timeout, stall_timeout)
    with executor:
        yield from parallel.score_records(read_inputs(paths), executor, spec)


def _error_line(record: dict) -> str:
    """'Error: [E004] the line is not valid JSON: ... (crawl.jsonl, line 3)' for stderr; a message
    may quote the input (its field names), so control characters are shown, not sent."""
    from .output import printable

    e = record["error"]
    return printable(f"Error: [{e['code']}] {e['message']} ({_where(record)})")


def _where(record: dict) -> str:
    """'crawl.jsonl, line 4' for an error record (its source may already end in ':4')."""
    source, line = record["source"], record["error"].get("line")
    if line is None:
        return source
    return f"{source.removesuffix(f':{line}')}, line {line}"


def _scores_file(path: str) -> bool:
    """True for a JSONL file written by `score --format jsonl` (results, not articles)."""
    from pathlib import Path

    from .fileio import first_json_record

    p = Path(path)
    if p.suffix.lower() not in (".jsonl", ".ndjson") or not p.is_file():
        return False
    obj = first_json_record(p)
    return obj is not None and "text" not in obj and (
        {"sentences", "findings", "label"} <= set(obj) or {"error", "source"} <= set(obj))


def _read_scores(path: str):
    """Result dicts from a saved scores file; a damaged line becomes an error record (E030), an
    unreadable file one error record (E009)."""
    from .errors import Errors
    from .fileio import read_jsonl
    from .safeio import describe_oserror

    try:
        for rec in read_jsonl(path):
            obj = rec.value
            if rec.error is not None:
                detail = rec.error.message
            elif not isinstance(obj, dict) or not ("sentences" in obj or "error" in obj):
                detail = "not a scored-article object"
            else:
                yield obj
                continue
            yield {"id": f"{path}:{rec.line}", "source": path,
                   "error": {"code": Errors.E030.code, "message": Errors.E030.message(detail=detail),
                             "line": rec.line}}
    except OSError as exc:  # not a regular file, vanished, unreadable
        yield {"id": path, "source": path,
               "error": {"code": Errors.E009.code, "message": f"the file cannot be read: {describe_oserror(exc)}"}}


@main.command(short_help="Write HTML reports: a page per article and an index.")
@click.argument("paths", nargs=-1, metavar="PATHS...")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="reports", show_default=True,
              help="Directory for the HTML pages and index.html.")
@model_option("Model (a name or a directory) for inputs that still need scoring.")
@time_limit_option()
@memory_limit_option()
@click.option("-q", "--quiet", is_flag=True, help="No progress line; print only the index path.")
def report(paths, out_dir, model, time_limit, memory_limit, quiet):
    """Write self-contained HTML quality reports: one page per article and an index.

    PATHS are anything `detector score` accepts, or JSONL files written by
    `detector score --format jsonl` (a large batch is scored once and reported from its scores).

    \b
    Exit status: 0 every input reported; 1 some inputs failed (each is a row
    of the index and a line on stderr); 2 the command could not run (a
    missing path, a bad model, a usage error); 3 the run failed part-way (a
    full disk); 130 Ctrl-C.

    \b
    Examples:
      detector report article.txt --out reports/
      detector score crawl.jsonl -o scores.jsonl && detector report scores.jsonl
    """
    from pathlib import Path

    from .report import write_reports

    need_paths(paths)
    check_paths_exist(paths, quiet)
    scorer = None

    def records():
        nonlocal scorer
        from .ingest import read_inputs

        for p in paths:
            if _scores_file(p):
                yield from _read_scores(p)
                continue
            if scorer is None:
                scorer = make_scorer(model, time_limit=time_limit, memory_limit=memory_limit)
            for rec in scorer.score_stream(read_inputs([p])):
                yield rec.to_dict()

    summary = BatchSummary(_skipped_files(paths))

    def counted(bar):
        from .report import summarize

        for d in records():
            row = summarize(d)  # a scores file is untrusted: its fields checked as the index checks them
            summary.add(row)
            if "error" not in row:
                summary.add_warnings(d)
            if "error" in row and not quiet:  # which record, and why, as `score` says it
                bar.write(_error_line(row))
            yield d

    from .runguard import Terminated

    try:
        with Progress("reporting", total=count_records(paths), enabled=not quiet) as bar, user_errors(), \
                extraction_limit(time_limit):
            written = write_reports(counted(bar), Path(out_dir), progress=lambda n: bar.update(n - bar.n))
    except (KeyboardInterrupt, Terminated):
        if summary.n_ok and not quiet:  # pages are written one by one; the index comes last
            click.echo(f"The pages written so far are in {out_dir}; its index.html was not written "
                       "(run the report again for the whole batch).", err=True)
        raise
    index = written[-1]
    if not quiet:
        pages = written[:-1]
        # a few pages by name; a batch's hundreds of names scrolled the summary off the screen
        for path in pages if len(pages) <= 5 else []:
            click.echo(str(path), err=True)
        for line in summary.lines("Reported"):
            click.echo(line, err=True)
        first = pages[0] if len(pages) == 1 else index  # one article: its own page is what to read
        click.echo(f"Wrote {plural(len(pages), 'page')} and the index in {index.parent}; open {first} in a browser.",
                   err=True)
    click.echo(str(index))
    sys.exit(EXIT_FAILED_INPUTS if summary.n_err else EXIT_OK)


@main.command()
@output_options(("table", "json", "jsonl", "csv"), default="table")
def detectors(fmt, output):
    """List the detectors and the finding types they report.

    \b
    Examples:
      detector detectors
      detector detectors --format json
    """
    from .clikit import emit
    from .detectors import REGISTRY, load_detector

    rows = []
    for entry in REGISTRY:
        cls = load_detector(entry)
        rows.append({"detector": cls.name, "codes": list(cls.codes), "description": cls.description})
    emit(rows, choose_format(fmt, output, ("table", "json", "jsonl", "csv"), "table"), output,
         table=_detectors_table)


def _detectors_table(rows: list[dict]) -> str:
    import textwrap

    width = min(terminal_width(), 120)
    left = max(len(", ".join(r["codes"])) for r in rows) + 2
    lines = []
    for r in rows:
        codes = ", ".join(r["codes"])
        if left + 30 > width:  # too narrow for two columns: the description below the codes
            lines.append(codes)
            lines += textwrap.wrap(r["description"], width=width - 1, initial_indent="    ",
                                   subsequent_indent="    ")
            continue
        wrapped = textwrap.wrap(r["description"], width=width - left - 1) or [""]
        lines.append(f"{codes:<{left}}{wrapped[0]}")
        lines += [" " * left + w for w in wrapped[1:]]
    return "\n".join(lines) + "\n"


@main.command("build-encoder", short_help="Build the static sentence encoder from MiniLM.")
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


def _add_training_commands() -> None:
    from . import cli_training

    for command in cli_training.COMMANDS:
        main.add_command(command)


_add_training_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
