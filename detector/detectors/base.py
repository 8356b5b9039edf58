"""The detector interface.

A detector is a small class that only decides: given a ``Context`` (one article,
segmented, with its sentence embeddings) it returns findings. The scorer owns
batching, embedding, timing and counting.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from ..data import Finding, Paragraph, Sentence
from ..findings import AXES, FindingType, default_axis
from .textlayer import TextLayer


@dataclass
class Context:
    """One article as the detectors see it.

    Attributes:
        text: the article text; every offset indexes into it.
        paragraphs, sentences: from ``detector.segment.segment``.
        embeddings: (n_sentences, dim) L2-normalised sentence embeddings, or None
            when the caller scores without an encoder (detectors that need them skip).
        cache: scratch space shared by detectors for one article.
        layer: the article's text layer (tokens, quotations, capitalised runs, protected
            spans), built on first use and shared by every detector; see ``textlayer``.
    """

    text: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    embeddings: np.ndarray | None = None
    cache: dict[str, Any] = field(default_factory=dict)
    _starts: list[int] | None = None
    _layer: TextLayer | None = None

    @property
    def layer(self) -> TextLayer:
        if self._layer is None:
            self._layer = TextLayer(self.text, self.paragraphs, self.sentences)
        return self._layer

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence that contains character ``offset`` (or the nearest before it)."""
        if self._starts is None:
            self._starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._starts, offset) - 1
        return max(i, 0)

    def finding(
        self,
        type: str,
        start: int,
        end: int,
        confidence: float,
        explanation: str,
        related: list[int] | None = None,
        sentence: int | None = None,
        axis: str | None = None,
    ) -> Finding:
        """Build a Finding whose ``text`` is exactly ``self.text[start:end]``.

        ``axis`` overrides the type's default verdict axis for this one finding (a seam where
        navigation is glued to a headline is ``residue``, one inside a sentence ``rewriting``).
        """
        if axis is not None and axis not in AXES:
            raise ValueError(f"axis {axis!r} is not one of {AXES}")
        if not (0 <= start < end <= len(self.text)):
            raise ValueError(f"finding span out of bounds: {start}..{end} of {len(self.text)}")
        if sentence is None:
            sentence = self.sentence_at(start)
        sent = self.sentences[sentence]
        if not (sent.start <= start and end <= sent.end):
            # a finding lies inside one sentence: reports and offsets rely on it
            raise ValueError(f"finding span {start}..{end} is not inside sentence {sentence}")
        return Finding(
            type=type,
            sentence=sentence,
            start=start,
            end=end,
            text=self.text[start:end],
            confidence=float(min(max(confidence, 0.0), 1.0)),
            explanation=explanation,
            related=sorted(set(related or []) - {sentence}),
            axis=axis or default_axis(type),
        )


class Detector:
    """Base class: subclasses set ``name``, ``description``, ``types`` and implement ``detect``.

    ``types`` defines each finding code the detector emits (``detector.findings.FindingType``:
    tag, heading, colours, axis, weight); ``codes`` is derived from it.

    Thresholds are keyword arguments of ``__init__`` with defaults; the comment beside each
    default says where the number comes from.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    types: ClassVar[tuple[FindingType, ...]] = ()
    #: the codes of ``types``, set for every subclass
    codes: ClassVar[tuple[str, ...]] = ()
    #: True when the detector needs ``Context.embeddings``.
    needs_embeddings: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.codes = tuple(t.code for t in cls.types)

    def detect(self, ctx: Context) -> list[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def suppressing(self, ctx: Context, found: list[Finding]) -> set[int]:
        """The sentences in which ``found`` overrides the codes of ``suppresses`` (a class
        attribute, when the detector has one): by default every sentence it flags."""
        return {f.sentence for f in found}
