"""The data model: articles in, results out.

Every position is a character offset into ``Article.text``; for every finding
``article.text[f.start:f.end] == f.text`` holds (tested with Hypothesis).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LABELS: tuple[str, ...] = ("clean", "suspect", "artifacted")


def __getattr__(name: str):
    # FINDING_TYPES, the public finding codes (renaming one is a breaking change), come from the
    # finding-type registry (detector.findings), which imports the detectors: only on first use
    if name == "FINDING_TYPES":
        from .findings import codes

        return codes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(slots=True)
class Article:
    """One article as read from an input.

    ``meta`` carries any extra input fields (JSONL/CSV columns) through to the output.
    ``line`` is the 1-based line or row of the record in its input, when there is one.
    """

    id: str
    text: str
    title: str = ""
    source: str = ""
    line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Sentence:
    """A scoring unit: a sentence, or a short line that stands alone (headline, dateline, ad marker)."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    #: True for a line that is its own unit (a short line with no sentence punctuation).
    standalone: bool = False


@dataclass(slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    sentences: list[int]


@dataclass(slots=True)
class Finding:
    """One artifact found in an article.

    Attributes:
        type: a code from FINDING_TYPES.
        sentence: index of the sentence the finding sits in.
        start, end: character span in the article text.
        text: ``article.text[start:end]``.
        confidence: 0..1, the detector's confidence that this is an artifact.
        explanation: one sentence a person understands.
        related: indices of sentences that are its evidence (the other half of a duplicate,
            the antecedent of a pronoun).
        axis: the verdict axis it speaks to (``translation``, ``rewriting`` or ``residue``;
            see detector.findings); by default its type's.
    """

    type: str
    sentence: int
    start: int
    end: int
    text: str
    confidence: float
    explanation: str
    related: list[int] = field(default_factory=list)
    axis: str = ""

    def __post_init__(self) -> None:
        if not self.axis:
            from .findings import default_axis

            self.axis = default_axis(self.type)

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "confidence": round(float(self.confidence), 4),
            "explanation": self.explanation,
            "related": list(self.related),
            "axis": self.axis,
        }


@dataclass(slots=True)
class ArticleResult:
    """The scored article: what every output format is made from."""

    article: Article
    sentences: list[Sentence]
    sentence_scores: list[float]
    findings: list[Finding]
    score: float
    label: str
    model_name: str
    model_version: str
    #: the machine-translation style verdict (detector.mt_style.MTStyle), when the model has a head
    mt_style: Any = None
    #: the verdict axes (name -> detector.verdict.Axis): translation, rewriting, residue
    axes: dict[str, Any] = field(default_factory=dict)
    #: each sentence's share of the translation verdict (0 without a translation model)
    sentence_translation: list[float] | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.type] = counts.get(f.type, 0) + 1
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        shares = self.sentence_translation or [0.0] * len(self.sentences)
        out: dict[str, Any] = {
            "id": a.id,
            "source": a.source,
            "title": a.title,
            "score": round(float(self.score), 4),
            "label": self.label,
            "counts": self.counts,
            "sentences": [
                {
                    "index": s.index,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "score": round(float(p), 4),
                    "paragraph": s.paragraph,
                    "translation": round(float(t), 4),
                }
                for s, p, t in zip(self.sentences, self.sentence_scores, shares, strict=True)
            ],
            "findings": [f.to_dict() for f in self.findings],
            "axes": {name: axis.to_dict() for name, axis in self.axes.items()},
            "model": {"name": self.model_name, "version": self.model_version},
        }
        if self.mt_style is not None:
            out["mt_style"] = self.mt_style.to_dict()
        if a.warnings:
            out["warnings"] = list(a.warnings)
        if a.meta:
            out["meta"] = dict(a.meta)
        return out


@dataclass(slots=True)
class ErrorRecord:
    """A record that could not be scored; it takes the record's place in the output."""

    id: str
    source: str
    code: str
    message: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        err: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.line is not None:
            err["line"] = self.line
        return {"id": self.id, "source": self.source, "error": err}
