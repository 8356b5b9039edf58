"""name_variant: the same person or place spelled two ways in one article.

Stitching together two translations mixes their transliterations ("Natalya Popova" in
one paragraph, "Natalia Popova" in the next; "Zelensky" and "Zelenskyy"; "Kharkiv" and
"Kharkov"). One careful text keeps one spelling.

Translation mangles names beyond spelling too, and those are found here as well: a name left in
its source script beside its transliteration ("Зеленский" ... "Zelensky"), a name read as the
English word it resembles ("Elon mask"; "Helmet said" for Helmut), a given name and a surname
swapped ("Zelensky Volodymyr"), a name written in lower case ("said zelensky"), a well-known
name with a letter doubled that no text spells so ("Guardiolla"), and a surname the article has
established used once more, bare, with letters added ("Mr. Fenn" ... "Fennell's government").
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .. import lexicon
from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector
from .figures import PARTICLES, Figure, fold, gazetteer, skeleton, sound_key
from .gender.mentions import _given_name
from .lexical import first_names

_DAMAGED = re.compile(r"[âÃÂ]")
_POSSESSIVE = re.compile(r"['’]s?$")
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
    # Arabic given names of South Asian, Middle Eastern and African copy, whose vowels English writes
    # several ways (the script leaves short vowels unwritten): too short for string similarity
    {"Aisha", "Ayesha", "Aysha", "Aishah"}, {"Fatima", "Fatema", "Fatimah"}, {"Ahmed", "Ahmad"},
    {"Yusuf", "Yousuf", "Yousef", "Youssef"}, {"Osman", "Usman", "Othman", "Uthman"}, {"Rahman", "Rehman"},
    {"Khadija", "Khadijah", "Khadeeja"},
]
_KNOWN_VARIANTS = _PLACE_VARIANTS + _GIVEN_NAME_VARIANTS
_VARIANT_OF = {name: frozenset(group) for group in _KNOWN_VARIANTS for name in group}
_GIVEN_NAMES = frozenset(name for group in _GIVEN_NAME_VARIANTS for name in group)

#: first letters of skeletons that count as the same start (see _word_variant_uncached)
_START_CLASS = {"h": "g", "o": "a", "i": "e"}
#: Verbs of saying after a speaker's name ("Mensa said", "Band told reporters").
_SAYS = frozenset("said says told tells added adds explained noted stressed warned replied wrote argued insisted".split())
#: Surname stems whose woman's form adds "-a" (Ivanov/Ivanova, Kowalski/Kowalska is another
#: ending): a man of the family, not a name cut short.
_SLAVIC_STEMS = ("ov", "ev", "in", "yn", "sk", "ck")
_ENDINGS = {"a", "s", "'s", "’s", "n", "an", "ian", "ans", "ians", "es", "ese", "ish", "i", "ic", "ns", "na"}


#: A wire dateline opening a sentence: "HAIFA, Israel —", "CÓRDOBA, Argentina (AP) —".
_DATELINE = re.compile(
    r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'-]+(?: [A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'-]+)*(?:,\s*[A-Z][\w .]{0,30}?)?"
    r"\s*(?:\([^)]{1,30}\))?\s*[-–—]{1,2}\s+"
)


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=65536)
def _ascii_fold(word: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


#: Latin letter groups that romanisations write for one consonant, as the single letter the
#: transliteration table (resources/lexicon/transliteration.tsv) writes for it; applied in order
_CONSONANT_RULES = [("shch", "s"), ("sch", "s"), ("dzh", "j"), ("tch", "c"), ("ch", "c"), ("sh", "s"),
                    ("zh", "j"), ("kh", "k"), ("gh", "g"), ("dj", "j"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                    ("ts", "c"), ("tz", "c"), ("ck", "k"), ("q", "k"), ("x", "ks")]
_NOT_CONSONANTS = re.compile(r"[^bcdfgjklmnprstvz]")
_DOUBLED = re.compile(r"(.)\1+")
#: English spellings of a long vowel in Arabic, Persian and South Asian names (Shareef/Sharif,
#: Raheem/Rahim, Noor/Nur): two spellings of one name, as transliterations are; and "ow" before a
#: consonant, a diphthong written "ou" as often (Chowdhury/Choudhury; the skeleton reads w as v)
_LONG_VOWELS = re.compile(r"ee|oo|ov(?=[bcdfgjklmnprstz])")


def _vowel_key(key: str) -> str:
    """A skeleton with its long vowels spelled one way: "raseed" and "rasid" are one key, and so are
    "covdhuri" and "coudhuri"."""
    return _LONG_VOWELS.sub(lambda m: {"ee": "i", "oo": "u", "ov": "ou"}[m.group(0)], key)


#: scripts whose names a translation may leave beside their transliteration
_SCRIPTS = ("CYRILLIC", "GREEK", "ARABIC")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "into", "outside", "across", "via", "around"})
_UKRAINIAN_II = re.compile(r"ii(?:[aeiou]|$)")
_OTHER_SCRIPT = re.compile("[\u0370-\u03ff\u0400-\u052f\u0600-\u06ff]")
_GLOSS = re.compile(r"\([^()\n]{1,80}\)")


@lru_cache(maxsize=1)
def _transliteration() -> dict[str, str]:
    return {r["letter"]: r["latin"] for r in lexicon.load("transliteration").records()}


@lru_cache(maxsize=65536)
def _script_of(word: str) -> str | None:
    """'CYRILLIC', 'GREEK' or 'ARABIC' when ``word`` is written in that script, else None."""
    import unicodedata

    name = unicodedata.name(word[0], "")
    return next((s for s in _SCRIPTS if name.startswith(s)), None)


@lru_cache(maxsize=65536)
def consonant_key(word: str) -> str:
    """The consonants of a name as any romanisation writes them, vowels and "h" sounds dropped
    and doubled letters single: "Zelenskyy", "Zelensky", "Зеленский" -> "zlnsk"; "Gorjan" and
    "غورجان" -> "grjn". Comparable across scripts (see resources/lexicon/transliteration.tsv)."""
    if _script_of(word):
        table = _transliteration()
        w = word.lower()
        if w.startswith("ال") and len(w) > 4:
            w = w[2:]  # the Arabic article: "al-" is left out of a romanised name as often as not
        w = "".join(table.get(ch, "") for ch in w)
    else:
        w = _ascii_fold(word).lower()
        for a, b in _CONSONANT_RULES:
            w = w.replace(a, b)
        w = _NOT_CONSONANTS.sub("", w)
    return _DOUBLED.sub(r"\1", w)


@lru_cache(maxsize=65536)
def _script_keys(word: str) -> tuple[str, ...]:
    """The consonant keys of a word in another script: one, or two for a Cyrillic "г", which
    Russian romanises "g" and Ukrainian "h" (Гнатюк: Gnatyuk, Hnatiuk)."""
    key = consonant_key(word)
    without = word.lower().replace("г", "")
    return (key, consonant_key(without)) if without != word.lower() and without else (key,)


_STEM_SUFFIXES = ("'s", "’s", "s", "es", "n", "an", "ian", "ians", "ans", "ak", "aks", "ine", "ines",
                  "i", "a", "ese", "ish", "ic", "ns", "na", "ist", "ists", "ies", "o",
                  # gendered surname pairs: Lisouski/Lisouskaya, Orlov/Orlova, Nowicki/Nowicka
                  "ski", "sky", "ska", "skaya", "ov", "ova", "ev", "eva", "ki", "ka")


@lru_cache(maxsize=65536)
def _stems(w: str) -> frozenset[str]:
    w = _POSSESSIVE.sub("", w)
    return frozenset({w} | {w[: -len(x)] for x in _STEM_SUFFIXES if w.endswith(x) and len(w) - len(x) >= 4})


#: Verbs next to a speaker's name: "said quispe", "quispe added".
_SPEECH_VERBS = frozenset("said says told added noted stated explained recalled warned according asked".split())


def _known_given_name(word: str) -> bool:
    """True for a given name of the gender lexicon (Volodymyr, Helmut), not one only the name
    guesser knows: it takes "Slavia" and Chinese syllables for given names."""
    g = _given_name(word.lower(), False)
    return g is not None and g[2] == "lexicon"


def _undoubled(word: str, skip: tuple[str, ...] = ()) -> list[str]:
    """``word`` with one of its doubled letters single, each way: "pochettiino" -> ["pochettino",
    "pochetiino"]; a pair in ``skip`` stays doubled."""
    return [word[:i] + word[i + 1 :] for i in range(1, len(word))
            if word[i] == word[i - 1] and word[i - 1 : i + 1] not in skip]


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


#: Polish case endings of a woman's name (Anna Nowak-owska: Anny, Annie, Annę, Anną; -skiej, -ską) and
#: a man's (Jan Kowalski: Jana, Janowi, Janem; -skiego, -skiemu, -skim), as a stem's replacements
_POLISH_GIVEN_FEMININE = ("y", "i", "ie", "ę", "ą")
_POLISH_GIVEN_MASCULINE = ("a", "owi", "em", "u")
_POLISH_SURNAME = {"ska": ("skiej", "ską"), "cka": ("ckiej", "cką"), "dzka": ("dzkiej", "dzką"),
                   "ski": ("skiego", "skiemu", "skim"), "cki": ("ckiego", "ckiemu", "ckim"),
                   "dzki": ("dzkiego", "dzkiemu", "dzkim")}


def _declined_name(earlier: tuple[str, ...], later: tuple[str, ...]) -> bool:
    """``later`` is ``earlier`` (a given name and a Polish surname in -ski or -ska) with both names in
    another case: "Anna Nowakowska" -> "Anny Nowakowskiej", "Jan Kowalski" -> "Jana Kowalskiego". English
    copy names a person in the nominative; relatives share the surname's stem but not a given name."""
    (given, surname), (given2, surname2) = earlier, later
    ending = next((e for e in _POLISH_SURNAME if surname.endswith(e)), None)
    if ending is None or len(surname) - len(ending) < 3:
        return False
    stem = surname[: -len(ending)]
    if not any(surname2 == stem + form for form in _POLISH_SURNAME[ending]):
        return False
    if ending.endswith("a"):  # a woman's name: Anna -> Anny, Annie, Annę, Anną
        return given.endswith("a") and any(given2 == given[:-1] + e for e in _POLISH_GIVEN_FEMININE)
    return any(given2 == given + e for e in _POLISH_GIVEN_MASCULINE)


def _accepted(word: str, target: str, fig: Figure) -> bool:
    """True when ``word`` writes ``target``, a word of ``fig``'s name, as careful text may: the
    same letters without diacritics, a listed variant, a transliteration (Sergey/Sergei,
    Zelenskiy/Zelensky) or a known form of a given name (Mohammed/Muhammad)."""
    a, b = fold(word).replace("-", ""), fold(target).replace("-", "")
    if a == b or a in fig.variants or (word in _VARIANT_OF and target in _VARIANT_OF[word]):
        return True
    ka, kb = skeleton(a), skeleton(b)
    if ka == kb:
        return True
    from rapidfuzz.fuzz import ratio

    # an English word is no transliteration: "Snack" is not a spelling of Sunak (ratio 80);
    # a given name is (Mikhail, Mikheil)
    return ratio(ka, kb) >= (90 if _zipf(a) >= 3.0 and _given_name(a) is None else 80)


def _name_spans(toks, text: str):
    """The runs of a sentence's tokens that may be a name, as (words, the tokens before the run,
    closest first, three at most): capitalised words joined by single spaces, with the
    lower-case particles of names inside them ("Mohammed bin Salman", "Bashar al-Assad"),
    particles left out of the words."""
    run: list = []
    before: list = []
    prev = None
    for k, t in enumerate(toks):
        joined = prev is not None and text[prev.raw_end : t.start] == " "
        particle = t.lower in PARTICLES or (t.word[:3].lower() in ("al-", "el-") and t.word[3:4].isupper())
        if run and joined and (t.is_cap or particle):
            run.append(t)
        else:
            if run:
                yield [x for x in run if x.lower not in PARTICLES], before
            run = [t] if t.is_cap else []
            if t.is_cap:
                before = toks[max(0, k - 3) : k][::-1]
        prev = t
    if run:
        yield [x for x in run if x.lower not in PARTICLES], before


def _role_before(before, fig: Figure) -> str | None:
    """The role of ``fig`` named just before a name (``before``: the tokens before it, closest
    first), over "of", "the" and a country or nationality ("Foreign Minister of Turkey ...",
    "foreign minister, Turkish ..."), else None."""
    places = lexicon.words("gender_words", list="place")
    for t in before[:3]:
        if t.lower in fig.roles:
            return t.lower
        if not (t.lower in ("of", "the") or t.lower in places
                or t.is_cap and t.lower.endswith(("ish", "ian", "ese", "ean", "an", "i", "ic"))):
            return None
    return None


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
                 common_word_confidence: float = 0.7, common_word_similarity: float = 70.0,
                 script_confidence: float = 0.75, swapped_confidence: float = 0.7,
                 lower_case_confidence: float = 0.6, known_name_zipf: float = 2.3,
                 translated_name_confidence: float = 0.75, translated_given_confidence: float = 0.6,
                 sound_confidence: float = 0.7, misspelt_noun_confidence: float = 0.6,
                 misspelt_noun_zipf: float = 4.0, rare_given_zipf: float = 4.0,
                 rare_surname_zipf: float = 2.5, declined_confidence: float = 0.7):
        self.min_similarity = min_similarity
        # a Polish name with both its words declined ("Anny Nowakowskiej"): grammar no English copy
        # gives a name, as sure a trace of translation as a swapped name
        self.declined_confidence = declined_confidence
        # a capitalised word rarer than this in English (Jumabekov 0, Quispe 1.4, Diop 2.2; the
        # words that open sentences, "Meteorologists" 2.6, "Officials" 4.3, lie above) may be a
        # surname where a sentence opens, or where the article writes it in lower case
        self.rare_surname_zipf = rare_surname_zipf
        # a one-letter slip or an added ending alone stays below the rewriting axis's "suspect"
        # evidence (weight 0.9 x (0.4 + 0.1) for a full name): the WMT human references have
        # them (Neuheisl/Neuheisel, Michele/Michel) about as often as stitched pages
        self.slip_confidence = slip_confidence
        # "Elon mask": a surname rendered as the English word it resembles
        self.common_word_confidence = common_word_confidence
        self.common_word_similarity = common_word_similarity
        # a name in its source script beside its transliteration, a name's two words swapped, a
        # name in lower case: each a trace of translation, not of typing
        self.script_confidence = script_confidence
        self.swapped_confidence = swapped_confidence
        self.lower_case_confidence = lower_case_confidence
        # a person of the list named in a form no careful text uses (see figures.py): a surname
        # translated as a word, a given name translated, a name rendered again by its sound
        self.translated_name_confidence = translated_name_confidence
        self.translated_given_confidence = translated_given_confidence
        self.sound_confidence = sound_confidence
        # "Paul Churchyes": a given name and a common word with a letter added, used once. The
        # word at Zipf 4 or more (churches 4.3): rarer words one letter off are real surnames
        # as often (Nauseda/nausea 3.5, Zigar/cigar 3.6 in the WMT machine translations)
        self.misspelt_noun_confidence = misspelt_noun_confidence
        # a listed given name rarer than this in English (Elon 3.3, Rishi 2.8, Lionel 3.7) names
        # the person before a surname read as a word ("Elon Mask") even without the role; David,
        # Mark or Joe (4.8 and more) name many people, and "David Lamb" is someone
        self.rare_given_zipf = rare_given_zipf
        self.misspelt_noun_zipf = misspelt_noun_zipf
        # wordfreq's Zipf frequency above which a name is well known: Guardiola 3.0, Virat 2.6,
        # Ancelotti 2.7; a misspelling of one is at 0
        self.known_name_zipf = known_name_zipf
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
        if (len(b) == len(a) - 1 and len(b) >= 5 and a.lower().startswith(b.lower()) and a[-1] != a[-2]
                and a[-1].lower() not in _ENDINGS
                and a[-1].lower() != "y" and _zipf(b.lower()) < self.rare_surname_zipf):
            # the later copy lost the last letter of the name the article established (Otieno,
            # "Otien said"; Xiaoming, "Zhou Xiaomin"): a slip, as a letter dropped inside the word
            # is. A form's ending lost (Ivanova/Ivanov, Serbs/Serb, the Slavic adjective's
            # Khabarovsky/Khabarovsk) and an ending added (a compound: YouTuber) are no slip
            return self.slip_confidence
        if min(len(a), len(b)) < self.min_length or _is_other_form(a, b):
            return 0.0
        if _zipf(a.lower()) > self.max_zipf and _zipf(b.lower()) > self.max_zipf:
            return 0.0
        ka, kb = skeleton(a), skeleton(b)
        if not ka or not kb:
            return 0.0  # a name in a non-Latin alphabet has no skeleton
        if _vowel_key(ka) == _vowel_key(kb):
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
        # the surname after an Arabic article ("al-Khatib", "el-Sayed") is a capitalised word too
        tokens += [(t.start + 3, t.word[3:]) for t in layer.tokens
                   if t.word[:3].lower() in ("al-", "el-") and t.word[3:4].isupper() and not t.is_cap]
        tokens.sort()
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
            if self._swapped(words, seen_full):
                earlier = " ".join(reversed(words))
                out.append(ctx.finding(
                    "name_variant", start, end, self.swapped_confidence,
                    f"'{text[start:end]}' is '{earlier}' earlier in the article, its two names swapped: "
                    "name orders differ between the languages and translations an article was pieced from.",
                    related=[ctx.sentence_at(seen_full[words[::-1]])], sentence=ctx.sentence_at(start),
                ))
                flagged.update(words)
                seen_full.setdefault(words, run[0][0])
                continue
            declined = next((o for o in seen_full if len(o) == 2 and _declined_name(o, words)), None)
            if declined is not None:
                out.append(ctx.finding(
                    "name_variant", start, end, self.declined_confidence,
                    f"'{text[start:end]}' is '{' '.join(declined)}' in a Polish case form (both names "
                    "declined): the machine translation kept the source's grammar in the name.",
                    related=[ctx.sentence_at(seen_full[declined])], sentence=ctx.sentence_at(start),
                ))
                flagged.update(words)
                seen_full.setdefault(words, run[0][0])
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
        for more in (self._common_word_surnames(ctx, seen_full), self._across_scripts(ctx, runs),
                     self._names_read_as_words(ctx, seen_full), self._lower_case_names(ctx, seen_full),
                     self._misspelt_known_names(ctx, runs), self._extended_surnames(ctx, runs, seen_full),
                     self._public_figures(ctx), self._misspelt_word_surnames(ctx)):
            for f in more:
                if not any(f.start < g.end and g.start < f.end for g in out):
                    out.append(f)
        return sorted(out, key=lambda f: f.start)

    def _public_figures(self, ctx: Context) -> list[Finding]:
        """A person often named in the news, named in a form no careful text uses and with no
        correct spelling needed on the page (see ``figures``): a given name translated ("Paul"
        for Pablo) before the surname, a surname translated as the word it is in its own
        language ("Churches" for Iglesias, misspelt or not), or a name rendered again by its
        sound through a second language ("Mouloud Jawish" for Mevlüt Çavuşoğlu) where the
        person's role stands before it or both words are so rendered. Spellings that differ by
        transliteration only (Zelenskyy, Cavusoglu) are the name, and another person who shares
        a given name keeps a surname of his own."""
        gaz = gazetteer()
        text, layer = ctx.text, ctx.layer
        out: list[Finding] = []
        for si in range(len(ctx.sentences)):
            toks = layer.sentence_tokens(si)
            for t, nxt in zip(toks, toks[1:], strict=False):
                # "Elon mask": the surname read as a word and written as one, in lower case
                if t.is_cap and not nxt.is_cap and text[t.raw_end : nxt.start] == " " and t.raw_end == t.end:
                    found = self._figure_at([t, nxt], 0, [], gaz)
                    if found is not None:
                        out.append(ctx.finding("name_variant", t.start, nxt.end, found[1], found[2], sentence=si))
            for words, before in _name_spans(toks, text):
                i = 0
                while i < len(words) - 1:
                    found = self._figure_at(words, i, before, gaz)
                    if found is None:
                        i += 1
                        continue
                    end, conf, why = found
                    out.append(ctx.finding("name_variant", words[i].start, words[end].end, conf, why, sentence=si))
                    i = end + 1
        return out

    def _figure_at(self, words, i: int, before: list, gaz) -> tuple[int, float, str] | None:
        """(index of the name's last word, confidence, explanation) when ``words[i:]`` names a
        person of the list in a mangled form, else None."""
        w = words[i].word
        cands: dict[int, tuple[Figure, str]] = {}
        for form in {fold(w), skeleton(w)}:
            for fig, translated in gaz.by_given_form.get(form, ()):
                cands.setdefault(id(fig), (fig, "translated" if translated else "same"))
        for fig in gaz.by_given_sound.get(sound_key(w), ()):
            if id(fig) not in cands:
                cands[id(fig)] = (fig, "same" if _accepted(w, fig.given[0], fig) else "sound")
        if not cands:
            return None
        before = words[:i][::-1] + before
        best: tuple[int, float, str] | None = None
        for fig, given in cands.values():
            if given == "same" and not _accepted(w, fig.given[0], fig):
                given = "sound"
            window = words[i + 1 : i + 1 + len(fig.given) + len(fig.surname)]
            surname = self._surname_match(window, fig)
            if surname is None:
                continue
            j, how = surname
            c = window[j].word
            end = i + 1 + j
            if given == "same" and how == "same":
                return None  # the name as it is written: no finding, and no other reading of it
            if (fold(w), fold(c)) in gaz.full_names:
                continue  # another person of the list, named right
            right = fig.name
            if how == "meaning" and given in ("same", "translated"):
                from rapidfuzz.fuzz import ratio

                word = max(fig.meanings, key=lambda m: ratio(c.lower(), m))
                found = (end, self.translated_name_confidence,
                         f"'{w} {c}' stands for {right}: the surname translated as the word '{word}', "
                         "a name that machine translation read as a common noun.")
            elif how == "same" and given == "translated" and (_role_before(before, fig) or _zipf(fold(c)) < 3.0):
                # an English given name before a surname common in English-speaking countries
                # (Peter Sanchez, Anthony Costa) may be someone else, unless the role says who
                found = (end, self.translated_given_confidence,
                         f"'{w} {c}' stands for {right}: the given name translated into its English "
                         f"equivalent, which no careful text does for a person named {fig.given[0]}.")
            elif given in ("same", "sound") and how in ("same", "sound", "prefix"):
                role = _role_before(before, fig)
                if how == "sound" and given == "same" and _zipf(c.lower()) >= 3.0 and (
                        role or _zipf(w.lower()) < self.rare_given_zipf):
                    found = (end, self.common_word_confidence,
                             f"'{w} {c}' stands for {right}: the surname read as the English word "
                             f"'{c.lower()}', a name that machine translation read as a word.")
                elif role:
                    # without the role, two words of one consonant key are as often another name
                    # or no name at all (Wasim Ashkar, Peace Prize) as a garbled one
                    shown = " ".join(x.word for x in words[i : end + 1])
                    found = (end, self.sound_confidence,
                             f"'{shown}' stands for {role} {right}: the name rendered again by its sound, as a "
                             "translation through a second language writes it.")
                else:
                    continue
            else:
                continue
            if best is None or found[1] > best[1]:
                best = found
        return best

    def _misspelt_word_surnames(self, ctx: Context) -> list[Finding]:
        """A given name followed by a word that no text uses and that is a common English word
        with one letter added ("Paul Churchyes"): a surname translated as a common noun and
        misspelt, the name of someone the list does not know. A real surname, however rare,
        is no misspelling of a common word, and a person is named again, so the word must be
        used once only; a listed person's name (Nauseda, for Nausėda) is the name."""
        toks = ctx.layer.tokens
        counts: dict[str, int] = {}
        for t in toks:
            counts[t.word] = counts.get(t.word, 0) + 1
        places = lexicon.words("gender_words", list="place")
        gaz = gazetteer()
        out: list[Finding] = []
        for run in ctx.layer.cap_runs:
            for a, b in zip(run, run[1:], strict=False):
                w = b.lower
                if len(w) < 7 or not b.word[1:].islower() or counts[b.word] > 1 or _zipf(w) > 0.0:
                    continue
                if not _known_given_name(a.word):
                    continue
                nouns = [n for n in {w[:k] + w[k + 1 :] for k in range(len(w))}
                         if _zipf(n) >= self.misspelt_noun_zipf and n not in places and _given_name(n) is None]
                if not nouns or any(_accepted(b.word, s, f) for f in gaz.figures for s in f.surname):
                    continue
                out.append(ctx.finding(
                    "name_variant", a.start, b.end, self.misspelt_noun_confidence,
                    f"'{a.word} {b.word}' is a given name and the word '{sorted(nouns)[0]}' with a letter added, "
                    "used nowhere else: a surname translated as a common noun and misspelt.",
                    sentence=ctx.sentence_at(a.start),
                ))
        return out

    @staticmethod
    def _surname_match(window, fig: Figure) -> tuple[int, str] | None:
        """(index in ``window``, how) of the word that names ``fig``'s surname: "same" (its
        spelling or a transliteration), "meaning" (the word the surname is, misspelt or not),
        "sound" (the same consonant key) or "prefix" (a rare word whose key begins the
        surname's: "Jawish" for Çavuşoğlu, its "-oğlu" lost); the best over the window."""
        from rapidfuzz.fuzz import ratio

        rank = {"same": 0, "meaning": 1, "sound": 2, "prefix": 3}
        best: tuple[int, str] | None = None
        for j, t in enumerate(window):
            c = t.word
            for s in fig.surname:
                if _accepted(c, s, fig):
                    how = "same"
                elif any(ratio(c.lower(), m) >= 80 for m in fig.meanings):
                    how = "meaning"
                else:
                    ck, sk = sound_key(c), sound_key(s, fig.lang)
                    if len(ck) >= 2 and ck == sk:
                        how = "sound"
                    elif 2 <= len(ck) < len(sk) <= 2 * len(ck) and sk.startswith(ck) and _zipf(c.lower()) < 3.0:
                        how = "prefix"
                    else:
                        continue
                if best is None or rank[how] < rank[best[1]]:
                    best = (j, how)
        return best

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

    @staticmethod
    def _swapped(words: tuple[str, ...], seen_full: dict[tuple[str, ...], int]) -> bool:
        """True when ``words`` is an earlier two-word name the other way round ("Zelensky
        Volodymyr" after "Volodymyr Zelensky"), neither word a common English one ("Lee Jackson"
        and "Jackson Lee" may be two people; "Paris Saint" is no name)."""
        if len(words) != 2 or words[::-1] not in seen_full or words[0] == words[1]:
            return False
        if all(_known_given_name(w) for w in words):
            # two given names and no surname: "María José" and "José María" are a woman's compound
            # given name and a man's (sister and brother), not one name turned round
            return False
        if not any(_known_given_name(w) for w in words):
            # "Prague Slavia" and "Slavia Prague": a club, no person. A given name only the name
            # guesser knows ("Mamadou Diop" ... "Diop Mamadou") counts when neither word is one
            # English uses (Prague is)
            return any(_given_name(w.lower()) is not None for w in words) and \
                all(len(w) >= 2 and _zipf(w.lower()) < 3.0 for w in words)
        return all(len(w) >= 2 and _zipf(w.lower()) < 4.0 for w in words)

    def _across_scripts(self, ctx: Context, runs: list[list[tuple[int, str]]]) -> list[Finding]:
        """A name left in its source script (Cyrillic, Greek, Arabic) and given elsewhere in
        Latin letters ("Зеленский" ... "Zelensky"): part of the article was never translated, or
        two versions were joined. The later of the two forms is flagged. A transliteration in
        parentheses beside the original is a gloss, which careful copy gives."""
        text, toks = ctx.text, ctx.layer.tokens
        if not _OTHER_SCRIPT.search(text):
            return []
        glosses = [(m.start(), m.end()) for m in _GLOSS.finditer(text)]
        gloss_starts = [a for a, _ in glosses]

        def in_gloss(pos: int) -> bool:
            i = bisect.bisect_right(gloss_starts, pos) - 1
            return i >= 0 and glosses[i][0] < pos < glosses[i][1]

        script = [t for t in toks if _script_of(t.word) and not in_gloss(t.start)]
        if not script:
            return []
        # the script's full names (two words side by side) and single words, by consonant key
        pairs: dict[tuple[str, str], tuple[int, int]] = {}
        singles: dict[str, tuple[int, int]] = {}
        for t, nxt in zip(script, script[1:] + [None], strict=True):
            for key in _script_keys(t.word):
                singles.setdefault(key, (t.start, t.end))
            if (nxt is not None and text[t.raw_end : nxt.start].strip() in ("", "-")
                    and _script_of(nxt.word) == _script_of(t.word)):
                for k1 in _script_keys(t.word):
                    for k2 in _script_keys(nxt.word):
                        pairs.setdefault((k1, k2), (t.start, nxt.end))
        # the Latin spellings that match, each with every place it occurs and its script form
        latin: dict[str, tuple[tuple[int, int], list[tuple[int, int]]]] = {}
        for run in runs:
            if len(run) < 2:
                continue
            (s1, w1), (s2, w2) = run[-2:]
            w1, w2 = _POSSESSIVE.sub("", w1), _POSSESSIVE.sub("", w2)
            if _script_of(w1) or _script_of(w2) or in_gloss(s1):
                continue
            k1, k2 = consonant_key(w1), consonant_key(w2)
            if min(len(k1), len(k2)) < 2 or len(k1) + len(k2) < 5 or (k1, k2) not in pairs:
                continue
            latin.setdefault(f"{w1} {w2}", (pairs[k1, k2], []))[1].append((s1, s2 + len(w2)))
        in_full = {pos for _, spans in latin.values() for pos, _ in spans}
        for t in toks:
            if (not t.is_cap or _zipf(t.lower) >= 3.0 or in_gloss(t.start) or _script_of(t.word)
                    or any(a <= t.start < b for _, spans in latin.values() for a, b in spans)):
                continue
            key = consonant_key(t.word)
            if len(key) >= 5 and key in singles and t.start not in in_full:
                latin.setdefault(t.word, (singles[key], []))[1].append((t.start, t.end))
        out: list[Finding] = []
        flagged: set[tuple[int, int]] = set()
        for name, (original, spans) in latin.items():
            after = [s for s in spans if s[0] > original[0]]
            span, other = (after[0], original) if after else (original, spans[0])
            # a word cut by a sentence that reached the length limit spans two sentences
            if span in flagged or ctx.sentence_at(span[0]) != ctx.sentence_at(span[1] - 1):
                continue
            flagged.add(span)
            written = text[original[0] : original[1]]
            kind = (_script_of(written) or "").title()
            out.append(ctx.finding(
                "name_variant", span[0], span[1], self.script_confidence,
                f"'{name}' is written '{written}' in the {kind} alphabet elsewhere in the article: a name "
                "left in its source script beside its transliteration is a trace of a partial "
                "translation, or of two versions joined.",
                related=[ctx.sentence_at(other[0])], sentence=ctx.sentence_at(span[0]),
            ))
        return out

    def _names_read_as_words(self, ctx: Context,
                             seen_full: dict[tuple[str, ...], int]) -> list[Finding]:
        """A person's name turned into the English word it resembles, standing alone as the
        subject of a sentence ("Helmet said ..." where the article calls him Helmut; "Mask said"
        for Musk): machine translation read the name as a word. Only the vowels differ, as when
        a name is read by its sound; the name is established (used twice or more), and the word
        stands where a name stands: before a verb, after no article or determiner, and never in
        lower case in the article ("Marine biologists", "a former Marine", "Grave concerns" are
        the words)."""
        toks = ctx.layer.tokens
        counts: dict[str, int] = {}
        persons: set[str] = set()
        for t in toks:
            if t.is_cap:
                counts[t.word] = counts.get(t.word, 0) + 1
                if _known_given_name(t.word):
                    persons.add(t.word)
        # surnames: after a given name somewhere in the article ("Geoff Hurst" ... "Hurst said"
        # is that man, not "Horst" read as a word)
        surnames = {words[1] for words in seen_full if len(words) == 2 and _given_name(words[0].lower()) is not None}
        persons = {w for w in persons | surnames if counts.get(w, 0) >= 2 and len(w) >= 4}
        # a surname after a given name that a later copy cut into a word ("Kofi Mensah" ... "Mensa
        # said", "Chikondi Banda" ... "Band said"): once is enough, the cut word being no name; the
        # given name may stand first of three ("Akosua Boatemaa Mensah")
        named = {_POSSESSIVE.sub("", run[-1].word) for run in ctx.layer.cap_runs
                 if 2 <= len(run) <= 4 and any(_given_name(t.lower) is not None for t in run[:-1])}
        cut = {w for w in surnames | named if len(w) >= 5 and w[-1] != w[-2] and w[-1].lower() not in "sy"}
        if not persons and not cut:
            return []
        places = lexicon.words("gender_words", list="place")
        verbs = lexicon.words("name_words", list="verb")
        determiners = lexicon.words("name_words", list="determiner")
        lower = {t.lower for t in toks if not t.is_cap}
        starts = {s.start for s in ctx.sentences}
        text = ctx.text
        out: list[Finding] = []
        seen: set[str] = set()
        for i, t in enumerate(toks):
            w = t.word
            if not t.is_cap or w in seen or w in persons or len(w) < 4:
                continue
            seen.add(w)
            lw = t.lower
            wz = _zipf(lw)
            if lw in lower or wz < self.rare_surname_zipf or _given_name(lw) is not None or w in surnames \
                    or lw in places:
                continue  # a word, a name, someone's surname, a place ("Angola said" beside Angela)
            prev = toks[i - 1] if i else None
            if prev is not None and ctx.sentence_at(prev.start) == ctx.sentence_at(t.start) and (
                    prev.lower in determiners
                    or prev.is_cap and text[prev.raw_end : t.start] == " " and prev.start not in starts):
                continue  # "the Marine", "US Marine": a noun, or a word of a longer name
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if nxt is None or nxt.is_cap or text[t.raw_end : nxt.start] != " " or not (
                    nxt.lower in verbs or nxt.lower.endswith("ed")):
                continue
            name = next((c for c in sorted(cut) if len(c) == len(w) + 1 and c.startswith(w)), None)
            if name is not None and not lw.endswith(_SLAVIC_STEMS) and nxt.lower in _SAYS:
                where = next(u.start for u in toks if u.word == name)
                # a slip, as a letter lost from a rare name is: weak evidence alone. Before a verb of
                # saying only, where a cut copy leaves the speaker's name: a careful translation of
                # a story about an actress writes her "Rivera" once as "River had ...", beside another
                # slip of a letter, and two slips make an article suspect
                out.append(ctx.finding(
                    "name_variant", t.start, t.end, self.slip_confidence,
                    f"'{w}' stands where the article's '{name}' stands, its last letter lost and the "
                    f"name left as the word '{lw}': a name cut in a later copy.",
                    related=[ctx.sentence_at(where)], sentence=ctx.sentence_at(t.start),
                ))
                continue
            if wz < 3.0:
                continue  # below it, read as a rare surname: _word_variant's slip
            for name in sorted(persons):
                if len(name) != len(w) or name[0] != w[0] or counts[w] > counts[name]:
                    continue
                diff = [(x, y) for x, y in zip(name.lower(), lw, strict=True) if x != y]
                if not 1 <= len(diff) <= 2 or not all(x in "aeiou" and y in "aeiou" for x, y in diff):
                    continue
                where = next(u.start for u in toks if u.word == name)
                out.append(ctx.finding(
                    "name_variant", t.start, t.end, self.common_word_confidence,
                    f"'{w}' stands where the article's '{name}' stands, the name turned into the word "
                    f"'{lw}': a name read as a word by machine translation.",
                    related=[ctx.sentence_at(where)], sentence=ctx.sentence_at(t.start),
                ))
                break
        return out

    def _lower_case_names(self, ctx: Context, seen_full: dict[tuple[str, ...], int]) -> list[Finding]:
        """A person's name that the article capitalises elsewhere, written in lower case inside
        a sentence ("... said zelensky"): translation engines and spinners lower-case the names
        they do not recognise. Only people's names (a surname after a given name, a given name):
        a term capitalised in a heading or a title ("Omicron", "Dengue") is lower case in the
        prose of careful copy too. Handles, hashtags, domains and addresses stay lower case, and
        a name that is also an English word ("rose", "bush") may be that word."""
        layer, text = ctx.layer, ctx.text
        names: dict[str, int] = {}
        guessed: set[str] = set()
        for words, pos in seen_full.items():
            if len(words) != 2:
                continue
            if _known_given_name(words[0]):
                pairs = ((words[0], pos), (words[1], text.find(words[1], pos)))
            elif _given_name(words[0].lower()) is not None and _zipf(words[1].lower()) < self.rare_surname_zipf:
                # a given name only the name guesser knows ("Rosa Quispe"): its surname, when no
                # English text uses it, is a person's name too, but the guesser takes Chinese
                # syllables and words of dish names for given names ("Liang Mian", "Jelly Yokan"):
                # such a surname counts only as a speaker ("said quispe", "quispe said")
                pairs = ((words[1], text.find(words[1], pos)),)
                guessed.add(words[1].lower())
            else:
                continue
            for w, at in pairs:
                if len(w) >= 4 and w[1:].islower():
                    names.setdefault(w.lower(), at)
        if not names:
            return []
        out: list[Finding] = []
        done: set[str] = set()
        for t in layer.tokens:
            if t.is_cap or t.lower not in names or t.lower in done:
                continue
            if _zipf(t.lower) >= 3.0 or layer.is_protected(t.start, t.end):
                continue
            before, after = text[t.start - 1 : t.start], text[t.raw_end : t.raw_end + 2]
            if (before and before in "@#/._-") or (after[:1] and after[:1] in "@/_-") or \
                    (after[:1] == "." and after[1:].isalnum()):
                continue  # part of a handle, path, file name or address the patterns missed
            sent = ctx.sentences[ctx.sentence_at(t.start)]
            words = layer.sentence_tokens(ctx.sentence_at(t.start))
            if len(words) < 6 or not words[0].is_cap:
                continue  # a line of lower-case tags or keywords, not prose
            if t.lower in guessed:
                k = next(i for i, w in enumerate(words) if w.start == t.start)
                near = {w.lower for w in words[max(0, k - 1) : k] + words[k + 1 : k + 2]}
                if not near & _SPEECH_VERBS:
                    continue
            done.add(t.lower)
            out.append(ctx.finding(
                "name_variant", t.start, t.end, self.lower_case_confidence,
                f"'{t.word}' is written '{text[names[t.lower]:names[t.lower] + len(t.word)]}' elsewhere in "
                "the article: a name in lower case is one a translation engine did not recognise.",
                related=[ctx.sentence_at(names[t.lower])], sentence=ctx.sentence_at(sent.start),
            ))
        return out

    def _misspelt_known_names(self, ctx: Context, runs: list[list[tuple[int, str]]]) -> list[Finding]:
        """A name that no text spells so, one doubled letter away from a name that is well known
        ("Guardiolla" for Guardiola, "Ancellotti" for Ancelotti): a slip of a careless rewrite,
        found without the right spelling in the article. As weak as the other slips."""
        in_run = {pos for run in runs if len(run) > 1 for pos, _ in run}
        starts = {s.start for s in ctx.sentences}
        out: list[Finding] = []
        seen: set[str] = set()
        for t in ctx.layer.tokens:
            w = t.word
            if not t.is_cap or w in seen or len(w) < 6 or not w[1:].islower():
                continue
            seen.add(w)
            if t.start in starts and t.start not in in_run:
                continue  # a capitalised word opening a sentence may be any word
            if _zipf(t.lower) > 0.0 or not _DOUBLED.search(t.lower):
                continue
            # a doubled "ee" or "oo" is how English writes a long vowel of a South Asian or Arabic
            # name (Maheesh beside Mahesh, Nadeem beside Nadim: see _LONG_VOWELS), not a slip
            known = next((c for c in _undoubled(t.lower, skip=("ee", "oo")) if _zipf(c) >= self.known_name_zipf), None)
            if known is not None and _UKRAINIAN_II.search(t.lower):
                continue  # Yuliia, Nataliia, Andrii: the official Ukrainian romanisation
            if known is None:
                continue
            right = known[0].upper() + known[1:]
            out.append(ctx.finding(
                "name_variant", t.start, t.end, self.slip_confidence,
                f"'{w}' is spelled so nowhere else, while '{right}' is a well-known name: a letter doubled "
                "by a careless rewrite.",
                sentence=ctx.sentence_at(t.start),
            ))
        return out

    def _extended_surnames(self, ctx: Context, runs: list[list[tuple[int, str]]],
                           seen_full: dict[tuple[str, ...], int]) -> list[Finding]:
        """A surname the article has established ("Mr. Kellan", three times or more) and a
        longer spelling of it used once, bare, where he is meant ("criticised Kellanby's
        government"): letters added by a spinner or a second translation. A second person with
        a similar surname is introduced, with a given name or a title, and a place comes after
        a preposition; an added ending is a form (Ivanova, Serbian) and stays out."""
        toks = ctx.layer.tokens
        text = ctx.text
        titles = lexicon.words("gender_titles")
        counts: dict[str, int] = {}
        surnames: set[str] = {words[1] for words in seen_full if len(words) == 2
                              and _given_name(words[0].lower()) is not None}
        for i, t in enumerate(toks):
            if not t.is_cap:
                continue
            counts[t.word] = counts.get(t.word, 0) + 1
            prev = toks[i - 1] if i else None
            if prev is not None and prev.lower in titles and text[prev.end : t.start].strip(". ") == "":
                surnames.add(t.word)
        established = {s for s in surnames if counts.get(s, 0) >= 3 and len(s) >= 4 and _zipf(s.lower()) < 4.0}
        if not established:
            return []
        # a word of a longer name ("Chen Kaixian", "Ian Hartley"): another person, introduced
        in_run = {pos for run in runs if len(run) > 1 for pos, _ in run}
        places = lexicon.words("gender_words", list="place")
        out: list[Finding] = []
        for i, t in enumerate(toks):
            w = t.word
            if not t.is_cap or counts.get(w, 0) != 1 or t.start in in_run or w in surnames or _DAMAGED.search(w):
                continue  # "Grishinâ": encoding damage is the mojibake detector's business
            prev = toks[i - 1] if i else None
            if prev is not None and (prev.lower in _PLACE_PREPOSITIONS or prev.lower in titles):
                continue  # "in Grantham": a place; "Dr. Kellanby": someone introduced
            for s in established:
                if not (w.startswith(s) and 1 <= len(w) - len(s) <= 3) or _is_other_form(s, w):
                    continue
                if _zipf(w.lower()) >= 4.0 or w.lower() in places or _given_name(w.lower(), False) is not None:
                    continue  # a common word, a place, a given name
                if s.endswith("n") and w[len(s) :] == "g":
                    continue  # Chen/Cheng, Huan/Huang: two syllables of pinyin, two family names
                where = next(u.start for u in toks if u.word == s)
                out.append(ctx.finding(
                    "name_variant", t.start, t.end, self.slip_confidence,
                    f"'{w}' is used once, with no given name or title, where the article names '{s}' "
                    f"{counts[s]} times: the same surname with letters added.",
                    related=[ctx.sentence_at(where)], sentence=ctx.sentence_at(t.start),
                ))
                break
        return out

    def _single_words(self, ctx, tokens, runs, flagged) -> list[Finding]:
        """Place names and surnames used alone (Kharkiv/Kharkov, Zelensky/Zelenskyy)."""
        sentence_starts = {s.start for s in ctx.sentences}
        # the first word after a wire dateline opens the story ("CÓRDOBA, Argentina — Public
        # school teachers ..."): capitalised as a sentence's first word, not as a name
        sentence_starts |= {s.start + m.end() for s in ctx.sentences if (m := _DATELINE.match(s.text))}
        in_run = {pos for run in runs if len(run) > 1 for pos, _ in run}
        # given names and the surnames that follow them; words also used on their own
        surnames: dict[str, set[str]] = {}
        givens: dict[str, set[str]] = {}  # the given names standing before each word of a full name
        alone: set[str] = set()
        for run in runs:
            for (_, w), nxt in zip(run, run[1:] + [None], strict=True):
                w = _POSSESSIVE.sub("", w)
                if nxt is None:
                    alone.add(w)
                else:
                    surnames.setdefault(w, set()).add(_POSSESSIVE.sub("", nxt[1]))
                    if _given_name(w.lower(), use_guesser=False) is not None or w in first_names():
                        givens.setdefault(_POSSESSIVE.sub("", nxt[1]), set()).add(w)
        first: dict[str, int] = {}
        name_like: set[str] = set()
        opening: set[str] = set()
        for pos, w in tokens:
            if ctx.sentence_at(pos) != ctx.sentence_at(pos + len(w) - 1):
                continue  # a word cut in two by an over-long sentence split
            w = _POSSESSIVE.sub("", w)
            first.setdefault(w, pos)
            # a word capitalised mid-sentence or beside another capitalised word is a name;
            # "Meteorologists said" at the start of a sentence is not
            if pos not in sentence_starts or pos in in_run:
                name_like.add(w)
            elif w[1:].islower() and _zipf(w.lower()) < self.rare_surname_zipf:
                opening.add(w)  # a word no English text uses, opening a sentence: maybe a surname
        # a surname opens a sentence as often as not ("Jumabekov noted ..."): such a word is
        # compared with the surnames of the article's full names only
        full_surnames = {x for later in surnames.values() for x in later}
        names = [w for w in sorted(first, key=first.get)
                 if (w in name_like or w in opening) and w not in flagged]
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
                if (later not in name_like and not (earlier in full_surnames and earlier in name_like)) or \
                        (earlier not in name_like and not (later in full_surnames and later in name_like)):
                    continue  # an opening word against anything but a full name's surname
                conf = self._word_variant(earlier, later, in_full_name=False)
                if not conf:
                    continue
                if self._two_people(earlier, later, surnames, alone):
                    continue
                slip = conf == self.slip_confidence
                earlier_key = skeleton(_POSSESSIVE.sub("", earlier))
                same_key = _vowel_key(earlier_key) == _vowel_key(key)
                if (same_key and earlier_key != key and givens.get(earlier) and givens.get(later)
                        and not givens[earlier] & givens[later]):
                    # one surname spelled with a long vowel and one without, each after a given
                    # name of its own ("Sarah Rasheed", "David Rashid"): two people
                    continue
                if _VARIANT_OF.get(later) is None and not slip and (
                        len(later) < (5 if same_key else 7) or conf < self.single_word_confidence):
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
