"""How well is machine translation told from human translation, for every source language?

    .venv/bin/python benchmarks/wmt_separation.py                      # LOPO table, baselines, shipped head
    .venv/bin/python benchmarks/wmt_separation.py --model ~/models/v2  # another model's head as "shipped"
    .venv/bin/python benchmarks/wmt_separation.py --findings           # also: full pipeline article labels (slow)

Data (development data kept outside the package, see ../shared/data/README.md): WMT21-22
news test sets into English with their system outputs, each document in one or two
professional human translations (label "human") and 10-16 machine translations (label "mt"):
``wmt21_ruen_news.jsonl`` (Russian 2021) and ``wmt_into_en_news.jsonl.gz`` (Czech, Icelandic,
Japanese, Russian, Ukrainian, Chinese, 2021-22); plus the English originals in data/corpus/.

Leave one pair out: for each source language, every model below is trained on the other
languages (and the originals) and measured on the held-out one; documents are never split.

* head: the MT-style head's recipe (training/mt_style.py, ``out_of_fold``): one head per
  held-out language, trained on the others; the held-out language's Platt curve and threshold
  come from the other languages' out-of-fold logits (each of those from a head that did not
  see that language, though it saw the held-out one), so neither is tuned on the language
  it is measured on. The threshold is the recipe's (``held_out_threshold``): the lowest that
  flags at most 5% of the human translations of every other pair and year, raised by the
  margin the other languages needed when each of them was left out of that rule in turn (so
  the rule is held out twice), and the held-out language's human translations flagged at it
  are shown per pair and year: the risk a new language runs. The same figures at the line
  without the margin (``minimax``) show what the margin buys;
* char 1-4: character 1-4-gram TF-IDF (raw text) + linear SVM;
* profile: relative frequencies of the 300 most frequent words and of punctuation, mean
  sentence length, type-token ratio + logistic regression (standardised);
  both baselines weighted as the head is (each language and, inside it, each label weighing
  the same);
* shipped: the head of ``--model`` (default: the active model) as it is, on every article
  (when the model card lists these files among its training data, this row is not held out).

Figures per pair: ROC-AUC of the translation probability (mt positive); paired accuracy over
all (mt, human) pairs of the same document, ties as half; the share of human translations
flagged at the threshold (head: its nested threshold; shipped: its own), of machine
translations too; English originals flagged (head: each original scored by the fold that did
not train on it). Last, the threshold the recipe sets for a head trained on every language,
and each pair and year's out-of-fold share of human translations flagged at it.

Leave one year out (the closest stand-in for a later test set of the same kind of news): the
recipe's head trained on every translation of one year (and the originals) and measured on the
other year's, both ways (WMT21 -> WMT22 and back). The pairs that have both years (Japanese,
Russian) are the figure that matters: a language the head knows, in a year it never saw; the
others are shown too, as new languages in a new year. The held-out year's Platt curve and
threshold come from the training year alone (``fit_records``: its own leave-one-pair-out logits
and the recipe's rule with its held-out margin), so nothing is tuned on the year measured. The
baselines are trained on the same year.

--findings scores every article with the whole pipeline (encoder, detectors, classifier, the
shipped head) and adds, per pair, the share of human and machine translations whose article
label is not "clean". It encodes every sentence (about 90,000), so it takes a while.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
#: the development data beside the checkout (or beside the folder of worktrees)
SHARED = next((d for d in (ROOT.parent / "shared" / "data", ROOT.parent.parent / "shared" / "data") if d.is_dir()),
              ROOT.parent / "shared" / "data")
DEFAULT_DATA = [SHARED / "wmt21_ruen_news.jsonl", SHARED / "wmt_into_en_news.jsonl.gz"]
#: the issue's target, and the size from which a pair's figure is held to it
TARGET_AUC, TARGET_DOCS = 0.85, 30


def source_language(pair: str) -> str:
    return pair.split("-")[0] if pair else "?"


def char_baseline(seed: int = 13):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True, min_df=3,
                                         max_features=300_000, dtype=np.float32),
                         LinearSVC(C=0.5, random_state=seed))


def profile_features(texts: list[str], vocabulary: list[str]) -> np.ndarray:
    import re

    index = {w: i for i, w in enumerate(vocabulary)}
    punct = list(",.;:!?\"'()-%/")
    rows = []
    for t in texts:
        words = re.findall(r"\w+", t.lower())
        n = max(len(words), 1)
        v = np.zeros(len(vocabulary) + len(punct) + 2)
        for w in words:
            if w in index:
                v[index[w]] += 1 / n
        for j, c in enumerate(punct):
            v[len(vocabulary) + j] = t.count(c) / n
        lines = [ln for ln in t.split("\n") if ln.strip()]
        v[-2] = n / max(len(lines), 1)
        v[-1] = len(set(words)) / n
        rows.append(v)
    return np.vstack(rows)


def baselines(texts, y, w, train, test) -> dict[str, np.ndarray]:
    """Decision values of both baselines on ``test``, fitted on ``train`` (index arrays)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    tr = [texts[i] for i in train]
    te = [texts[i] for i in test]
    char = char_baseline().fit(tr, y[train], linearsvc__sample_weight=w[train])
    vocab = [v for v, _ in Counter(x for t in tr for x in t.lower().split()).most_common(300)]
    prof = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=3000))
    prof.fit(profile_features(tr, vocab), y[train], logisticregression__sample_weight=w[train])
    return {"char 1-4 + SVM": char.decision_function(te),
            "profile + LR": prof.decision_function(profile_features(te, vocab))}


def figures(s: np.ndarray, y: np.ndarray, groups: list[str], threshold: float | None) -> dict:
    from sklearn.metrics import roc_auc_score

    from training.mt_style import paired_accuracy

    paired, pairs = paired_accuracy(s, y, groups)
    out = {"roc_auc": round(float(roc_auc_score(y, s)), 4), "paired_accuracy": paired, "pairs": pairs}
    if threshold is not None:
        out["human_flagged"] = round(float((s[y == 0] >= threshold).mean()), 4)
        out["mt_flagged"] = round(float((s[y == 1] >= threshold).mean()), 4)
    return out


def flagged_by_group(p: np.ndarray, y: np.ndarray, groups: list[str], threshold: float) -> dict[str, float]:
    """Per risk group (pair and year): the share of its human translations at or above ``threshold``."""
    g = np.array(groups)
    return {k: round(float((p[(g == k) & (y == 0)] >= threshold).mean()), 4)
            for k in sorted(set(groups)) if ((g == k) & (y == 0)).any()}


def leave_one_year_out(every, feats, y, w, texts, with_baselines: bool) -> dict:
    """Train on one year's translations (and every original), measure on the other year's, per
    pair, both ways; the threshold from the training year alone (see the module docstring)."""
    from training.mt_style import calibrated, fit_records, logits

    years = sorted({r.year for r in every if not r.original and r.year})
    if len(years) < 2:
        return {}
    pairs_by_year = {yr: {r.pair for r in every if r.year == yr and not r.original} for yr in years}
    out = {}
    for train_year in years:
        tr = np.flatnonzero([r.original or r.year == train_year for r in every])
        # the recipe itself (fit_records): the curve and threshold from the training year's own
        # leave-one-pair-out logits, then the head refitted on the whole training year
        fitted = fit_records([every[i] for i in tr], feats=[feats[i] for i in tr])
        params, threshold, ab = fitted.params, fitted.threshold, tuple(fitted.params["calibration"])
        base = fitted.margin["base"]
        for test_year in years:
            if test_year == train_year:
                continue
            te = np.flatnonzero([not r.original and r.year == test_year for r in every])
            p = calibrated(logits(params, [feats[i] for i in te]), ab)
            scores = {"head": p}
            if with_baselines:
                scores.update(baselines(texts, y, w, tr, te))
            rows = {}
            for pair in sorted({every[i].pair for i in te}):
                m = np.array([every[i].pair == pair for i in te])
                g = [every[i].group for i in te[m]]
                rows[pair] = {"documents": len(set(g)), "seen_language": pair in pairs_by_year[train_year],
                              **{name: figures(sc[m], y[te][m], g, threshold if name == "head" else None)
                                 for name, sc in scores.items()},
                              "minimax": figures(p[m], y[te][m], g, base)}
            out[f"{train_year}->{test_year}"] = {"threshold": round(threshold, 4), "minimax_threshold": base,
                                                 "margin": fitted.margin["margin"], "per_pair": rows}
    return out


def read_records(paths: list[Path]):
    from training.mt_style import read_mt_file

    records = []
    seen = set()
    for p in paths:
        for r in read_mt_file(p):
            if (r.text, r.mt) not in seen:
                seen.add((r.text, r.mt))
                records.append(r)
    return records


def findings_labels(records, model, cache) -> dict[str, str]:
    """Record id -> article label under the whole pipeline with ``model``."""
    from detector.data import ArticleResult
    from detector.embed import encoder_key
    from detector.ingest import record_to_article
    from detector.scoring import Scorer
    from detector.segment import segment
    from training.train import cached_embedder, default_cache_path

    embedder = cached_embedder(cache or default_cache_path(), encoder_key(model.metadata.get("embedding_model")))
    # every sentence into the cache in one call (each scorer batch with new sentences would
    # rewrite the cache file)
    embedder.encode([s.text for r in records for s in segment(r.text)[1]])
    scorer = Scorer(model, embedder=embedder)
    arts = (record_to_article({"id": f"{i}", "text": r.text}, "wmt", i) for i, r in enumerate(records))
    return {records[int(res.article.id)].id: res.label for res in scorer.score_stream(arts)
            if isinstance(res, ArticleResult)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, nargs="+", default=DEFAULT_DATA)
    ap.add_argument("--model", default=None, help="model directory (default: the active model, else the shipped one)")
    ap.add_argument("--findings", action="store_true", help="also: article labels from the whole pipeline")
    ap.add_argument("--no-baselines", action="store_true", help="leave the two baselines out")
    ap.add_argument("--shipped-only", action="store_true",
                    help="only the shipped head's rows, merged into the results already in --out")
    ap.add_argument("--cache", default=None, help="embedding cache for --findings")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "wmt_separation.json")
    args = ap.parse_args(argv)
    missing = [p for p in args.data if not p.is_file()]
    if missing:
        print(f"error: {', '.join(map(str, missing))} not found (the WMT development data is not part of the "
              "package; pass --data)", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from detector.fileio import recorded_path
    from detector.model_store import load_model, sha256_file
    from training.mt_style import (
        HUMAN_FLAG_RATE,
        balance_weights,
        calibrated,
        calibration_error,
        folds_of,
        function_words,
        held_out_threshold,
        out_of_fold,
        platt,
        read_mt_file,
        record_features,
        risk_groups,
    )
    from training.train import default_originals

    t0 = time.perf_counter()
    records = read_records(args.data)
    originals = [o for p in default_originals() for o in read_mt_file(p, originals=True)]
    every = records + originals
    words = function_words()
    feats = record_features(every, words)
    y = np.array([r.mt for r in every], dtype=int)
    w = balance_weights(every)
    texts = [r.text for r in every]
    pairs = sorted({r.pair for r in records})
    langs = sorted({source_language(p) for p in pairs})
    lang = np.array([source_language(r.pair) if not r.original else "" for r in every])
    groups = [r.group for r in every]
    print(f"{len(records)} translations ({int(y.sum())} mt) of {len({r.group for r in records})} documents, "
          f"{len(originals)} originals; {len(langs)} source languages: {', '.join(langs)}", file=sys.stderr)

    from detector.errors import ModelError

    try:
        base = load_model(args.model)
    except ModelError as exc:  # e.g. a head of an older format: measure the recipe alone
        print(f"shipped model left out: {exc}", file=sys.stderr)
        base = None
    head = base.mt_style if base is not None else None
    section = (base.metadata.get("mt_style") or {}) if base is not None else {}
    digests = {sha256_file(p) for p in args.data}
    shipped_saw = any(d.get("sha256") in digests for d in section.get("training_data", []))
    shipped_p = None
    if head is not None and hasattr(head, "function_words"):
        own = feats if head.function_words == frozenset(words) else record_features(every, sorted(head.function_words))
        shipped_p = np.array([head.probability(head.logit(f)[0]) for f in own])
    elif head is not None:  # a head saved as a pipeline by an earlier version reads the text itself
        styles = head.assess([r.text for r in every], [r.text.split("\n") for r in every])
        shipped_p = np.array([s.probability for s in styles])

    rows: dict[str, dict] = {}
    orig_flags = []
    if args.shipped_only:
        if shipped_p is None:
            print("error: --shipped-only needs a model with a head", file=sys.stderr)
            return 2
        result = json.loads(args.out.read_text(encoding="utf-8"))
        for held in langs:
            test = np.flatnonzero(lang == held)
            result["per_language"][held]["shipped"] = figures(shipped_p[test], y[test], [groups[i] for i in test],
                                                              head.threshold)
        result["shipped_model"] = shipped_model(base, head, shipped_saw)
        result["shipped_originals_flagged"] = round(float(np.mean(shipped_p[lang == ""] >= head.threshold)), 4)
        return write(result, args.out)
    # one head per held-out language (the recipe's own leave-one-pair-out), each article scored
    # by the head that never saw its source language
    t1 = time.perf_counter()
    z, rule = out_of_fold(every, feats=feats)
    fold, _ = folds_of(every)
    risk = risk_groups(every)
    print(f"head: {rule} ({time.perf_counter() - t1:.0f} s)", file=sys.stderr, flush=True)
    for held in langs:
        t1 = time.perf_counter()
        test = np.flatnonzero(lang == held)
        k = int(fold[test[0]])
        # the Platt curve and the threshold come from the other languages' out-of-fold logits
        other = np.flatnonzero((lang != held) & (lang != ""))
        ab = platt(z[other], y[other], w[other])
        p_other = calibrated(z[other], ab)
        human = y[other] == 0
        # the recipe's rule on the other languages alone: their minimax line and the margin they
        # needed, each of them left out in turn
        threshold, info = held_out_threshold(p_other[human], [risk[i] for i in other[human]],
                                             [lang[i] for i in other[human]], HUMAN_FLAG_RATE)
        p = calibrated(z[test], ab)
        orig_test = np.flatnonzero((lang == "") & (fold == k))
        orig_flags.extend((calibrated(z[orig_test], ab) >= threshold).tolist())
        g = [groups[i] for i in test]
        test_risk = [risk[i] for i in test]
        row = {"documents": len(set(g)), "mt": int(y[test].sum()), "human": int((y[test] == 0).sum()),
               "head": {**figures(p, y[test], g, threshold), "threshold": round(threshold, 4),
                        "margin": info["margin"],
                        "human_flagged_by_group": flagged_by_group(p, y[test], test_risk, threshold),
                        **calibration_error(p, y[test], w[test])},
               "minimax": {**figures(p, y[test], g, info["base"]), "threshold": round(info["base"], 4),
                           "human_flagged_by_group": flagged_by_group(p, y[test], test_risk, info["base"])}}
        if not args.no_baselines:
            for name, sc in baselines(texts, y, w, np.flatnonzero(lang != held), test).items():
                row[name] = figures(sc, y[test], g, None)
        if shipped_p is not None:
            row["shipped"] = figures(shipped_p[test], y[test], g, head.threshold)
        row["seconds"] = round(time.perf_counter() - t1, 1)
        rows[held] = row
        print(f"{held}: head {row['head']['roc_auc']:.3f} ({row['seconds']:.0f} s)", file=sys.stderr, flush=True)

    t1 = time.perf_counter()
    by_year = leave_one_year_out(every, feats, y, w, texts, not args.no_baselines)
    print(f"leave one year out ({time.perf_counter() - t1:.0f} s)", file=sys.stderr, flush=True)

    # the threshold the recipe gives a model trained on every language (as fit_records: the Platt
    # curve over all the out-of-fold logits, originals included, and the minimax threshold over
    # the human translations), and each group's out-of-fold share at it
    translated = lang != ""
    ab_all = platt(z, y, w)
    p_all = calibrated(z, ab_all)
    human_all = translated & (y == 0)
    t_all, info_all = held_out_threshold(p_all[human_all], [risk[i] for i in np.flatnonzero(human_all)],
                                         list(lang[human_all]), HUMAN_FLAG_RATE)
    mt_all = translated & (y == 1)
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data": [recorded_path(p, ROOT) for p in args.data], "records": len(records), "originals": len(originals),
        "split": "leave one source language out; documents never split",
        "shipped_model": shipped_model(base, head, shipped_saw),
        "per_language": rows,
        "leave_one_year_out": by_year,
        "head_originals_flagged": round(float(np.mean(orig_flags)), 4) if orig_flags else None,
        "head_all_pairs": {"threshold": round(t_all, 4), "minimax_threshold": info_all["base"],
                           "margin": info_all["margin"], "margin_needed": info_all["needed"],
                           "human_flagged_by_group": info_all["flagged"],
                           "mt_flagged": round(float((p_all[mt_all] >= t_all).mean()), 4),
                           "mt_flagged_by_language": {k: round(float((p_all[mt_all & (lang == k)] >= t_all).mean()), 4)
                                                      for k in langs},
                           "mt_flagged_minimax": round(float((p_all[mt_all] >= info_all["base"]).mean()), 4),
                           "originals_flagged": round(float((p_all[~translated] >= t_all).mean()), 4)},
    }
    if shipped_p is not None:
        result["shipped_originals_flagged"] = round(float(np.mean(shipped_p[lang == ""] >= head.threshold)), 4)
    if args.findings and base is not None:
        labels = findings_labels(every, base, args.cache)
        for held in langs:
            test = [every[i] for i in np.flatnonzero(lang == held)]
            for kind, mt in (("human", False), ("mt", True)):
                ls = [labels[r.id] for r in test if r.mt == mt and r.id in labels]
                rows[held].setdefault("article_label", {})[f"{kind}_non_clean"] = (
                    round(sum(x != "clean" for x in ls) / len(ls), 4) if ls else None)
        ol = [labels[r.id] for r in originals if r.id in labels]
        result["originals_non_clean"] = round(sum(x != "clean" for x in ol) / len(ol), 4) if ol else None
    result["seconds"] = round(time.perf_counter() - t0, 1)
    return write(result, args.out)


def shipped_model(base, head, saw: bool) -> dict | None:
    if base is None:
        return None
    from detector.fileio import recorded_path

    return {"name": base.name, "version": base.version, "path": recorded_path(base.path, ROOT),
            "trained_on_this_data": saw,
            "threshold": head.threshold if head is not None else None}


def write(result: dict, out: Path) -> int:
    print(table(result))
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(result, fh, indent=2)
        fh.write("\n")
    os.replace(tmp, out)
    print(f"written to {out}", file=sys.stderr)
    return 0


def table(result: dict) -> str:
    """The per-language table as Markdown."""
    def v(x):
        return "–" if x is None else f"{x:.3f}"

    rows = result["per_language"]
    models = [m for m in ("head", "char 1-4 + SVM", "profile + LR", "shipped") if any(m in r for r in rows.values())]
    head = "| source | docs | " + " | ".join(
        f"{m} AUC | {m} paired" + (f" | {m} human flagged" if m in ("head", "shipped") else "") for m in models) + " |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for lang, r in rows.items():
        cells = [lang, str(r["documents"])]
        for m in models:
            f = r.get(m, {})
            cells += [v(f.get("roc_auc")), v(f.get("paired_accuracy"))]
            if m in ("head", "shipped"):
                cells.append(v(f.get("human_flagged")))
        lines.append("| " + " | ".join(cells) + " |")
    shipped = result.get("shipped_model")
    for split, part in (result.get("leave_one_year_out") or {}).items():
        names = [m for m in ("head", "char 1-4 + SVM", "profile + LR")
                 if any(m in r for r in part["per_pair"].values())]
        lines.append(f"\nleave one year out, {split} (head threshold {v(part['threshold'])}, set on the "
                     f"training year: {v(part.get('minimax_threshold'))} + margin {v(part.get('margin'))}): AUC "
                     + ", ".join(
                         f"{pair}{'' if r['seen_language'] else ' (new language)'} "
                         + " / ".join(v(r[m]["roc_auc"]) for m in names)
                         + f", human / mt flagged {v(r['head']['human_flagged'])} / {v(r['head']['mt_flagged'])}"
                         + (f" (without the margin {v(r['minimax']['human_flagged'])} / {v(r['minimax']['mt_flagged'])})"
                            if "minimax" in r else "")
                         for pair, r in part["per_pair"].items()) + f" ({' / '.join(names)})")
    lines.append(f"\nhead: English originals flagged {v(result.get('head_originals_flagged'))}")
    nested = {k: x for r in rows.values() for k, x in r.get("head", {}).get("human_flagged_by_group", {}).items()}
    if nested:
        lines.append("head: held-out risk, human translations flagged per pair and year, each at the threshold the "
                     "rule set without its language: " + ", ".join(f"{k} {v(x)}" for k, x in nested.items())
                     + "; machine translations: " + ", ".join(
                         f"{k} {v(r['head'].get('mt_flagged'))}" for k, r in rows.items() if "head" in r))
    plain = {k: x for r in rows.values() for k, x in r.get("minimax", {}).get("human_flagged_by_group", {}).items()}
    if plain:
        lines.append("  without the held-out margin: " + ", ".join(f"{k} {v(x)}" for k, x in plain.items())
                     + "; machine translations: " + ", ".join(
                         f"{k} {v(r['minimax'].get('mt_flagged'))}" for k, r in rows.items() if "minimax" in r))
    if result.get("head_all_pairs"):
        a = result["head_all_pairs"]
        margin = (f" (the rule's {v(a['minimax_threshold'])} + margin {v(a['margin'])} logits)"
                  if "margin" in a else "")
        lines.append(f"head trained on every language: threshold {v(a['threshold'])}{margin}; out-of-fold human "
                     "translations flagged " + ", ".join(f"{k} {v(x)}" for k, x in a["human_flagged_by_group"].items())
                     + f"; machine translations {v(a['mt_flagged'])}"
                     + (" (" + ", ".join(f"{k} {v(x)}" for k, x in a["mt_flagged_by_language"].items()) + ")"
                        if "mt_flagged_by_language" in a else "")
                     + f", originals {v(a['originals_flagged'])}")
    if shipped:
        lines.append(f"shipped model {shipped['name']} {shipped['version']}: originals flagged "
                     f"{v(result.get('shipped_originals_flagged'))}"
                     + (" (trained on this data: its rows are not held out)" if shipped["trained_on_this_data"] else ""))
    if any("article_label" in r for r in rows.values()):
        lines.append("article label not clean (whole pipeline, shipped model): " + ", ".join(
            f"{k} human {v(r['article_label']['human_non_clean'])} / mt {v(r['article_label']['mt_non_clean'])}"
            for k, r in rows.items()) + f"; originals {v(result.get('originals_non_clean'))}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
