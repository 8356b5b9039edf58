"""Machine-translation style: does the article read as one pass of machine translation?

The detectors find scars (stitched duplicates, seams, pronoun slips); a clean single pass of
machine translation leaves none. What it leaves is phrasing: literal constructions carried
over from the source ("it is reported", "there is", "of the" chains, "according to the
source"), fewer contractions and possessives, a narrower choice of words. The head is a
linear model over word 1-2-grams (TF-IDF), trained on machine and human translations of the
same documents (``training/mt_style.py``), so every score comes with the phrases that drove it.

Typography is normalised first (curly and angle quotes to straight, dashes to a hyphen): a
publisher's or a translator's house style must not pass for a translation signal.

The head is optional in a model directory (``mt_style.skops``); without it articles are
scored by their findings alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .classifier import positive_proba

HEAD_FILE = "mt_style.skops"

#: The article score takes MT style in through this term; at the head's threshold it is 0.5
#: (the "suspect" line), and it never exceeds CAP: style alone makes an article suspect,
#: never "artifacted", which needs findings.
CAP = 0.8

_TYPOGRAPHY = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
    "\u00a0": " ",
})

#: words and single punctuation marks, so "it 's" and '" -' are n-grams too
TOKEN_PATTERN = r"(?u)\b\w+\b|[^\w\s]"


def normalize(text: str) -> str:
    """Lower-case text with typography folded (the vectorizer's preprocessor)."""
    return text.translate(_TYPOGRAPHY).lower()


def make_vectorizer(vocabulary: list[str]):
    """The head's TF-IDF over word 1-2-grams of ``vocabulary`` (chosen by training/mt_style.py)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(preprocessor=normalize, token_pattern=TOKEN_PATTERN, ngram_range=(1, 2),
                           vocabulary=vocabulary, sublinear_tf=True, dtype=np.float32)


#: the term's value for a typical human translation (probability at ``typical``)
TYPICAL_TERM = 0.02


def _logit(x: float) -> float:
    x = min(max(x, 1e-6), 1 - 1e-6)
    return math.log(x / (1 - x))


def contribution(p: float, threshold: float, typical: float, cap: float = CAP) -> float:
    """The article-score term for MT probability ``p``.

    A logistic curve in logit(p), monotone, so it orders articles as the head does: about
    TYPICAL_TERM at ``typical`` (the median probability of human translations in training),
    0.5 at ``threshold`` (where the head flags), approaching ``cap`` above it.
    """
    k = _logit(0.5 / cap)
    gap = _logit(threshold) - _logit(typical)
    slope = (k - _logit(TYPICAL_TERM / cap)) / gap if gap > 1e-6 else 1.0
    z = slope * (_logit(p) - _logit(threshold)) + k
    # a steep slope sends z far from 0 at the ends of the range: a sigmoid that cannot overflow
    return cap / (1.0 + math.exp(-z)) if z >= 0 else cap * math.exp(z) / (1.0 + math.exp(z))


def combine(artifact_score: float, mt_term: float) -> float:
    """Noisy-OR of the findings' article score and the MT-style term."""
    return 1.0 - (1.0 - artifact_score) * (1.0 - mt_term)


_FUNCTION_WORDS = frozenset("""the a an and or but of to in on at by for with from that this these those is are was
were be been it its as not which who whom whose there their they them he she his her we our you your i""".split())


def readable_phrase(text: str) -> bool:
    """A phrase an editor can read as evidence: words only (no punctuation n-gram such as ", and"),
    and two words or more, or one word that is not a function word ("the" explains nothing)."""
    tokens = text.split()
    if not tokens or any(not any(c.isalnum() for c in t) for t in tokens):
        return False
    return len(tokens) >= 2 or (len(tokens[0]) >= 4 and tokens[0].lower() not in _FUNCTION_WORDS)


#: a sentence shorter than this is a caption, a button or a form line, not evidence of phrasing
MIN_LITERAL_WORDS = 6
#: finding types that mark a sentence as page furniture rather than the article's prose
_NOT_PROSE = frozenset({"boilerplate", "mojibake"})


def literal_sentences(result: dict, limit: int = 3) -> list[int]:
    """The sentences to show as "most literal" for a result dict: the head's choice without
    the ones that are not prose (boilerplate, comment-form and share lines, short fragments)."""
    def items(value) -> list:
        return value if isinstance(value, list) else []

    mt = result.get("mt_style") if isinstance(result.get("mt_style"), dict) else {}
    texts = {s.get("index", n): str(s.get("text", "")) for n, s in enumerate(items(result.get("sentences")))
             if isinstance(s, dict)}
    furniture = {f.get("sentence") for f in items(result.get("findings"))
                 if isinstance(f, dict) and f.get("type") in _NOT_PROSE}
    out = [i for i in items(mt.get("sentences"))
           if type(i) is int and i in texts and i not in furniture and len(texts[i].split()) >= MIN_LITERAL_WORDS]
    return out[:limit]


def prose_words(sentences, findings) -> int:
    """Words in an article's sentences that are not page furniture (boilerplate, mojibake)."""
    furniture = {f.sentence for f in findings if f.type in _NOT_PROSE}
    return sum(len(s.text.split()) for i, s in enumerate(sentences) if i not in furniture)


#: Fewer words of prose than this and the phrasing is not judged: a few sentences carry too few
#: phrases to tell machine from human translation (on WMT news cut to their first sentences, the
#: head flagged human and machine translations alike below about 100 words).
MIN_JUDGED_WORDS = 100


@dataclass(slots=True)
class MTStyle:
    """One article's MT-style verdict and its evidence."""

    probability: float
    threshold: float
    #: the median probability of human translations in the head's training data
    typical: float
    #: phrases (n-grams) in the article, weight = their share of the decision, strongest first
    phrases: list[tuple[str, float]]
    #: phrases pointing the other way (human translation)
    counter: list[tuple[str, float]]
    #: sentences whose phrasing leans furthest towards machine translation
    sentences: list[int]
    #: each sentence's share of the verdict (its lean towards machine translation, normalised
    #: to sum to 1 over the sentences that lean that way; 0 for the others)
    shares: list[float] | None = None
    #: words of prose the verdict was read from (boilerplate lines left out); None: not counted
    words: int | None = None

    @property
    def judged(self) -> bool:
        """False when the article has too little prose for a verdict (MIN_JUDGED_WORDS)."""
        return self.words is None or self.words >= MIN_JUDGED_WORDS

    @property
    def flagged(self) -> bool:
        return self.judged and self.probability >= self.threshold

    @property
    def term(self) -> float:
        return contribution(self.probability, self.threshold, self.typical)

    def explanation(self) -> str:
        if not self.judged:
            return (f"Too short to judge the phrasing: {self.words} words of prose, judged from "
                    f"{MIN_JUDGED_WORDS} (probability {self.probability:.2f}).")
        verdict = ("reads as machine-translated" if self.flagged
                   else "does not read as machine-translated")
        lead = ", ".join(f"“{p}”" for p, _ in self.phrases[:4]) or "no particular phrase"
        return (f"Phrasing {verdict} (probability {self.probability:.2f}, flagged from "
                f"{self.threshold:.2f}); phrases typical of machine translation: {lead}.")

    def to_dict(self) -> dict:
        return {
            "probability": round(float(self.probability), 4),
            "threshold": round(float(self.threshold), 4),
            "flagged": self.flagged,
            "words": self.words,
            "explanation": self.explanation(),
            "phrases": [{"text": p, "weight": round(float(w), 4)} for p, w in self.phrases],
            "counter_phrases": [{"text": p, "weight": round(float(w), 4)} for p, w in self.counter],
            "sentences": list(self.sentences),
        }


class Head:
    """A fitted head (a scikit-learn Pipeline: TF-IDF vectorizer, then a linear classifier) and
    the threshold it flags from; caches what explanations need."""

    def __init__(self, pipeline, threshold: float, typical: float):
        self.pipeline = pipeline
        self.threshold = float(threshold)
        self.typical = float(typical)
        self.vec, self.clf = pipeline.steps[0][1], pipeline.steps[-1][1]
        sign = 1.0 if list(self.clf.classes_).index(1) == 1 else -1.0
        self.coef = sign * np.asarray(self.clf.coef_[0], dtype=np.float64)
        self._shown: tuple[np.ndarray, np.ndarray] | None = None

    def _phrases(self) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary's n-grams and the order they are shown in: 0 for two-word phrases,
        1 for single words, 2 for n-grams without a letter (never shown). Built on first use."""
        if self._shown is None:
            names = self.vec.get_feature_names_out()
            rank = np.array([2 if not any(c.isalpha() for c in n) else 0 if " " in n else 1 for n in names])
            self._shown = (names, rank)
        return self._shown

    def assess(self, texts: list[str], sentence_texts: list[list[str]], k: int = 6) -> list[MTStyle]:
        """One verdict per article, with the phrases and sentences behind it."""
        if not texts:
            return []
        names, rank = self._phrases()
        X = self.vec.transform(texts)
        P = positive_proba(self.clf, X)
        flat = [s for sents in sentence_texts for s in sents]
        lean_all = np.asarray(self.vec.transform(flat) @ self.coef).ravel() if flat else np.zeros(0)
        out, offset = [], 0
        for i, sents in enumerate(sentence_texts):
            row = X.getrow(i)
            idx, contrib = row.indices, row.data * self.coef[row.indices]
            total = float(np.abs(contrib).sum()) or 1.0
            # the model weighs punctuation n-grams too; a person is shown phrases with words,
            # two-word phrases first ("it is" says more than "the")
            order = np.lexsort((-contrib, rank[idx]))
            shown = order[rank[idx][order] < 2]
            pos = [(str(names[idx[j]]), float(contrib[j]) / total) for j in shown if contrib[j] > 0][:k]
            neg = [(str(names[idx[j]]), float(-contrib[j]) / total)
                   for j in sorted(shown, key=lambda j: contrib[j]) if contrib[j] < 0][:3]
            lean = lean_all[offset : offset + len(sents)]
            offset += len(sents)
            top = sorted(int(j) for j in np.argsort(-lean, kind="stable")[:3] if lean[j] > 0)
            positive = np.clip(lean, 0.0, None)
            shares = (positive / positive.sum()).tolist() if positive.sum() > 0 else [0.0] * len(sents)
            out.append(MTStyle(probability=float(P[i]), threshold=self.threshold, typical=self.typical,
                               phrases=pos, counter=neg, sentences=top, shares=shares))
        return out
