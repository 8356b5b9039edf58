"""The training commands of `detector`: train, retrain, evaluate, models, review-labels.

Registered on the `detector` group by detector/cli.py. The runtime library never imports
training/; these commands import it inside their bodies, so `detector --help` stays instant
and `detector score` never loads it.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .cli import EXIT_OK, _fail, main

_FORMATS = click.Choice(["table", "json"])


@contextmanager
def _user_errors():
    """Problems with the user's data or models: `Error: [code] ...` on stderr and exit 2."""
    from training.labels import LabelError
    from training.train import TrainingDataError

    from .errors import DetectorError

    try:
        yield
    except LabelError as exc:
        _fail(str(exc), "E012")
    except TrainingDataError as exc:
        _fail(str(exc), "E009")
    except DetectorError as exc:
        _fail(f"{exc.message} ({exc.source})" if exc.source else exc.message, exc.code)
    except OSError as exc:  # an unreadable file, an unwritable --out
        _fail(f"{exc.strerror or exc}" + (f" ({exc.filename})" if exc.filename else ""), "E009")


def _log(quiet: bool):
    return (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))


def _cache(cache: str | None, no_cache: bool):
    if no_cache:
        return None
    if cache:
        return cache
    from training.train import default_cache_path

    return default_cache_path()


def _version_now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).strftime("%Y.%m.%d.%H%M%S")


def _default_out(name: str, version: str) -> Path:
    import re

    from .registry import home

    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{name}-{version}").strip("._") or "model"
    return home() / "models" / safe


_threads_option = click.option(
    "--threads", type=click.IntRange(min=0), default=1, show_default=True,
    help="OpenMP/BLAS threads for fitting (0: every core); one was fastest on 2 cores, see benchmarks/README.md.")


def _cache_options(f):
    f = click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")(f)
    f = click.option("--cache", type=click.Path(dir_okay=False), default=None,
                     help="Embedding cache file (default: .cache/embeddings.npz in a checkout of the project, "
                          "else $DETECTOR_HOME/cache/embeddings-<embedding model>.npz).")(f)
    return f


def _mt_data_option(f):
    f = click.option("--mt-originals", "mt_originals", multiple=True, type=click.Path(dir_okay=False),
                     help="English originals (JSONL with id, text) the MT-style head learns as human text, "
                          "repeatable. Default with --mt-data: the project's data/corpus/*.jsonl.")(f)
    f = click.option("--mt-data", "mt_data", multiple=True, type=click.Path(dir_okay=False),
                     help="Machine and human translations (JSONL: id, text, label mt|human, doc) for the "
                          "machine-translation style head, repeatable; recorded in the model card.")(f)
    return f


def _check_mt_files(mt_data, mt_originals) -> None:
    """Read the MT-style files before minutes of training: a bad one fails first."""
    from training.mt_style import read_mt_file

    for p in mt_data:
        read_mt_file(p)
    for p in mt_originals:
        read_mt_file(p, originals=True)


def _mt_summary(meta: dict) -> dict | None:
    section = meta.get("mt_style")
    if not section:
        return None
    return {k: section.get(k) for k in ("threshold", "typical", "cross_validation", "training_data", "inherited_from")
            if k in section}


def _mt_table(section: dict) -> str:
    cv = section.get("cross_validation", {})
    origin = f" (kept from {section['inherited_from']})" if section.get("inherited_from") else ""
    return (f"MT-style head{origin}: out-of-fold ROC-AUC {cv.get('roc_auc')}, paired accuracy "
            f"{cv.get('paired_accuracy')}, flags {cv.get('human_flagged')} of human / {cv.get('mt_flagged')} "
            f"of machine translations at {section.get('threshold')}\n")


def _metrics_table(title: str, m: dict) -> str:
    def v(k):
        x = m.get(k)
        return "–" if x is None else f"{x:.4f}" if isinstance(x, float) else str(x)

    return (f"{title}: {m.get('n')} sentences ({m.get('n_artifact')} artifact)\n"
            f"  average precision {v('average_precision')}  ROC-AUC {v('roc_auc')}  "
            f"F1 {v('f1')}  precision {v('precision')}  recall {v('recall')}  ECE {v('ece')}\n")


def _model_encoder(model) -> str | None:
    """The encoder a model was trained on (None when its metadata names none we know)."""
    from .embed import encoder_key

    return encoder_key(model.metadata.get("embedding_model"))


# -- train ----------------------------------------------------------------------------------


@main.command()
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False),
              help="Labels file (.jsonl or .csv), repeatable. Default: the project's data/train/generated.jsonl.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="New model directory (never overwritten). Default: $DETECTOR_HOME/models/<name>-<version>.")
@click.option("--name", default="custom", show_default=True, help="Model name recorded in its metadata.")
@click.option("--version", "version", default=None, help="Model version (default: the UTC time, YYYY.MM.DD.HHMMSS).")
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--eval", "eval_paths", multiple=True, type=click.Path(dir_okay=False),
              help="Also measure the new model on this labelled or data/eval-style file (repeatable).")
@click.option("--activate", is_flag=True, help="Make the new model the active one.")
@click.option("--encoder", type=click.Choice(["minilm-static", "minilm"]), default="minilm-static",
              show_default=True, help="Sentence encoder the model is trained on (recorded in its metadata).")
@_mt_data_option
@_cache_options
@_threads_option
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr.")
def train(data, out, name, version, seed, eval_paths, activate, encoder, mt_data, mt_originals, cache, no_cache,
          threads, fmt, quiet):
    """Train a model from labelled articles and save it as a new model directory.

    Prints the metrics on the held-out articles (1 group in 5, by crc32 of the group).
    The shipped model is built by this command:
    `detector train --data data/train/generated.jsonl --out detector/models/default --name default --version 0.1.0`.

    \b
    Examples:
      detector train --data my_labels.jsonl --name newsroom
      detector train --data data/train/generated.jsonl --data my_labels.csv --out models/v2 --activate
    """
    from training.evaluate import load_evaluation_articles
    from training.train import (
        build_dataset,
        cached_embedder,
        default_data_paths,
        fit_threads,
        positive_proba,
        sentence_metrics,
    )
    from training.train import train as train_model

    from .registry import set_active

    version = version or _version_now()
    out_dir = Path(out) if out else _default_out(name, version)

    with _user_errors():
        paths = [str(p) for p in data] if data else [str(p) for p in default_data_paths()]
        # read the eval files first: a bad one fails before minutes of training, not after
        evals = [(str(p), load_evaluation_articles([p])) for p in eval_paths]
        _check_mt_files(mt_data, mt_originals)
        embedder = cached_embedder(_cache(cache, no_cache), encoder)

        def measure(trained):
            results = {}
            for p, arts in evals:
                ds = build_dataset(arts, embedder)
                with fit_threads(threads):
                    results[p] = sentence_metrics(ds.y, positive_proba(trained.estimator, ds.X), ds.types)
            if results:
                trained.metadata["metrics"]["eval"] = results

        if not quiet:
            click.echo(f"Training {name} {version} on {', '.join(paths)}", err=True)
        path = train_model(paths, str(out_dir), name=name, version=version, seed=seed, quiet=quiet,
                           on_trained=measure, embedder=embedder, threads=threads, mt_data=list(mt_data),
                           mt_originals=list(mt_originals) or None)
        if activate:
            set_active(path)
    meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    if fmt == "json":
        click.echo(json.dumps({"path": str(path), "name": meta["name"], "version": meta["version"],
                               "active": activate, "metrics": meta["metrics"], "rows": meta["rows"],
                               "mt_style": _mt_summary(meta)}, indent=2))
    else:
        click.echo(f"Saved {path}" + (" (active)" if activate else ""))
        click.echo(_metrics_table("held-out articles", meta["metrics"]["held_out"]), nl=False)
        for p, m in meta["metrics"].get("eval", {}).items():
            click.echo(_metrics_table(p, m), nl=False)
        if meta.get("mt_style"):
            click.echo(_mt_table(meta["mt_style"]), nl=False)
    sys.exit(EXIT_OK)


# -- retrain --------------------------------------------------------------------------------


@main.command()
@click.option("--base", "base", type=click.Path(file_okay=False), default=None,
              help="Model to start from (default: the active model, else the shipped one).")
@click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="New labels file (.jsonl or .csv, e.g. downloaded from an HTML report), repeatable.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="New model directory. Default: $DETECTOR_HOME/models/<name>-<version>.")
@click.option("--eval", "eval_paths", multiple=True, type=click.Path(dir_okay=False),
              help="Also compare both models on this labelled or data/eval-style file (repeatable).")
@click.option("--force", is_flag=True, help="Promote the new model even if it is worse.")
@click.option("--name", default=None, help="Model name (default: the base model's).")
@click.option("--version", "version", default=None, help="Model version (default: the UTC time).")
@click.option("--seed", type=int, default=None, help="Default: the base model's seed.")
@_mt_data_option
@_cache_options
@_threads_option
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr.")
def retrain(base, data, out, eval_paths, force, name, version, seed, mt_data, mt_originals, cache, no_cache,
            threads, fmt, quiet):
    """Retrain on the base model's training data plus new labels; promote the result if not worse.

    Both models are scored on the same held-out articles of the united data and on each
    --eval file. The new model becomes the active one when its average precision on the
    held-out articles is at least the base model's minus 0.005 (or with --force). The
    comparison is printed and saved as comparison.json in the new model directory and in
    its metadata and model card. The base model's MT-style head is kept unless --mt-data
    fits a new one. Exit 0 whether or not it was promoted ("not promoted: ..."
    says why); 2 on bad data or a missing base model or training file.

    \b
    Examples:
      detector retrain --data reports/article-17.labels.jsonl
      detector retrain --base ~/models/newsroom-v2 --data fixes.csv --eval data/eval/articles.jsonl
    """
    from training.retrain import format_comparison
    from training.retrain import retrain as run_retrain

    from .model_store import active_model_dir, load_model

    with _user_errors():
        _check_mt_files(mt_data, mt_originals)
        base_dir = Path(base) if base else active_model_dir()
        version = version or _version_now()
        if out:
            out_dir = Path(out)
        else:
            out_dir = _default_out(name or load_model(base_dir).name, version)
        result = run_retrain(base_dir, list(data), out_dir, eval_paths=list(eval_paths), force=force,
                             cache=_cache(cache, no_cache), name=name, version=version, seed=seed,
                             threads=threads, log=_log(quiet), mt_data=list(mt_data),
                             mt_originals=list(mt_originals) or None)
    if fmt == "json":
        click.echo(json.dumps(result.comparison | {"path": str(result.path)}, indent=2))
    else:
        click.echo(f"Saved {result.path}")
        click.echo(format_comparison(result.comparison), nl=False)
    sys.exit(EXIT_OK)


# -- evaluate -------------------------------------------------------------------------------


@main.command()
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Model directory (default: the active model, else the shipped one).")
@click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="Labels file, or an evaluation file with expected findings (data/eval/articles.jsonl); "
                   "repeatable.")
@_cache_options
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
def evaluate(model_dir, data, cache, no_cache, fmt):
    """Measure a model on labelled articles.

    Sentence level: precision, recall, F1 (at p >= 0.5), ROC-AUC and average precision, overall
    and per finding type; the confusion matrix; calibration (reliability table, ECE); the
    threshold that keeps false positives on clean sentences at 1%. Article level: ROC-AUC of the
    article score (an article is positive when any sentence is labelled artifact).

    \b
    Examples:
      detector evaluate --data data/eval/articles.jsonl
      detector evaluate --model ~/models/newsroom-v2 --data my_labels.jsonl --format json
    """
    from training.evaluate import evaluate as run_evaluate
    from training.evaluate import format_table
    from training.train import cached_embedder

    from .model_store import load_model

    with _user_errors():
        model = load_model(model_dir)
        report = run_evaluate(model, list(data), cached_embedder(_cache(cache, no_cache), _model_encoder(model)))
    click.echo(json.dumps(report, indent=2) if fmt == "json" else format_table(report), nl=fmt == "json")
    sys.exit(EXIT_OK)


# -- models ---------------------------------------------------------------------------------


def _model_dirs(extra: tuple[str, ...]) -> list[tuple[Path, str]]:
    from .model_store import default_model_dir
    from .registry import active_model, home

    found: list[tuple[Path, str]] = [(default_model_dir(), "shipped")]
    act = active_model(strict=False)  # a listing shows what is there, even with a damaged record
    if act:
        found.append((act, "active"))
    roots = [home() / "models", *map(Path, extra)]
    for root in roots:
        if (root / "metadata.json").is_file():
            found.append((root, "--dir"))
        elif root.is_dir():
            found += [(d, str(root)) for d in sorted(root.iterdir())
                      if d.is_dir() and not d.name.startswith(".") and (d / "metadata.json").is_file()]
    out, seen = [], set()
    for d, why in found:
        key = d.resolve()
        if key not in seen:
            seen.add(key)
            out.append((d, why))
    return out


def list_models(extra: tuple[str, ...] = ()) -> list[dict]:
    """Every model version the user has: the shipped one, the active one, those under
    $DETECTOR_HOME/models/ and in ``extra`` directories (metadata only; nothing is unpickled)."""
    from .model_store import default_model_dir
    from .registry import active_model

    active = (active_model(strict=False) or default_model_dir()).resolve()
    shipped = default_model_dir().resolve()
    rows = []
    for d, _ in _model_dirs(extra):
        row = {"path": str(d), "active": d.resolve() == active, "shipped": d.resolve() == shipped}
        try:
            meta = json.loads((d / "metadata.json").read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            rows.append(row | {"error": f"metadata.json cannot be read ({exc})"})
            continue
        held = (meta.get("metrics") or {}).get("held_out") or {}
        data = meta.get("training_data") or []
        row |= {
            "name": meta.get("name"), "version": meta.get("version"), "created": meta.get("created"),
            "average_precision": held.get("average_precision"), "f1": held.get("f1"),
            "training_data": [{"path": t.get("path"), "sha256": t.get("sha256")} for t in data],
            "base_model": (meta.get("base_model") or {}).get("path"),
            "promoted": (meta.get("comparison") or {}).get("promoted"),
            "mt_paired_accuracy": ((meta.get("mt_style") or {}).get("cross_validation") or {}).get("paired_accuracy"),
        }
        rows.append(row)
    return rows


def _models_table(rows: list[dict]) -> str:
    lines = [f"  {'name':<14}{'version':<20}{'created':<12}{'AP':>7}{'F1':>7}{'MT':>7}  {'data sha256':<17}path"]
    for r in rows:
        mark = "*" if r["active"] else " "
        if "error" in r:
            lines.append(f"{mark} {'?':<14}{'':<20}{'':<12}{'':>7}{'':>7}{'':>7}  {'':<17}{r['path']}  ({r['error']})")
            continue
        shas = [t["sha256"][:12] for t in r["training_data"] if t.get("sha256")]
        sha = (shas[0] + (f" +{len(shas) - 1}" if len(shas) > 1 else "")) if shas else "-"

        def num(x):
            return f"{x:>7.3f}" if isinstance(x, int | float) else f"{'–':>7}"

        where = r["path"] + (" (shipped)" if r["shipped"] else "")
        lines.append(f"{mark} {str(r['name'])[:13]:<14}{str(r['version'])[:19]:<20}{str(r['created'] or '')[:10]:<12}"
                     f"{num(r['average_precision'])}{num(r['f1'])}{num(r['mt_paired_accuracy'])}  {sha:<17}{where}")
    lines.append("* active model; AP and F1 on each model's own held-out articles; MT: the MT-style head's "
                 "out-of-fold paired accuracy (– without a head)")
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--dir", "dirs", multiple=True, type=click.Path(file_okay=False),
              help="Also list this model directory, or the model directories inside it (repeatable).")
@click.option("--format", "fmt", type=_FORMATS, default="table", show_default=True)
def models(dirs, fmt):
    """List model versions: the shipped one, the active one and those under $DETECTOR_HOME/models/.

    \b
    Examples:
      detector models
      detector models --dir ~/experiments --format json
    """
    rows = list_models(tuple(dirs))
    click.echo(json.dumps(rows, indent=2) if fmt == "json" else _models_table(rows), nl=fmt == "json")
    sys.exit(EXIT_OK)


# -- review-labels --------------------------------------------------------------------------


@main.command("review-labels")
@click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="Labels file (.jsonl or .csv), repeatable.")
@click.option("--model", "model_dir", type=click.Path(file_okay=False), default=None,
              help="Model whose recipe (seed) is used and whose own p is shown (default: the active model).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many sentences to list.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds, by article group.")
@_cache_options
@_threads_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl"]), default="table", show_default=True)
def review_labels(data, model_dir, top, folds, cache, no_cache, threads, fmt):
    """List the labelled sentences whose label most disagrees with a cross-validated model.

    Each sentence is scored by a model fitted without its article group (5 folds); the list is
    ranked by |label - p|. --format jsonl writes labels-format lines (one per article, the
    doubtful sentences as labels with p and their source in the note) to fix and feed back.

    \b
    Examples:
      detector review-labels --data my_labels.jsonl
      detector review-labels --data my_labels.jsonl --top 50 --format jsonl > doubtful.jsonl
    """
    from training.review import as_label_records, format_table, review
    from training.train import cached_embedder, load_training_articles

    from .model_store import load_model

    with _user_errors():
        model = load_model(model_dir)
        articles = load_training_articles(list(data))
        rows = review(articles, cached_embedder(_cache(cache, no_cache), _model_encoder(model)),
                      seed=int(model.metadata.get("seed", 13)), folds=folds, top=top, model=model,
                      threads=threads)
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif fmt == "jsonl":
        for rec in as_label_records(rows, articles):
            click.echo(json.dumps(rec, ensure_ascii=False))
    else:
        click.echo(format_table(rows), nl=False)
    sys.exit(EXIT_OK)
