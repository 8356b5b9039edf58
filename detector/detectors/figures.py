"""People often named in international news, and the ways a translation mangles their names.

A name mangled with no correct spelling anywhere on the page cannot be found by comparing the
page with itself. These are found against a list of people that news names often
(``resources/lexicon/public_figures.tsv``):

* a name re-transliterated through a second language, both its words rendered by their sound
  ("Mouloud Jawish" for Mevlüt Çavuşoğlu, read back from Arabic script), found by a coarse key
  of its consonants (:func:`sound_key`) that Latin renderings of one name share, when the
  person's role stands before it ("Foreign Minister ...") or both words are rendered so;
* a given name translated into its English equivalent ("Paul" for Pablo,
  ``resources/lexicon/given_name_translations.tsv``) before the person's surname;
* a surname translated as the common word it is in its own language ("Churches" for Iglesias),
  misspelt or not.

A spelling that differs by transliteration only (Zelenskyy, Cavusoglu, Sergey) is the usual
name, not a mangled one: it is accepted here, and the page's own mix of spellings is the
comparison's business (``names.py``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import lexicon

#: Letters whose sound a Latin fold would lose: Turkish, Polish, Scandinavian and South Slavic
#: letters as the English spelling of their sound
_LETTER_SOUNDS = {"ç": "ch", "ş": "sh", "ğ": "g", "ı": "i", "ł": "w", "ø": "o", "æ": "ae", "ß": "ss",
                  "đ": "dj", "ž": "zh", "š": "sh", "č": "ch", "ć": "ch", "ř": "rz", "ț": "ts", "ș": "sh"}
#: Latin letter groups as one of ten consonant classes: voiced and voiceless pairs are one class
#: (Arabic script has no "p" and no "v", and a name read back from it writes "b", "d", "w" or a
#: vowel: Mevlüt/Mouloud), the sibilants one, the affricates one; vowels, "h", "w", "v" and "y"
#: are nothing (romanisations disagree on them most).
_SOUND_RULES = (("sch", "S"), ("tch", "J"), ("dzh", "J"), ("dj", "J"), ("ch", "J"), ("sh", "S"), ("zh", "S"),
                ("kh", "K"), ("gh", "K"), ("ph", "F"), ("th", "T"), ("dh", "T"), ("ts", "S"), ("tz", "S"),
                ("ck", "K"), ("qu", "K"), ("x", "KS"), ("q", "K"), ("j", "J"), ("c", "K"), ("g", "K"),
                ("k", "K"), ("b", "P"), ("p", "P"), ("d", "T"), ("t", "T"), ("s", "S"), ("z", "S"),
                ("f", "F"), ("l", "L"), ("r", "R"), ("m", "M"), ("n", "N"))
_SOUND_RE = re.compile("|".join(re.escape(a) for a, _ in _SOUND_RULES) + "|.")
_SOUND_OF = dict(_SOUND_RULES)
_DOUBLED = re.compile(r"(.)\1+")
#: the Arabic article and the like, written before a surname and left out as often as not
_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|ar|an)-(?=\w)", re.I)
#: lower-case words inside a name ("Mohammed bin Salman", "Lula da Silva", "von der Leyen")
PARTICLES = frozenset({"bin", "ibn", "bint", "al", "el", "da", "de", "do", "dos", "das", "di", "del", "della",
                       "van", "von", "der", "den", "la", "le", "y"})


# transliteration alternations, applied in order: Lytvyn/Litvin, Zhumabekov/Jumabekov,
# Radosavljević/Radosavlevich, Nataliya/Natalia, Boiko/Boyko, Djoko/Joko (the spelling Indonesian
# and the Balkans' English renderings kept, and dropped, for the same sound)
_SKELETON_RULES = [("dj", "j"), ("lj", "l"), ("nj", "n"), ("zh", "j"), ("kh", "h"), ("sch", "s"), ("sh", "s"),
                   ("tch", "c"), ("ch", "c"), ("ts", "c"), ("tz", "c"), ("ks", "x"), ("yi", "i"),
                   ("iy", "i"), ("ij", "i"), ("y", "i"), ("j", "i"), ("ii", "i"), ("ie", "e"), ("w", "v")]


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A spelling-independent key for a transliterated name (used by ``names`` as well)."""
    w = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    for a, b in _SKELETON_RULES:
        w = w.replace(a, b)
    return w


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without diacritics, Turkish dotless i kept as i: "Çavuşoğlu" -> "cavusoglu"."""
    w = word.lower().replace("ı", "i")
    return unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode()


@lru_cache(maxsize=65536)
def sound_key(word: str, lang: str = "") -> str:
    """The consonant classes of a name as any Latin rendering of its sound writes them:
    "Mevlüt" (Turkish) and "Mouloud" -> "MLT"; "Çavuşoğlu" (Turkish) -> "JSKL", "Jawish" ->
    "JS". ``lang`` is the name's own language where its letters are known (Turkish "c" is the
    English "j")."""
    w = _ARTICLE.sub("", word.lower())
    if lang == "tr":
        w = w.replace("c", "j")
    w = "".join(_LETTER_SOUNDS.get(ch, ch) for ch in w)
    w = unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode()
    return _DOUBLED.sub(r"\1", "".join(_SOUND_OF.get(m, "") for m in _SOUND_RE.findall(w)))


@dataclass(frozen=True, slots=True)
class Figure:
    """One person of the list: the words of the given name and of the surname (particles and
    the Arabic article left out), the source language, the head words of the roles, the
    surname's meanings and the accepted variant spellings (folded)."""

    given: tuple[str, ...]
    surname: tuple[str, ...]
    lang: str
    roles: frozenset[str]
    meanings: tuple[str, ...]
    variants: frozenset[str]

    @property
    def name(self) -> str:
        return " ".join(self.given + self.surname)


def _role_head(role: str) -> str:
    """The noun a role is named by: "foreign minister" -> "minister", "secretary of state" ->
    "secretary", "director-general" -> "director"."""
    words = role.replace("-", " ").split()
    return words[words.index("of") - 1] if "of" in words else (words[0] if role.startswith("director") else words[-1])


def _roles(column: str) -> frozenset[str]:
    """The head words of a person's roles; a foreign minister is also the "Minister of Foreign
    Affairs" the name follows."""
    roles = [x for x in column.split("|") if x]
    heads = {_role_head(x) for x in roles}
    return frozenset(heads | ({"affairs"} if any("foreign minister" in x for x in roles) else set()))


def _name_words(text: str) -> tuple[str, ...]:
    return tuple(_ARTICLE.sub("", w) for w in text.split() if w not in PARTICLES)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The list, indexed for the matcher: by the sound key of the first word of the given name,
    by the folded given name and its English translations, and every full name folded."""

    figures: tuple[Figure, ...]
    by_given_sound: dict[str, tuple[Figure, ...]]
    by_given_form: dict[str, tuple[tuple[Figure, bool], ...]]  # folded, and as names.skeleton
    full_names: frozenset[tuple[str, ...]]


@cache
def english_given_names() -> dict[str, tuple[str, ...]]:
    """A given name (folded) -> its English equivalents ("pablo" -> Paul), from
    ``given_name_translations.tsv``; read once per process."""
    out: dict[str, list[str]] = {}
    for r in lexicon.load("given_name_translations").records():
        out.setdefault(fold(r["name"]), []).append(r["english"])
    return {k: tuple(v) for k, v in out.items()}


@cache
def gazetteer() -> Gazetteer:
    """The list of public figures, read once per process."""
    translations = english_given_names()
    figures = []
    for r in lexicon.load("public_figures").records():
        figures.append(Figure(
            given=_name_words(r["given"]), surname=_name_words(r["surname"]), lang=r["lang"],
            roles=_roles(r["role"]),
            meanings=tuple(m for m in r["meaning"].split("|") if m),
            variants=frozenset(fold(v) for v in r["variants"].split("|") if v),
        ))
    by_sound: dict[str, list[Figure]] = {}
    by_form: dict[str, list[tuple[Figure, bool]]] = {}
    for f in figures:
        key = sound_key(f.given[0], f.lang)
        if len(key) >= 2:
            by_sound.setdefault(key, []).append(f)
        by_form.setdefault(fold(f.given[0]), []).append((f, False))
        if skeleton(f.given[0]) != fold(f.given[0]):
            by_form.setdefault(skeleton(f.given[0]), []).append((f, False))  # Nicholas for Nicolás
        for english in translations.get(fold(f.given[0]), ()):
            by_form.setdefault(fold(english), []).append((f, True))
    full = frozenset(tuple(fold(w) for w in f.given + f.surname) for f in figures) | frozenset(
        (fold(f.given[0]), fold(f.surname[-1])) for f in figures if f.surname)
    return Gazetteer(
        figures=tuple(figures),
        by_given_sound={k: tuple(v) for k, v in by_sound.items()},
        by_given_form={k: tuple(v) for k, v in by_form.items()},
        full_names=full,
    )
