"""False alarms on professional human translations, per language pair and verdict axis.

    .venv/bin/python benchmarks/human_translations.py               # the active (else the shipped) model
    .venv/bin/python benchmarks/human_translations.py --verbose     # + every non-clean record's reasons

Data: the WMT news test sets kept outside the package (``../shared/data/wmt21_ruen_news.jsonl`` and
``../shared/data/wmt_into_en_news.jsonl.gz`` beside the checkout; format in that directory's
README). Only the records labelled ``human`` are scored: careful professional translations, so
an article labelled ``suspect`` or ``artifacted`` is a false alarm (or, rarely, a real slip of
the translator).

Per pair (``ru-en21`` for the first file, ``<pair><yy>`` for the second) the script prints the
share of human translations whose article label is not ``clean``, and splits it by cause:

* ``rewriting``: the rewriting axis is ``suspect`` or ``flagged`` (duplicates, pronoun slips,
  name variants, broken quotes, seams inside prose);
* ``untranslated``: words left untranslated give the translation axis its label;
* ``mt head``: the translation model's probability is at or above its threshold.

An article can have several causes; the columns need not add up to the label's share. It also
counts, per pair, the rewriting-axis finding types of the records that axis labels non-clean.
Results go to stdout and, atomically, to ``benchmarks/results/human_translations.json`` (figures
and record ids only: never the text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path("shared") / "data"
FILES = ("wmt21_ruen_news.jsonl", "wmt_into_en_news.jsonl.gz")
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "human_translations.json"


def default_data_dir() -> Path:
    """``shared/data`` beside the checkout or beside one of its parents (a worktree lives deeper)."""
    for d in ROOT.parents:
        if (d / DATA_DIR / FILES[0]).is_file():
            return d / DATA_DIR
    return ROOT.parent / DATA_DIR


def load_human(data_dir: Path) -> list[dict]:
    """The human records of both files, each with its ``pair`` key (``ru-en21``, ``cs-en22``, ...)."""
    out = []
    for name in FILES:
        path = data_dir / name
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r.get("label") != "human":
                    continue
                if "pair" in r:
                    r["pair_key"] = f"{r['pair']}{str(r['year'])[-2:]}"
                else:
                    r["pair_key"] = "ru-en21"
                out.append(r)
    return out


def causes(res) -> list[str]:
    """Why an article result is not clean (empty when it is clean)."""
    out = []
    axes = res.axes
    if axes["rewriting"].label != "clean":
        out.append("rewriting")
    tr = axes["translation"]
    if tr.label != "clean":
        mt = res.mt_style
        if mt is not None and getattr(mt, "flagged", False):
            out.append("mt head")
        if tr.evidence >= 0.5 or (mt is None or not getattr(mt, "flagged", False)):
            out.append("untranslated")
    return out


def evaluate(records: list[dict], results: dict) -> dict:
    per_pair: dict[str, dict] = defaultdict(lambda: {"n": 0, "non_clean": 0, "rewriting": 0, "untranslated": 0,
                                                     "mt head": 0, "rewriting_types": Counter(), "ids": []})
    for r in records:
        res = results.get(r["id"])
        if res is None:
            continue
        p = per_pair[r["pair_key"]]
        p["n"] += 1
        if res.label == "clean":
            continue
        p["non_clean"] += 1
        p["ids"].append(r["id"])
        for c in causes(res):
            p[c] += 1
        if res.axes["rewriting"].label != "clean":
            p["rewriting_types"].update({res.findings[i].type for i in res.axes["rewriting"].findings})
    out = {}
    for key in sorted(per_pair):
        p = per_pair[key]
        out[key] = {"n": p["n"], **{k: p[k] for k in ("non_clean", "rewriting", "untranslated", "mt head")},
                    "rates": {k: round(p[k] / p["n"], 4) for k in ("non_clean", "rewriting", "untranslated",
                                                                     "mt head")},
                    "rewriting_types": dict(p["rewriting_types"].most_common()), "non_clean_ids": p["ids"]}
    n = sum(v["n"] for v in out.values())
    out["all"] = {"n": n, **{k: sum(v[k] for v in out.values()) for k in ("non_clean", "rewriting", "untranslated",
                                                                             "mt head")}}
    out["all"]["rates"] = {k: round(out["all"][k] / n, 4) if n else 0.0
                           for k in ("non_clean", "rewriting", "untranslated", "mt head")}
    return out


def print_figures(fig: dict, out=sys.stdout) -> None:
    print(f"{'pair':<9} {'records':>7} {'non-clean':>10} {'rewriting':>10} {'untransl.':>10} {'mt head':>8}  "
          "rewriting types", file=out)
    for key, v in fig.items():
        r = v["rates"]
        types = ", ".join(f"{t} {c}" for t, c in v.get("rewriting_types", {}).items())
        print(f"{key:<9} {v['n']:>7} {r['non_clean']:>9.1%} {r['rewriting']:>10.1%} {r['untranslated']:>10.1%} "
              f"{r['mt head']:>8.1%}  {types}", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=None, help=f"WMT files (default: {default_data_dir()})")
    ap.add_argument("--model", default=None, help="model directory (default: the active model, else the shipped one)")
    ap.add_argument("--pairs", default=None, help="comma-separated pair keys to score (default: all)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file (written atomically)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every non-clean record's reasons")
    args = ap.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    if not (data_dir / FILES[0]).is_file():
        print(f"error: {data_dir / FILES[0]} not found: the WMT files are development data kept outside the "
              "package (../shared/data beside the checkout); pass --data-dir DIR.", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    from detector.data import Article, ArticleResult
    from detector.fileio import write_text_atomic
    from detector.model_store import load_model
    from detector.scoring import Scorer

    records = load_human(data_dir)
    if args.pairs:
        keep = set(args.pairs.split(","))
        records = [r for r in records if r["pair_key"] in keep]
    model = load_model(args.model)
    scorer = Scorer(model)
    arts = [Article(id=r["id"], text=r["text"], title="", source="wmt") for r in records]
    results = {}
    for res in scorer.score_stream(arts):
        if isinstance(res, ArticleResult):
            results[res.article.id] = res
        else:
            print(f"warning: {res.id}: {res.code} {res.message}", file=sys.stderr)
    fig = evaluate(records, results)
    print_figures(fig)
    if args.verbose:
        for r in records:
            res = results.get(r["id"])
            if res is None or res.label == "clean":
                continue
            print(f"\n{r['id']} {res.label} {res.score:.2f} causes: {', '.join(causes(res))}")
            for name, ax in res.axes.items():
                if ax.label != "clean":
                    print(f"  {name} {ax.label}: {'; '.join(ax.reasons)}")
            for f in res.findings:
                if f.axis != "residue":
                    print(f"    {f.type:<18} s{f.sentence + 1} conf {f.confidence:.2f} {f.text[:80]!r}")
    record = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
              "model": {"name": model.name, "version": model.version}, "pairs": fig}
    write_text_atomic(args.out, json.dumps(record, indent=2) + "\n")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
