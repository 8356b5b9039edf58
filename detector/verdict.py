"""From findings, sentence probabilities and the translation verdict to an article's verdict.

Three questions, three axes (see ``detector.findings``):

- ``translation``: was the article machine-translated? The translation model's calibrated
  probability (when the model has one), plus words left untranslated.
- ``rewriting``: was it stitched or spun? Duplicates, name variants, pronoun slips, seams
  inside prose, broken quotes.
- ``residue``: does it carry scraping leftovers? Ads, widgets, navigation, encoding damage.

Each finding adds *evidence* to its axis: its type's weight times its confidence, times the
square root of the classifier's probability for its sentence (a sentence the classifier has
learnt to read as clean, for instance from a user's own labels, counts for less; the root
keeps one sceptical classifier from erasing a confident detector). Several findings in one
sentence add with diminishing returns (the second counts half, the third a quarter, ...), so
one noisy sentence cannot outweigh scars spread over an article.

An axis is ``suspect`` from ``suspect`` evidence and ``flagged`` from ``flagged`` evidence;
its score is ``E / (E + 1)``, which keeps growing (six scars score above one) instead of
saturating at 1.0.

The article label answers "machine-translated or automatically rewritten?": ``artifacted``
when rewriting is flagged, ``suspect`` when rewriting is suspect or translation is flagged
(or words were left untranslated), else ``clean``. Residue is reported on its own axis and
never changes the label. The article score lies in its label's band (clean below
``suspect``, suspect below ``artifacted``, artifacted above) and rises inside it with all the
evidence, residue included, so it ranks articles: more, surer, weightier scars score higher,
and two different articles practically never tie.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .data import Finding
from .findings import AXES, finding_type

#: Axis thresholds in units of evidence (one finding of weight 1 and confidence 1 is 1.0).
#: suspect 0.5: one confident scar of a heavy type, or two light ones; flagged 1.5: two or more
#: confident scars. Measured against the real-pages and WMT human-translation false-alarm rates
#: (benchmarks/real_pages.py, benchmarks/wmt_separation.py); a model's metadata may override them.
AXIS_THRESHOLDS: dict[str, dict[str, float]] = {
    "translation": {"suspect": 0.5},
    "rewriting": {"suspect": 0.5, "flagged": 1.5},
    "residue": {"suspect": 0.5, "flagged": 1.5},
}
#: Article score bands (the label thresholds on the score; a model's metadata may override them).
BANDS: dict[str, float] = {"suspect": 0.5, "artifacted": 0.85}
#: How much each kind of evidence moves an article inside its band. Residue counts less than
#: rewriting (it is not what the label is about, but a page full of it ranks above a clean
#: one); the translation probability counts fully; the mean sentence probability only breaks ties.
RANK_WEIGHTS: dict[str, float] = {"rewriting": 1.0, "translation": 1.0, "residue": 0.5, "sentences": 0.1}
#: Diminishing returns for several findings of one axis in one sentence.
SAME_SENTENCE_DECAY = 0.5


@dataclass(slots=True)
class Axis:
    """One axis of an article's verdict."""

    name: str
    score: float
    label: str
    reasons: list[str] = field(default_factory=list)
    findings: list[int] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    #: the translation model's flagging threshold (translation axis with a model only)
    threshold: float | None = None
    #: evidence in finding units (what the thresholds compare against)
    evidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"score": round(float(self.score), 4), "label": self.label}
        if self.threshold is not None:
            out["threshold"] = round(float(self.threshold), 4)
        out["reasons"] = list(self.reasons)
        out["findings"] = list(self.findings)
        out["sentences"] = list(self.sentences)
        return out


@dataclass(slots=True)
class Verdict:
    score: float
    label: str
    axes: dict[str, Axis]


def finding_evidence(f: Finding, sentence_p: float) -> float:
    ft = finding_type(f.type)
    weight = ft.weight if ft is not None else 1.0
    return weight * float(f.confidence) * math.sqrt(min(max(sentence_p, 0.0), 1.0))


def _axis_evidence(indexed: list[tuple[int, Finding]], sentence_scores) -> float:
    per_sentence: dict[int, list[float]] = defaultdict(list)
    for _, f in indexed:
        p = sentence_scores[f.sentence] if 0 <= f.sentence < len(sentence_scores) else 1.0
        per_sentence[f.sentence].append(finding_evidence(f, p))
    total = 0.0
    for values in per_sentence.values():
        values.sort(reverse=True)
        total += sum(v * SAME_SENTENCE_DECAY**k for k, v in enumerate(values))
    return total


def _finding_reasons(indexed: list[tuple[int, Finding]]) -> list[str]:
    """'2 near-duplicate sentences (sentences 4, 9)' per type, strongest type first."""
    by_type: dict[str, list[Finding]] = defaultdict(list)
    for _, f in indexed:
        by_type[f.type].append(f)
    order = sorted(by_type, key=lambda t: -sum(f.confidence for f in by_type[t]))
    out = []
    for t in order:
        fs = by_type[t]
        ft = finding_type(t)
        name = ft.heading if ft is not None else t.replace("_", " ")
        where = sorted({f.sentence + 1 for f in fs})
        shown = ", ".join(str(i) for i in where[:6]) + (", ..." if len(where) > 6 else "")
        out.append(f"{len(fs)} × {name.lower()} (sentence{'s' if len(where) > 1 else ''} {shown})")
    return out


def _label(evidence: float, th: dict[str, float]) -> str:
    if "flagged" in th and evidence >= th["flagged"]:
        return "flagged"
    if evidence >= th.get("suspect", math.inf):
        return "suspect"
    return "clean"


def _thresholds(model_thresholds: dict | None, axis_thresholds: dict | None
                ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    axes = {a: dict(v) for a, v in AXIS_THRESHOLDS.items()}
    bands = dict(BANDS)
    for a, v in (axis_thresholds or {}).items():
        if a in axes and isinstance(v, dict):
            axes[a].update({k: float(x) for k, x in v.items() if isinstance(x, int | float)})
    if model_thresholds:
        for k in bands:
            if isinstance(model_thresholds.get(k), int | float):
                bands[k] = float(model_thresholds[k])
    return axes, bands


def decide(findings: list[Finding], sentence_scores, mt=None, thresholds: dict | None = None,
           axis_thresholds: dict | None = None) -> Verdict:
    """The article's verdict.

    Args:
        findings: the article's findings, in output order (``Axis.findings`` index this list).
        sentence_scores: the classifier's probability per sentence.
        mt: the translation model's verdict (``detector.mt_style.MTStyle``) or None.
        thresholds: the model's ``thresholds`` (``metadata.json``): the ``suspect`` and
            ``artifacted`` bands of the article score.
        axis_thresholds: the model's ``axis_thresholds``: per axis, the evidence from which it is
            ``suspect`` and ``flagged`` (defaults: AXIS_THRESHOLDS).
    """
    axis_th, bands = _thresholds(thresholds, axis_thresholds)
    grouped: dict[str, list[tuple[int, Finding]]] = {a: [] for a in AXES}
    for i, f in enumerate(findings):
        grouped[f.axis if f.axis in grouped else "rewriting"].append((i, f))

    axes: dict[str, Axis] = {}
    for name in ("rewriting", "residue"):
        items = grouped[name]
        e = _axis_evidence(items, sentence_scores)
        axes[name] = Axis(name=name, score=e / (e + 1.0), label=_label(e, axis_th[name]),
                          reasons=_finding_reasons(items), findings=[i for i, _ in items],
                          sentences=sorted({f.sentence for _, f in items}), evidence=e)

    items = grouped["translation"]
    e_words = _axis_evidence(items, sentence_scores)
    reasons = []
    label = _label(e_words, axis_th["translation"])
    sentences = {f.sentence for _, f in items}
    if mt is not None:
        score, threshold = float(mt.probability), float(mt.threshold)
        if mt.flagged:
            label = "flagged"
            reasons.append(mt.explanation())
            sentences.update(mt.sentences)
        elif not mt.judged:
            reasons.append(mt.explanation())  # too little prose to judge: says so, labels nothing
    else:
        score, threshold = e_words / (e_words + 1.0), None
    reasons += _finding_reasons(items)
    axes["translation"] = Axis(name="translation", score=score, label=label, reasons=reasons,
                               findings=[i for i, _ in items], sentences=sorted(sentences),
                               threshold=threshold, evidence=e_words)

    axes = {a: axes[a] for a in AXES}
    rw, tr = axes["rewriting"].label, axes["translation"].label
    if rw == "flagged":
        label, lo, hi = "artifacted", bands["artifacted"], 1.0
    elif rw == "suspect" or tr != "clean":
        label, lo, hi = "suspect", bands["suspect"], bands["artifacted"]
    else:
        label, lo, hi = "clean", 0.0, bands["suspect"]
    n = len(sentence_scores)
    mean_p = float(sum(sentence_scores)) / n if n else 0.0
    judged = mt is not None and mt.judged
    t = (RANK_WEIGHTS["rewriting"] * axes["rewriting"].evidence
         + RANK_WEIGHTS["translation"] * (axes["translation"].score if judged else 0.0)
         + e_words
         + RANK_WEIGHTS["residue"] * axes["residue"].evidence
         + RANK_WEIGHTS["sentences"] * mean_p)
    # t / (t + 1) < 1 keeps the score inside its band, also after rounding to 4 decimals
    top = hi if label == "artifacted" else hi - 1e-4
    return Verdict(score=lo + (top - lo) * t / (t + 1.0), label=label, axes=axes)
