"""Match the near-duplicate detector's cosine thresholds from one encoder to another.

The thresholds of ``NearDuplicateDetector`` were measured with MiniLM on WMT21 ru-en
(``detector/detectors/duplicates.py``). Another encoder is a different similarity
function, so each threshold is carried over at the same false-pair rate: negatives are all
pairs of distinct sentences (8 words or more) inside one version of a document, positives
the same source segment rendered by two MT systems. Prints, per threshold, the reference
value, the matched value and both encoders' recall at it.

    python -m training.fit_duplicate_cosines --data ../shared/data/wmt21_ruen_news.jsonl \
        --reference minilm --encoder minilm-static
"""

from __future__ import annotations

import argparse
import json
import random

import numpy as np

REFERENCE = {"cosine": 0.80, "cosine_alone": 0.93, "spun_cosine": 0.70, "paragraph_cosine": 0.88}


def pairs(path: str, seed: int = 1, min_words: int = 8):
    docs: dict[str, list[dict]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            docs.setdefault(r["doc"], []).append(r)
    rng = random.Random(seed)
    pos, neg = [], []
    for _, recs in sorted(docs.items()):
        mts = [r["text"].split("\n") for r in recs if r["label"] == "mt"]
        mts = [m for m in mts if len(m) == len(mts[0])]
        humans = [r["text"].split("\n") for r in recs if r["label"] == "human"]
        if len(mts) >= 2:
            a, b = rng.sample(mts, 2)
            pos += [(x, y) for x, y in zip(a, b, strict=True) if len(x.split()) >= min_words and x != y]
        for version in humans[:1] + mts[:1]:
            long = [s for s in version if len(s.split()) >= min_words]
            neg += [(long[i], long[j]) for i in range(len(long)) for j in range(i + 1, len(long))]
    return pos, neg


def cosines(embedder, pairs_):
    texts = sorted({t for p in pairs_ for t in p})
    index = {t: i for i, t in enumerate(texts)}
    E = embedder.encode(texts)
    a = E[[index[x] for x, _ in pairs_]]
    b = E[[index[y] for _, y in pairs_]]
    return (a * b).sum(axis=1)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--reference", default="minilm")
    ap.add_argument("--encoder", default="minilm-static")
    args = ap.parse_args(argv)
    from detector.embed import get_embedder

    pos, neg = pairs(args.data)
    print(f"{len(pos)} positive pairs, {len(neg)} negative pairs")
    ref, new = get_embedder(args.reference), get_embedder(args.encoder)
    rp, rn = cosines(ref, pos), cosines(ref, neg)
    np_, nn = cosines(new, pos), cosines(new, neg)
    out = {}
    for name, t in REFERENCE.items():
        fpr = float((rn >= t).mean())
        matched = float(np.quantile(nn, 1 - fpr)) if fpr > 0 else float(nn.max())
        out[name] = round(matched, 2)
        print(f"{name:17} {args.reference} {t:.2f} (false pairs {fpr:.5f}, recall {(rp >= t).mean():.3f})  "
              f"{args.encoder} {matched:.3f} (false pairs {(nn >= matched).mean():.5f}, recall {(np_ >= matched).mean():.3f})")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
