"""The training commands of `detector`: train, retrain, evaluate, models, review-labels.

Registered on the `detector` group by detector/cli.py. The runtime library never imports
training/; these commands import it inside their bodies, so `detector --help` stays instant
and `detector score` never loads it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .clikit import (
    EXIT_OK,
    Progress,
    choose_format,
    emit,
    output_options,
    plural,
    terminal_width,
    user_errors,
)

#: every command of this module; detector/cli.py adds them to the `detector` group
COMMANDS: list[click.Command] = []


def _command(*args, **kwargs):
    def decorate(f):
        cmd = click.command(*args, **kwargs)(f)
        COMMANDS.append(cmd)
        return cmd

    return decorate


def _log(quiet: bool):
    return (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))


def _embedder(cache: str | None, no_cache: bool, quiet: bool, encoder: str | None = None):
    """The cached sentence embedder for ``encoder``, with a progress line while new sentences are encoded."""
    from training.train import cached_embedder

    embedder = cached_embedder(_cache(cache, no_cache), encoder)
    embedder.progress = _embed_progress(quiet)
    return embedder


def _embed_progress(quiet: bool):
    """progress(done, total) for EmbeddingCache: a progress line, then how many were embedded."""
    if quiet:
        return None
    state: dict = {}

    def progress(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None or bar.total != total:
            bar = state["bar"] = Progress("embedding", total=total, noun="sentence")
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            click.echo(f"Embedded {plural(total, 'new sentence')}", err=True)

    return progress


def _model_encoder(model) -> str | None:
    """The encoder a model was trained on (None when its metadata names none we know)."""
    from .embed import encoder_key

    return encoder_key(model.metadata.get("embedding_model"))


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


def _refuse_existing(out_dir: Path) -> None:
    """E024 before any work: training first and refusing the directory at the end cost minutes."""
    import os

    from .errors import Errors
    from .model_store import ModelError

    if os.path.lexists(out_dir):
        raise ModelError(Errors.E024, f"{Errors.E024.message()}: choose another --out, or leave --out out for a "
                                      "new directory under $DETECTOR_HOME/models", source=str(out_dir))


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
                     help="Machine and human translations (JSONL, optionally .gz: id, text, label mt|human, "
                          "doc, optional pair such as ru-en) for the machine-translation head, repeatable; "
                          "recorded in the model card. With two or more pairs it is measured leave-one-pair-out.")(f)
    return f


def _fit_options(f):
    """What train and retrain share: MT-style data, the embedding cache, threads, output, --quiet."""
    for option in (click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr."),
                   output_options(("table", "json"), default="table"), _threads_option, _cache_options,
                   _mt_data_option):
        f = option(f)
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
    per_pair = cv.get("per_pair") or {}
    pairs = ("  per pair (ROC-AUC / paired accuracy / human flagged): " + ", ".join(
        f"{k} {m.get('roc_auc')} / {m.get('paired_accuracy')} / {m.get('human_flagged')}" for k, m in per_pair.items())
        + "\n") if len(per_pair) > 1 else ""
    return (f"MT-style head{origin}: out-of-fold ({cv.get('split', 'by document')}) ROC-AUC {cv.get('roc_auc')}, "
            f"paired accuracy {cv.get('paired_accuracy')}, flags {cv.get('human_flagged')} of human / "
            f"{cv.get('mt_flagged')} of machine translations at {section.get('threshold')}\n" + pairs)


def _metrics_table(title: str, m: dict) -> str:
    def v(k):
        x = m.get(k)
        return "–" if x is None else f"{x:.4f}" if isinstance(x, float) else str(x)

    return (f"{title}: {m.get('n')} sentences ({m.get('n_artifact')} artifact)\n"
            f"  average precision {v('average_precision')}  ROC-AUC {v('roc_auc')}  "
            f"F1 {v('f1')}  precision {v('precision')}  recall {v('recall')}  ECE {v('ece')}\n")


# -- train ----------------------------------------------------------------------------------


@_command(short_help="Train a new model from labelled articles.")
@click.option("--data", "data", multiple=True, type=click.Path(dir_okay=False),
              help="Labels file (.jsonl or .csv), repeatable. Default: the project's data/train/generated.jsonl.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="New model directory (never overwritten). Default: $DETECTOR_HOME/models/<name>-<version>.")
@click.option("--name", default="custom", show_default=True, help="Model name recorded in its metadata.")
@click.option("--version", "version", default=None, help="Model version (default: the UTC time, YYYY.MM.DD.HHMMSS).")
@click.option("--seed", type=int, default=13, show_default=True,
              help="Random seed of the fit (the PCA and the classifier); the same data and seed give the same model.")
@click.option("--eval", "eval_paths", multiple=True, type=click.Path(dir_okay=False),
              help="Also measure the new model on this labelled or data/eval-style file (repeatable).")
@click.option("--activate", is_flag=True, help="Make the new model the active one.")
@click.option("--encoder", type=click.Choice(["minilm-static", "minilm"]), default="minilm-static",
              show_default=True, help="Sentence encoder the model is trained on (recorded in its metadata).")
@_fit_options
def train(data, out, name, version, seed, eval_paths, activate, encoder, mt_data, mt_originals, cache, no_cache,
          threads, fmt, output, quiet):
    """Train a model from labelled articles and save it as a new model directory.

    Prints the metrics on the held-out articles (1 group in 5, by crc32 of the group). The model
    is registered wherever it is written, so `detector models` lists it and
    `detector models activate` can switch to it. The shipped model is built by this command, with
    the WMT news translations as --mt-data (the exact command is in the README, "Models").

    \b
    Exit status: 0 the model was trained and saved; 2 the command could not
    run (a bad labels file, named with its line; a missing or damaged model;
    a usage error); 3 it failed part-way (a full disk); 130 Ctrl-C.

    \b
    Examples:
      detector train --data my_labels.jsonl --name newsroom
      detector train --data data/train/generated.jsonl --data my_labels.csv \\
          --out models/v2 --activate
    """
    from training.evaluate import load_evaluation_articles
    from training.train import build_dataset, default_data_paths, fit_threads, sentence_metrics
    from training.train import train as train_model

    from .classifier import positive_proba
    from .registry import register, set_active

    version = version or _version_now()
    out_dir = Path(out) if out else _default_out(name, version)

    with user_errors():
        _refuse_existing(out_dir)
        paths = [str(p) for p in data] if data else [str(p) for p in default_data_paths()]
        # read the eval files first: a bad one fails before minutes of training, not after
        evals = [(str(p), load_evaluation_articles([p])) for p in eval_paths]
        _check_mt_files(mt_data, mt_originals)
        embedder = _embedder(cache, no_cache, quiet, encoder)

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
        register(path, how="train")
        if activate:
            set_active(path)
    meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    result = {"path": str(path), "name": meta["name"], "version": meta["version"], "active": activate,
              "metrics": meta["metrics"], "rows": meta["rows"], "mt_style": _mt_summary(meta)}

    def table(_):
        text = f"Saved {path} as {meta['name']}-{meta['version']}" + (" (now the active model)" if activate else "")
        text += "\n" + _metrics_table("held-out articles", meta["metrics"]["held_out"])
        for p, m in meta["metrics"].get("eval", {}).items():
            text += _metrics_table(p, m)
        if meta.get("mt_style"):
            text += _mt_table(meta["mt_style"])
        return text

    emit(result, choose_format(fmt, output, ("table", "json"), "table"), output, table=table)
    sys.exit(EXIT_OK)


# -- retrain --------------------------------------------------------------------------------


@_command(short_help="Retrain on new labels; promote the result if not worse.")
@click.option("--base", "base", default=None, metavar="NAME|DIR",
              help="Model to start from (default: the active model, else the shipped one).")
@click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="New labels file (.jsonl or .csv, e.g. downloaded from an HTML report), repeatable.")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="New model directory. Default: $DETECTOR_HOME/models/<name>-<version>.")
@click.option("--eval", "eval_paths", multiple=True, type=click.Path(dir_okay=False),
              help="Also compare both models on this labelled or data/eval-style file (repeatable).")
@click.option("--force", is_flag=True, help="Promote the new model even if it is worse.")
@click.option("--no-activate", "no_activate", is_flag=True,
              help="Save and compare only; never make the new model the active one.")
@click.option("--name", default=None, help="Model name (default: the base model's).")
@click.option("--version", "version", default=None, help="Model version (default: the UTC time).")
@click.option("--seed", type=int, default=None, help="Default: the base model's seed.")
@_fit_options
def retrain(base, data, out, eval_paths, force, no_activate, name, version, seed, mt_data, mt_originals, cache,
            no_cache, threads, fmt, output, quiet):
    """Retrain on the base model's training data plus new labels; promote the result if not worse.

    Every --data file must hold labels (a sentence marked artifact or clean, or an article marked
    "every unmarked sentence is clean"); a file without any is refused (E013).
    Both models are scored on the same held-out articles of the united data and on each
    --eval file. The new model becomes the active one when its average precision on the
    held-out articles is at least the base model's minus 0.005 (or with --force), and the output
    says so; `detector models rollback` makes the previous model active again. The comparison is
    saved as comparison.json in the new model directory and in its metadata and model card. The
    base model's MT-style head is kept unless --mt-data fits a new one.

    \b
    Exit status: 0 the new model was saved, promoted or not ("not promoted:
    ..." says why); 2 the command could not run (a bad labels file, named
    with its line; a missing or damaged model; a usage error); 3 it failed
    part-way (a full disk); 130 Ctrl-C.

    \b
    Examples:
      detector retrain --data ~/Downloads/article-17.labels.jsonl
      detector retrain --base newsroom --data fixes.csv \\
          --eval data/eval/articles.jsonl
      detector models rollback      # undo a promotion
    """
    from training.retrain import format_comparison
    from training.retrain import retrain as run_retrain

    from .model_store import load_model
    from .registry import active_model_dir, model_label, register, resolve_model

    with user_errors():
        _check_mt_files(mt_data, mt_originals)
        base_dir = resolve_model(base)
        before = active_model_dir()
        version = version or _version_now()
        if out:
            out_dir = Path(out)
        else:
            out_dir = _default_out(name or load_model(base_dir).name, version)
        _refuse_existing(out_dir)
        result = run_retrain(base_dir, list(data), out_dir, eval_paths=list(eval_paths), force=force,
                             embed_progress=_embed_progress(quiet), name=name, version=version, seed=seed,
                             threads=threads, log=_log(quiet), mt_data=list(mt_data),
                             mt_originals=list(mt_originals) or None, activate=not no_activate)
        register(result.path, how="retrain", base=base_dir)
    promoted = result.promoted and not no_activate

    def table(_):
        text = f"Saved {result.path} as {model_label(result.path)}\n" + format_comparison(result.comparison)
        if promoted:
            text += (f"Active model is now {model_label(result.path)} (was {model_label(before)}); "
                     "`detector models rollback` goes back.\n")
        elif result.promoted:  # "promoted: ..." above, yet not made active: say why
            text += (f"Active model unchanged: {model_label(before)} (--no-activate); "
                     f"`detector models activate {model_label(result.path)}` makes the new one active.\n")
        else:
            text += f"Active model unchanged: {model_label(before)}.\n"
        return text

    emit(result.comparison | {"path": str(result.path), "active": promoted}, choose_format(fmt, output, ("table", "json"), "table"),
         output, table=table)
    sys.exit(EXIT_OK)


# -- evaluate -------------------------------------------------------------------------------


@_command()
@click.option("--model", "model", default=None, metavar="NAME|DIR",
              help="Model: a name from `detector models` or a directory (default: the active model).")
@click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="Labels file, or an evaluation file with expected findings (data/eval/articles.jsonl); "
                   "repeatable.")
@_cache_options
@output_options(("table", "json"), default="table")
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr.")
def evaluate(model, data, cache, no_cache, fmt, output, quiet):
    """Measure a model on labelled articles.

    Sentence level: precision, recall, F1 (at p >= 0.5), ROC-AUC and average precision, overall
    and per finding type; the confusion matrix; calibration (reliability table, ECE); the
    threshold that keeps false positives on clean sentences at 1%. Article level: ROC-AUC of the
    article score (an article is positive when any sentence is labelled artifact).

    \b
    Exit status: 0 measured; 2 the command could not run (a bad labels file,
    named with its line; a missing or damaged model; a usage error); 3 it
    failed part-way (a full disk); 130 Ctrl-C.

    \b
    Examples:
      detector evaluate --data data/eval/articles.jsonl
      detector evaluate --model newsroom --data my_labels.jsonl -o metrics.json
    """
    from training.evaluate import evaluate as run_evaluate
    from training.evaluate import format_table

    from .model_store import load_model
    from .registry import resolve_model

    with user_errors():
        loaded = load_model(resolve_model(model))
        report = run_evaluate(loaded, list(data), _embedder(cache, no_cache, quiet, _model_encoder(loaded)))
    emit(report, choose_format(fmt, output, ("table", "json"), "table"), output, table=format_table)
    sys.exit(EXIT_OK)


# -- models ---------------------------------------------------------------------------------


def list_models(extra: tuple[str, ...] = ()) -> list[dict]:
    """Every model this user has: the shipped one, the active one, every one trained or retrained
    (wherever it was written), those under $DETECTOR_HOME/models/ and in ``extra`` directories
    (metadata only; nothing is unpickled)."""
    from .registry import active_model, default_model_dir, known_models, model_label, registered

    active = (active_model(strict=False) or default_model_dir()).resolve()
    shipped = default_model_dir().resolve()
    how = {e["path"]: e for e in registered()}
    rows = []
    for d, _ in known_models(tuple(extra)):
        entry = how.get(str(d.resolve()), {})
        row = {"model": None, "path": str(d), "active": d.resolve() == active, "shipped": d.resolve() == shipped,
               "how": "shipped" if d.resolve() == shipped else entry.get("how")}
        if not d.exists():
            rows.append(row | {"model": f"{entry.get('name')}-{entry.get('version')}",
                               "error": "the directory no longer exists"})
            continue
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
            "model": model_label(d, meta), "name": meta.get("name"), "version": meta.get("version"),
            "created": meta.get("created"),
            "average_precision": held.get("average_precision"), "f1": held.get("f1"),
            "training_data": [{"path": t.get("path"), "sha256": t.get("sha256")} for t in data],
            "base_model": (meta.get("base_model") or {}).get("path"),
            "promoted": (meta.get("comparison") or {}).get("promoted"),
            "mt_paired_accuracy": ((meta.get("mt_style") or {}).get("cross_validation") or {}).get("paired_accuracy"),
        }
        rows.append(row)
    return rows


def _models_table(rows: list[dict]) -> str:
    """Two lines per model, so a row fits 80 columns: the name, date and figures; then the path."""
    width = terminal_width()

    def origin_of(r):
        origin = "shipped" if r["shipped"] else (r.get("how") or "found")
        return origin + (", not promoted" if r.get("promoted") is False else "")

    # "* " name "  " created(10) "  " AP(5) "  " F1(5) "  " MT(5) "  " origin
    fixed = 2 + 2 + 10 + 2 + 5 + 2 + 5 + 2 + 5 + 2 + max(len(origin_of(r)) for r in rows)
    name_w = max(12, min(max([len(str(r.get("model") or "?")) for r in rows] + [5]), width - 1 - fixed))
    lines = [f"  {'model':<{name_w}}  {'created':<10}  {'AP':>5}  {'F1':>5}  {'MT':>5}  origin"]

    def num(x):
        return f"{x:>5.3f}" if isinstance(x, int | float) else f"{'–':>5}"

    for r in rows:
        mark = "*" if r["active"] else " "
        origin = origin_of(r)
        name = str(r.get("model") or "?")
        if len(name) > name_w:  # the whole name on a line of its own: it is what `activate` takes
            lines.append(f"{mark} {name}")
            name, mark = "", " "
        if "error" in r:
            lines.append(f"{mark} {name:<{name_w}}  {r['error']}")
        else:
            lines.append(f"{mark} {name:<{name_w}}  {str(r.get('created') or '')[:10]:<10}  "
                         f"{num(r['average_precision'])}  {num(r['f1'])}  {num(r['mt_paired_accuracy'])}  {origin}")
        path = r["path"]
        room = max(20, width - 5)
        lines.append(f"    {path if len(path) <= room else '…' + path[-(room - 1):]}")
    lines.append("* active. AP, F1: on the model's own held-out articles. MT: the MT-style head's")
    lines.append("paired accuracy (– without a head). `detector models activate NAME` switches.")
    return "\n".join(lines) + "\n"


_MODEL_FORMATS = ("table", "json", "jsonl", "csv")


@_command(cls=click.Group, invoke_without_command=True)
@click.option("--dir", "dirs", multiple=True, type=click.Path(file_okay=False),
              help="Also list this model directory, or the model directories inside it (repeatable).")
@output_options(_MODEL_FORMATS, default="table")
@click.pass_context
def models(ctx, dirs, fmt, output):
    """List, activate and roll back models.

    Without a subcommand: every model you have (the shipped one, every one trained or retrained
    wherever it was written, those under $DETECTOR_HOME/models/); * marks the active one.

    \b
    Examples:
      detector models
      detector models activate newsroom-2025.01.31.120000
      detector models activate ~/experiments/v3
      detector models rollback
    """
    if ctx.invoked_subcommand is not None:
        return
    rows = list_models(tuple(dirs))
    emit(rows, choose_format(fmt, output, _MODEL_FORMATS, "table"), output, table=_models_table)


@models.command("activate", short_help="Make a model the active one.")
@click.argument("model", metavar="NAME|DIR")
def models_activate(model):
    """Make a model the active one (used by every later command that names no model).

    NAME is a model from `detector models` (name-version, a name for its newest version, or
    "shipped"); a model directory works too. The model is loaded once first, so a broken one is
    refused (exit 2) and the active model stays as it was.

    \b
    Examples:
      detector models activate newsroom           # its newest version
      detector models activate ~/experiments/v3   # a model directory
      detector models activate shipped            # the model the package ships
    """
    from .model_store import load_model
    from .registry import active_model_dir, model_label, register, registered, resolve_model, set_active

    with user_errors():
        path = resolve_model(model)
        load_model(path)
        before = active_model_dir()
        if str(path.resolve()) not in {e["path"] for e in registered()}:
            register(path, how="activated")
        set_active(path)
    click.echo(f"Active model is now {model_label(path)} ({path}); was {model_label(before)}.")


@models.command("rollback", short_help="Make the previous model active again.")
def models_rollback():
    """Make the model that was active before the current one active again.

    Each call goes one step further back; at the end of the history the shipped model is active.

    \b
    Example:
      detector models rollback     # undo a promotion by `detector retrain`
    """
    from .registry import model_label, rollback

    with user_errors():
        left, now = rollback()
    if left is None:
        click.echo(f"No model was activated; the shipped model {model_label(now)} is in use.")
    else:
        click.echo(f"Active model is now {model_label(now)} ({now}); was {model_label(left)}.")


@models.command("export-arrays", short_help="Add the .npz arrays scoring reads to a model.")
@click.argument("model", metavar="NAME|DIR")
def models_export_arrays(model):
    """Write the .npz arrays of a model saved without them, so it scores without scikit-learn.

    Models saved by this version have them already. Each linear object of the model (the
    sentence classifier, the MT-style head) gets a <name>.npz beside its .skops file, checked to
    give the same probabilities, and its sha256 is added to metadata.json; the .skops files are
    not changed. The files depend on the .skops files alone, so running it twice writes the
    same bytes.

    \b
    Example:
      detector models export-arrays detector/models/default
    """
    from .model_store import write_arrays
    from .registry import resolve_model

    with user_errors():
        path = resolve_model(model)
        written = write_arrays(path)
    click.echo(f"{path}: wrote {', '.join(written)}" if written else f"{path}: no linear object to export")


# -- review-labels --------------------------------------------------------------------------


@_command("review-labels", short_help="List the labels a cross-validated model doubts most.")
@click.option("--data", "data", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="Labels file (.jsonl or .csv), repeatable.")
@click.option("--model", "model", default=None, metavar="NAME|DIR",
              help="Model whose recipe (seed) is used and whose own p is shown (default: the active model).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many sentences to list.")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds, by article group.")
@_cache_options
@_threads_option
@output_options(("table", "json", "jsonl"), default="table")
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr.")
def review_labels(data, model, top, folds, cache, no_cache, threads, fmt, output, quiet):
    """List the labelled sentences whose label most disagrees with a cross-validated model.

    Each sentence is scored by a model fitted without its article group (5 folds); the list is
    ranked by |label - p|. --format jsonl writes labels-format lines (one per article, the
    doubtful sentences as labels with p and their source in the note) to fix and feed back.

    \b
    Exit status: 0 listed; 2 the command could not run (a bad labels file,
    named with its line; a missing or damaged model; a usage error); 3 it
    failed part-way (a full disk); 130 Ctrl-C.

    \b
    Examples:
      detector review-labels --data my_labels.jsonl
      detector review-labels --data my_labels.jsonl --top 50 -o doubtful.jsonl
    """
    from training.review import as_label_records, format_table, review
    from training.train import load_training_articles

    from .model_store import load_model
    from .registry import resolve_model

    with user_errors():
        loaded = load_model(resolve_model(model))
        articles = load_training_articles(list(data))
        rows = review(articles, _embedder(cache, no_cache, quiet, _model_encoder(loaded)),
                      seed=int(loaded.metadata.get("seed", 13)), folds=folds, top=top, model=loaded,
                      threads=threads)
    emit(rows, choose_format(fmt, output, ("table", "json", "jsonl"), "table"), output, table=format_table,
         rows=lambda r: as_label_records(r, articles))
    sys.exit(EXIT_OK)
