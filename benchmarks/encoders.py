"""The two encoders side by side: speed, paraphrase separation and near-duplicate linking.

    .venv/bin/python benchmarks/encoders.py                      # needs ../shared/data/wmt21_ruen_news.jsonl
    .venv/bin/python benchmarks/encoders.py --data wmt.jsonl --docs 60

On the WMT21 ru-en development data (machine and human translations of the same documents,
aligned segment by segment; kept outside the project):

* speed: sentences/s of each encoder on every segment of the chosen documents, warm, in the
  same run, and its load time in this process;
* paraphrase AUC: cosine of the same source segment rendered by two MT systems (positives)
  against two different segments of one version (negatives), ROC-AUC;
* near-duplicate linking: each human translation with, after it, three of its segments as
  another MT system rendered them (a stitched copy). A copy is *linked* when the detector
  flags it as near_duplicate and names the right original; the false links are the
  near_duplicate findings on the untouched human translations. Each encoder is used with its
  own thresholds (detector/detectors/duplicates.py).

Results are printed and written (atomically) to --out.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "wmt21_ruen_news.jsonl"
ENCODERS = ("minilm-static", "minilm")


def load_docs(path: Path) -> dict[str, list[dict]]:
    docs: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            docs.setdefault(r["doc"], []).append(r)
    return docs


def stitched_articles(docs: dict[str, list[dict]], n_docs: int, seed: int = 7):
    """(clean human text, stitched text, [(copy line index, original line index)]) per document."""
    rng = random.Random(seed)
    out = []
    for _, recs in sorted(docs.items())[:n_docs]:
        human = [r for r in recs if r["label"] == "human"]
        mts = [r for r in recs if r["label"] == "mt"]
        if not human or not mts:
            continue
        h = human[0]["text"].split("\n")
        m = rng.choice(mts)["text"].split("\n")
        if len(m) != len(h):
            continue
        long = [i for i, s in enumerate(h) if len(s.split()) >= 10 and m[i] != h[i]]
        if len(long) < 3:
            continue
        picks = sorted(rng.sample(long, 3))
        lines = h + [m[i] for i in picks]
        out.append(("\n".join(h), "\n".join(lines), [(len(h) + k, i) for k, i in enumerate(picks)]))
    return out


def linking(encoder: str, articles) -> dict:
    from detector.detectors.base import Context
    from detector.detectors.duplicates import NearDuplicateDetector
    from detector.embed import get_embedder
    from detector.segment import segment

    emb = get_embedder(encoder)
    det = NearDuplicateDetector(encoder=encoder)
    linked = copies = false_links = 0
    for clean, stitched, pairs in articles:
        for text, is_clean in ((clean, True), (stitched, False)):
            paras, sents = segment(text)
            ctx = Context(text=text, paragraphs=paras, sentences=sents, embeddings=emb.encode([s.text for s in sents]))
            found = det.detect(ctx)
            if is_clean:
                false_links += len(found)
                continue
            line_of = {}  # sentence index -> line index of the text
            starts = [0]
            for ln in text.split("\n"):
                starts.append(starts[-1] + len(ln) + 1)
            for k, s in enumerate(sents):
                line_of[k] = max(i for i, st in enumerate(starts[:-1]) if st <= s.start)
            by_line = {line_of[f.sentence]: {line_of[r] for r in f.related} for f in found}
            for copy_line, orig_line in pairs:
                copies += 1
                linked += orig_line in by_line.get(copy_line, set())
    return {"copies": copies, "linked": linked, "recall": round(linked / max(1, copies), 3),
            "false_links_on_clean": false_links, "clean_articles": len(articles)}


def paraphrase_auc(encoder, docs, seed: int = 1) -> float:
    from sklearn.metrics import roc_auc_score

    from training.fit_duplicate_cosines import cosines

    rng = random.Random(seed)
    pos, neg = [], []
    for _, recs in sorted(docs.items()):
        mts = [r["text"].split("\n") for r in recs if r["label"] == "mt"]
        mts = [m for m in mts if len(m) == len(mts[0])]
        if len(mts) < 2:
            continue
        a, b = rng.sample(mts, 2)
        for i in range(len(a)):
            if len(a[i].split()) >= 8 and a[i] != b[i]:
                pos.append((a[i], b[i]))
                j = rng.randrange(len(a))
                if j != i and len(a[j].split()) >= 8:
                    neg.append((a[i], a[j]))
    sims = list(cosines(encoder, pos)) + list(cosines(encoder, neg))
    return round(float(roc_auc_score([1] * len(pos) + [0] * len(neg), sims)), 4)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--docs", type=int, default=116)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "encoders.json")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"error: {args.data} not found (development data outside the project; pass --data)", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from detector.embed import get_embedder
    from detector.segment import segment

    docs = load_docs(args.data)
    sentences = [s.text for recs in docs.values() for r in recs[:1] for s in segment(r["text"])[1]]
    articles = stitched_articles(docs, args.docs)
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "load": os.getloadavg()[0], "encoders": {}}
    for name in ENCODERS:
        t0 = time.perf_counter()
        enc = get_embedder(name)
        enc.encode(sentences[:8])
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        enc.encode(sentences)
        sps = len(sentences) / (time.perf_counter() - t0)
        r = {"load_seconds": round(load_s, 2), "sentences_per_s": round(sps, 1),
             "paraphrase_auc": paraphrase_auc(enc, docs), "linking": linking(name, articles)}
        result["encoders"][name] = r
        lk = r["linking"]
        print(f"{name:14} load {r['load_seconds']:5.2f} s  {r['sentences_per_s']:9.1f} sentences/s  "
              f"paraphrase AUC {r['paraphrase_auc']:.4f}  linked {lk['linked']}/{lk['copies']} "
              f"({lk['recall']:.3f}), false links on {lk['clean_articles']} clean articles: "
              f"{lk['false_links_on_clean']}")
    a, b = (result["encoders"][n]["sentences_per_s"] for n in ENCODERS)
    result["speedup"] = round(a / b, 1)
    print(f"speed-up of {ENCODERS[0]} over {ENCODERS[1]}: x{result['speedup']} (load average {result['load']:.1f})")
    from detector.fileio import write_text_atomic

    write_text_atomic(args.out, json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
