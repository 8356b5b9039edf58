"""name_variant: the same person or place spelled two ways in one article.

Stitching together two translations mixes their transliterations ("Natalya Popova" in
one paragraph, "Natalia Popova" in the next; "Zelensky" and "Zelenskyy"; "Kharkiv" and
"Kharkov"). One careful text keeps one spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector
from .gender.mentions import _given_name

_DAMAGED = re.compile(r"[âÃÂ]")
_POSSESSIVE = re.compile(r"['’]s?$")
# transliteration alternations, applied in order: Lytvyn/Litvin, Zhumabekov/Jumabekov,
# Radosavljević/Radosavlevich, Nataliya/Natalia, Boiko/Boyko
_SKELETON_RULES = [("lj", "l"), ("nj", "n"), ("zh", "j"), ("kh", "h"), ("sch", "s"), ("sh", "s"),
                   ("tch", "c"), ("ch", "c"), ("ts", "c"), ("tz", "c"), ("ks", "x"), ("yi", "i"),
                   ("iy", "i"), ("ij", "i"), ("y", "i"), ("j", "i"), ("ii", "i"), ("ie", "e"), ("w", "v")]

#: Spellings that string similarity cannot pair: Ukrainian vs Russian-derived forms.
_PLACE_VARIANTS: list[set[str]] = [
    {"Kyiv", "Kiev"}, {"Kharkiv", "Kharkov"}, {"Odesa", "Odessa"}, {"Mykolaiv", "Nikolaev", "Nikolayev"},
    {"Zaporizhzhia", "Zaporozhye", "Zaporizhia"}, {"Dnipro", "Dnepr"}, {"Luhansk", "Lugansk"},
    {"Donbas", "Donbass"}, {"Chornobyl", "Chernobyl"}, {"Lviv", "Lvov"}, {"Vinnytsia", "Vinnitsa"},
]
#: Given names in their Ukrainian and Russian (or other) forms. Two people can carry them:
#: "Vladimir Putin" and "Volodymyr Zelensky" are two names, each spelled the usual way.
_GIVEN_NAME_VARIANTS: list[set[str]] = [
    {"Oleksiy", "Oleksii", "Alexei", "Alexey", "Aleksei", "Aleksey"},
    {"Oleksandr", "Alexander", "Aleksandr", "Olexander"}, {"Volodymyr", "Vladimir"},
    {"Mykola", "Nikolai", "Nikolay"}, {"Andriy", "Andrii", "Andrei", "Andrey"},
    {"Serhiy", "Serhii", "Sergei", "Sergey"}, {"Dmytro", "Dmitry", "Dmitri", "Dmitriy"},
    {"Olena", "Elena", "Yelena"}, {"Iryna", "Irina"}, {"Yulia", "Yuliya", "Julia", "Yuliia"},
    {"Tetiana", "Tatiana", "Tatyana"}, {"Kateryna", "Ekaterina", "Yekaterina"},
    {"Yevhen", "Evgeny", "Yevgeny", "Evgeniy"}, {"Oleh", "Oleg"}, {"Ihor", "Igor"},
    {"Vitaliy", "Vitalii", "Vitaly"}, {"Yuriy", "Yurii", "Yuri", "Yury"}, {"Mykhailo", "Mikhail"},
    {"Mohammed", "Muhammad", "Mohamed", "Mohammad", "Muhammed"}, {"Hussein", "Hussain", "Husain"},
]
_KNOWN_VARIANTS = _PLACE_VARIANTS + _GIVEN_NAME_VARIANTS
_VARIANT_OF = {name: frozenset(group) for group in _KNOWN_VARIANTS for name in group}
_GIVEN_NAMES = frozenset(name for group in _GIVEN_NAME_VARIANTS for name in group)

#: first letters of skeletons that count as the same start (see _word_variant_uncached)
_START_CLASS = {"h": "g", "o": "a", "i": "e"}
_ENDINGS = {"a", "s", "'s", "’s", "n", "an", "ian", "ans", "ians", "es", "ese", "ish", "i", "ic", "ns", "na"}


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=65536)
def _ascii_fold(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A spelling-independent key for a transliterated name."""
    import unicodedata

    w = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    for a, b in _SKELETON_RULES:
        w = w.replace(a, b)
    return w


_STEM_SUFFIXES = ("'s", "’s", "s", "es", "n", "an", "ian", "ians", "ans", "ak", "aks", "ine", "ines",
                  "i", "a", "ese", "ish", "ic", "ns", "na", "ist", "ists", "ies", "o",
                  # gendered surname pairs: Lisouski/Lisouskaya, Orlov/Orlova, Nowicki/Nowicka
                  "ski", "sky", "ska", "skaya", "ov", "ova", "ev", "eva", "ki", "ka")


@lru_cache(maxsize=65536)
def _stems(w: str) -> frozenset[str]:
    w = _POSSESSIVE.sub("", w)
    return frozenset({w} | {w[: -len(x)] for x in _STEM_SUFFIXES if w.endswith(x) and len(w) - len(x) >= 4})


def _inserted_at(a: str, b: str) -> int | None:
    """Where one skeleton is the other with one letter inserted (3 for monteith/moneith), or None."""
    if abs(len(a) - len(b)) != 1:
        return None
    short, long_ = sorted((a, b), key=len)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return i if short[i:] == long_[i + 1 :] else None


def _extension(a: str, b: str) -> bool:
    """True when one word is the other plus one to three letters (Misakubo/Misakubocho), other
    than a doubled last letter (Zelensky/Zelenskyy, a transliteration)."""
    short, long_ = sorted((a.lower(), b.lower()), key=len)
    ext = long_[len(short) :]
    return long_.startswith(short) and 1 <= len(ext) <= 3 and ext != short[-1] * len(ext)


def _is_other_form(a: str, b: str) -> bool:
    """True when one is the other plus an ending (Ivanov/Ivanova, Russia/Russian, Serb/Serbs)."""
    if _stems(a) & _stems(b):
        return True  # Bosnian/Bosniaks, Argentina's/Argentines, Sorokin/Sorokina
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short + "-"):
        return True  # Pantsir/Pantsir-S, Kyiv/Kyiv-based: a designation or compound
    if "-" in a and "-" in b and a.split("-")[0] == b.split("-")[0]:
        return True  # Pantsir-S/Pantsir-C: two models of one family
    if long_.startswith(short):
        # Zelensky/Zelenskyy is a spelling; Ivanov/Ivanova and Serbia/Serbian are forms
        return long_[len(short) :] in _ENDINGS
    # Councilman/Councilwoman
    return a.replace("woman", "man").replace("women", "men") == b.replace("woman", "man").replace("women", "men")


class NameVariantDetector(Detector):
    """Flags the first appearance of a second spelling of a name already used in the article.

    Full names (two or three capitalised words) are compared word by word through a
    transliteration skeleton; single words need stronger evidence.

    Args:
        min_similarity: rapidfuzz ratio between two skeletons (unrelated names that share
            letters, like Maria/Mario, score 80 and stay below).
        max_zipf: words this common in English are distinct words (Austria/Australia), not
            transliterations; transliterated names sit below zipf 3.6.
        min_length: shorter names collide too easily (Ivan/Iran).
    """

    name = "name_variant"
    description = "The same name spelled two ways in one article (mixed transliterations)."
    types = (FindingType(
        "name_variant", description,
        tag="name variant", heading="Name spelled two ways", colour="#74431f", tint="#f0e2d6", underline="dotted",
        axis="rewriting", weight=0.9),)

    def __init__(self, min_similarity: float = 85.0, max_zipf: float = 3.6, min_length: int = 4,
                 single_word_confidence: float = 0.65, slip_confidence: float = 0.4,
                 common_word_confidence: float = 0.7, common_word_similarity: float = 70.0):
        self.min_similarity = min_similarity
        # a one-letter slip or an added ending alone stays below the rewriting axis's "suspect"
        # evidence (weight 0.9 x (0.4 + 0.1) for a full name): the WMT human references have
        # them (Neuheisl/Neuheisel, Michele/Michel) about as often as stitched pages
        self.slip_confidence = slip_confidence
        # "Elon mask": a surname rendered as the English word it resembles
        self.common_word_confidence = common_word_confidence
        self.common_word_similarity = common_word_similarity
        # 0.65 = skeleton ratio 90: Zelensky/Zelenskyy (94) pass, Manolis/Manolakis (87) do not
        self.single_word_confidence = single_word_confidence
        # pairs of names recur across the articles of a batch; the answer depends only on the pair
        self._cache: dict[tuple[str, str, bool], float] = {}
        self.max_zipf = max_zipf
        self.min_length = min_length

    def _word_variant(self, a: str, b: str, *, in_full_name: bool) -> float:
        """Confidence that words ``a`` and ``b`` are two spellings of one name (0 when not)."""
        key = (a, b, in_full_name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._word_variant_uncached(a, b, in_full_name=in_full_name)
            if len(self._cache) > 100_000:
                self._cache.clear()
        return hit

    def _word_variant_uncached(self, a: str, b: str, *, in_full_name: bool) -> float:
        a, b = _POSSESSIVE.sub("", a), _POSSESSIVE.sub("", b)
        if a.lower() == b.lower():  # CANAVERAL in a dateline, Canaveral in the text
            return 0.0
        if _ascii_fold(a).lower().replace("-", "") == _ascii_fold(b).lower().replace("-", ""):
            # Erdoğan/Erdogan, Díaz/Diaz: diacritics dropped by a keyboard or a feed, which
            # careful copy does as well; Pantsir-S/PantsirS is hyphenation: not two translations
            return 0.0
        if _VARIANT_OF.get(a) is not None and b in _VARIANT_OF[a]:
            return 0.85
        if min(len(a), len(b)) < self.min_length or _is_other_form(a, b):
            return 0.0
        if _zipf(a.lower()) > self.max_zipf and _zipf(b.lower()) > self.max_zipf:
            return 0.0
        ka, kb = skeleton(a), skeleton(b)
        if not ka or not kb:
            return 0.0  # a name in a non-Latin alphabet has no skeleton
        if ka == kb:
            return 0.8
        if _extension(a, b):
            return 0.0  # an ending added: a form or a compound (Khabarovsky, YouTuber, Xinhuanet)
        at = _inserted_at(ka, kb)
        if at is not None and at < 2:
            return 0.0  # a letter added in the first syllable makes another name: Zhang/Zhuang
        if at is not None and min(len(ka), len(kb)) >= 5 and at < min(len(ka), len(kb)):
            # a letter dropped or doubled inside the word (Monteith/Moneith, Virat/Viraat): what
            # a typist does, in careful translations as often as in stitched ones. Mixed
            # transliterations differ by systematic substitutions, which the skeleton absorbs.
            return self.slip_confidence
        from rapidfuzz.fuzz import ratio

        sim = ratio(ka, kb)
        same_start = ka[0] == kb[0] or {ka[0], kb[0]} in ({"h", "g"}, {"o", "a"}, {"i", "e"})
        if sim < self.min_similarity or not (same_start or in_full_name):
            return 0.0
        return 0.6 + (sim - self.min_similarity) / 100.0

    def _could_vary(self, a: str, b: str, *, in_full_name: bool) -> bool:
        """False only when ``_word_variant(a, b)`` is certainly 0, from the skeletons' lengths and
        first letters alone: a pair of a known list, or skeletons whose rapidfuzz ratio can reach
        ``min_similarity`` (the ratio is at most 100 * (1 - |la - lb| / (la + lb))) and, for
        single words, that start alike. Lets an article's n names skip most of their n² pairs
        without changing a finding."""
        a, b = _POSSESSIVE.sub("", a), _POSSESSIVE.sub("", b)
        if _VARIANT_OF.get(a) is not None and b in _VARIANT_OF[a]:
            return True
        ka, kb = skeleton(a), skeleton(b)
        if not ka or not kb:
            return False
        if abs(len(ka) - len(kb)) > (1.0 - self.min_similarity / 100.0) * (len(ka) + len(kb)) + 1e-9:
            return False
        return in_full_name or _START_CLASS.get(ka[0], ka[0]) == _START_CLASS.get(kb[0], kb[0])

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        layer = ctx.layer
        # words with encoding damage ("Tehranâ") are the mojibake detector's business
        tokens = [(t.start, t.word) for t in layer.tokens if t.is_cap and not _DAMAGED.search(t.word)]
        # runs of adjacent capitalised words: full names
        runs: list[list[tuple[int, str]]] = [
            [(t.start, t.word) for t in run] for run in layer.cap_runs
            if not any(_DAMAGED.search(t.word) for t in run)
        ]
        out: list[Finding] = []
        flagged: set[str] = set()
        seen_full: dict[tuple[str, ...], int] = {}
        for run in runs:
            if len(run) < 2:
                continue
            # the last two words are the name; words before are titles ("Minister", "Dr")
            run = run[-2:]
            start, end = run[0][0], run[-1][0] + len(run[-1][1])
            if ctx.sentence_at(start) != ctx.sentence_at(end - 1):
                continue  # a run across a sentence cut is two names, not one
            words = tuple(_POSSESSIVE.sub("", w) for _, w in run)
            if words in seen_full:
                continue
            for other, pos in seen_full.items():
                if len(other) != len(words):
                    continue
                if not all(x == y or self._could_vary(y, x, in_full_name=True)
                           for x, y in zip(words, other, strict=True)):
                    continue  # some word pair scores 0: no finding (see _could_vary)
                confs = [1.0 if x == y else self._word_variant(y, x, in_full_name=True) for x, y in zip(words, other, strict=True)]
                if min(confs) > 0 and any(x != y for x, y in zip(words, other, strict=True)):
                    earlier = " ".join(other)
                    out.append(ctx.finding(
                        "name_variant", start, end, min(0.95, min(confs) + 0.1),
                        f"'{text[start:end]}' is written '{earlier}' earlier in the article; mixed "
                        "spellings of one name suggest pieces of different translations were joined.",
                        related=[ctx.sentence_at(pos)], sentence=ctx.sentence_at(start),
                    ))
                    flagged.update(words)
                    break
            seen_full.setdefault(words, run[0][0])
        out.extend(self._single_words(ctx, tokens, runs, flagged))
        taken = {f.start for f in out}
        out.extend(f for f in self._common_word_surnames(ctx, seen_full) if f.start not in taken)
        return sorted(out, key=lambda f: f.start)

    def _common_word_surnames(self, ctx: Context, seen_full: dict[tuple[str, ...], int]) -> list[Finding]:
        """A full name used again with its surname turned into the English word it resembles
        ("Elon Musk" ... "Elon mask", "Elon Mask"): machine translation, or a round trip through
        another language, read the name as a word."""
        surnames: dict[str, list[tuple[str, int]]] = {}
        for words, pos in seen_full.items():
            if len(words) == 2 and _zipf(words[1].lower()) < self.max_zipf:
                surnames.setdefault(words[0], []).append((words[1], pos))
        if not surnames:
            return []
        from rapidfuzz.fuzz import ratio

        text, toks = ctx.text, ctx.layer.tokens
        out: list[Finding] = []
        for t, nxt in zip(toks, toks[1:], strict=False):
            if t.word not in surnames or text[t.end : nxt.start] != " " or t.raw_end != t.end:
                continue
            if _given_name(t.lower) is None:
                continue  # "Hospital Afflicted" ... "Hospital Affiliated": no person
            w = _POSSESSIVE.sub("", nxt.word)
            low = w.lower()
            if _zipf(low) < (3.0 if w.islower() else 4.0) or _given_name(low) is not None:
                continue  # not a common English word (Michel): the full-name comparison's business
            if ctx.sentence_at(t.start) != ctx.sentence_at(nxt.start):
                continue
            for surname, pos in surnames[t.word]:
                if pos >= t.start or w == surname or low[0] != surname[0].lower():
                    continue
                if ratio(low, surname.lower()) < self.common_word_similarity:
                    continue
                start, end = t.start, nxt.end
                out.append(ctx.finding(
                    "name_variant", start, end, self.common_word_confidence,
                    f"'{text[start:end]}' is '{t.word} {surname}' earlier in the article, the surname "
                    f"turned into the word '{low}': a name read as a word by machine translation.",
                    related=[ctx.sentence_at(pos)], sentence=ctx.sentence_at(start),
                ))
                break
        return out

    def _single_words(self, ctx, tokens, runs, flagged) -> list[Finding]:
        """Place names and surnames used alone (Kharkiv/Kharkov, Zelensky/Zelenskyy)."""
        sentence_starts = {s.start for s in ctx.sentences}
        in_run = {pos for run in runs if len(run) > 1 for pos, _ in run}
        # given names and the surnames that follow them; words also used on their own
        surnames: dict[str, set[str]] = {}
        alone: set[str] = set()
        for run in runs:
            for (_, w), nxt in zip(run, run[1:] + [None], strict=True):
                w = _POSSESSIVE.sub("", w)
                if nxt is None:
                    alone.add(w)
                else:
                    surnames.setdefault(w, set()).add(_POSSESSIVE.sub("", nxt[1]))
        first: dict[str, int] = {}
        name_like: set[str] = set()
        for pos, w in tokens:
            if ctx.sentence_at(pos) != ctx.sentence_at(pos + len(w) - 1):
                continue  # a word cut in two by an over-long sentence split
            w = _POSSESSIVE.sub("", w)
            first.setdefault(w, pos)
            # a word capitalised mid-sentence or beside another capitalised word is a name;
            # "Meteorologists said" at the start of a sentence is not
            if pos not in sentence_starts or pos in in_run:
                name_like.add(w)
        names = [w for w in sorted(first, key=first.get) if w in name_like and w not in flagged]
        out = []
        # the earlier names worth comparing (see _could_vary), found without visiting all n²
        # pairs: by the class of the skeleton's first letter, then its length; and those of a
        # known list. Visited in the article's order, as a plain loop over names[:i] would.
        slack = 1.0 - self.min_similarity / 100.0
        by_start: dict[str, list[tuple[int, int]]] = {}
        known: list[int] = []
        for i, later in enumerate(names):
            plain = _POSSESSIVE.sub("", later)
            key = skeleton(plain)
            if key:
                start_class = _START_CLASS.get(key[0], key[0])
                n = len(key)
                candidates = [j for j, m in by_start.get(start_class, ()) if abs(m - n) <= slack * (m + n) + 1e-9]
            else:
                candidates = []
            candidates += [j for j in known if plain in _VARIANT_OF[_POSSESSIVE.sub("", names[j])]]
            for j in sorted(set(candidates)):
                earlier = names[j]
                conf = self._word_variant(earlier, later, in_full_name=False)
                if not conf:
                    continue
                if self._two_people(earlier, later, surnames, alone):
                    continue
                slip = conf == self.slip_confidence
                if _VARIANT_OF.get(later) is None and not slip and (
                        len(later) < 7 or conf < self.single_word_confidence):
                    continue  # single words alone are weak evidence: Maria/Mario, Manolis/Manolakis

                start = first[later]
                out.append(ctx.finding(
                    "name_variant", start, start + len(later), conf,
                    f"'{later}' is spelled '{earlier}' earlier in the article; mixed spellings of one "
                    "name suggest pieces of different translations were joined.",
                    related=[ctx.sentence_at(first[earlier])], sentence=ctx.sentence_at(start),
                ))
                break
            if key:
                by_start.setdefault(start_class, []).append((i, n))
            if _VARIANT_OF.get(plain) is not None:
                known.append(i)
        return out

    @staticmethod
    def _two_people(a: str, b: str, surnames: dict[str, set[str]], alone: set[str]) -> bool:
        """True when ``a`` and ``b`` are forms of one given name that only ever stand before
        different surnames (Vladimir Putin, Volodymyr Zelensky): two people, each named the
        usual way. The same person under both forms is the full-name comparison's business."""
        if a not in _GIVEN_NAMES or b not in _GIVEN_NAMES or a in alone or b in alone:
            return False
        return not (surnames.get(a, set()) & surnames.get(b, set()))
