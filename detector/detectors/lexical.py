"""Word-level artifacts: doubled words and words left untranslated.

Also home to the small word helpers the splice detector shares: cached word-frequency
look-ups and the spans of URLs, e-mail addresses, handles and hashtags, which no
word-level detector should look inside.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from functools import lru_cache

from .. import lexicon
from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector

# --------------------------------------------------------------------------- helpers

#: Languages checked for words left untranslated: the languages most often machine
#: translated into English news (wordfreq has Latin-script lists for all of them).
FOREIGN_LANGS: tuple[str, ...] = ("es", "fr", "de", "it", "pt", "pl", "tr", "nl")


@lru_cache(maxsize=1)
def _wordfreq():
    """Import wordfreq once; its frequency lists load on first use per language."""
    from wordfreq import zipf_frequency

    return zipf_frequency


def _wordlist(lang: str) -> str:
    """wordfreq list to read: the full one for English, whose rare words matter here; the
    "small" one (every word down to Zipf 3, 35 MB for all eight) for the other languages,
    where only common words count (UntranslatedDetector.foreign_min is 4)."""
    return "best" if lang == "en" else "small"


@lru_cache(maxsize=16)
def _freq_dict(lang: str) -> dict[str, float]:
    """wordfreq's own word -> frequency table for ``lang`` (the one zipf_frequency reads)."""
    from wordfreq import get_frequency_dict

    # positional arguments, exactly as wordfreq calls it, so both share one cached table
    return get_frequency_dict(lang, _wordlist(lang))


@lru_cache(maxsize=262_144)
def zipf(word: str, lang: str = "en") -> float:
    """Zipf frequency of ``word`` (already lower-cased) in ``lang``; 0.0 when unknown.

    Equal to ``wordfreq.zipf_frequency`` on the list _wordlist() names; a plain lower-case
    word is looked up in the table directly, which skips wordfreq's tokenizer (about ten
    times faster on a miss).
    """
    f = _freq_dict(lang).get(word)
    if f is not None:
        return round(math.log10(f) + 9.0, 2)
    if word.isascii() and word.isalpha() and word.islower():
        return 0.0  # wordfreq would look up exactly this key
    # normalisation (ß -> ss) and tokenisation (d'état)
    return _wordfreq()(word, lang, _wordlist(lang))


@lru_cache(maxsize=65_536)
def foreign_zipf(word: str) -> tuple[float, str]:
    """(highest Zipf frequency, language) of ``word`` over FOREIGN_LANGS."""
    best, best_lang = 0.0, ""
    for lang in FOREIGN_LANGS:
        f = zipf(word, lang)
        if f > best:
            best, best_lang = f, lang
    return best, best_lang


def protected_spans(ctx: Context) -> tuple[list[int], list[int]]:
    """(starts, ends) of URLs, e-mail addresses, handles, hashtags and domains (the text layer's)."""
    return ctx.layer.protected


def is_protected(spans: tuple[list[int], list[int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of ``spans`` (see ``TextLayer.is_protected``)."""
    starts, ends = spans
    if not starts:
        return False
    i = bisect.bisect_left(starts, end) - 1
    return i >= 0 and ends[i] > start


def clipped_finding(
    ctx: Context, type: str, start: int, end: int, confidence: float, explanation: str
) -> Finding | None:
    """``ctx.finding()`` for a span cut to the sentence that holds its start.

    A finding must lie inside one sentence, but a seam can straddle a sentence boundary
    (the splitter may cut "Kyiv.The" after the full stop, or cut an over-long unit between
    the two halves of "the the"). The span is then cut at the boundary; None when nothing
    of it is left.
    """
    if not ctx.sentences:
        return None
    i = ctx.sentence_at(start)
    sent = ctx.sentences[i]
    if start >= sent.end:  # in the gap after sentence i
        if i + 1 < len(ctx.sentences) and ctx.sentences[i + 1].start < end:
            i += 1
            sent = ctx.sentences[i]
        else:
            return None
    s, e = max(start, sent.start), min(end, sent.end)
    while s < e and ctx.text[s].isspace():
        s += 1
    while e > s and ctx.text[e - 1].isspace():
        e -= 1
    if s >= e:
        return None
    return ctx.finding(type, s, e, confidence, explanation, sentence=i)


def append_finding(out: list[Finding], ctx: Context, *args) -> None:
    """Append ``clipped_finding(ctx, *args)`` to ``out`` unless nothing of the span is left."""
    f = clipped_finding(ctx, *args)
    if f is not None:
        out.append(f)


def _paragraph_lines(ctx: Context):
    """Each line of each paragraph, with the offset it starts at."""
    for p in ctx.paragraphs:
        pos = p.start
        for line in ctx.text[p.start : p.end].split("\n"):
            yield pos, line
            pos += len(line) + 1


def paragraph_of(ctx: Context, offset: int) -> int:
    return ctx.sentences[ctx.sentence_at(offset)].paragraph if ctx.sentences else 0


# --------------------------------------------------------------------------- doubled words


#: Doublings that are ordinary English: reduplications, intensifiers, interjections,
#: and "had had" / "that that", which are grammatical.
LEGIT_DOUBLES = frozenset(
    """had that bye so very no ha yes well now there tut chop knock really far many much long
    blah hush night boo cha choo pom tom tsk hear wink nudge hip hey oh uh mm dum bang goody
    her mayday pretty quack tick wah ooh aah ah bla yada mahi wagga walla bora pago sing""".split()
)
#: Verbs that a cleft or free relative legitimately doubles: "what it is is", "what they do do".
CLEFT_VERBS = frozenset("is was are were do does did has".split())
CLEFT_TRIGGERS = frozenset(
    "what whatever where wherever who whoever how all thing problem point question issue truth fact reason trouble".split()
)
#: Particles that may end a phrasal verb and then start a prepositional phrase: "logged in in 2021".
PARTICLES = frozenset("in on up out off over down around back through by".split())
PHRASAL_HEADS = frozenset(
    """log sign check plug opt turn turns come comes came go goes went move moves hand hands fill fills
    drop drops break breaks broke take takes took zero tune live lives weigh weighs cash chip pitch kick
    join joins jump jumps step steps put puts set sets get gets got hold holds held rein call calls carry
    carries hang hangs hung give gives gave stay stays stand stands stood sit sits sat lock locks shut
    shuts cut cuts run runs ran pass passes fall falls fell let lets keep keeps kept bring brings brought
    pay pays paid back backs lock zero plug""".split()
)
#: Verbs that take "for" and then a span of time: "divers have been searching for for three days".
FOR_VERBS = frozenset(
    """look search wait ask pay call hope account care vote apply push fight campaign lobby argue prepare
    wish long plan train work stand root head hunt beg pray queue compete press reach cover""".split()
)
#: Words that open a span of time or an amount after "for": "for several days", "for years".
SPAN_STARTS = frozenset(
    """several many some more over almost nearly about around two three four five six seven
    eight nine ten years months weeks days hours decades ages so too long most much""".split()
)
#: After "a", "an" or "the", the words that make it a span of time: "for a very long time", "for
#: the past week" ("asked for for a loaf" is a slip).
SPAN_AFTER_ARTICLE = frozenset(
    """long very while few week month year day decade couple moment time lifetime generation fortnight
    number past last next whole entire rest first hour""".split()
)
#: Below this English frequency (wordfreq's Zipf scale) a lower-case word said twice is a
#: reduplicated loanword or name ("ylang ylang", "tuk tuk", "agar agar", "beri beri"), not a slip:
#: a slip doubles what is typed and read often ("the the", "city city")
REDUPLICATION_ZIPF = 3.0
#: Modals that are also nouns: after a determiner the first one is the noun.
NOUN_MODALS = frozenset("will can may must might".split())
DETERMINERS = frozenset("the a an his her their its my your our this that every each".split())
#: Function words that are also surnames ("Halima Said"), so "Said said" may be a name and its verb.
SPEECH_NAMES = frozenset("said will may".split())
#: Words whose doubling is almost always a slip; they get the highest confidence.
FUNCTION_WORDS = frozenset(
    """the a an of to in on at by for with from and or but as is was are were be been it its this that
    these those he she they we his her their our said says has have had will would could should can
    may might must not also than then""".split()
)


def _verb_of(word: str, heads: frozenset[str]) -> bool:
    """True for a form of one of the verbs ``heads``: "log", "logged", "signs", "carried", "looking"."""
    if word in heads:
        return True
    if word.endswith("ied"):
        return word[:-3] + "y" in heads
    if word.endswith("ed"):
        # signed -> sign, moved -> move, logged -> log
        return any(stem in heads for stem in (word[:-2], word[:-1], word[:-3]))
    if word.endswith("ing"):
        # signing -> sign, moving -> move, logging -> log
        return any(stem in heads for stem in (word[:-3], word[:-3] + "e", word[:-4]))
    if word.endswith("s"):
        return word[:-1] in heads or (word.endswith("es") and word[:-2] in heads)
    return False


def _phrasal(word: str) -> bool:
    """True for a verb that takes a particle: "log", "logged", "signs", "carried"."""
    return _verb_of(word, PHRASAL_HEADS)


def _surname_in(text: str, word: str, pos: int) -> bool:
    """``word`` stands elsewhere in ``text`` as the last part of a full name ("Halima Said",
    "Dr. Amir Said"): a capitalised word before it on the same line, not opening a sentence."""
    return any(m.end() - len(word) != pos
               for m in re.finditer(r"\b[A-Z][\w'’.-]*[ \u00a0]+" + re.escape(word) + r"\b", text))


class DoubledWordDetector(Detector):
    """The same word twice in a row ("the the"), the commonest slip of automated editing.

    Decisions: only letters are compared, so repeated numbers ("10 10") are never flagged
    (scores and tables repeat them legitimately); two capitalised words are a name or title
    case ("Bora Bora", "Duran Duran", "Will Will Smith Return?") unless both are in capitals
    ("NATO NATO", flagged with less confidence); hyphenated doublings ("Baden-Baden") are
    single words; the words may be separated by whitespace only, within one paragraph.
    Legitimate doublings are kept: "had had", "that that", clefts ("what it is is"),
    reduplications ("bye bye", "so so", "very very", and any word rare in English said twice:
    "ylang ylang", "boda boda"), a phrasal verb's particle before a preposition ("logged in in
    March"), a verb's "for" before a span of time ("searching for for three days") and a noun
    before a modal ("his will will").
    """

    name = "doubled_word"
    description = "A word repeated by mistake, such as 'the the' or 'said said'."
    types = (FindingType(
        "doubled_word", description,
        tag="doubled", heading="Doubled word", colour="#0b6690", tint="#d6edf7", underline="double",
        axis="rewriting", weight=0.6),)

    def __init__(
        self,
        function_confidence: float = 0.8,  # "the the", "of of": never intended, but a typo careful copy
        #   has too (0.8% of WMT human references): one alone stays below the rewriting axis's
        #   "suspect" evidence (weight 0.6 x 0.8 = 0.48), two reach it
        content_confidence: float = 0.75,  # "said said": a slip, but emphatic repetition exists
        caps_confidence: float = 0.6,  # "NATO NATO": may be a scraped table row or a headline
        cleft_window: int = 8,  # words looked back for "what it is is"; a cleft subject is short
    ):
        self.function_confidence = function_confidence
        self.content_confidence = content_confidence
        self.caps_confidence = caps_confidence
        self.cleft_window = cleft_window

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        out: list[Finding] = []
        toks = ctx.layer.tokens
        for a, b in zip(toks, toks[1:], strict=False):
            first, second = a.word, b.word
            if not (first.isalpha() and second.isalpha()) or a.possessive or b.possessive:
                continue  # only plain words: "Baden-Baden" is one word, "10 10" no word at all
            lw = first.lower()
            if lw != second.lower():
                continue
            gap = text[a.end : b.start]
            if not gap.isspace():
                continue
            if lw in LEGIT_DOUBLES:
                continue
            if len(first) == 1 and (first.isupper() or second.isupper()) and lw != "a":
                continue  # "I I", list labels "B B"
            if first[0].isupper() and second[0].isupper() and not (first.isupper() and len(first) > 1):
                continue  # a name or title case: "Bora Bora", "Duran Duran", "Will Will Smith return?"
            if "\n" in gap and paragraph_of(ctx, a.start) != paragraph_of(ctx, b.start):
                continue
            if (first[0].isupper() and second.islower() and (lw not in FUNCTION_WORDS or lw in SPEECH_NAMES)
                    and _surname_in(ctx.text, first, a.start)):
                continue  # "Said said the county ...": Halima Said, named in full before, and her verb
            before = self._words_before(ctx, a.start)
            if lw in CLEFT_VERBS and CLEFT_TRIGGERS.intersection(before):
                continue
            if lw in PARTICLES and before and _phrasal(before[-1]):
                continue
            if lw in NOUN_MODALS and before and before[-1] in DETERMINERS:
                continue  # "his will will be read", "the can can be recycled"
            if lw == "for" and before and _verb_of(before[-1], FOR_VERBS) and self._span_after(ctx, b.end):
                continue  # "searching for for three days": the verb's "for", then a span of time
            if second.islower() and lw not in FUNCTION_WORDS and zipf(lw) < REDUPLICATION_ZIPF:
                continue  # "ylang ylang", "tuk tuk": a reduplicated loanword
            if first.isupper() and second.isupper() and len(first) > 1:
                conf = self.caps_confidence
            elif lw in FUNCTION_WORDS:
                conf = self.function_confidence
            else:
                conf = self.content_confidence
            append_finding(
                out,
                ctx,
                "doubled_word",
                a.start,
                b.end,
                conf,
                f"The word '{first}' is repeated ('{text[a.start:b.end]}'), a typical slip of automated or careless editing.",
            )
        return out

    def _span_after(self, ctx: Context, pos: int) -> bool:
        """Whether a span of time or an amount starts after ``pos`` ("several days", "the past week", "3 months")."""
        s = ctx.sentences[ctx.sentence_at(pos)] if ctx.sentences else None
        end = s.end if s is not None and s.end > pos else min(len(ctx.text), pos + 80)
        words = [t.lower for t in ctx.layer.tokens_in(pos, end)[:2]] + ["", ""]
        return words[0] in SPAN_STARTS or words[0][:1].isdigit() or (
            words[0] in ("a", "an", "the") and words[1] in SPAN_AFTER_ARTICLE)

    def _words_before(self, ctx: Context, pos: int) -> list[str]:
        """Lower-cased words of the same sentence before ``pos`` (at most ``cleft_window``)."""
        s = ctx.sentences[ctx.sentence_at(pos)] if ctx.sentences else None
        start = s.start if s is not None and s.start <= pos else max(0, pos - 200)
        words = [t.lower for t in ctx.layer.tokens_in(start, pos)]
        return words[-self.cleft_window :]


# --------------------------------------------------------------------------- untranslated

try:  # the ``regex`` module knows Unicode scripts; it is a dependency of the project's stack
    import regex as _rx

    _NON_LATIN_RE = _rx.compile(
        r"[\p{L}--\p{Latin}][\p{L}\p{M}--\p{Latin}]*"
        r"(?:[ \t\-'’,]+[\p{L}--\p{Latin}][\p{L}\p{M}--\p{Latin}]*)*",
        _rx.V1,
    )
except ImportError:  # pragma: no cover - fallback covering the common scripts by block
    _NON_LATIN_RE = re.compile(
        r"[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0e00-\u0e7f\u10a0-\u10ff"
        r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+(?:[ \t\-'’,]+[\u0370-\u03ff\u0400-\u052f\u0530-\u058f"
        r"\u0590-\u05ff\u0600-\u06ff\u0e00-\u0e7f\u10a0-\u10ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+)*"
    )

#: A Latin-script word (accents allowed), possibly with an elided article: d'état.
_LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+(?:['’][A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+)*")


def _latin_words(ctx: Context) -> list[tuple[int, int, str]]:
    """(start, end, lower-case form) of the Latin-script words of the text layer; a hyphenated
    token counts part by part ("pro-Kremlin" is "pro" and "Kremlin"), a possessive 's stays on."""
    cached = ctx.cache.get("lexical.latin_words")
    if cached is None:
        cached = []
        text = ctx.text
        for t in ctx.layer.tokens:
            pos = t.start
            for part in text[t.start : t.raw_end].split("-"):
                if _LATIN_WORD_RE.fullmatch(part):
                    cached.append((pos, pos + len(part), part.lower().replace("’", "'")))
                pos += len(part) + 1
        ctx.cache["lexical.latin_words"] = cached
    return cached
#: "(Ukrainian: ", "(in Russian, " ... before an original-script name in parentheses, or a gloss and then
#: the language's name: "(North Square; in Hebrew: ...)"
_PAREN_LABEL_RE = re.compile(r"\((?:\s*(?:in\s+)?[A-Za-z]+\.?\s*[:,]?)?\s*$"
                             r"|\([^()\n]{1,40}[;,]\s*(?:in\s+)?[A-Z][a-z]+:\s*$")
_PAREN_CLOSE_RE = re.compile(r"\s*(?:[,;][^()\n]{0,40})?\)")
_GLOSS_AFTER_RE = re.compile(r"[\"'”’»]?\s*\(")
#: After a quotation of foreign words, its speech tag and then its translation: in parentheses, or quoted
#: after a dash ('"...," the mayor wrote on X — "I apologise ..." —', '..., said Rosa Martínez. (We will not
#: stop ...)'), after "translates as" or "meaning", or as the next quotation when the tag names the language
#: ('..., she said in Spanish. "We will not stop ..."'); the translation must be English and of about
#: the quotation's length (see _translated_after)
_TAG_TO_GLOSS_RE = re.compile(
    r"[\"”’»]?[,.]?\s+(?P<tag>[^\"“”\n()—–]{0,100}?)\s*"
    r"(?:(?P<cue>\b(?:translat\w* (?:as|to)|which means|meaning)\s*:?\s*[\"“‘]?)|\(\s*[\"“‘]?|[—–]\s*[\"“‘]"
    r"|(?P<quote>[\"“‘]))"
)
_LANGUAGE_NAMED_RE = re.compile(
    r"\bin (?:Spanish|French|German|Italian|Portuguese|Catalan|Galician|Basque|Dutch|Polish|Czech|Turkish|Arabic|"
    r"Hebrew|Persian|Farsi|Urdu|Hindi|Tamil|Bengali|Korean|Japanese|Chinese|Mandarin|Cantonese|Russian|Ukrainian|"
    r"Greek|Romanian|Hungarian|Swahili|Tagalog|Filipino|Indonesian|Malay|Vietnamese|Thai|Irish|Welsh|Yoruba|Hausa"
    r"|Zulu|Afrikaans|Amharic)\b|\btranslat|\bmean"
)
_GLOSS_END_RE = re.compile(r"[\"”’)—–\n]|[.!?](?:\s|$)")
#: After a quotation of foreign words, their gloss: in parentheses, or set off by a dash ('a "comercio
#: emblemático" — a historic business — by ...'), or by a comma and "meaning" or "literally". A gloss
#: after a dash is a short phrase that the next dash or the sentence's end closes: "— the police watched
#: from the bridge." goes on with the story.
_QUOTE_GLOSS_RE = re.compile(
    r"\s*\(|\s*[—–]\s*(?:meaning|literally)\s|,\s+(?:meaning|literally)\s"
    r"|\s*[—–]\s*(?:a|an|the|or)\s+(?:[^\s—–.!?]+\s+){0,3}[^\s—–.!?]+\s*(?:[—–.!?]|$)"
)
#: A foreign dish, drink or custom named and glossed in apposition, as features do: "pan de muerto,
#: the sweet bread eaten ...", "the city's ice cream, dondurma, is ..."
_APPOSITION_AFTER_RE = re.compile(r",\s+(?:the|a|an)\s")
#: Before a term of the source kept on purpose, the words translators and features name it with:
#: "the so-called escolas unitarias, small schools ...", "known locally as golas", "dubbed ..."
_NAMED_TERM_RE = re.compile(r"\b(?:so-called|so called|known(?: locally)? as|dubbed)\s+[\"“‘']?$", re.IGNORECASE)
_APPOSITION_AROUND_RE = re.compile(r"[a-z],\s+$")
#: After a sentence's first word: an English article or determiner and a lower-case word, the noun
#: phrase a preposition of the source governs ("Según the municipal data, ...", "Segundo the police")
_DETERMINER_AFTER_RE = re.compile(r"\s+(?:the|a|an|this|these|those|its|their|last)\s+[a-z]")

#: Loanwords, Latin tags and regional terms that English news uses untranslated on purpose.
ACCEPTED_FOREIGN = frozenset(
    """
    quo facto jure se fide bona hoc hominem d'état d'etat état etat situ al versa bono grata persona non
    qua sine culpa mea mater alma operandi modus corpus habeas facie prima officio rata judice generis
    sui rasa tabula emptor caveat carpe diem mutandis mutatis vires ultra gratia alia inter fait accompli
    raison être vu déjà laissez faire carte blanche vis voilà à la mode cliché protégé détente entente
    rapprochement café résumé fiancée fiancé naïve naïveté señor señora señorita mañana jalapeño piñata
    façade soupçon décor soirée entrée rosé communiqué exposé élite première crème brûlée pâté über
    doppelgänger hors combat oeuvre œuvre nouveau riche bête noire joie vivre savoir s'il vous plaît merci
    ciao adios adiós amigo hasta vista gracias por favor nein ja danke bitte wunderbar kaput kaputt
    oblast oblasts rada hromada hromadas raion raions hryvnia hryvnias hryvnya rouble roubles ruble rubles
    kopek kopeks intifada jihad fatwa sharia hijab niqab burqa madrasa ayatollah mullah imam souk
    kibbutz knesset junta barrio favela bodega siesta fiesta plaza piazza autobahn kindergarten
    zeitgeist angst realpolitik blitzkrieg wunderkind kitsch schadenfreude ersatz leitmotif diktat
    apparatchik nomenklatura glasnost perestroika dacha babushka pogrom gulag tsar oligarch siloviki
    kompromat spetsnaz maidan euromaidan banya borscht borshch vodka samovar troika sputnik
    intelligentsia bourgeoisie verkhovna duma okrug krai ataman hetman kobzar vyshyvanka pysanka
    złoty zloty złotys zlotys złotych forint forints koruna korunas leu lei lev leva lari manat tenge
    som dram dinar dirham riyal rial shekel shekels lira rupiah ringgit baht renminbi reais
    gar ley fez tun credo verso loin polis capo mezzo oud specie mano bene gens primo sola basso hombre
    noël chanson maître rendez vous affaires chargé sensu stricto lato bambino döner kaffee gesundheit
    bouche d'œuvre d'oeuvre mise scène grâce guerre époque siècle ancien régime cosa nostra heimat
    länder sejm powiat gmina voivodeship desaparecidos
    vivos mortis causa mens rea absentia curiae amicus subpoena sub nolo contendere pro forma
    """.split()
)


def _script_name(ch: str) -> str:
    """'Cyrillic', 'Greek', 'Arabic', 'CJK' ... for a letter, from its Unicode name."""
    try:
        first = unicodedata.name(ch).split()[0]
    except ValueError:
        return "non-Latin"
    return {"CJK": "Chinese/Japanese", "HANGUL": "Korean"}.get(first, first.capitalize())


def _looks_like_cp1251_mojibake(run: str) -> bool:
    """UTF-8 Cyrillic decoded as cp1251 ("Р—РµР»") is mojibake, the encoding detector's job."""
    letters = [c for c in run if not c.isspace()]
    return len(letters) >= 4 and sum(c in "РС" for c in letters) >= 0.35 * len(letters)


def _chunk(text: str, s: int, e: int, reach: int = 40) -> str:
    """[s, e) widened to the surrounding whitespace (at most ``reach`` characters each way):
    "Р—РµР»" rather than its Cyrillic runs."""
    lo, hi = max(0, s - reach), min(len(text), e + reach)
    while s > lo and not text[s - 1].isspace():
        s -= 1
    while e < hi and not text[e].isspace():
        e += 1
    return text[s:e]


#: Languages a whole standalone line is checked against ("Bagikan Berita Ini", a share widget
#: left in Indonesian): wordfreq's Latin-script lists beyond FOREIGN_LANGS. Only lines are
#: checked against them: single words of these languages collide with English names too often.
LINE_LANGS: tuple[str, ...] = FOREIGN_LANGS + ("id", "ms", "fi", "sv", "da", "nb", "cs", "sk", "hu", "ro", "ca",
                                               "sh", "sl", "lt", "lv", "fil", "vi")
#: Finnish and Swedish write a case ending after an acronym with a colon ("SDP:n", "EU:ssa",
#: "SVT:s"); machine translation keeps it, sometimes split by a space ("Sdp: n chairman").
#: Spaced, only endings that are no English word count, after an acronym or a word English
#: does not know ("Note: n is ..." is English).
_CASE_ENDING_RE = re.compile(
    r"(?<![\w:])([A-ZÄÖÅ][A-Za-zÄÖÅäöå]{1,5}):(?:"
    r"(n|s|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|ta|tä|na|nä|iin|hin|een|ään|lle)"
    r"|[ \u00a0](n|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|iin|een|ään))(?=[ \u00a0][^\W\d_])"
)
#: A stroke radical that Chinese headlines use as a separator ("新闻丨..."), not a word.
_SEPARATOR_CHARS = frozenset("丨丶丿亅")
#: Cyrillic and Greek letters drawn like a Latin one. Typed on the wrong keyboard layout inside
#: a Latin word, a figure or an initial ("22°С", "WНO", "А. Petrov"), one of them is a
#: homoglyph, not a word left untranslated.
_HOMOGLYPHS = frozenset("АВЕКМНОРСТХаеорсухіјѕІЈЅΑΒΕΗΙΚΜΝΟΡΤΧΥΖο")
#: A short lower-case word between two capitalised ones is a particle of a place or family
#: name ("Ústí nad Labem", "Frankfurt am Main", "Castel di Sangro"), not a word left over.
_NAME_PARTICLE_MAX = 4


#: the opening mark of a quotation and what stands between it and a foreign phrase, on one line
_QUOTE_BEFORE = re.compile(r"([\"“„«»‘‚'])([^\"“”„«»‘’‚'\n]{0,40})$")
#: what stands between a foreign phrase and the closing mark of its quotation, and the mark
_QUOTE_AFTER = re.compile(r"([^\"“”„«»‘’'\n]{0,40}?)([\"”“«»’‘'])")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names as written ("Mehmet", "Kemal") known to gender-guesser (a project dependency),
    loaded on first use."""
    try:
        import gender_guesser  # noqa: F401
    except ImportError:  # pragma: no cover - optional at run time
        return frozenset()
    from .. import lexicon

    return frozenset(lexicon.name_guessers()[0].names)


def _fold(ch: str) -> str:
    """One character without its accent (one for one, so offsets hold), and ’ as '."""
    return "'" if ch == "’" else unicodedata.normalize("NFD", ch)[0]


@lru_cache(maxsize=1)
def _loan_re() -> re.Pattern:
    from .. import lexicon

    alts = []
    for phrase in sorted(lexicon.column("loan_phrases"), key=len, reverse=True):
        folded = "".join(_fold(c) for c in phrase.lower())
        words = [re.escape(w).replace("oe", "(?:oe|œ)") for w in re.split(r"[\s-]+", folded)]
        alts.append(r"[\s-]+".join(words))
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def _loan_spans(text: str) -> list[tuple[int, int]]:
    """Where the text uses a term English keeps from another language ('hôtel particulier',
    'petits fours', 'prêt-à-porter'; lexicon loan_phrases), matched without its accents."""
    folded = "".join(_fold(c) for c in text)
    return [m.span() for m in _loan_re().finditer(folded)]


def _translated_after(text: str, qs: int, qe: int) -> bool:
    """A quotation of foreign words that its translation follows after the speech tag (_TAG_TO_GLOSS_RE):
    the translation is English (three in four of its words not written with a capital are English
    words) and has between half and twice the quotation's words."""
    m = _TAG_TO_GLOSS_RE.match(text, qe)
    if m is None or (m.group("quote") and not _LANGUAGE_NAMED_RE.search(m.group("tag"))):
        return False
    end = _GLOSS_END_RE.search(text, m.end())
    gloss = _LATIN_WORD_RE.findall(text[m.end() : end.start() if end else len(text)])
    quoted = _LATIN_WORD_RE.findall(text[qs:qe])
    if not quoted or not (len(quoted) / 2 <= len(gloss) <= 2 * len(quoted) + 2):
        return False
    plain = [w for w in gloss if not w[0].isupper()]
    return len(plain) >= 2 and sum(zipf(w.lower()) >= 3.0 for w in plain) >= 0.75 * len(plain)


class UntranslatedDetector(Detector):
    """Words left in the source language inside English text.

    Two signals: a run of letters in a non-Latin script (Cyrillic, Greek, Arabic, CJK,
    Georgian, Armenian, Hebrew ...), and a lower-case Latin-script word that wordfreq
    knows as common in another news language but rare in English ("según", "sagte",
    "również"). Not flagged: an original-script name in parentheses after its
    transliteration, a foreign word followed by a parenthesised gloss, single Greek
    letters (science), capitalised words (proper nouns), URLs and handles, loanwords
    and regional terms English news keeps on purpose (ACCEPTED_FOREIGN: "status quo",
    "coup d'état", "oblast", "hryvnia", "rada" ...). Transliterated Russian or Ukrainian
    words are not covered: wordfreq has no Latin-script list for those languages.
    """

    name = "untranslated"
    description = "Words left untranslated: foreign-script text or common foreign words in English prose."
    types = (FindingType(
        "untranslated", description,
        tag="untranslated", heading="Untranslated text", colour="#58389a", tint="#e7def7", underline="solid",
        axis="translation", weight=1.0),)

    def __init__(
        self,
        english_max: float = 3.0,  # wordfreq Zipf; English words used in news score above 3 ("angst" 3.26)
        foreign_min: float = 4.0,  # Zipf >= 4 is a common word there ("sagte" 5.5); lists stop at 3, see _wordlist
        margin: float = 2.5,  # foreign - English: "señor" 2.7 passes, "pendant" 2.2 and "rada" 2.0 do not
        min_length: int = 3,  # shorter words ("el", "de", "la") also occur in English names and are skipped
        script_confidence: float = 0.9,  # foreign script in English prose is rarely anything else
        single_script_confidence: float = 0.75,  # one short word: could be a deliberate quotation
        word_confidence: float = 0.6,  # one Latin-script word: wordfreq lists are noisy
        phrase_confidence: float = 0.85,  # two or more foreign words in a row
        line_words: tuple[int, int] = (2, 8),  # a widget or menu line: "Baca Juga", "Bagikan Berita Ini"
        line_function_min: float = 5.5,  # one word of the line this common there: "ini" 7.2, "juga" 6.7
        chrome_function_min: float = 4.8,  # ... or this common, when separators or a stamp cut the line
        #   into parts, as a breadcrumb or a section's stamp line: "Wiadomości » Kraj » Zdrowie" (5.2)
        case_ending_confidence: float = 0.8,  # "SDP:n": no English text writes a colon inside a word
        connective_min: float = 4.8,  # Zipf there of a connective: "toutefois" 4.9, "porém" 5.3, "jedoch"
        #   5.6; the surnames and given names it must pass over lie below ("Ferreira" 4.6, "Castro"
        #   4.6) or are English words too ("Santos" 3.7, "Ana" 3.9 in English)
        sentence_words: int = 5,  # a sentence of this many words or more may be one left in its language
        sentence_share: float = 0.6,  # of its words that language's: the Swiss franc's "Die Zahlen für
        #   November ..." has 12 of 13; an English sentence naming dishes ("tagliatelle al ragù,
        #   ossobuco, vitello tonnato and tiramisù") about half
        connective_confidence: float = 0.7,  # a capitalised word with its comma: one word, but in a slot
        #   only a connective or a name fills
        quoted_words: int = 5,  # a quotation this short, all of it foreign, is a slogan or a name
        #   quoted ("Ni una menos", "Wir schaffen das"); a sentence left over runs longer
    ):
        self.english_max = english_max
        self.foreign_min = foreign_min
        self.margin = margin
        self.min_length = min_length
        self.script_confidence = script_confidence
        self.single_script_confidence = single_script_confidence
        self.word_confidence = word_confidence
        self.phrase_confidence = phrase_confidence
        self.line_words = line_words
        self.line_function_min = line_function_min
        self.chrome_function_min = chrome_function_min
        self.case_ending_confidence = case_ending_confidence
        self.connective_min = connective_min
        self.sentence_words = sentence_words
        self.sentence_share = sentence_share
        self.connective_confidence = connective_confidence
        self.quoted_words = quoted_words

    def detect(self, ctx: Context) -> list[Finding]:
        out = self._scripts(ctx)
        whole = self._foreign_sentences(ctx)
        # a sentence left in another language is one finding, not the pieces the word rule finds in
        # it; so is a German phrase whose nouns the word rule passed over ("nach Angaben der Polizei")
        whole += [g for g in self._german_nouns(ctx) if not any(w.start < g.end and g.start < w.end for w in whole)]
        loans = _loan_spans(ctx.text)
        out.extend(f for f in self._latin(ctx) if not any(w.start <= f.start and f.end <= w.end for w in whole)
                   and not any(a <= f.start and f.end <= b for a, b in loans))
        out.extend(whole)
        taken = [(f.start, f.end) for f in out]
        for f in self._case_endings(ctx) + self._labels(ctx) + self._lines(ctx) + self._chrome_lines(ctx):
            if not any(a < f.end and f.start < b for a, b in taken):
                out.append(f)
                taken.append((f.start, f.end))
        out.sort(key=lambda f: f.start)
        return out

    # -- non-Latin script
    def _scripts(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        out: list[Finding] = []
        for m in _NON_LATIN_RE.finditer(text):
            s, e = m.start(), m.end()
            run = m.group(0)
            script = _script_name(run[0])
            if script == "Greek" and len(run) == 1:
                continue  # a symbol: "α particles", "β-blocker"
            if len(run) == 1 and run in _SEPARATOR_CHARS:
                continue  # "Xinhua 丨 ...": a separator
            if len(run) == 1 and run in _HOMOGLYPHS and self._in_latin(text, s, e):
                continue  # "22°С", "WНO": a letter typed on the wrong keyboard layout
            if ctx.layer.is_protected(s, e):
                continue  # "стопкоронавирус.рф", "#премия": an address or a hashtag is kept as it is
            if _looks_like_cp1251_mojibake(_chunk(text, s, e)):
                continue
            if self._glossed(text, s, e):
                continue
            words = len(run.split())
            conf = self.script_confidence if (words > 1 or len(run) > 3) else self.single_script_confidence
            append_finding(
                out,
                ctx,
                "untranslated",
                s,
                e,
                conf,
                f"'{run}' is {script} text left untranslated in an English article.",
            )
        return out

    @staticmethod
    def _in_latin(text: str, s: int, e: int) -> bool:
        """A one-letter run touching a Latin letter, a digit or a degree sign, or an initial
        before a Latin-script name ("А. Petrov")."""
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        if (before.isascii() and before.isalnum()) or before == "°" or (after.isascii() and after.isalnum()):
            return True
        return bool(re.match(r"\.\s?[A-Z][a-z]", text[e : e + 4]))

    @staticmethod
    def _glossed(text: str, s: int, e: int) -> bool:
        """An original-script form given in parentheses, or a foreign word glossed right after."""
        left = text[max(0, s - 30) : s]
        if _PAREN_LABEL_RE.search(left) and _PAREN_CLOSE_RE.match(text, e):
            return True
        return bool(_GLOSS_AFTER_RE.match(text, e))

    # -- Latin-script foreign words
    def _is_foreign(self, w: str) -> bool:
        if len(w) < self.min_length or w in ACCEPTED_FOREIGN:
            return False
        en = zipf(w, "en")
        if en >= self.english_max:
            return False
        best, _ = foreign_zipf(w)
        return best >= self.foreign_min and best - en >= self.margin

    def _is_weak_foreign(self, w: str) -> bool:
        """Weaker evidence, enough for a neighbour of a foreign word: "malo" in "muy malo", "el"."""
        if w in ACCEPTED_FOREIGN:
            return False
        en = zipf(w, "en")
        best, _ = foreign_zipf(w)
        return best >= self.foreign_min and best - en >= self.margin - 1.0

    def _latin(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        spans = protected_spans(ctx)
        words = _latin_words(ctx)
        strong: list[int] = []
        for i, (s, e, lw) in enumerate(words):
            if e - s < self.min_length or not text[s].islower():
                continue  # short, or capitalised: a proper noun
            if self._is_foreign(lw) and not is_protected(spans, s, e) and not self._name_particle(text, words, i):
                strong.append(i)
        if not strong:
            return self._opening_connectives(ctx, words, spans)
        strong_set = set(strong)
        out: list[Finding] = self._opening_connectives(ctx, words, spans)
        last_end = -1
        for i in strong:
            if words[i][0] < last_end:
                continue  # already inside a phrase
            lo = hi = i
            # grow the phrase over neighbours with weaker evidence: "muy malo", "según el gobierno"
            while (
                lo > 0
                and self._adjacent(text, words[lo - 1], words[lo])
                and self._neighbour(text, words[lo - 1])
            ):
                lo -= 1
            while hi + 1 < len(words) and self._adjacent(text, words[hi], words[hi + 1]):
                if hi + 1 in strong_set or self._neighbour(text, words[hi + 1]):
                    hi += 1
                elif (hi + 2 < len(words) and self._bridge(text, words[hi + 1])
                      and self._adjacent(text, words[hi + 1], words[hi + 2])
                      and (hi + 2 in strong_set or self._neighbour(text, words[hi + 2]))):
                    hi += 2  # "los sindicatos advirtieron que los salarios": one sentence left over
                else:
                    break
            s, e = words[lo][0], words[hi][1]
            last_end = e
            if (self._glossed(text, s, e) or self._apposition(text, words, lo, hi) or self._quote_glossed(ctx, s, e)
                    or self._quoted_whole(text, s, e) or _NAMED_TERM_RE.search(text, max(0, s - 30), s)):
                continue
            phrase = text[s:e]
            lang = _LANG_NAMES.get(foreign_zipf(words[i][2])[1], "foreign")
            n_foreign = sum(
                1 for k in range(lo, hi + 1) if k in strong_set or self._neighbour(text, words[k])
            )
            if n_foreign > 1:
                expl = f"'{phrase}' looks like {lang} words left untranslated in an English article."
                conf = self.phrase_confidence
            else:
                expl = f"'{phrase}' is a common {lang} word but rare in English, so it was probably left untranslated."
                conf = self.word_confidence
            append_finding(out, ctx, "untranslated", s, e, conf, expl)
        return out

    def _german_nouns(self, ctx: Context) -> list[Finding]:
        """German left inside an English sentence, whose nouns are capitalised: the word rule reads
        capitals as names and finds no lower-case word strong enough in "... would decide the
        route bis Ende des Jahres", whose "bis" and "des" are English words too. A run of three
        words or more, each a German word (capitalised: common in German, rare in English; lower
        case: common in German, weaker in English), at least two in lower case and not only
        articles, one capitalised that does not open its sentence, and two well clear of English.
        The names of German bodies and titles that English copy keeps ("Zeit im Bild", "Haus der
        Kulturen der Welt", "Institut für Weltwirtschaft") have one lower-case word or only
        articles between their capitals; a short quotation all in German is a slogan or a title."""
        text = ctx.text
        words = _latin_words(ctx)
        spans = protected_spans(ctx)
        starts = {s.start for s in ctx.sentences}
        out: list[Finding] = []
        i, n = 0, len(words)
        while i < n:
            j = i
            while j < n and (j == i or self._adjacent(text, words[j - 1], words[j])) and self._german(text, words[j], starts):
                j += 1
            run = words[i:j]
            i = max(j, i + 1)
            if len(run) < 3:
                continue
            lower = [w[2] for w in run if text[w[0]].islower()]
            if (len(lower) < 2 or all(w in _GERMAN_ARTICLES for w in lower) or len(lower) == len(run)
                    or sum(zipf(w[2], "de") - zipf(w[2], "en") >= self.margin for w in run) < 2):
                continue
            s, e = run[0][0], run[-1][1]
            if is_protected(spans, s, e) or self._glossed(text, s, e) or self._quote_glossed(ctx, s, e) \
                    or self._quoted_whole(text, s, e):
                continue
            append_finding(out, ctx, "untranslated", s, e, self.phrase_confidence,
                           f"'{text[s:e]}' looks like German words left untranslated in an English article "
                           "(German capitalises its nouns, so they read like names).")
        return out

    def _german(self, text: str, word: tuple[int, int, str], starts: set[int]) -> bool:
        s, e, lw = word
        de, en = zipf(lw, "de"), zipf(lw, "en")
        if text[s].islower():
            return de >= self.foreign_min and de - en >= self.margin - 1.0 and lw not in ACCEPTED_FOREIGN
        return (s not in starts and de >= self.foreign_min and en < self.english_max
                and lw not in ACCEPTED_FOREIGN and text[s:e] not in first_names())

    def _quoted_whole(self, text: str, s: int, e: int) -> bool:
        """The foreign words are a short quotation of their own: a slogan, a chant or the name of a
        movement quoted inside English prose (they chanted "Ni una menos"; «Vivas nos queremos»),
        which professional copy keeps as it was said. Nothing but the foreign words, capitalised
        words and words of one or two letters may stand inside the marks, at most
        ``quoted_words`` words in all; a foreign phrase inside an English quotation, or a
        quotation that runs on, is still flagged."""
        left = _QUOTE_BEFORE.search(text, max(0, s - 60), s)
        right = _QUOTE_AFTER.match(text, e, min(len(text), e + 60))
        if left is None or right is None:
            return False
        opener, closer = left.start(1), right.end(2) - 1
        if (opener > 0 and text[opener - 1].isalnum()) or (closer + 1 < len(text) and text[closer + 1].isalnum()):
            return False  # an apostrophe inside a word ("don't"), not a quotation mark
        extra = (left.group(2) + " " + right.group(1)).split()
        if len(extra) + len(text[s:e].split()) > self.quoted_words:
            return False
        for w in extra:
            w = w.strip(",;:!?.¡¿-–—()")
            if w and not (w[0].isupper() or len(w) <= 2 or self._is_weak_foreign(w.lower())):
                return False
        return True

    @staticmethod
    def _quote_glossed(ctx: Context, s: int, e: int) -> bool:
        """Words inside a quotation that a parenthesised gloss follows: "Viva la libertad, viva la
        patria" ("Long live freedom, ...") is a slogan quoted and translated, not text left over."""
        layer = ctx.layer
        for qs, qe in layer.quote_spans:
            if qs <= s and e <= qe:
                if _QUOTE_GLOSS_RE.match(ctx.text, qe):
                    return True
                return _translated_after(ctx.text, qs, qe)
            if qs > s:
                break
        return False

    def _foreign_sentences(self, ctx: Context) -> list[Finding]:
        """A sentence of prose in another language throughout ("Die Zahlen für November dürften
        noch schwächer ausfallen, sagte ein Sprecher."): German capitalises its nouns and a
        sentence opens with a capital, so the word rule finds only its lower-case pieces. A
        sentence counts when ``sentence_share`` of its words are that language's rather than
        English (Zipf there at least 3 and a point above English), few of them are English's
        own, and at least two of them are lower case (a list of names is no sentence)."""
        text = ctx.text
        words = _latin_words(ctx)
        out: list[Finding] = []
        k = 0
        for sent in ctx.sentences:
            while k < len(words) and words[k][0] < sent.start:
                k += 1
            j = k
            while j < len(words) and words[j][1] <= sent.end:
                j += 1
            own = words[k:j]
            if len(own) < self.sentence_words or ctx.layer.is_protected(sent.start, sent.end):
                continue
            english = sum(zipf(w, "en") >= 4.5 for _, _, w in own)
            if english > 0.2 * len(own):
                continue
            for lang in FOREIGN_LANGS:
                votes = [(s, w) for s, _, w in own if zipf(w, lang) >= 3.0 and zipf(w, lang) - zipf(w, "en") >= 1.0]
                if len(votes) >= self.sentence_share * len(own) and sum(text[s].islower() for s, _ in votes) >= 2:
                    s, e = own[0][0], own[-1][1]
                    if not (self._glossed(text, s, e) or self._quote_glossed(ctx, s, e)):
                        append_finding(
                            out, ctx, "untranslated", s, e, self.phrase_confidence,
                            f"'{text[s:e]}' is a sentence in {_LANG_NAMES.get(lang, 'another language')}, "
                            "left untranslated in an English article.",
                        )
                    break
        return out

    def _apposition(self, text: str, words: list[tuple[int, int, str]], lo: int, hi: int) -> bool:
        """A foreign noun named inside an English sentence and glossed in apposition: "demand for pan
        de muerto, the sweet bread ...", "its ice cream, dondurma, is ...". A word set off by commas
        alone must be less common there than the connectives (Zipf under ``connective_min``):
        "jednak" or "además" between commas is a word left over, not a dish being named."""
        s, e = words[lo][0], words[hi][1]
        if re.search(r"[a-z]\s$", text[max(0, s - 3) : s]) and _APPOSITION_AFTER_RE.match(text, e):
            return True  # after an English word, glossed by the noun phrase that follows
        if not (_APPOSITION_AROUND_RE.search(text[max(0, s - 4) : s]) and text[e : e + 1] == ","):
            return False
        return all(foreign_zipf(words[k][2])[0] < self.connective_min
                   for k in range(lo, hi + 1) if len(words[k][2]) >= self.min_length)

    def _opening_connectives(self, ctx: Context, words: list[tuple[int, int, str]], spans) -> list[Finding]:
        """A sentence that opens with a connective of another language and its comma ("Toutefois,
        the fishermen ...", "Porém, analysts warned ..."): capitalised, so the word rule passes it
        over as a name, but no name that common in another language and that rare in English opens a
        sentence with a comma after it. A person's name does, in English copy as in any other
        ("Erdoğan, who has led the country since 2003, said ...", "Mehmet, a baker, said ..."): a
        word the article also writes capitalised inside a sentence, or a given name the name
        guesser knows, is a name. A preposition of the source before the English noun phrase it
        governs ("Según the municipal data, ...", "Ancak the ministry ...") is passed over the same
        way, and read the same way: no name that common elsewhere opens a sentence before "the"."""
        text = ctx.text
        out: list[Finding] = []
        starts = {s.start for s in ctx.sentences}

        def opens(s: int) -> bool:  # the word opens a sentence, after any opening quotation marks
            while s > 0 and text[s - 1] in "\"'“‘«":
                s -= 1
            return s in starts

        named: set[str] | None = None
        for s, e, lw in words:
            if not text[s].isupper() or not opens(s) or is_protected(spans, s, e):
                continue
            if text[e : e + 1] != "," and not _DETERMINER_AFTER_RE.match(text, e):
                continue
            if e - s > 1 and text[s:e].isupper():
                continue  # "IZMIR, Turkey —": a dateline's place in capitals; a connective is not shouted
            en = zipf(lw, "en")
            best, lang = foreign_zipf(lw)
            if lw in ACCEPTED_FOREIGN or en >= self.english_max or best < self.connective_min or best - en < self.margin:
                continue
            if named is None:
                named = {w for a, _, w in words if text[a].isupper() and not opens(a)}
            if lw in named or text[s:e] in first_names():
                continue
            append_finding(
                out, ctx, "untranslated", s, e, self.connective_confidence,
                f"'{text[s:e]}' is a common {_LANG_NAMES.get(lang, 'foreign')} "
                + ("connective" if text[e : e + 1] == "," else "word before the noun phrase it governs")
                + " but no English word; it opens the sentence as the source did, left untranslated.",
            )
        return out

    # -- a Finnish or Swedish case ending after an acronym
    def _case_endings(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        for m in _CASE_ENDING_RE.finditer(ctx.text):
            if ctx.layer.is_protected(m.start(), m.end()):
                continue
            ending = m.group(2) or m.group(3)
            if m.group(3) and not m.group(1).isupper() and zipf(m.group(1).lower(), "en") >= 3.0:
                continue  # "Note: n is the number ...": an English word and a variable, no acronym
            append_finding(
                out, ctx, "untranslated", m.start(), m.end(), self.case_ending_confidence,
                f"'{m.group(0)}' keeps the Finnish or Swedish case ending '-{ending}' that the source "
                "writes after an acronym with a colon; English has no such ending.",
            )
        return out

    # -- a whole short line in another language (a widget, a menu, a caption label)
    def _lines(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        out: list[Finding] = []
        lo_words, hi_words = self.line_words
        for s, line in _paragraph_lines(ctx):
            e = s + len(line)
            words = [m for m in _LATIN_WORD_RE.finditer(line)]
            if not lo_words <= len(words) <= hi_words:
                continue
            # letters, spaces and light punctuation only: no digits, no sentence of prose
            rest = _LATIN_WORD_RE.sub("", line)
            if any(ch.isalnum() for ch in rest) or len(rest.strip(" :|-–—·•.!?()")) > 0:
                continue
            lows = [w.group(0).lower().replace("’", "'") for w in words]
            lang = self._line_language(lows)
            if lang is None or ctx.layer.is_protected(s, e):
                continue
            ws, we = s + words[0].start(), s + words[-1].end()
            name = _LANG_NAMES.get(lang, "foreign")
            append_finding(
                out, ctx, "untranslated", ws, we, self.phrase_confidence,
                f"The line '{text[ws:we]}' is {name} throughout, left untranslated on an English page.",
            )
        return out

    def _labels(self, ctx: Context) -> list[Finding]:
        """A portal's own label in the language it translates from, opening a line and ending it or
        followed by its colon, bar, arrow or counter: "LEIA TAMBÉM", "Compartilhe:", "Werbung",
        "Comentarios (0)". The labels are the boilerplate detector's (foreign_labels.tsv), which
        reads the same lines as residue; here each is also a word left in its language, which the
        line rule misses when the label is one word, has a counter, or is an English word too
        ("leia", "tin"). A label going on as a sentence ("Werbung, the German word for ...") is not
        one."""
        out: list[Finding] = []
        pattern, languages = _portal_labels()
        for m in pattern.finditer(ctx.text):
            s, e = m.span(1)
            if ctx.layer.is_protected(s, e):
                continue
            label = m.group(1)
            name = _LANG_NAMES.get(languages.get(label.lower(), ""), "another language")
            conf = self.phrase_confidence if len(label.split()) > 1 else self.word_confidence
            append_finding(out, ctx, "untranslated", s, e, conf,
                           f"'{label}' is the site's own label in {name}, left untranslated on an English page.")
        return out

    def _chrome_lines(self, ctx: Context) -> list[Finding]:
        """A breadcrumb or a section's stamp line in the language a page was translated from: parts
        cut by a separator, a date or a time ("Wiadomości » Kraj » Zdrowie", "Ekonomi 04 Aralık 2026
        Perşembe 16:48", "Thời sự - Thứ Năm, 04/12/2026 15:30"), which the whole-line rule leaves
        alone for their digits and separators. Two parts at least, every word of one language and
        none English; a place before a stamp ("Buenos Aires | 04/12/2026 14:00") is one part."""
        text = ctx.text
        out: list[Finding] = []
        lo_words, hi_words = self.line_words
        for s, line in _paragraph_lines(ctx):
            if re.search(r"[.!?\"“”]\s*$", line) or not _CHROME_CUT_RE.search(line):
                continue
            parts = [q for q in _CHROME_CUT_RE.split(line) if q.strip()]
            bare = _CHROME_CUT_RE.sub(lambda m: " " * len(m.group(0)), line)  # offsets kept
            words = list(_LATIN_WORD_RE.finditer(bare))
            if len(parts) < 2 or not lo_words <= len(words) <= hi_words:
                continue
            if any(ch.isalnum() for ch in _LATIN_WORD_RE.sub("", bare)) or ctx.layer.is_protected(s, s + len(line)):
                continue
            lang = self._line_language([w.group(0).lower() for w in words], self.chrome_function_min)
            if lang is None:
                continue
            ws, we = s + words[0].start(), s + words[-1].end()
            append_finding(
                out, ctx, "untranslated", ws, we, self.phrase_confidence,
                f"The line '{text[ws:we]}' is a page's menu or stamp in {_LANG_NAMES.get(lang, 'another language')}, "
                "left untranslated on an English page.",
            )
        return out

    def _line_language(self, lows: list[str], function_min: float | None = None) -> str | None:
        """The one language every word of a line belongs to (and English does not), or None."""
        if any(zipf(w, "en") >= self.english_max or w in ACCEPTED_FOREIGN for w in lows):
            return None
        function_min = self.line_function_min if function_min is None else function_min
        for lang in LINE_LANGS:
            fs = [zipf(w, lang) for w in lows]
            if min(fs) >= self.foreign_min and max(fs) >= function_min:
                return lang
        return None

    @staticmethod
    def _bridge(text: str, word: tuple[int, int, str]) -> bool:
        """A lower-case word English does not know that the foreign lists do, if rarely (a verb
        form: "advirtieron"): between two foreign words it belongs to their phrase."""
        s, _, lw = word
        return text[s].islower() and zipf(lw, "en") < 1.5 and foreign_zipf(lw)[0] > 0

    def _neighbour(self, text: str, word: tuple[int, int, str]) -> bool:
        s, _, lw = word
        return text[s].islower() and self._is_weak_foreign(lw)

    def _name_particle(self, text: str, words: list[tuple[int, int, str]], i: int) -> bool:
        """"nad" in "Ústí nad Labem": short, between two capitalised words of one name."""
        s, e, _ = words[i]
        if e - s > _NAME_PARTICLE_MAX or i == 0 or i + 1 >= len(words):
            return False
        left, right = words[i - 1], words[i + 1]
        return (text[left[0]].isupper() and text[right[0]].isupper()
                and text[left[1] : s] == " " and text[e : right[0]] == " ")

    @staticmethod
    def _adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
        gap = text[left[1] : right[0]]
        return 0 < len(gap) <= 2 and gap.strip() == ""


# what cuts a breadcrumb or a stamp line into parts: a separator, a date, a clock time, a time zone
_CHROME_CUT_RE = re.compile(
    r"\s*(?:[/»>›|,]|\s[-–—]\s|\(?\b(?:GMT|UTC)\s*[+-]?\d*\)?|(?<!\w)\d+(?:[./:h-]\d+)*(?!\w))\s*",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _portal_labels() -> tuple[re.Pattern[str], dict[str, str]]:
    """The Latin-script labels of foreign_labels.tsv (a label in another script is the script rule's)
    at a line's start, and each label's language."""
    records = [r for r in lexicon.load("foreign_labels").records()
               if all(_LATIN_WORD_RE.fullmatch(w) for w in r["label"].split())]
    languages = {r["label"].lower(): r["language"] for r in records}
    alternation = "|".join(re.escape(r["label"]) for r in sorted(records, key=lambda r: -len(r["label"])))
    pattern = re.compile(r"^[^\w\n]{0,3}(" + alternation + r")(?=[ \t]*(?:$|[:|/»>›：\-–—]|\(\s*\d+\s*\)))",
                         re.IGNORECASE | re.MULTILINE)
    return pattern, languages


#: German articles: a run of capitals joined by these alone is a name ("Haus der Kulturen der Welt").
_GERMAN_ARTICLES = frozenset("der die das des dem den ein eine einer eines einem einen".split())

_LANG_NAMES = {
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "pl": "Polish",
    "tr": "Turkish",
    "nl": "Dutch",
    "id": "Indonesian",
    "ms": "Malay",
    "fi": "Finnish",
    "sv": "Swedish",
    "da": "Danish",
    "nb": "Norwegian",
    "cs": "Czech",
    "sk": "Slovak",
    "hu": "Hungarian",
    "ro": "Romanian",
    "ca": "Catalan",
    "sh": "Croatian or Serbian",
    "sl": "Slovenian",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "fil": "Filipino",
    "vi": "Vietnamese",
}
