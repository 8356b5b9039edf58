"""Machine translation: does the article read as one pass of machine translation?

The detectors find scars (stitched duplicates, seams, pronoun slips); a clean single pass of
machine translation leaves none. What it leaves is structure: literal constructions carried
over from the source ("it is reported that", "the head of the administration of the city",
"there is"), fewer contractions and possessives, a narrower choice of words, sentences cut
the way the source cut them. To hold across source languages the head reads those habits
through a mask rather than through one language's vocabulary: the most frequent English
words (function words) stay as they are, every other word becomes its shape (``<Cap>``,
``<num>``, a suffix class such as ``<-tion>`` or ``<-ly>``, ``<w>``), and the features are
1-3-grams of that mask inside each sentence, the sentence's word 1-2-grams (phrases shared by
many documents only) and a few article statistics (sentence length
and its spread, moving-window type-token ratio, contraction, possessive and punctuation
rates, one name spelled two ways). A linear model over them (``training/mt_style.py``) gives
a logit, turned into a probability by a Platt curve fitted out of fold, so every score comes
with the phrases and the sentences that drove it.

Typography is folded first (curly and angle quotes to straight, dashes to a hyphen): a
publisher's or a translator's house style must not pass for a translation signal.

The head is plain data (lists, numbers and numpy arrays, no pickled code of ours), so it can
be saved and loaded the safe way. It is optional in a model directory (``mt_style.skops``);
without it articles are scored by their findings alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

HEAD_FILE = "mt_style.skops"
#: the layout of the head's parameters (``Head``); a head of another format must be refitted
HEAD_FORMAT = 2

#: The article score takes MT style in through this term; at the head's threshold it is 0.5
#: (the "suspect" line), and it never exceeds CAP: style alone makes an article suspect,
#: never "artifacted", which needs findings.
CAP = 0.8

_TYPOGRAPHY = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
    "\u00a0": " ", "\u300c": '"', "\u300d": '"', "\u2026": "...",
})

#: words (with an inner apostrophe: "don't", "ministry's") and single punctuation marks
TOKEN_RE = re.compile(r"\w+(?:'\w+)*|[^\w\s]")
#: suffix classes of masked content words, tried in order: a rough part of speech without a tagger
SUFFIXES = ("'s", "n't", "ly", "ing", "ed", "tion", "sion", "ment", "ness", "ity", "ous", "ive", "al", "er", "s")
#: n-gram lengths over the masked tokens
NGRAM_MAX = 3
#: marks the lower-cased word 1-2-grams beside the masked ones: they add what a language in the
#: training data shares across years (+0.02 ROC-AUC on WMT22 Russian and Japanese with WMT21 in
#: training) and cost nothing on a language never seen (leave-one-pair-out, benchmarks/README.md)
WORD_PREFIX = "w:"
#: article statistics, in the order of ``article_stats``
STAT_NAMES = (
    "words per sentence", "spread of sentence length", "type-token ratio (50-word window)",
    "content-word share", "mean word length", "capitalised words", "contractions (n't)",
    "possessives ('s)", "commas", "semicolons", "colons", "parentheses", "quotation marks", "dashes",
    "one name spelled two ways",
)
#: MATTR window (words)
TTR_WINDOW = 50


def fold(text: str) -> str:
    """Text with typography folded (quotes, dashes, no-break spaces); case is kept."""
    return text.translate(_TYPOGRAPHY)


def normalize(text: str) -> str:
    """Lower-case text with typography folded (the preprocessor of heads saved as a
    scikit-learn pipeline by earlier versions)."""
    return fold(text).lower()


def tokens(sentence: str) -> list[str]:
    return TOKEN_RE.findall(fold(sentence))


def mask(toks: list[str], function_words: frozenset[str]) -> list[str]:
    """Each token as the head sees it: a function word lower-cased, punctuation as it is,
    any other word as its shape."""
    out = []
    for i, t in enumerate(toks):
        low = t.lower()
        if not (t[0].isalnum() or t[0] == "_"):
            out.append(t)
        elif low in function_words and (i == 0 or not t[0].isupper() or low == "i"):
            out.append(low)
        elif t[0].isdigit():
            out.append("<num>")
        elif t[0].isupper():
            out.append("<Cap>")
        else:
            out.append(next((f"<-{s}>" for s in SUFFIXES if low.endswith(s) and len(low) > len(s) + 2), "<w>"))
    return out


def ngrams(masked: list[str], n_max: int = NGRAM_MAX) -> list[str]:
    """The 1..n_max-grams of one sentence's masked tokens, with the sentence's boundaries as
    tokens of their own ("<s>", "</s>") in the longer n-grams."""
    seq = ["<s>", *masked, "</s>"]
    out = list(masked)
    for n in range(2, n_max + 1):
        out += [" ".join(seq[i : i + n]) for i in range(len(seq) - n + 1)]
    return out


def locate(gram: str, masked: list[str], toks: list[str]) -> tuple[int, int] | None:
    """(first token, end token) of the first occurrence of ``gram`` (masked or a word n-gram)
    in a sentence."""
    if gram.startswith(WORD_PREFIX):
        parts = gram[len(WORD_PREFIX):].split(" ")
        low = [t.lower() for t in toks]
        return next(((i, i + len(parts)) for i in range(len(low) - len(parts) + 1)
                     if low[i : i + len(parts)] == parts), None)
    seq = ["<s>", *masked, "</s>"]
    parts = gram.split(" ")
    n = len(parts)
    for i in range(len(seq) - n + 1):
        if seq[i : i + n] == parts:
            return max(i - 1, 0), min(i - 1 + n, len(masked))
    return None


def _name_variants(sent_tokens: list[list[str]], function_words: frozenset[str]) -> float:
    """Share of capitalised words (not sentence-initial) that have a near spelling in the same
    article ("Zelenskyy" / "Zelensky", "Nataliya" / "Natalia"): a sentence-by-sentence
    translation renders one name two ways."""
    caps = sorted({t for s in sent_tokens for t in s[1:]
                   if len(t) > 3 and t[0].isupper() and t.isalpha() and t.lower() not in function_words})
    if len(caps) < 2:
        return 0.0
    from rapidfuzz.distance import Levenshtein

    pairs = 0
    for i, a in enumerate(caps):
        for b in caps[i + 1 :]:
            if b[:3] != a[:3]:
                break  # sorted: no later word shares the prefix
            if (abs(len(a) - len(b)) <= 2 and not (a.startswith(b) or b.startswith(a))
                    and Levenshtein.normalized_similarity(a, b) >= 0.7):
                pairs += 1
    return pairs / (len(caps) + 1)


def article_stats(sent_tokens: list[list[str]], function_words: frozenset[str]) -> np.ndarray:
    """The article statistics named in STAT_NAMES."""
    words = [t for s in sent_tokens for t in s if t[0].isalnum()]
    n_words = max(len(words), 1)
    n_tokens = max(sum(len(s) for s in sent_tokens), 1)
    lengths = np.array([sum(1 for t in s if t[0].isalnum()) for s in sent_tokens if s] or [0], dtype=float)
    low = [w.lower() for w in words]
    if len(low) > TTR_WINDOW:
        window = Counter(low[:TTR_WINDOW])
        types = [len(window)]
        for i in range(TTR_WINDOW, len(low)):
            window[low[i]] += 1
            old = low[i - TTR_WINDOW]
            window[old] -= 1
            if not window[old]:
                del window[old]
            types.append(len(window))
        ttr = float(np.mean(types)) / TTR_WINDOW
    else:
        ttr = len(set(low)) / n_words
    content = [w for w in low if w not in function_words and not w[0].isdigit()]
    punct = Counter(t for s in sent_tokens for t in s if not t[0].isalnum())
    return np.array([
        lengths.mean(), lengths.std() / (lengths.mean() + 1.0), ttr,
        len(content) / n_words, sum(map(len, words)) / n_words,
        sum(1 for w in words[1:] if w[0].isupper()) / n_words,
        sum(1 for w in low if w.endswith("n't")) / n_words,
        sum(1 for w in low if w.endswith("'s")) / n_words,
        punct[","] / n_tokens, punct[";"] / n_tokens, punct[":"] / n_tokens,
        (punct["("] + punct[")"]) / n_tokens, punct['"'] / n_tokens, punct["-"] / n_tokens,
        _name_variants(sent_tokens, function_words),
    ], dtype=np.float64)


@dataclass(slots=True)
class ArticleFeatures:
    """One article as the head reads it."""

    #: each sentence's tokens (typography folded) and their masks
    tokens: list[list[str]]
    masked: list[list[str]]
    #: each sentence's n-gram counts, and the article's
    sentence_counts: list[Counter]
    counts: Counter
    stats: np.ndarray


def word_ngrams(toks: list[str]) -> list[str]:
    """The sentence's lower-cased word 1-2-grams, marked with WORD_PREFIX."""
    low = [t.lower() for t in toks]
    return [WORD_PREFIX + t for t in low] + [f"{WORD_PREFIX}{low[i]} {low[i + 1]}" for i in range(len(low) - 1)]


def featurize(sentences: list[str], function_words: frozenset[str], n_max: int = NGRAM_MAX) -> ArticleFeatures:
    toks = [tokens(s) for s in sentences]
    masked = [mask(ts, function_words) for ts in toks]
    per = [Counter(ngrams(m, n_max) + word_ngrams(ts)) if m else Counter() for m, ts in zip(masked, toks, strict=True)]
    counts: Counter = Counter()
    for c in per:
        counts.update(c)
    return ArticleFeatures(toks, masked, per, counts, article_stats(toks, function_words))


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


#: a name or a figure, the slots of a list's template
_TEMPLATE_SLOT = re.compile(r"(?<![\w'’])(?:[A-Z][\w'’.-]*|\d[\d.,:%]*)")


def prose_words(sentences, findings) -> int:
    """Words in an article's sentences that are not page furniture (boilerplate, mojibake), a
    sentence written to the template of an earlier one counted once: a list of "The road through
    Ludlow is closed because of flooding." with other places and figures is one phrasing, however
    long the list (twelve such lines read 0.92 to the head, clean English all the same)."""
    furniture = {f.sentence for f in findings if f.type in _NOT_PROSE}
    seen: set[str] = set()
    n = 0
    for i, s in enumerate(sentences):
        if i in furniture:
            continue
        template = _TEMPLATE_SLOT.sub("#", s.text)
        if template not in seen:
            seen.add(template)
            n += len(s.text.split())
    return n


#: Fewer words of prose than this and the phrasing is not judged: a few sentences carry too few
#: phrases to tell machine from human translation (on WMT news cut to their first sentences, the
#: head flagged human and machine translations alike below about 100 words).
MIN_JUDGED_WORDS = 100


@dataclass(slots=True)
class MTStyle:
    """One article's machine-translation verdict and its evidence."""

    probability: float
    threshold: float
    #: the median probability of human translations in the head's training data
    typical: float
    #: phrases of the article, weight = their share of the decision, strongest first
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
            # "distinct": page furniture is left out and a sentence written to an earlier one's
            # template counts once, so a long page of listings can fall short too
            return (f"Too little prose to judge the phrasing: {self.words} words of distinct prose, "
                    f"judged from {MIN_JUDGED_WORDS} (probability {self.probability:.2f}).")
        lead = ", ".join(f"“{p}”" for p, _ in self.phrases[:4]) or "no particular phrase"
        if self.flagged:
            return (f"Phrasing reads as machine-translated (probability {self.probability:.2f}, flagged from "
                    f"{self.threshold:.2f}); phrases typical of machine translation: {lead}.")
        # below the line the phrases that raised the probability are no evidence (every article
        # has some): named as what the number is made of, not as traits of machine translation
        return (f"Phrasing does not read as machine-translated (probability {self.probability:.2f}, flagged "
                f"from {self.threshold:.2f}); the phrases that raised it most: {lead}.")

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


#: the head's parameters (``Head``): name -> what it must be
_PARAMS = ("format", "function_words", "ngrams", "idf", "ngram_coef", "stat_mean", "stat_scale",
           "stat_coef", "intercept", "calibration")


def _surface(toks: list[str]) -> str:
    """Tokens joined as they would be written: no space before punctuation or after an
    opening bracket."""
    out = ""
    for t in toks:
        if out and (t[0].isalnum() or t in "(\"") and not out.endswith(("(", "-")):
            out += " "
        out += t
    return out


def _readable(toks: list[str], function_words: frozenset[str]) -> bool:
    """A phrase a person can read: two words or more, and a content word or three words
    (no bare "the", ", and" or "of the")."""
    words = [t.lower() for t in toks if t[0].isalpha()]
    return len(words) >= 2 and (len(words) >= 3 or any(w not in function_words for w in words))


class Head:
    """A fitted head: plain parameters (``training/mt_style.py`` writes them), its threshold
    and the typical probability of a human translation.

    The logit is ``intercept + ngram_coef · tfidf(article) + stat_coef · (stats - stat_mean) /
    stat_scale`` where tfidf is (1 + log count) × idf, L2-normalised (scikit-learn's
    TfidfTransformer(sublinear_tf=True)); the probability is ``1 / (1 + exp(-(a·logit + b)))``
    with ``calibration = (a, b)``.
    """

    def __init__(self, params: dict, threshold: float, typical: float):
        from .errors import Errors, ModelError

        if not isinstance(params, dict) or params.get("format") != HEAD_FORMAT or any(k not in params for k in _PARAMS):
            raise ModelError(Errors.E021, f"the MT-style head ({HEAD_FILE}) is of an older format; retrain the model "
                             "with --mt-data")
        self.params = params
        self.threshold = float(threshold)
        self.typical = float(typical)
        self.function_words = frozenset(params["function_words"])
        self.index = {g: i for i, g in enumerate(params["ngrams"])}
        self.idf = np.asarray(params["idf"], dtype=np.float64)
        self.coef = np.asarray(params["ngram_coef"], dtype=np.float64)
        self.stat_mean = np.asarray(params["stat_mean"], dtype=np.float64)
        self.stat_scale = np.asarray(params["stat_scale"], dtype=np.float64)
        self.stat_coef = np.asarray(params["stat_coef"], dtype=np.float64)
        self.intercept = float(params["intercept"])
        self.a, self.b = (float(x) for x in params["calibration"])

    def logit(self, f: ArticleFeatures) -> tuple[float, list[tuple[str, float]]]:
        """The uncalibrated logit of one article and each known n-gram's part of it."""
        known = [(g, c) for g, c in f.counts.items() if g in self.index]
        parts: list[tuple[str, float]] = []
        z = self.intercept + float(self.stat_coef @ ((f.stats - self.stat_mean) / self.stat_scale))
        if known:
            idx = np.fromiter((self.index[g] for g, _ in known), dtype=np.int64, count=len(known))
            x = (1.0 + np.log(np.fromiter((c for _, c in known), dtype=np.float64, count=len(known)))) * self.idf[idx]
            x /= math.sqrt(float(x @ x)) or 1.0
            contrib = x * self.coef[idx]
            z += float(contrib.sum())
            parts = [(g, float(v)) for (g, _), v in zip(known, contrib, strict=True)]
        return z, parts

    def probability(self, z: float) -> float:
        t = self.a * z + self.b
        return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))

    def assess(self, texts: list[str], sentence_texts: list[list[str]], k: int = 6) -> list[MTStyle]:
        """One verdict per article (``texts``: the articles, ``sentence_texts``: their
        sentences), with the phrases and sentences behind it."""
        return [self.assess_one(sents, k) for sents in sentence_texts[: len(texts)]]

    def assess_one(self, sentences: list[str], k: int = 6) -> MTStyle:
        f = featurize(sentences, self.function_words)
        z, parts = self.logit(f)
        p = self.probability(z)
        total = sum(abs(v) for _, v in parts) or 1.0
        # each n-gram's part goes to the sentences it occurs in, by occurrence
        part = dict(parts)
        evidence = np.array([sum(part[g] * c / f.counts[g] for g, c in sc.items() if g in part)
                             for sc in f.sentence_counts])
        pos = np.clip(evidence, 0.0, None)
        shares = (pos / pos.sum()).tolist() if pos.sum() > 0 else [0.0] * len(sentences)
        top = sorted(int(j) for j in np.argsort(-evidence, kind="stable")[:3] if evidence[j] > 0)
        return MTStyle(probability=p, threshold=self.threshold, typical=self.typical,
                       phrases=self._shown(f, parts, total, k, 1.0), counter=self._shown(f, parts, total, 3, -1.0),
                       sentences=top, shares=shares)

    def _shown(self, f: ArticleFeatures, parts: list[tuple[str, float]], total: float, k: int,
               sign: float) -> list[tuple[str, float]]:
        """The ``k`` strongest n-grams pointing ``sign``-wards, as the words they cover in the
        article (first occurrence), readable ones only, each wording once."""
        out: list[tuple[str, float]] = []
        seen: set[str] = set()
        for g, v in sorted(parts, key=lambda gv: -sign * gv[1]):
            if sign * v <= 0 or len(out) >= k:
                break
            # a pattern of shapes alone ("<Cap> . <Cap>") would show words that are not the point
            if not g.startswith(WORD_PREFIX) and not any(t in self.function_words for t in g.split(" ")):
                continue
            s = next(k for k, sc in enumerate(f.sentence_counts) if g in sc)
            span = locate(g, f.masked[s], f.tokens[s])
            toks = f.tokens[s][span[0] : span[1]] if span else []
            while toks and not toks[0][0].isalnum():
                toks = toks[1:]
            while toks and not toks[-1][0].isalnum():
                toks = toks[:-1]
            if not _readable(toks, self.function_words):
                continue
            text = _surface(toks)
            if text.lower() not in seen:
                seen.add(text.lower())
                out.append((text, sign * v / total))
        return out


class PipelineHead:
    """A head saved by earlier versions: a scikit-learn Pipeline (TF-IDF over word 1-2-grams,
    then a linear classifier), or the numpy predictor built from its arrays. Still read, so
    models trained before keep scoring as they did; retrain with ``--mt-data`` for the head
    above. Caches what explanations need."""

    def __init__(self, pipeline, threshold: float, typical: float):
        self.params = pipeline
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
        from .classifier import positive_proba

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


def load_head(obj, threshold: float, typical: float) -> Head | PipelineHead:
    """The head a model directory holds: parameters (this version) or a pipeline (earlier)."""
    if hasattr(obj, "steps"):
        return PipelineHead(obj, threshold, typical)
    return Head(obj, threshold, typical)
