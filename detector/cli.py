"""The `detector` command. A thin shell over the library: heavy imports happen inside commands."""

from __future__ import annotations

import sys

import click

from . import __version__

EXIT_OK, EXIT_FAILED_INPUTS, EXIT_USAGE = 0, 1, 2


def _fail(message: str, code: str = "E030", exit_code: int = EXIT_USAGE):
    click.echo(f"Error: [{code}] {message}", err=True)
    sys.exit(exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="detector")
def main() -> None:
    """Find the fingerprints of machine translation and automated rewriting in news articles."""


def _progress(enabled: bool, desc: str):
    from tqdm import tqdm

    return tqdm(desc=desc, unit=" articles", file=sys.stderr, disable=not enabled, dynamic_ncols=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default=None,
              help="Output format. Default: table on a terminal, jsonl otherwise.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of stdout.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Model directory (default: the active model, else the one shipped with the package).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.")
@click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
def score(paths, fmt, output, model_dir, quiet, color):
    """Score articles for signs of machine translation and rewriting.

    PATHS are .txt/.md/.html files, .jsonl (one article per line: id, text, title) or .csv
    (columns id, text, title) files, directories (searched recursively) or - for stdin.

    \b
    Examples:
      detector score article.txt
      detector score crawl.jsonl --format jsonl > scores.jsonl
      cat page.html | detector score - --format json
    """
    from .errors import DetectorError
    from .ingest import read_inputs
    from .output import TableWriter, atomic_output, make_writer

    if fmt is None:
        fmt = "table" if (output is None and sys.stdout.isatty()) else "jsonl"
    try:
        from .model_store import load_model
        from .scoring import Scorer

        scorer = Scorer(load_model(model_dir))
    except DetectorError as exc:
        _fail(f"{exc.message} ({exc.source})" if exc.source else exc.message, exc.code)
    show = not quiet and (sys.stderr.isatty() or output is not None or fmt != "table")
    n_ok = n_err = 0
    labels: dict[str, int] = {}
    with atomic_output(output) as stream:
        writer = (TableWriter(stream, color=color) if fmt == "table" else make_writer(fmt, stream))
        with _progress(show and not quiet, "scoring") as bar:
            for rec in scorer.score_stream(read_inputs(paths)):
                d = rec.to_dict()
                writer.write(d)
                bar.update(1)
                if "error" in d:
                    n_err += 1
                    if fmt != "table" and not quiet:
                        e = d["error"]
                        where = f", line {e['line']}" if e.get("line") else ""
                        bar.write(f"Error: [{e['code']}] {d['source']}{where}: {e['message']}", file=sys.stderr)
                else:
                    n_ok += 1
                    labels[d["label"]] = labels.get(d["label"], 0) + 1
        writer.close()
    if not quiet:
        summary = ", ".join(f"{n} {lab}" for lab, n in sorted(labels.items()))
        click.echo(f"Scored {n_ok} article(s){': ' + summary if summary else ''}; {n_err} failed.", err=True)
    sys.exit(EXIT_FAILED_INPUTS if n_err else EXIT_OK)


@main.command()
def detectors():
    """List the detectors and the finding codes they emit."""
    from .detectors import REGISTRY, load_detector

    for entry in REGISTRY:
        cls = load_detector(entry)
        click.echo(f"{', '.join(cls.codes):<20} {cls.description}")


if __name__ == "__main__":  # pragma: no cover
    main()
