"""Finding-level evaluation on data/eval: per-type precision and recall of the detectors.

    python -m training.eval_findings [--data data/eval/articles.jsonl] [--show-errors]

An expected item is (type, anchor): an exact substring of the article inside the artifact.
A finding matches an expected item of its type when their spans overlap; boilerplate is a
property of a whole line, so there a finding anywhere on the anchor's line matches.
Precision counts findings; recall counts expected items.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

from detector.data import FINDING_TYPES, Finding
from detector.fileio import read_jsonl

DEFAULT_EVAL = Path("data/eval/articles.jsonl")


@dataclass
class TypeScore:
    tp_findings: int = 0
    fp_findings: int = 0
    matched_expected: int = 0
    expected: int = 0
    false_positives: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        n = self.tp_findings + self.fp_findings
        return self.tp_findings / n if n else 1.0

    @property
    def recall(self) -> float:
        return self.matched_expected / self.expected if self.expected else 1.0


def load_eval(path: Path = DEFAULT_EVAL) -> list[dict]:
    return [rec.value for rec in read_jsonl(path)]


def eval_sha256(path: Path = DEFAULT_EVAL) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def anchor_span(text: str, anchor: str, occurrence: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(anchor, pos + 1)
        if pos < 0:
            raise ValueError(f"anchor {anchor!r} (occurrence {occurrence}) not in text")
    return pos, pos + len(anchor)


def _line(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


def _matches(f: Finding, typ: str, span: tuple[int, int], text: str) -> bool:
    if f.type != typ:
        return False
    a, b = span
    if typ == "boilerplate":
        a, b = _line(text, a)
    return f.start < b and a < f.end


def score_findings(articles: list[dict], findings_per_article: list[list[Finding]]) -> dict[str, TypeScore]:
    scores = {t: TypeScore() for t in FINDING_TYPES}
    for art, findings in zip(articles, findings_per_article, strict=True):
        text = art["text"]
        expected = [(e["type"], anchor_span(text, e["anchor"], e.get("occurrence", 0))) for e in art["expected"]]
        for typ, span in expected:
            scores[typ].expected += 1
            if any(_matches(f, typ, span, text) for f in findings):
                scores[typ].matched_expected += 1
            else:
                scores[typ].misses.append((art["id"], text[span[0]:span[1]]))
        for f in findings:
            s = scores.setdefault(f.type, TypeScore())
            if any(_matches(f, typ, span, text) for typ, span in expected):
                s.tp_findings += 1
            else:
                s.fp_findings += 1
                s.false_positives.append((art["id"], f.text[:80], f.explanation[:100]))
    return scores


def run(articles: list[dict], detectors=None, embedder=None) -> list[list[Finding]]:
    """Findings of the registered detectors for each eval article (embedded in one batch)."""
    from detector.detectors import Context, all_detectors
    from detector.scoring import run_detectors
    from detector.segment import segment

    if embedder is None:
        from detector.embed import get_embedder

        embedder = get_embedder()
    detectors = detectors if detectors is not None else all_detectors(getattr(embedder, "key", None))
    segs = [segment(a["text"]) for a in articles]
    emb = embedder.encode([s.text for _, sents in segs for s in sents])
    out, off = [], 0
    for art, (paras, sents) in zip(articles, segs, strict=True):
        ctx = Context(text=art["text"], paragraphs=paras, sentences=sents, embeddings=emb[off : off + len(sents)])
        off += len(sents)
        out.append(run_detectors(detectors, ctx))
    return out


def summary(scores: dict[str, TypeScore], articles: list[dict], findings: list[list[Finding]]) -> dict:
    clean_findings = sum(len(f) for a, f in zip(articles, findings, strict=True) if a.get("kind") == "clean")
    return {
        "per_type": {t: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                         "findings": s.tp_findings + s.fp_findings, "expected": s.expected}
                     for t, s in scores.items()},
        "findings_on_clean_articles": clean_findings,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    arts = load_eval(args.data)
    found = run(arts)
    scores = score_findings(arts, found)
    print(f"{'type':<20}{'precision':>10}{'recall':>8}{'found':>7}{'expected':>9}")
    for t, s in scores.items():
        print(f"{t:<20}{s.precision:>10.3f}{s.recall:>8.3f}{s.tp_findings + s.fp_findings:>7}{s.expected:>9}")
    print(f"findings on clean articles: {summary(scores, arts, found)['findings_on_clean_articles']}")
    if args.show_errors:
        for t, s in scores.items():
            for fp in s.false_positives:
                print(f"FP {t}: {fp}")
            for miss in s.misses:
                print(f"MISS {t}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
