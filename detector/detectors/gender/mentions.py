"""Mentions: who is named in a sentence, and with what gender evidence.

A capitalised run becomes a person only on positive evidence (a given name, a title, a
gendered surname ending, a role noun in apposition); unnamed people ("her husband", "the
driver") are mentions too. Later references resolve to earlier mentions through the
article state: a lone surname to the full name it belongs to, "the spokeswoman" to the
most recent woman. See the package docstring for the decisions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..textlayer import Token as _Tok
from .words import (
    _ABBREV,
    _ADJ_LIKE,
    _AFTER_NAME_OK,
    _AFTER_RE,
    _AGENT_PLURALS,
    _AMBIGUOUS,
    _APPOS_LEAD_RE,
    _COMPOUND_HEADS,
    _COORD_RE,
    _COPULA,
    _DEMONYM_ENDINGS,
    _DESCRIPTIVE_ROLES,
    _DETERMINERS,
    _EPITHETS,
    _EV_GUESSER,
    _EV_GUESSER_MOSTLY,
    _EV_LEXICON,
    _EV_ROLE_STRONG,
    _EV_SURNAME,
    _EV_TITLE,
    _EV_UNNAMED,
    _FEMALE_STRONG,
    _FEMALE_WEAK,
    _KIN_MODIFIED,
    _LAST_WORD_RE,
    _LEADING_STOP,
    _LOCATIVE,
    _MALE_STRONG,
    _MALE_WEAK,
    _NOT_NAMES,
    _NOUN_FOLLOW_OK,
    _NOUNS,
    _ORG_WORDS,
    _PARTICLES,
    _PERSON_NOUNS,
    _PLACE_PREFIX,
    _PLACES,
    _POSSESSIVE_DET,
    _PRONOUNS,
    _SPEECH_RE,
    _SPEECH_VERBS,
    _SURNAME_STOP,
    _TITLES,
    _TOKEN_RE,
    _WORD_FOR,
)

_LEXICON_PATH = Path(__file__).resolve().parent.parent.parent / "resources" / "first_names.tsv"


# --------------------------------------------------------------------------------------
# Lazily loaded resources (once per process)
# --------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _lexicon() -> dict[str, str]:
    out: dict[str, str] = {}
    with _LEXICON_PATH.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("name\t"):
                continue
            name, _, gender = line.partition("\t")
            if gender in ("m", "f"):
                out[name.lower()] = gender
    return out


@lru_cache(maxsize=1)
def _guesser():
    from ... import lexicon

    return lexicon.name_guessers()[1]  # case-insensitive


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _zipf(word: str) -> float:
    from ..lexical import zipf

    return zipf(word)


#: A name of the name-gender dataset counts when this many of its sources list it, with this many
#: bearers in all, and this share or more of them of one sex: unisex names (Kim, Robin, Andrea,
#: Nicola, Kari, Jean, Sasha: 0.3 to 0.9 there) stay unknown. The dataset merges census, registry
#: and social-network counts of about 30 countries; a name only one or two of them list is as often
#: a misspelling or a surname as a given name.
_DATASET_MIN_SOURCES = 3
_DATASET_MIN_COUNT = 30
_DATASET_MIN_SHARE = 0.95
_DATASET_ENTRY_RE = re.compile(r'"([^"\\]+)": \[(\d+), (\d+), ([0-9.]+)')
#: Kalenjin given names tell the sex by their prefix ("Kip-" a son, "Chep-"/"Jep-" a daughter:
#: Kiprotich, Kipkemoi, Chepkoech, Jepchirchir); few of them reach the dataset's threshold.
_KALENJIN_PREFIX = (("kip", "m"), ("chep", "f"), ("jep", "f"))


@lru_cache(maxsize=1)
def _name_dataset() -> dict[str, str]:
    """Given name -> "m"/"f" from nomquamgender's name-gender table (MIT), the names it is sure of.

    The file is one 22 MB JSON object (name: [sources, count, share of women, ...]); it is scanned
    with a regular expression rather than loaded, which would hold 720,000 lists in memory to keep
    48,000 names. Empty when the package is missing: the lists and gender_guesser still answer.
    """
    from importlib.util import find_spec

    # the file is found without importing the package, which loads all of it with pandas on import
    spec = find_spec("nomquamgender")
    if spec is None or not spec.submodule_search_locations:
        return {}
    try:
        raw = (Path(next(iter(spec.submodule_search_locations))) / "name_data.json").read_text(encoding="utf-8")
    except OSError:
        return {}
    out: dict[str, str] = {}
    for m in _DATASET_ENTRY_RE.finditer(raw):
        if int(m.group(2)) < _DATASET_MIN_SOURCES or int(m.group(3)) < _DATASET_MIN_COUNT:
            continue
        share = float(m.group(4))
        if share >= _DATASET_MIN_SHARE:
            out[m.group(1)] = "f"
        elif share <= 1 - _DATASET_MIN_SHARE:
            out[m.group(1)] = "m"
    return out


def _dataset_gender(lw: str) -> str | None:
    """ "m"/"f" for a given name the lists and gender_guesser do not know, or None."""
    if len(lw) < 4 or lw in _PLACES or lw in _ORG_WORDS or lw in _TITLES or _zipf(lw) >= 4.0:
        # a common English word ("Prime" of "Prime Minister", "Bishop") is a word before a name
        return None
    folded = _fold(lw)
    for w in (lw, folded):
        g = _name_dataset().get(w)
        if g is not None:
            return g
    if len(folded) >= 7:
        for prefix, g in _KALENJIN_PREFIX:
            if folded.startswith(prefix) and folded[len(prefix)] not in "aeiouy":
                return g
    return None


@lru_cache(maxsize=65536)
def _given_name(lw: str, use_guesser: bool = True, use_dataset: bool = False) -> tuple[str | None, float, str] | None:
    """(gender, evidence, source) for a lower-cased given name, or None if not a known name.

    source is "lexicon" (the name may stand alone), "guesser"/"mostly" (gender_guesser) or
    "dataset" (with ``use_dataset``, the name-gender dataset, for names gender_guesser does not
    know): those three only trusted when a surname follows or "ambiguous" (a name, gender unknown). The lists win over both.
    """
    if lw in _AMBIGUOUS:
        return (None, 0.0, "ambiguous")
    lex = _lexicon()
    g = lex.get(lw)
    if g is None:
        folded = _fold(lw)
        if folded != lw:
            if folded in _AMBIGUOUS:
                return (None, 0.0, "ambiguous")
            g = lex.get(folded)
    if g is not None:
        return (g, _EV_LEXICON, "lexicon")
    if not use_guesser or lw in _NOT_NAMES or lw in _TITLES or len(lw) < 2:
        return None
    r = _guesser().get_gender(lw)
    if r == "unknown" and _fold(lw) != lw:
        r = _guesser().get_gender(_fold(lw))  # "Thị" as "Thi", "Zoë" as "Zoe"
    if r == "male":
        return ("m", _EV_GUESSER, "guesser")
    if r == "female":
        return ("f", _EV_GUESSER, "guesser")
    if r == "mostly_male":
        return ("m", _EV_GUESSER_MOSTLY, "mostly")
    if r == "mostly_female":
        return ("f", _EV_GUESSER_MOSTLY, "mostly")
    if r == "andy":
        return (None, 0.0, "ambiguous")
    if use_dataset and lw not in _NOT_NAMES:
        g = _dataset_gender(lw)
        if g is not None:
            return (g, _EV_GUESSER, "dataset")
    return None


#: Surname endings only a woman's name has, in any language: Icelandic "-dóttir", Czech and
#: Slovak "-ová"/"-ská", Russian "-skaya" and patronymics; "-ova" and "-eva" end men's names in
#: Spanish and Catalan too.
_WOMENS_FORMS = ("dóttir", "dottir", "ová", "ská", "skaya", "ovna", "evna", "ivna")


#: Second given names that men bear too ("Jean Marie", "Karol Maria", "José María"): they tell nothing.
_SECOND_NAMES_OF_MEN = frozenset("maria marie maría mária mariya".split())
#: Family names that open a Chinese or Korean name written family name first ("Li Xiuying").
_EAST_ASIAN_FAMILY = frozenset("""
li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie
song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding
ren shen yao kim park choi jung kang cho yoon jang lim shin kwon hwang ahn ko moon lee yi oh seo
""".split())
#: Family names that open a Vietnamese name ("Nguyen Thi Lan", "Tran Van Minh"), and the middle
#: names that tell its bearer's sex: "Thị" is borne by women, "Văn" by men; the given name is the
#: last word, which is how the person is named again ("Lan said").
_VIETNAMESE_FAMILY = frozenset("""
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh truong mai cao lam
luong ha doan quach chu kieu la tong trieu vuong lu thai mac
""".split())
_VIETNAMESE_MIDDLE = {"thi": "f", "van": "m"}
#: A given name in pinyin: one to three syllables, an initial and a final each ("Xiuying", "Jianguo").
#: A Western surname after "Kim" or "Song" ("Kim Douglas", "Kim Gordon") is spelled otherwise.
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|ü)"
    r"){1,3}")
#: Given names a Georgian surname tells the gender of: Nino is a woman in Georgia and a man in
#: Italy, Nika a man in Georgia and a woman in Russia.
_GEORGIAN_GIVEN = {"nino": "f", "nika": "m"}
#: Georgian surnames ("Kapanadze", "Beridze", "Gelashvili", "Dadiani", "Tsereteli", "Chkheidze").
_GEORGIAN_SURNAME_ENDINGS = ("dze", "shvili", "iani", "eli", "uri", "ava", "ia")
#: Endings of a Czech or Slovak surname in its man's form ("Dvořák", "Horák", "Černý"): a woman of
#: the family bears "-ová" or "-á" (Dvořáková, Černá). Accented only: Polish women keep "-ak".
_CZECH_MENS_ENDINGS = ("ák", "ík", "ář", "ý")


_PLACE_USE_RE = re.compile(
    r"\b(?:in|near|outside|towns? of|villages? of|cities of|(?:town|village|city|municipality|province|district) of)"
    r"\s+((?:[A-Z][\w'’-]+\s+and\s+)?[A-Z][\w-]+)\b(?!['’])")


@lru_cache(maxsize=8)
def _places_named(text: str) -> frozenset[str]:
    """Single capitalised words the article writes after "in", "near" or "the town of" ("in Tuba",
    "the towns of Itogon and Tuba"): places, whatever given name they spell elsewhere in it."""
    out: set[str] = set()
    for m in _PLACE_USE_RE.finditer(text):
        for w in re.split(r"\s+and\s+", m.group(1)):
            if " " not in w:
                out.add(w.lower())
    return frozenset(out)


def _surname_of(ent, lw: str) -> bool:
    """lw is the surname that ends the person's name, or the family name that opens a name written
    family name first; not a middle word ("Rus Nikita Sorokin": Nikita is nobody's surname)."""
    words = ent.name.lower().split()
    if len(words) < 2:
        return False
    return words[-1] == lw or words[0] == lw and (lw in _EAST_ASIAN_FAMILY or _fold(lw) in _FAMILY_FIRST_SURNAMES)


def _family_name_first(run: list, k: int) -> bool:
    """run[k] is a given name after its family name run[k - 1], as Japanese, Korean, Chinese and
    Hungarian write a name ("Ishikawa Michiko", "Seoul Mayor Oh Hye-jin", "Kovács Erzsébet"): the
    family name is a common one of those languages (the lists below), opens the run or follows a
    title, and the given name ends the run."""
    if k < 1 or k != len(run) - 1 or k >= 2 and run[k - 2].lower not in _TITLES:
        return False
    w = run[k - 1].lower
    if w in _TITLES or w in _ORG_WORDS or w in _PLACES or w in _LEADING_STOP:
        return False
    if w in _EAST_ASIAN_FAMILY:
        # "Kim Douglas" is a Western name: a Chinese or Korean given name is pinyin or hyphenated
        second = run[k].lower
        return "-" in second or _PINYIN.fullmatch(second) is not None
    return _fold(w) in _FAMILY_FIRST_SURNAMES


#: Common Japanese and Hungarian family names, which English copy translated from those languages
#: often leaves before the given name ("Tanaka Yuko", "Nagy Katalin"). A name of two words whose
#: first is none of these nor a given name is read in Western order: "Saramma Joseph" is a woman
#: whose surname is a man's given name, not a man called Joseph.
_FAMILY_FIRST_SURNAMES = frozenset("""
sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada sasaki
yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki mori ikeda hashimoto yamashita ishikawa
nakajima maeda fujita ogawa goto okada hasegawa murakami kondo ishii saito sakamoto endo aoki fujii
nishimura fukuda ota miura fujiwara okamoto matsuda nakagawa nakano harada ono tamura takeuchi kaneko
wada nakayama ishida ueda morita hara shibata sakai kudo yokoyama miyazaki miyamoto uchida takagi ando
taniguchi ohno maruyama imai takada fujimoto takeda murata ueno sugiyama masuda sugawara hirano otsuka
koizumi kishida noda kono
nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh papp takacs juhasz lakatos
meszaros olah racz fekete szilagyi torok feher kis szucs kocsis orsos pinter fodor
szalai sipos magyar lukacs gulyas biro kiraly katona balog boros fazekas
kelemen orban
""".split())


def _czech_mans_form(word: str) -> bool:
    """A surname in its Czech or Slovak man's form ("Dvořák", "Veselý")."""
    return len(word) >= 4 and word.lower().endswith(_CZECH_MENS_ENDINGS)


def _told_by_neighbour(name_toks: list, use_gg: bool) -> tuple[str, float, str] | None:
    """(gender, evidence, why) for a name whose given name is of unknown gender, from its neighbours."""
    first, second, last = name_toks[0], name_toks[1], name_toks[-1]
    lw2 = second.lower
    if len(name_toks) >= 3 and lw2 not in _SECOND_NAMES_OF_MEN and second.word[:1].isupper():
        gn = _given_name(lw2, use_gg)
        if gn is None and use_gg and lw2 in _NOT_NAMES:
            # between a given name and a surname a word is a name ("Jean Rose Manalo")
            r = _guesser().get_gender(lw2)
            gn = {"male": ("m", _EV_GUESSER, "guesser"), "female": ("f", _EV_GUESSER, "guesser")}.get(r)
        # a woman's name only: a man's given name in second place is as often the first of two
        # surnames ("Andrea Lorenzo Ruiz", "Ariel Martín Pérez": Lorenzo and Martín are Spanish
        # surnames), and a man's compound given name is written with a hyphen ("Jean-Pierre")
        if gn is not None and gn[0] == "f" and gn[2] != "mostly":
            return gn[0], min(gn[1], _EV_SURNAME), f"second given name {second.word}"
    if len(name_toks) == 2 and first.lower in _EAST_ASIAN_FAMILY and _PINYIN.fullmatch(lw2.replace("-", "")):
        gn = _given_name(lw2, False)
        if gn is not None and gn[2] == "lexicon":
            return gn[0], _EV_SURNAME, f"given name {second.word} after the family name {first.word}"
    if _czech_mans_form(last.word):
        return "m", _EV_SURNAME, f"surname {last.word}, a man's form"
    g = _GEORGIAN_GIVEN.get(first.lower)
    if g is not None and len(last.word) >= 5 and last.lower.endswith(_GEORGIAN_SURNAME_ENDINGS):
        return g, _EV_SURNAME, f"a Georgian name, surname {last.word}"
    return None


@lru_cache(maxsize=65536)
def _surname_gender(word: str) -> tuple[str, bool] | None:
    """(gender, strong) from a gendered surname ending, or None."""
    lw = word.lower()
    if lw in _SURNAME_STOP or lw in _PLACES or len(lw) < 5 or not word[0].isupper():
        return None
    if lw.endswith(("nueva", "nova", "dova", "neva")):
        # Spanish, Catalan and Italian men's surnames (Villanueva, Casanova, Córdova, Ginebra's Neva)
        return None
    for suffixes, gender, strong in (
        (_FEMALE_STRONG, "f", True),
        (_MALE_STRONG, "m", True),
        (_FEMALE_WEAK, "f", False),
        (_MALE_WEAK, "m", False),
    ):
        for suf in suffixes:
            if lw.endswith(suf) and len(lw) >= len(suf) + 3:
                # a given name is not a surname (Kevin, Regina, Lina ...)
                if _given_name(lw) is not None:
                    return None
                return (gender, strong)
    return None


# --------------------------------------------------------------------------------------
# Mentions
# --------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Entity:
    name: str  # display name, or the noun for an unnamed person
    gender: str | None
    evidence: float
    why: str  # human-readable evidence, e.g. "first name Olena"
    named: bool = True
    celeb: bool = False  # introduced with an epithet ("singer Svetlana Loboda")
    roles: frozenset[str] = frozenset()  # role nouns it was introduced with ("president")
    bodies: frozenset[str] = frozenset()  # the bodies of those roles ("murcia" of "the Region of Murcia")


@dataclass(slots=True)
class _Mention:
    pos: int
    sent: int
    entity: _Entity
    usable: bool  # may be the antecedent of a flag (not quoted, real evidence)
    alias: str = ""  # the noun when a named person is reached through "the singer"
    pronoun: bool = False  # a flagged pronoun standing for its antecedent (see detect())




class MentionFinder:
    """The mention half of the detector: reads one sentence's tokens into ``_Mention`` objects.

    Mixed into ``GenderMismatchDetector``; uses its ``use_guesser`` and ``lookback_sentences``.
    """

    def _named_mentions(self, text, s, si, toks, mentions, consumed, state, in_quote, pronoun_idx):
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if t.lower in _PRONOUNS:
                pronoun_idx.append(i)
                i += 1
                continue
            if not _is_cap(text, t):
                i += 1
                continue
            j = i + 1
            while j < n:
                prev = toks[j - 1]
                if prev.raw_end != prev.end:  # possessive ends the name
                    break
                nxt = toks[j]
                if _is_cap(text, nxt) and nxt.lower not in _PRONOUNS and _joinable(text, prev, nxt):
                    j += 1
                    continue
                if nxt.lower in _PARTICLES and _joinable(text, prev, nxt):
                    # "von der Leyen", "bin Salman": particles, then a capitalised word
                    q = j
                    while q < n and toks[q].lower in _PARTICLES and _joinable(text, toks[q - 1], toks[q]) and q - j < 3:
                        q += 1
                    if q < n and _is_cap(text, toks[q]) and _joinable(text, toks[q - 1], toks[q]):
                        j = q + 1
                        continue
                break
            run = toks[i:j]
            # drop sentence-initial function words ("In Kharkiv ...", "The ...")
            k = 0
            while k < len(run) and run[k].lower in _LEADING_STOP:
                k += 1
            run = run[k:]
            if run:
                m = self._classify(text, s, si, toks, i + k, j, run, state, consumed, in_quote)
                if m is not None:
                    mentions.append(m)
            i = j

    def _classify(self, text, s, si, toks, a, b, run, state, consumed, in_quote):
        """A capitalised run toks[a:b] -> a person mention, or None."""
        use_gg = self.use_guesser and not s.standalone
        words = [t.lower for t in run]
        nrun = len(run)
        # a title counts when a name follows it
        title_g: str | None = None
        title_word = ""
        has_title = False
        jname = None
        given: tuple[str | None, float, str] | None = None
        family_first = False
        if nrun == 1 and words[0] in _places_named(text) and not (a > 0 and toks[a - 1].lower in _TITLES):
            # "in Tuba", "the towns of Itogon and Tuba": the article uses the word as a place
            return None
        if 2 <= nrun <= 3 and all(w in _TITLES for w in words[:-1]):
            # "Mayor Oh", "Governor Ishikawa": a title before a family name the article has given
            # someone, though the name guesser reads it as a given name of either sex
            ent = state.surnames.get(words[-1])
            title_gs = {_TITLES[w] for w in words[:-1]} - {""}
            if (ent and ent.named and ent.gender is not None and ent.evidence > 0 and _surname_of(ent, words[-1])
                    and title_gs <= {ent.gender}):
                return _Mention(run[0].start, si, ent, not in_quote(run[0].start))
        if nrun == 1:
            # the given name alone names the bearer of a Vietnamese name again ("Lan said"), and a
            # surname the article has given someone names that person, though it is a given name
            # elsewhere ("Justice Amina Yusuf ... Yusuf adjourned the case": not a man called Yusuf)
            ent = state.surnames.get(words[0])
            if ent and (ent.why.startswith("middle name ") or ent.named and ent.gender is not None
                        and ent.evidence > 0 and _surname_of(ent, words[0])):
                return _Mention(run[0].start, si, ent, not in_quote(run[0].start))
        for k, lw in enumerate(words):
            if lw in _TITLES and k + 1 < nrun:
                has_title = True
                if _TITLES[lw]:
                    title_g, title_word = _TITLES[lw], run[k].word
                continue
            if lw in _ORG_WORDS:
                continue
            if k + 2 == nrun and _family_name_first(run, k + 1):
                second = _given_name(words[k + 1], use_gg, use_gg)
                if second is not None and second[0] is not None:
                    continue  # "Nagy Katalin", "Oh Hye-jin": the family name first, though a given name or a word too
            if _fold(lw) in _VIETNAMESE_FAMILY and k + 2 < nrun and _fold(words[k + 1]) in _VIETNAMESE_MIDDLE:
                jname, given = k, (_VIETNAMESE_MIDDLE[_fold(words[k + 1])], _EV_LEXICON, "vietnamese")
                break
            if lw in _NOT_NAMES and _given_name(lw, False) is None:
                # "Mark Rutte", "Will Smith": a word that is also a name; a surname after it
                # makes a person of unknown gender
                if (
                    use_gg
                    and k + 1 < nrun
                    and len(lw) > 2
                    and lw not in _PLACES
                    and words[k + 1] not in _ORG_WORDS
                    and words[k + 1] not in _PLACES
                    and _guesser().get_gender(lw) != "unknown"
                ):
                    jname, given = k, (None, 0.0, "ambiguous")
                    break
                continue
            gn = _given_name(lw, use_gg, use_gg)
            if gn is None:
                continue
            src = gn[2]
            followed = k + 1 < nrun and words[k + 1] not in _ORG_WORDS
            # "Transport Minister Archibald": one word after a title that tells no gender is a
            # surname, whatever gender_guesser says of it as a given name
            # A hyphenated given name after a capitalised word is the given name of an East Asian
            # name written family name first ("Park Ji-yeon", "Wang Xiao-mei"): a surname of
            # that shape is not one the name guesser knows
            family_first = src != "ambiguous" and _family_name_first(run, k)
            if src == "dataset" and k > 0 and words[k - 1] in _PLACE_PREFIX:
                return None
            if src == "dataset" and (a + k > 0 and toks[a + k - 1].lower in _LOCATIVE or k == 0 and a > 0
                                     and toks[a - 1].lower in _LOCATIVE):
                continue  # "from Dak Lak province": a place after its preposition
            if src in ("guesser", "mostly", "dataset") and not (followed or title_g is not None or ("-" in lw and k > 0)
                                                     or family_first):
                continue
            if src == "ambiguous" and not (followed or has_title or lw in _AMBIGUOUS):
                continue
            if k > 0 and words[k - 1] in _PLACE_PREFIX:
                return None
            jname, given = k, gn
            break

        if (2 <= nrun <= 4 and _fold(words[0]) in _VIETNAMESE_FAMILY and not has_title
                and jname is not None and jname > 0 and given[2] in ("guesser", "mostly", "dataset")):
            # a Vietnamese name without "Van" or "Thi" ("Pham Minh Tuan"): the given name last
            # tells no gender, most being borne by women and men alike, whatever the name guesser
            # says of them
            jname, given = 0, (None, 0.0, "ambiguous")

        if jname is None or jname < 1:
            family_first = False
        elif (nrun == 2 and not has_title and not family_first and given[2] in ("lexicon", "guesser", "mostly", "dataset")
              and words[0] not in _ORG_WORDS and words[0] not in _PLACES and words[0] not in _NOT_NAMES
              and words[0] not in _TITLES and _given_name(words[0], False) is None
              and not run[0].word.isupper() and _zipf(words[0]) < 3.0):
            # "Saramma Joseph": an unknown given name before a surname that is a man's given name
            given = (None, 0.0, "ambiguous")
        quoted = in_quote(run[0].start)
        start = run[jname - 1 if family_first else jname].start if jname is not None else run[0].start
        if jname is not None:
            if any(w in _ORG_WORDS for w in words[jname + 1:]):
                return None
            name_toks = run[jname - 1 if family_first else jname:]
            display = text[name_toks[0].start:name_toks[-1].end]
            gender, ev = given[0], given[1]
            first = run[jname].word
            if given[2] in ("lexicon", "guesser", "dataset"):
                why = f"first name {first}"
            elif given[2] == "vietnamese":
                why = f"middle name {run[jname + 1].word}, a Vietnamese {_WORD_FOR[gender]}'s"
            elif given[2] == "mostly":
                why = f"first name {first}, usually a {_WORD_FOR[gender]}'s name"
            else:
                why = ""
            surname = name_toks[-1] if len(name_toks) >= 2 else None
            if family_first:
                # "Ishikawa Michiko", "Kovács Erzsébet", "Lee Mi-kyung": the family name stands first
                # and names the person again on its own ("Ishikawa said")
                surname = name_toks[0]
            if gender is None and surname is not None and given[2] == "ambiguous":
                # a given name of unknown gender may be told by the name beside it: a second given
                # name ("Alexis Carolina Peña"), the given name after an East Asian family name ("Li
                # Xiuying"), or a Czech surname in its man's form ("Michal Dvořák")
                told = _told_by_neighbour(name_toks, use_gg)
                if told is not None:
                    gender, ev, why = told
            if gender is None and surname is not None:
                sg = _surname_gender(surname.word)
                if sg is not None:
                    gender, ev, why = sg[0], _EV_SURNAME, f"surname {surname.word}"
            elif (gender == "m" and surname is not None and surname.word.lower().endswith(_WOMENS_FORMS)
                  and _surname_gender(surname.word) == ("f", True)):
                # a woman's form of a surname is never a man's ("Gerd Magnúsdóttir", "Andrea
                # Nováková"), while many given names are a man's in one language and a woman's in
                # another; the reverse does not hold ("Jessica Kowalski" keeps the man's form
                # abroad). Not "-ova"/"-eva": Spanish and Catalan men are Córdova, Vilanova,
                # Villanueva, and their given name stands
                gender, ev, why = "f", _EV_SURNAME, f"surname {surname.word}"
            if title_g is not None:
                if gender is None:
                    gender, ev, why = title_g, _EV_TITLE, f"title {title_word}"
                elif gender != title_g:
                    gender, ev, why = None, 0.0, ""
            ent = state.full.get(display.lower())
            if ent is None and surname is None:
                ent = state.first_name_entity(run[jname].lower, gender)
            if ent is None or ent.gender != gender:
                ent = _Entity(display, gender, ev, why)
                state.full[display.lower()] = ent
                ent.roles = ent.roles | _introduced_as(text, s.start, start, name_toks[-1].end, toks, consumed)
                if surname is None:
                    state.first.setdefault(run[jname].lower, []).append(ent)
            if surname is not None:
                state.register_surname(surname.lower, ent)
                # a Spanish or Portuguese name has two surnames, and either may stand alone
                # ("Lucía Herrera Campos" ... "Herrera"); a middle name registered as well is harmless
                for t in name_toks[1:-1]:
                    if len(t.word) > 2 and t.word[0].isupper() and t.lower not in _TITLES:
                        state.register_surname(t.lower, ent)
                state.first.setdefault(run[jname].lower, []).append(ent)
                # "Olena and Dmytro Kovalenko": the surname belongs to both
                if jname == 0:
                    cm = _COORD_RE.search(text, max(0, run[0].start - 40), run[0].start)
                    if cm is not None:
                        other = _given_name(cm.group(1).lower(), use_gg)
                        if other is not None and other[0] != gender:
                            state.surnames[surname.lower] = None
        else:
            last = run[-1]
            if any(w in _ORG_WORDS for w in words) and _speech_cue(toks, a, b):
                # "Amnesty International said he ...": not a person, but its reported
                # speech may be about someone the article never names, so it blocks
                return _Mention(run[0].start, si, _Entity(last.word, None, 0.0, "", named=False), False)
            if last.lower in _TITLES or last.lower in _ORG_WORDS or last.lower in _NOT_NAMES or last.lower in _LEADING_STOP:
                # "the Queen", "the Pope": a gendered title standing for a person
                if nrun == 1 and _TITLES.get(last.lower) and _prev_word(toks, a) == "the":
                    g = _TITLES[last.lower]
                    ent = _Entity(f"the {last.word}", g, _EV_TITLE, f"title {last.word}")
                    return _Mention(last.start, si, ent, not in_quote(last.start))
                return None
            if any(w in _ORG_WORDS for w in words):
                return None
            if last.word.isupper() or len(last.lower) < 2:
                return None
            if (nrun == 1 and a > 0 and toks[a - 1].lower in ("a", "an") and last.lower.endswith(_DEMONYM_ENDINGS)
                    and text[toks[a - 2].raw_end if a > 1 else 0:toks[a - 1].start].strip() == ","
                    and a > 1 and toks[a - 2].word[0].isupper()
                    and _given_name(last.lower, False) is None and _zipf(last.lower) >= 3.0):
                # "Rosângela Ferreira, a Brazilian who ...": a demonym in apposition to a name is
                # that person, not a surname of someone else ("met a Brazilian who ..." still is
                # someone of no gender told)
                return None
            # the display name leaves out the titles ("Defence Minister Rustem Umerov" -> "Rustem Umerov")
            name_start = next((t for t in run if t.lower not in _TITLES), last)
            display = text[name_start.start:last.end]
            if title_word:
                display = f"{title_word} {display}"  # "Ms Hrytsenko"
            # "the Region of Murcia assured": after a locative preposition the speech verb
            # belongs to the noun before it, not to the capitalised word
            loc_verb = (a > 0 and toks[a - 1].lower in _LOCATIVE and _joinable(text, toks[a - 1], toks[a])
                        and b < len(toks) and toks[b].lower in _SPEECH_VERBS
                        and not (a > 1 and toks[a - 2].lower == "according"))
            cue = has_title or (not loc_verb and _speech_cue(toks, a, b)) or _appos_noun(text, last.end) is not None
            reg = state.surnames.get(last.lower, False)
            if reg is None:  # two people share this surname
                ent = _Entity(display, None, 0.0, "")
            elif reg is not False and (title_g is None or reg.gender == title_g):
                ent = reg
            else:
                opens = _first_content_index(text, s.start, toks) == a or (
                    a > 0 and re.search(r"[.!?][”\"’]?\s+$", text[toks[a - 1].start:toks[a].start]) is not None)
                if nrun == 1 and not has_title and opens and _plural_common_noun(last.lower):
                    # "Residents said they ...": a plural common noun opening its sentence is a group,
                    # never "he" or "she", so it does not stand between a woman and her pronoun
                    return None
                gender, ev, why = None, 0.0, ""
                sg = _surname_gender(last.word)
                if title_g is not None:
                    gender, ev, why = title_g, _EV_TITLE, f"title {title_word}"
                    if sg is not None and sg[0] != title_g:
                        gender, ev, why = None, 0.0, ""
                elif sg is not None:
                    if nrun == 1 and _prev_word(toks, a) == "the":
                        # "The Musikverein said ... for her": nobody is called "the" and a bare
                        # surname, so a word after "the" with only a surname's ending is a thing
                        return None
                    gender, strong = sg
                    if strong and gender == "f" or cue:
                        ev, why = _EV_SURNAME, f"surname {last.word}"
                    else:
                        ev, why = 0.0, ""  # blocks a "he"-flag, never makes one
                elif not cue:
                    if _maybe_person(text, s, toks, a, b, run):
                        # a capitalised word that may be a surname ("thanked Smith"): it
                        # blocks flags but is never an antecedent
                        return _Mention(run[0].start, si, _Entity(display, None, 0.0, "", named=False), False)
                    return None
                ent = _Entity(display, gender, ev, why)
                if ev > 0 or has_title:
                    state.register_surname(last.lower, ent)
        # a role noun in apposition or right before the name adds evidence
        ent = self._attach_roles(text, ent, run[-1].end, start, consumed)
        if ent.gender is not None and ent.named and ent.evidence > 0:
            state.last_by_gender[ent.gender] = (ent, si)
        if ent.named:
            state.last_named = (ent, si)
        return _Mention(start, si, ent, not quoted and ent.evidence > 0)

    def _attach_roles(self, text, ent, end, start, consumed) -> _Entity:
        roles: list[str] = []
        post = _appos_noun(text, end)
        if post is not None:
            roles.append(post[0])
            consumed.update(post[2])
        pm = _LAST_WORD_RE.search(text, max(0, start - 40), start)
        if pm is not None:
            w = _strip_poss(pm.group(1)).lower()
            if w in _NOUNS or w in _PERSON_NOUNS or w.startswith(("mother-of", "father-of")):
                roles.append(w)
                consumed.add(pm.start(1))
        celeb = ent.celeb or any(r in _EPITHETS for r in roles)
        for role in roles:
            if role.startswith("mother-of"):
                info = ("f", _EV_ROLE_STRONG, "role")
            elif role.startswith("father-of"):
                info = ("m", _EV_ROLE_STRONG, "role")
            else:
                info = _NOUNS.get(role)
            if info is None:
                continue
            g, ev, _kind = info
            if ent.gender is None or (ent.gender == g and ent.evidence < ev):
                ent = _Entity(ent.name, g, ev, f"described as {_article(role)} {role}", ent.named)
            elif ent.gender != g and ev >= _EV_ROLE_STRONG:
                # a strong role noun contradicts the name: say unknown
                ent = _Entity(ent.name, None, 0.0, "", ent.named)
            # a weak role (spokesman) against a given name: the name wins
        if celeb and not ent.celeb:
            ent.celeb = True
        if roles:
            ent.roles = ent.roles | frozenset(roles)
        return ent

    def _described_subject(self, text, s, si, toks, i, mentions, state, in_quote) -> _Entity | None:
        """The named person a sentence-opening "The (modifiers) <role>" re-describes, or None.

        News copy, and translation from Spanish or Russian even more, names a person once and
        then calls them "the president", "the head of the regional government", "the Murcia
        leader" as the subject of the next sentences. The role noun is taken for the subject of
        the sentence before (at most two sentences back) when it opens its sentence, nobody is
        mentioned before it, and the same noun has not introduced a person of its own earlier
        ("Kovalenko met the mayor. The mayor said ...": two people).
        """
        lw = toks[i].lower
        if (lw not in _DESCRIPTIVE_ROLES and lw not in _PERSON_NOUNS and not lw.endswith("-year-old")
                or lw in state.unnamed_roles):
            return None
        # sentences with nobody in them do not move the last subject: three back is the third
        # sentence of the same thread ("... presented the plan. The line will have ... The cost is
        # ... The president of the city said ...")
        if state.last_subject is None or si - state.last_subject[1] > 3:
            return None
        q = _after_opening_quote(text, toks, in_quote)
        if q is None:
            return None
        if 0 < q < i and toks[q].lower in _SPEECH_VERBS and toks[q + 1].lower == "the":
            q += 1  # "“...,” declared the minister": the verb before its subject
        for m in mentions:
            # someone named outside the opening quotation, unless in what the noun's speech
            # verb says ("The Murcia leader joked ... about Ortega's statements")
            if m.pos >= toks[q].start and not (m.pos > toks[i].end and _SPEECH_RE.search(text, toks[i].end, m.pos)):
                return None
        if i > 0 and toks[i - 1].lower == "the" and _FRONTED_ADVERBIAL_RE.match(text, s.start, toks[i - 1].start):
            # "During the act, ..., the official highlighted", "According to the mayor, ...": a
            # phrase before the subject, with nobody in it
            q = i - 1
        elif q == 0 and _first_content_index(text, s.start, toks) != 0:
            return None
        if toks[q].lower != "the" or not 0 < i - q <= 3:
            return None
        if any(not _joinable(text, toks[k], toks[k + 1]) for k in range(q, i)):
            return None  # "The president, ..." broken by punctuation before the noun
        ent = state.last_subject[0]
        if not ent.named or ent.gender is None:
            return None
        # an office of a named body ("The president of the Region of Murcia", "the head of
        # the Kyiv city administration"), or a role the person was introduced with
        of_body = (i + 1 < len(toks) and toks[i + 1].lower == "of"
                   and any(t.is_cap for t in toks[i + 2 : i + 4]))
        if of_body and ent.bodies and not any(t.is_cap and t.lower in ent.bodies for t in toks[i + 2 : i + 6]):
            of_body = False  # "The mayor of Lorca" is not the president of the Region of Murcia
        # "The Murcia leader" for the president of the Region of Murcia: a word for any head,
        # after the name of the body the person was introduced as head of
        head_of_body = lw in _HEAD_WORDS and any(t.is_cap and t.lower in ent.bodies for t in toks[q + 1 : i])
        if lw.endswith("-year-old"):
            # "The 34-year-old" is the person named with that age ("Jitka Horáková, 34, ..."), or the
            # subject of the sentence before when the article gave nobody an age and introduced
            # nobody as "a 34-year-old" ("a 52-year-old man")
            if lw in ent.roles:
                return ent
            if (any(r.endswith("-year-old") for r in ent.roles) or si - state.last_subject[1] > 1
                    or re.search(r"\b(?:a|an|one)\s+" + re.escape(lw), text[:toks[i].start], re.I)):
                return None
            return ent
        if lw not in _DESCRIPTIVE_ROLES:
            # "led by marine biologist Siriporn ... the marine biologist said": a noun the person
            # was introduced with
            return ent if lw in ent.roles else None
        # "the official", "the politician", "the leader": any office the person was introduced with
        # ("the leader of the opposition" is someone else)
        generic = (lw in _GENERIC_ROLES and any(r in _DESCRIPTIVE_ROLES for r in ent.roles)
                   and not (i + 1 < len(toks) and toks[i + 1].lower == "of")
                   and not any(t.is_cap for t in toks[q + 1 : i]))  # "The Valencia leader": a body's own
        return ent if of_body or head_of_body or generic or lw in ent.roles else None

    def _fronted_apposition(self, text, s, si, mentions, state) -> None:
        """ "The president of the Region of Murcia and candidate for re-election, Lucia Ferrer,
        said ...": the role nouns of a subject that opens the sentence and is named in
        apposition right after it are that person, not unnamed people of their own. They stop
        blocking flags and from then on "the president" is that person (``state.described``).
        """
        named = next((m for m in mentions if m.entity.named), None)
        if named is None or named.entity.gender is None or not named.usable:
            return
        lead = text[s.start:named.pos]
        if not _FRONTED_RE.match(lead):
            return
        end = named.pos + len(named.entity.name)
        if not text.startswith(named.entity.name, named.pos) or text[end:end + 1] != ",":
            return
        if any(w[0].islower() and (w in _CLAUSE_VERBS or w.endswith(("ed", "ing")))
               for w in _TOKEN_RE.findall(lead)):
            return  # a verb: "The president said that ..., Olena ..." is a clause, not a noun phrase
        roles = [m for m in mentions if m.pos < named.pos]
        if any(m.entity.named or m.entity.gender not in (None, named.entity.gender) for m in roles):
            return
        if not roles:
            # "The President of Poznań, Bożena ...": a capitalised office is no mention of its own
            lead_words = _TOKEN_RE.findall(lead)
            office = [k for k, w in enumerate(lead_words) if w.lower() in _DESCRIPTIVE_ROLES]
            if not office or office[0] > 3:
                return
            named.entity.roles = named.entity.roles | {lead_words[k].lower() for k in office}
            named.entity.bodies = named.entity.bodies | frozenset(
                w.lower() for w in lead_words[1:] if w[0].isupper() and w.lower() not in _LEADING_STOP
                and w.lower() not in _DESCRIPTIVE_ROLES)
            for k in office:
                state.described[lead_words[k].lower()] = (named.entity, si)
            return
        if len(_TOKEN_RE.findall(text, s.start, roles[0].pos)) > 3:
            return  # the role noun must head the phrase: "The (new) head of ..."
        ent = named.entity
        ent.bodies = ent.bodies | frozenset(
            w.lower() for w in _TOKEN_RE.findall(lead)[1:] if w[0].isupper() and w.lower() not in _LEADING_STOP)
        for m in roles:
            lw = m.entity.name.lower()
            mentions.remove(m)
            state.unnamed_roles.discard(lw)
            state.described[lw] = (ent, si)
            ent.roles = ent.roles | {lw}

    def _noun_mentions(self, text, s, si, toks, mentions, consumed, state, in_quote):
        n = len(toks)
        for i, t in enumerate(toks):
            if t.start in consumed:
                continue
            lw = t.lower
            if t.word[0].isupper() and i > 0:
                continue
            info = _NOUNS.get(lw)
            if info is None:
                if lw.startswith(("mother-of", "father-of")):
                    info = ("f" if lw[0] == "m" else "m", _EV_ROLE_STRONG, "role")
                elif lw in _PERSON_NOUNS or lw.endswith("-year-old") or _partitive_person(toks, i):
                    info = (None, 0.0, "person")
                else:
                    continue
            nxt = toks[i + 1].lower if i + 1 < n and _joinable(text, t, toks[i + 1]) else None
            if lw in _ADJ_LIKE and nxt is not None and toks[i + 1].word[0].islower() and nxt not in _NOUN_FOLLOW_OK:
                continue
            if lw.endswith("-year-old") and nxt is not None and (nxt in _NOUNS or nxt in _PERSON_NOUNS):
                continue
            if info[2] == "kin" and nxt in _KIN_MODIFIED:
                continue
            if nxt is not None and (nxt in _COMPOUND_HEADS or (info[0] is None and nxt.endswith(_AGENT_PLURALS))):
                continue  # "refugee camp", "midwife posts": a modifier, whatever gender the noun tells
            if _predicative(text, toks, i):
                continue
            g, ev, kind = info
            quoted = in_quote(t.start)
            if g is None and lw in _EPITHETS and _definite(toks, i):
                last = state.last_named
                if last is not None and last[0].celeb and si - last[1] <= 2:
                    # "the singer" = the performer named just before
                    mentions.append(_Mention(t.start, si, last[0], not quoted and last[0].evidence > 0, f"the {t.word}"))
                    continue
            if g is None:
                subject = self._described_subject(text, s, si, toks, i, mentions, state, in_quote)
                if subject is None and lw not in state.unnamed_roles and _definite(toks, i):
                    # "the president" again, once the article has said who the president is;
                    # not after someone else named earlier in the sentence ("Ana Soler, an
                    # adviser to the head of ...": that head is nested in her apposition)
                    known = state.described.get(lw)
                    if (known is not None and si - known[1] <= self.lookback_sentences
                            and not any(m.entity.named and m.entity is not known[0] for m in mentions
                                        if m.pos < t.start)):
                        subject = known[0]
                if subject is not None:
                    state.described[lw] = (subject, si)
                    # "Carmen Robledo defended ... / The regional president assured ...": a
                    # definite role noun opening the sentence re-describes the last subject
                    mentions.append(_Mention(t.start, si, subject, not quoted and subject.evidence > 0,
                                             f"the {t.word}"))
                    continue
                if _prev_word(toks, i) not in _SUB_ROLE and not s.standalone:
                    # "the vice president" introduces someone, but not "the president"; a headline's
                    # "Belgrade prosecutor charges ..." is the person the story names
                    state.unnamed_roles.add(lw)
                post = _appos_noun(text, t.end)
                told = _NOUNS.get(post[0]) if post is not None else None
                if post is not None and post[0].startswith(("mother-of", "father-of")):
                    told = ("f" if post[0][0] == "m" else "m", _EV_ROLE_STRONG, "kin")
                if told is not None and told[1] >= _EV_ROLE_STRONG and _definite(toks, i):
                    # "the minister, a mother of two, ...": a person the article never names,
                    # whose gender the apposition tells
                    consumed.update(post[2])
                    ent = _Entity(f"the {t.word}", told[0], _EV_UNNAMED,
                                  f'mentioned as "the {t.word}, {_article(post[0])} {post[0]}"', named=False)
                    mentions.append(_Mention(t.start, si, ent, not quoted))
                    continue
                ent = _Entity(t.word, None, 0.0, "", named=False)
                mentions.append(_Mention(t.start, si, ent, False))
                continue
            ent = None
            if kind == "role" and _prev_word(toks, i) == "the":
                last = state.last_by_gender.get(g)
                if last is not None and si - last[1] <= self.lookback_sentences:
                    ent = last[0]
            if ent is None:
                ent = _Entity(t.word, g, _EV_UNNAMED, f'mentioned as "{t.word}"', named=False)
                mentions.append(_Mention(t.start, si, ent, not quoted))
            else:
                mentions.append(_Mention(t.start, si, ent, not quoted, f"the {t.word}"))


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------
class _ArticleState:
    __slots__ = ("full", "first", "surnames", "last_by_gender", "last_named", "last_subject", "unnamed_roles",
                 "described", "lead_seen", "protagonist")

    def __init__(self) -> None:
        self.full: dict[str, _Entity] = {}
        self.first: dict[str, list[_Entity]] = {}
        #: surname -> entity; None when two people of different gender share it
        self.surnames: dict[str, _Entity | None] = {}
        self.last_by_gender: dict[str, tuple[_Entity, int]] = {}
        self.last_named: tuple[_Entity, int] | None = None
        #: the subject (first person mentioned, if named) of the latest prose sentence
        self.last_subject: tuple[_Entity, int] | None = None
        #: role nouns that have introduced an unnamed person of their own ("the mayor")
        self.unnamed_roles: set[str] = set()
        #: role noun -> (the named person it has stood for, sentence): "the president" = Ferrer
        self.described: dict[str, tuple[_Entity, int]] = {}
        #: the named subject of the first prose sentence that mentions anyone (see detect())
        self.lead_seen = False
        self.protagonist: _Entity | None = None

    def register_surname(self, lw: str, ent: _Entity) -> None:
        old = self.surnames.get(lw, False)
        if old is False:
            self.surnames[lw] = ent
        elif old is not None and old is not ent and old.gender != ent.gender:
            self.surnames[lw] = None

    def first_name_entity(self, lw: str, gender: str | None) -> _Entity | None:
        ents = self.first.get(lw)
        if ents and all(e is ents[0] or e.name == ents[0].name for e in ents) and ents[0].gender == gender:
            return ents[0]
        return None


#: Nouns for any holder of an office (see _described_subject)
_GENERIC_ROLES = frozenset("official politician leader".split())
#: What may stand before "the <role>" that opens a clause: a phrase closed by a comma ("During the
#: ceremony, ", "In a statement on Monday, ") or "According to".
_FRONTED_ADVERBIAL_RE = re.compile(
    r"\W*(?:[A-Z][^,;:.!?“”\"()]{2,120},\s*(?:[^,;:.!?“”\"()]{2,120},\s*)?|[Aa]ccording to\s+)$")
#: Between an office and the name it introduces: "The Minister of Health Giulia ...", "the chief
#: prosecutor for organised crime, Snežana ...", "The President of Poznań, Bożena ...".
_OFFICE_GAP_RE = re.compile(
    r"(?:\s+(?:(?:of|for|on|the|and|de|del|da|do)\s+)*(?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|the)\s+)*)*[a-z]*\s*"
    r"|(?:\s+(?:(?:of|for|on|the|and)\s+)*(?:[\w'’-]+\s+){0,4}?[\w'’-]+)?,\s*)$")
#: The first lower-case word after an office that introduces a name ("prosecutor for ...")
_OFFICE_LINKS = frozenset("of for on the and de del da do".split())
_AGE_AFTER_RE = re.compile(r",\s*(\d{1,3})\s*[,)]")


def _introduced_as(text: str, sent_start: int, start: int, end: int, toks: list[_Tok], consumed: set[int]) -> frozenset[str]:
    """The offices a person is named with before the name, in apposition or as a title ("the chief
    prosecutor for organised crime, Snežana Ilić", "The Minister of Health Giulia Ferrante"), and
    the age after it ("Jitka Horáková, 34, ..." -> "34-year-old"). The office's own token stops
    being someone else: it is this person."""
    out: set[str] = set()
    # "The mayor of X and candidate ..., NAME, said": the subject phrase is read whole by
    # _fronted_apposition, which also keeps the bodies it names
    fronted = _FRONTED_RE.match(text[sent_start:start]) is not None
    for t in toks:
        if fronted or t.start < max(sent_start, start - 80) or t.end > start:
            continue
        if t.lower in _DESCRIPTIVE_ROLES and t.lower not in _GENERIC_ROLES:
            gap = text[t.end:start]
            gap_words = [w for w in _TOKEN_RE.findall(gap) if w.islower()]
            if _OFFICE_GAP_RE.fullmatch(gap) and (not gap_words or gap_words[0] in _OFFICE_LINKS) and not any(
                    w in _CLAUSE_VERBS for w in gap_words):
                out.add(t.lower)
                consumed.add(t.start)
    m = _AGE_AFTER_RE.match(text, end)
    if m is not None:
        out.add(f"{m.group(1)}-year-old")
    return frozenset(out)


#: Before a role noun: a different office ("the vice president" is not "the president")
_SUB_ROLE = frozenset("vice deputy former ex assistant acting co".split())
#: A subject noun phrase opening the sentence and closed by a comma: "The head of the council, "
#: (verbs and clause words that show it is a clause instead)
_CLAUSE_VERBS = frozenset("is was were are be been has have had said says will would can could may "
                          "that which who whom whose".split())
_FRONTED_RE = re.compile(r"^\W*[Tt]he\s[^,;:.!?“”\"()]{2,150},\s*$")


#: Words for the head of any body: "The Murcia leader" is the president of the Region of Murcia
_HEAD_WORDS = frozenset("leader head chief".split())
#: Between a quotation that opens a sentence and the clause after it: the closing mark, maybe a comma
_QUOTE_CLOSE_GAP_RE = re.compile(r"[,.!?]?[”\"’»][,:]?\s*")


def _after_opening_quote(text: str, toks: list[_Tok], in_quote) -> int | None:
    """The index of the first token after a quotation that opens the sentence (“...”The leader
    joked; “...,” the leader said), 0 when none opens it, None when the quotation never closes."""
    if not toks or not in_quote(toks[0].start):
        return 0
    q = next((k for k, t in enumerate(toks) if not in_quote(t.start)), None)
    if q is None or not _QUOTE_CLOSE_GAP_RE.fullmatch(text[toks[q - 1].raw_end:toks[q].start]):
        return None
    return q


def _strip_poss(w: str) -> str:
    return w[:-2] if len(w) > 2 and (w.endswith("'s") or w.endswith("’s")) else w


def _is_cap(text: str, t: _Tok) -> bool:
    w = t.word
    if not w[0].isupper():
        return False
    if len(w) == 1:  # an initial only when a period follows ("J. K.")
        return text[t.end:t.end + 1] == "."
    return not w.isupper() or w.lower() in _ABBREV


def _joinable(text: str, a: _Tok, b: _Tok) -> bool:
    gap = text[a.raw_end:b.start]
    if gap == " ":
        return True
    if gap.startswith(".") and (len(a.word) == 1 or a.lower in _ABBREV):
        gap = gap[1:]
    return 0 < len(gap) <= 3 and gap.isspace() and "\n" not in gap


def _first_content_index(text: str, sent_start: int, toks: list[_Tok]) -> int:
    """Index of the first token that starts the sentence (after quotes, brackets, dashes)."""
    if toks and not text[sent_start:toks[0].start].strip(" \"“”'‘’([—–-"):
        return 0
    return -1


_PARTITIVE_HEADS = frozenset("one another each either neither none".split())
_PARTITIVE_DETS = frozenset("the his her their its our your these those".split())


def _partitive_person(toks: list[_Tok], i: int) -> bool:
    """One person picked out of a group: "one of the nurses", "another of her students". The
    pronoun after it ("One of the keepers says she ...") is that person's, not the man named
    before."""
    lw = toks[i].lower
    j = i - 1
    if j >= 0 and toks[j].lower in _PARTITIVE_DETS:
        j -= 1
    if j < 1 or toks[j].lower != "of" or toks[j - 1].lower not in _PARTITIVE_HEADS:
        return False
    if lw in ("people", "women", "men", "children", "staff"):
        return True
    return any(w in _PERSON_NOUNS or w in _NOUNS for w in _singulars(lw))


def _singulars(lw: str) -> list[str]:
    """The words a lower-cased plural may be the plural of ("nurses": nurse, nurs; "parties": party)."""
    if not lw.endswith("s"):
        return []
    singulars = [lw[:-1]]
    if lw.endswith("es"):
        singulars.append(lw[:-2])
    if lw.endswith("ies"):
        singulars.append(lw[:-3] + "y")
    return singulars


def _prev_word(toks: list[_Tok], i: int) -> str | None:
    return toks[i - 1].lower if i > 0 else None


@lru_cache(maxsize=4096)
def _plural_common_noun(lw: str) -> bool:
    """A lower-cased word that is the plural of a common English noun ("residents", "officials",
    "witnesses", "parties") and no given name: not a surname like Evans, Jones or Roberts, whose
    singulars are given names or rare words."""
    if len(lw) < 4 or not lw.endswith("s") or lw.endswith("ss") or _given_name(lw) is not None:
        return False
    from ..lexical import zipf

    if zipf(lw) < 3.0:
        return False
    singulars = _singulars(lw)
    found = [w for w in singulars if zipf(w) >= 3.5]
    return bool(found) and all(_given_name(w) is None for w in singulars)


def _maybe_person(text: str, s, toks: list[_Tok], a: int, b: int, run: list[_Tok]) -> bool:
    """A capitalised run with no evidence either way that could be a surname."""
    if len(run) > 3 or s.standalone:
        return False
    if _first_content_index(text, s.start, toks) == a:
        return False  # sentence-initial capitals say nothing
    for t in run:
        if t.lower in _PLACES or t.lower in _NOT_NAMES or t.lower in _LEADING_STOP or t.word.isupper():
            return False
    if " ".join(t.lower for t in run) in _PLACES:
        return False
    if a > 0:
        prev = toks[a - 1]
        if (prev.lower in _LOCATIVE or prev.lower == "the") and _joinable(text, prev, toks[a]):
            return False
    last = run[-1]
    if b < len(toks) and _joinable(text, last, toks[b]):
        nxt = toks[b]
        if nxt.word[0].islower() and nxt.lower not in _AFTER_NAME_OK and last.lower.endswith(_DEMONYM_ENDINGS):
            return False  # "Ukrainian forces"
    return True


def _definite(toks: list[_Tok], i: int) -> bool:
    """ "the X" or "the popular X" (at most two modifiers between "the" and the noun)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        if toks[k].lower == "the":
            return True
        if not toks[k].word[0].islower() and not toks[k].word[0].isdigit():
            return False
    return False


def _speech_cue(toks: list[_Tok], a: int, b: int) -> bool:
    """A speech verb or "who" right after the run, or a speech verb / "according to" before it."""
    if b < len(toks) and (toks[b].lower in _SPEECH_VERBS or toks[b].lower == "who"):
        return True
    if a > 0 and toks[a - 1].lower in _SPEECH_VERBS:
        return True
    return a > 1 and toks[a - 1].lower == "to" and toks[a - 2].lower == "according"


def _appos_noun(text: str, end: int) -> tuple[str, int, tuple[int, ...]] | None:
    """Person noun in apposition after a name: ", a spokeswoman for ..." -> (noun, offset, offsets
    of the nouns it is made of)."""
    lead = _APPOS_LEAD_RE.match(text, end)
    if lead is None:
        return None
    pos = lead.end()
    seg = _AFTER_RE.match(text, pos)
    if seg is None:
        return None
    words = list(_TOKEN_RE.finditer(text, pos, seg.end()))[:6]
    if not words:
        return None
    first = words[0].group()
    has_det = first.lower() in _DETERMINERS or first.endswith(("'s", "’s")) and first[0].isupper()
    span = words[1:5] if has_det else words[:2]
    for j, m in enumerate(span):
        w = m.group().lower()
        w = _strip_poss(w)
        if w in _NOUNS or w in _PERSON_NOUNS or w.startswith(("mother-of", "father-of")):
            info = _NOUNS.get(w)
            if has_det and first.lower() in _POSSESSIVE_DET and info is not None and info[2] == "kin":
                return None  # "Olena, her husband ..." is a second person
            # "the head nurse", "a senior police officer": the last of two person nouns side by
            # side is the one the apposition is; both are the named person, neither a new one
            offsets = [m.start()]
            for nxt in span[j + 1:]:
                nw = _strip_poss(nxt.group().lower())
                if not (nw in _NOUNS or nw in _PERSON_NOUNS) or text[m.end():nxt.start()].strip():
                    break
                w, m = nw, nxt
                offsets.append(m.start())
            return (w, m.start(), tuple(offsets))
        if w in _SPEECH_VERBS or w in ("who", "which", "that", "and", "but"):
            return None
    return None


def _predicative(text: str, toks: list[_Tok], i: int) -> bool:
    """The noun is a predicate ("was a teacher", "as head of"): it names the subject again."""
    k = i - 1
    adj = 0
    while k >= 0 and adj <= 2:
        lw = toks[k].lower
        if lw in _DETERMINERS or lw in _COPULA:
            break
        if not toks[k].word[0].islower() and not toks[k].word[0].isdigit():
            return False
        k -= 1
        adj += 1
    if k < 0:
        return False
    if toks[k].lower in _DETERMINERS:
        k -= 1
    if k < 0 or toks[k].lower not in _COPULA:
        return False
    gap = text[toks[k].raw_end:toks[i].start]
    return not any(c in gap for c in ",;:.!?\"“”()")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"



