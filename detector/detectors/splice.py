"""Spliced fragments: text glued together at a seam.

Scrapers and rewriting tools that join fragments leave four kinds of seam:

* two words run together, one of them a function word ("Kharkivwhile", "saidthe"), or
  two very common words ("governmentofficials");
* a case seam inside a token: "offensiveThe", "KyivThey", and navigation labels run
  together ("HomeNewsEurope");
* a sentence end with no space after it: "Kyiv.The army";
* a sentence cut off and joined to another: "talks would resume in The army said ...".

Everything is decided with precompiled regular expressions and cached wordfreq look-ups.
wordninja (a word-splitting model with a 126k-word dictionary) is loaded only when a
candidate needs it: to split a long unknown lower-case token, and to veto a split of a
word it knows ("forborne" is not "for" + "borne"). gender-guesser's first names veto
splits of capitalised tokens ("Merethe" is not "Mere" + "the").
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from ..data import Finding
from ..findings import FindingType
from ..segment import is_wrappable
from .base import Context, Detector
from .boilerplate import (
    MINOR_WORDS,
    credit_at_end,
    credit_label_run_in,
    credit_label_runs_on,
    credit_names,
    keyword_line,
    residue_line,
    title_case,
    trailing_credit,
)
from .lexical import append_finding, first_names, is_protected, protected_spans, zipf

# --------------------------------------------------------------------------- word lists
# What each role means, and why a word has it: resources/lexicon/splice_words.tsv.
_W = lexicon.load("splice_words")
TAIL_WORDS = _W.words(role="tail")
TAIL_WORDS_CAPITALISED = _W.words(role="tail_after_name")
TAIL_SHORT = _W.column(role="tail_short")
HEAD_WORDS = _W.words(role="head")
HEAD_SHORT = _W.words(role="head_short")
ADVERBS = _W.words(role="adverb")
FUNCTION_PAIRS = {h + t: (h, t) for h in _W.column(role="pair_head") for t in _W.column(role="pair_tail")}
COMPOUND_HEADS = _W.words(role="compound_head")
COMPOUND_TAILS = _W.words(role="compound_tail")
STARTERS_LONG = _W.words(role="starter")
STARTERS_SHORT = _W.words(role="starter_short")
CUT_STARTERS = "|".join(_W.column(role="cut_starter"))
LETTER_LABEL_NOUNS = _W.words(role="letter_label_noun")
TITLE_NOUNS = _W.words(role="title_noun")
STORY_LABELS = _W.words(role="story_label")
CODE_NOUNS = _W.words(role="code_noun")
#: After a letter label a verb follows ("immunoglobulins A are", "vitamin A is"); after a cut-off
#: sentence's article "A" a noun does.
_LABEL_VERBS = frozenset("is are was were has have had can could will would may might must should".split())
DETERMINERS = _W.words(role="determiner")
NAME_PREFIXES = _W.words(role="name_prefix")
ABBREVIATIONS = _W.words(role="abbreviation")
TLDS = _W.words(role="tld")
TLDS_LOWER = frozenset(t.lower() for t in TLDS)
ABBREVIATIONS_LOWER = _W.words(role="abbreviation_lower") | {a.lower() for a in ABBREVIATIONS}
SOURCE_HEADS = _W.words(role="source_head")
#: Words of outlets' names and of reporters' roles, as a byline names them (glued bylines, below).
BYLINE_OUTLET_WORDS = _W.words(role="outlet") | {w for c in lexicon.words("credits") for w in c.split()}
BYLINE_ROLE_WORDS = _W.words(role="byline_role")
#: Navigation labels of news sites; two or more run together are a scraped breadcrumb.
NAV_WORDS = lexicon.words("navigation")
#: News and photo agencies, as credits name them (resources/lexicon/credits.tsv).
CREDITS = lexicon.words("credits")
_CREDIT_ALT = credit_names()  # the boilerplate detector's credit patterns read the same

# --------------------------------------------------------------------------- regexes

_TOKEN_RE = re.compile(r"(?<![\w'’])[A-Za-z]+(?:['’][A-Za-z]+)?(?![\w'’])")
_CASE_SPLIT_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NAV_SEP_RE = re.compile(r"\s*[›>|»/]\s*|\s+")
_MISSING_SPACE_RE = re.compile(
    r"(?<![\w.@/])([A-Za-z]*[a-z][a-z]|\d\d+)([.!?][\"'”’)]?)([A-Z][a-z]+)(?![\w.@])"
)
# no space after a full stop and the next sentence in lower case, as a cleaner that drops the capital
# leaves it: "the dam was safe.the water level" (only after a word, before a function word and a word)
_MISSING_SPACE_LOWER_RE = re.compile(
    r"(?<![\w.@/-])([A-Za-z]*[a-z]{2})\.(the|an?|he|she|they|we|but|and|this|there|its|his|her|their)(?=[ \t]+[a-z])"
)
_CUT_RE = re.compile(rf"(?<![\w'’.-])([a-z]+)[ \t]+({CUT_STARTERS})[ \t]+([a-z]+)\b")
# "Kyiv (March 19).The": no space after the full stop that closes a parenthesis
_PAREN_STOP_RE = re.compile(r"(?<!\w)(\w+\))([.!?])([A-Z][a-z]+)(?![\w.@])")
# a clock time glued to the next word: "09:14pGrain prices", "at 10:30The army"
_GLUED_TIME_RE = re.compile(r"(?<![\w:.])(\d{1,2}:\d{2}(?:[ap]\.?m?\.?)?)(?![AP]\.?M\b)([A-Z\"“‘][\w’'-]*)")
# a clock time closing a headline line: "Central bank raises its forecast 20:36"
_TRAILING_TIME_RE = re.compile(r"(?<!\S)(\S+)\s+(\d{1,2}:\d{2})\s*$")
# a clock time opening a headline line: "20:14 Central bank keeps its rate" (not a race time "2:06:12", nor
# "7.30", a programme's name)
_LEADING_TIME_RE = re.compile(r"\W{0,3}(\d{1,2}:\d{2})(?!:?\d)\s+([A-Z][\w’'-]*)")
#: A time opening a line is the page's stamp on the headline, among the first lines; further down
#: a line that opens with one is a live report's entry ("11:58 Alemu wins it on the line.").
_LEADING_TIME_MAX_PARAGRAPH = 1
# a full stop inside a sentence, before a lower-case word: "the plan will continue. funding that"
_FIRST_LETTER_RE = re.compile(r"[^\W\d_]")
_STRAY_STOP_RE = re.compile(r"(?<![\w.@/-])([^\W\d_]{2,})\.[ \t]+([a-z]{2,})\b")
# a full stop doubled with a semicolon or comma: "... support of the plan.;"
_DOUBLE_STOP_RE = re.compile(r"(?<![\w.@/-])([A-Za-z]{2,})\.([;,])(?=\s|$)")
# a quotation mark glued to words on both sides: 'hurts me“that', 'done”The', 'coming!"In'
# Its last alternative (``skip``) finds nothing: where no glued mark follows a word that starts
# in a run of letters and hyphens, none follows one that starts later in the run (each would take
# the run to its end), so the scan steps over the run at once instead of trying again after every
# hyphen, to the run's end each time ("-ab" 100,000 times ran past three minutes)
_QUOTE_GLUE_RE = re.compile(r"(?<![\w'’])([A-Za-z][\w'’-]*[A-Za-z.!?,;]?)([“”\"])([A-Za-z][\w'’-]*)"
                            r"|(?<![\w'’])(?P<skip>[A-Za-z][\w'’-]*)")
# an agency credit glued into text: "... in Lyon©EPA", "Photo: Reuters Oil traders said ..."
_GLUED_COPYRIGHT_RE = re.compile(r"(?<![A-Za-z])([A-Za-z]{2,})©\s*([A-Z][\w-]+)")
# a sentence that starts with a parenthesised credit and runs on: "(Example Photo) Officials say ..."
_LEADING_CREDIT_RE = re.compile(
    r"(?:^|(?<=[.!?”\"]\s)|(?<=\n))(\((?:[A-Z][\w&.'’-]*)(?:\s+[A-Z][\w&.'’-]*){0,3}\))[ \t]+([A-Z][a-z][\w’'-]*)",
    re.MULTILINE,
)
# a caption's credit label where a caption ends or a line starts, its credit run into the next
# sentence: "... in Kharkiv. Photo by Jane Roe/Getty Images Ukrainian officials said", "REUTERS/Jane Roe The
# governor said", "Image: Maxar Technologies Engineers said"; the credit is the capitalised run after it
_CREDIT_START_RE = re.compile(
    rf"(?:^|(?<=[.!?”\"|]\s)|(?<=\n))(?:(?:photo|picture|image|credit|video|foto)s?\s*(?::|by)\s*|(?:{_CREDIT_ALT})/)",
    re.IGNORECASE | re.MULTILINE,
)
_CAPITALISED_RUN_RE = re.compile(r"(?:[A-Z][\w.&'’-]*(?:/[A-Z][\w.&'’-]*)*[ \t]+){2,6}(?=[a-z]+\b)")
# a parenthesised credit with no space before the sentence after it: "(Photo: Reuters)Residents cleared"
# an agency's credit in parentheses run into the next sentence: "... through the night (AFP)The minister said"
_PAREN_AGENCY_GLUED_RE = re.compile(rf"(\((?:{_CREDIT_ALT})\))([A-Z][a-z][\w’'-]*)")
# a number run into a sentence's first word: "... approved in 2025The minister said" (not "4Runner", "3M")
_DIGIT_SEAM_RE = re.compile(r"(?<![\w.,])(\d{1,4}%?)([A-Z][a-z]+)(?=[ \t]+[a-z])")
_PAREN_CREDIT_GLUED_RE = re.compile(
    r"(\((?:photo|picture|image|credit|video|foto)s?\s*(?::|by)\s*[^()\n]{2,50}\))([A-Z][a-z][\w’'-]*)", re.IGNORECASE
)
#: Words that carry a credit's name on ("Jane Roe and Tom Field", "Jane Roe for The Times") rather
#: than follow a sentence's first word.
_RUN_ON_WORDS = frozenset("and or of for in at on with via from to by the as".split())
_PHOTO_WORDS = frozenset("photo photograph photos image images picture pictures file video".split())
# a quotation closed by a reporting verb with no subject: '... the national plan”, stressed.'
_SUBJECTLESS_RE = re.compile(rf"[”\"’]\s*,\s+((?:{'|'.join(sorted(_W.column(role='reporting_verb'), key=len, reverse=True))}))\.")
# an @handle glued to the word before it: "congrats +jane@example_user"
_GLUED_HANDLE_RE = re.compile(r"(?<=[a-z])@[A-Za-z_]\w{2,}(?![\w.-])")
# a headline run into a dateline in capitals: "... Power Plants AgainKYIV, Ukraine (Reuters) -"
_CAPS_DATELINE_RE = re.compile(
    r"(?<![\w'’])([A-Za-z][a-z]{2,})([A-Z]{3,}(?:[ -][A-Z]{3,})*)(?=,|:\s+[A-Z]|\s+\(|\s+[-–—])")
# what follows a wire's dateline: ", India (Reuters) -", " (AP) —"
_DATELINE_AFTER_RE = re.compile(r"(?:,\s*[A-Z][\w.'’ -]{1,30})?\s*\([^()\n]{2,30}\)\s*[-–—]")
# a wire's dateline opening a paragraph: "BANGKOK, Dec 2 (Xinhua) --", "GOMA, Congo (Reuters) –", "LIMA (AP) —"
_DATELINE_OPENING_RE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:[ -][A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.'’ ]{1,30})?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*\([^()\n]{2,30}\)\s*[-–—]{1,2}(?=\s)")
#: A second source glued in: its dateline comes after at least this many paragraphs of the story's prose
#: (one may be a standfirst over the wire's own dateline) ...
_SECOND_DATELINE_MIN_PROSE = 2
#: ... in an article with at most this many datelines opening paragraphs (a digest of briefs has one each).
_SECOND_DATELINE_MAX_DATELINES = 2
#: A paragraph of prose has at least this many words and ends as a sentence does.
_PROSE_PARAGRAPH_WORDS = 8
# ... or its place (and date) and a dash, with no agency: "... coolsNAIROBI, Kenya - Average", "... floodsDHAKA, Dec 3 - Rescue"
_DATELINE_PLACE_DASH_RE = re.compile(r",\s*[A-Z][\w.'’]+(?:\s(?:[A-Z][\w.'’]+|\d{1,2},?)){0,3}\s+[-–—]\s+[A-Z]")
_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
               r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# a date stamp run into the word before it: "... as dry spell drags onNov 30, 2026", "... continue30 November 2026"
_GLUED_DATE_RE = re.compile(
    rf"(?<![\w'’])([A-Za-z]*[a-z])({_MONTH_NAME}\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH_NAME}\.?,?\s+\d{{4}})(?!\d)")
# a time with its zone run into the next word: "11:20 GMTThe weather service ..."
_GLUED_ZONE_TIME_RE = re.compile(
    r"(?<![\w:.])(\d{1,2}[:.]\d{2}\s?(?:GMT|UTC|BST|CET|CEST|EET|EEST|EST|EDT|CST|CDT|PST|PDT|IST|JST|KST|MSK|SAST|EAT|WAT|"
    r"AEST|AEDT|HKT|SGT|WIB|PKT|ICT))([A-Z][a-z][\w’'-]*)")
# a gallery's counter run into its caption at the start of a line: "1 / 12Dockworkers gather ..."
_GLUED_COUNTER_RE = re.compile(r"(?m)^\W{0,3}(\d{1,3}\s*(?:/|of)\s*\d{1,3})([A-Z][a-z]{2,}[\w’'-]*)")
# a book of scripture, whose chapter and verse ("John 3:16", "Psalm 23:4", "Surah 2:255") read as a time
_SCRIPTURE_BOOKS = (
    "Genesis|Gen|Exodus|Exod|Leviticus|Lev|Numbers|Deuteronomy|Deut|Joshua|Judges|Ruth|Samuel|Kings|Chronicles|"
    "Ezra|Nehemiah|Esther|Job|Psalms?|Proverbs|Prov|Ecclesiastes|Eccl|Isaiah|Isa|Jeremiah|Jer|Lamentations|"
    "Ezekiel|Daniel|Hosea|Joel|Amos|Obadiah|Jonah|Micah|Nahum|Habakkuk|Zephaniah|Haggai|Zechariah|Malachi|"
    "Matthew|Matt|Mark|Luke|John|Acts|Romans|Rom|Corinthians|Cor|Galatians|Gal|Ephesians|Eph|Philippians|Phil|"
    "Colossians|Col|Thessalonians|Timothy|Titus|Philemon|Hebrews|Heb|James|Peter|Jude|Revelations?|Rev|"
    "Quran|Koran|Surah|Sura")
# a time stamp run into the word before it: a byline's "By Jane Roe12:45 PM", a headline's "... reopensat14:05";
# not a book's chapter and verse with the space left out ("John3:16"), unless a.m. or p.m. says it is a time
_GLUED_NAME_TIME_RE = re.compile(
    rf"(?<![\w'’])(?!(?:{_SCRIPTURE_BOOKS})[1-9]\d{{0,2}}:\d{{1,3}}(?![\d:]|\s?[AaPp]\.?[Mm]\b))"
    r"([A-Za-z][a-z]{2,})(\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)(?![\d:])")
#: A stamp or a counter run into the word beside it, with no space (groups 1 and 2, the finding's span)
#: and what the seam is; the patterns are tried in this order.
# a live page's or a listing's relative time run into the headline after it, whatever its first letter:
# "3 hours agoMedellín club ...", "45 mins agoÖrebro ..." (the word rule reads plain letters only)
_GLUED_AGO_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago)"
    r"([A-ZÀ-ÖØ-Þ][^\W\d_]*)")
_GLUED_STAMPS = (
    (_GLUED_AGO_RE, "The relative time stamp '{0}' is run into '{1}' with no space: a listing's time glued to "
                    "a headline, a trace of scraping."),
    (_GLUED_TIME_RE, "The time stamp '{0}' is run into '{1}' with no space: a listing's time glued to a headline, "
                     "a trace of scraping."),
    (_GLUED_ZONE_TIME_RE, "The time stamp '{0}' is run into '{1}' with no space: a live page's time glued to its "
                          "post, a trace of scraping."),
    (_GLUED_COUNTER_RE, "The gallery's counter '{0}' is run into '{1}' with no space: a photo's caption glued to "
                        "its counter, a trace of scraping."),
    (_GLUED_DATE_RE, "The date '{1}' is run into '{0}' with no space: a page's date stamp glued to the text, a "
                     "trace of scraping."),
    (_GLUED_NAME_TIME_RE, "The time stamp '{1}' is run into '{0}' with no space: a byline's or a headline's time "
                          "glued to it, a trace of scraping."),
)
# a section label in capitals run into the headline at the start of a line: "WORLDUkraine says ...",
# "LATEST NEWSFloods ...", "EXCLUSIVEMinister ..."; the label must be a navigation word or a story's kind
# ("NASAScientists" is not a seam of this kind)
_GLUED_SECTION_RE = re.compile(r"(?m)^\W{0,3}([A-Z]{3,}(?:[ &][A-Z]{2,})*)([A-Z][a-z]+)")
# a line that opens with a photo credit ("Photo: dpa/Jane Roe", "REUTERS/Jane Roe"): a capital inside a word of
# the credit's name is where the caption or the sentence was glued to it ("Jane RoeA train ...", "RoeBrazil's")
_CREDIT_LINE_START_RE = re.compile(
    rf"(?m)^\W{{0,3}}(?:(?i:photo|picture|image|credit|foto|video)s?\s*(?::|(?i:by))\s*|(?:{_CREDIT_ALT})\s*/\s*)")
# (the name may carry a letter of another Latin alphabet: "Foto: APA/Georg HofstätterThe reform ...",
# "Fot. PAP/Łukasz GąsiorThe ...")
_UPPER, _LOWER = "A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻŠŽČŘĎŤŇĞİŞ", "a-zß-öø-ÿąćęłńśźżšžčřďťňğış"
_CREDIT_CASE_SEAM_RE = re.compile(rf"(?<![\w'’])([{_UPPER}][{_LOWER}]{{2,}})([A-Z][a-z]*)(?![\w'’]*[A-Z])")
_CREDIT_NAME_MAX_WORDS = 6  # agency/photographer or photographer/agency, a name of up to four words
_CAPS_PAIR_RE = re.compile(r"(?<![\w'’])([A-Z][a-z]{2,})([A-Z][a-z]{2,})(\d*)(?![\w'’])")
_WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")
# a reporting tag right after a closing quotation mark: '," the mayor said', '," said Jane Roe', '!" she added'
_TAG_AFTER_CLOSE = re.compile(
    r"\s+(?:(?:the\s+)?[A-Za-z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){0,3}?\s+)?"
    r"(?:said|says|told|added|wrote|replied|asked|insisted|stressed|explained|warned|noted|continued)\b"
)
#: A byline glued to the text sits at its top: in one of the first paragraphs (after a headline, a date).
_BYLINE_MAX_PARAGRAPH = 3
#: An outlet and a role take at most this many words ("BBC News BBC", "The Harbour Times Health correspondent").
_BYLINE_MAX_OUTLET_WORDS = 6
#: Outlet words that say too little alone: a byline needs another outlet or role word beside them.
_GENERIC_OUTLET_WORDS = frozenset({"News", "Online", "Today", "World"})
#: A byline's first name is no word this common ("John" 5.4 is a name; "Will" 6.5 and "May" 6.0 open sentences).
_BYLINE_NAME_MAX_ZIPF = 5.5
_CUT_STARTER_WORDS = frozenset(_W.column(role="cut_starter"))
#: Words that cannot end a sentence (splice_words.tsv, role open_end).
OPEN_END_WORDS = _W.words(role="open_end")
#: A paragraph cut off after such a word is prose of at least this many words (a headline or a label is shorter).
_CUT_PARAGRAPH_MIN_WORDS = 8
# a word of a person's name in a byline: "Roe", "Weisman-Pitts", "O'Neil"
_NAME_WORD_RE = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?")
_SENTENCE_END_RE = re.compile(r"[.!?…:;][\"'”’)\]]*$")
#: A headline glued to the first sentence ("... After Long StrikeDock workers") has at least this many
#: words up to the seam; a sentence that opens with a product name is shorter ("The QuickDock devices").
_HEADLINE_MIN_WORDS = 5
#: Wrapped lines at least this share of the longest one count as a uniform wrap (the input's
#: layout, as in e-mail or a plain-text feed), which is not a seam.
_UNIFORM_WRAP_SHARE = 0.8


@lru_cache(maxsize=1)
def _ninja():
    """wordninja, loaded on first use (its model takes about 0.1 s to load)."""
    import wordninja

    return wordninja


_CAMEL_RE = re.compile(r"(?<![\w'’])[a-z]+[A-Z][A-Za-z]*(?![\w'’])")
_CODE_AFTER = "=(<[{`"  # "sessionRestore=1", "refreshToken()", "`fetchData`"
_QUOTES = "\"“”‘’'"


def _code_identifier(text: str, s: int, e: int) -> bool:
    """A camel-case token that tech copy sets as code, not two words run together: written before
    code punctuation or inside backticks, quoted alone ("pageSize"), or named by a word for code
    beside it ("the fetchData function", "the parameter sessionRestore"). A seam's second half
    starts the next sentence, which goes on in prose: "the offensiveRussian troops withdrew"."""
    after = text[e] if e < len(text) else ""
    before = text[s - 1] if s > 0 else ""
    if after and after in _CODE_AFTER or before == "`":
        return True
    if before and before in _QUOTES and after and after in _QUOTES:
        return True
    nxt = re.match(r"[\"”’'`]?\s+([A-Za-z]+)", text[e : e + 30])
    if nxt and nxt.group(1).lower() in CODE_NOUNS:
        return True
    prev = re.search(r"([A-Za-z]+)\s+[\"“‘'`]?$", text[max(0, s - 30) : s])
    return bool(prev and prev.group(1).lower() in CODE_NOUNS)


def _ninja_knows(word: str) -> bool:
    """True when ``word`` is in wordninja's 126k-word dictionary: a real (rare) word, no seam."""
    return word in _ninja().DEFAULT_LANGUAGE_MODEL._wordcost


def _is_first_name(word: str) -> bool:
    return word in first_names()


class SplicedFragmentDetector(Detector):
    """Finds text glued at a seam (see the module docstring for the four kinds).

    Not seams: real compounds ("nevertheless", "counteroffensive"), brand and CamelCase
    names known to wordfreq ("YouTube", "LinkedIn", "DeSantis"), name particles ("McCarthy",
    "MacBook"), hashtags, handles, URLs, domains and e-mail addresses, acronyms and
    plurals ("HIMARS", "MPs"), abbreviations ("U.S.", "Ph.D."), decimals, transliterated
    names unknown to wordfreq ("Zaporizhzhia": no split into a known word and a function
    word), and names that end in a function word ("Roland", "Stalin": known as a whole).
    """

    name = "splice"
    description = "Text glued together at a seam: run-together words, case seams, cut-off sentences."
    types = (FindingType(
        "spliced_fragment", description,
        tag="splice", heading="Spliced fragment", colour="#93306f", tint="#f6dcee", underline="dashed",
        axis="rewriting", weight=0.8),)

    def __init__(
        self,
        unknown_max: float = 1.0,  # Zipf below 1: not in wordfreq's English list (rare names sit at 1.5-3)
        head_min: float = 3.0,  # Zipf of the content part: "offensive" 4.5; "Kharkiv" is 2.9, see name_min
        name_min: float = 2.5,  # a capitalised content part may be a place: "Kharkiv" 2.93, "Lviv" 2.73
        short_min: float = 3.5,  # with a 2-letter function word: stricter, "Markin" = "mark" + "in"
        brand_min: float = 2.0,  # CamelCase tokens wordfreq knows ("easyJet" 2.46, "DeSantis" 2.44) are names
        ninja_min_length: int = 9,  # wordninja only for long leftovers ("ofthebattle")
        adverb_min_length: int = 7,  # an adverb and a short verb: "soonopen", "probablyhit"
        common_min: float = 4.5,  # two content words glued: both this common ("government" 5.3, "officials" 4.9)
        max_token_length: int = 60,  # longer letter runs are junk (encoded data), not prose glued at a seam
        glued_confidence: float = 0.85,  # long function word glued on: strong evidence
        short_glued_confidence: float = 0.7,  # two-letter function word: more chance of a rare word
        content_glued_confidence: float = 0.6,  # two content words: could be an unlisted compound
        case_confidence: float = 0.85,  # lower-case word then a capitalised sentence starter
        breadcrumb_confidence: float = 0.8,  # navigation labels run together
        missing_space_confidence: float = 0.75,  # "Kyiv.The": could be a typing slip
        cut_confidence: float = 0.6,  # capitalised starter mid-sentence: could be a title
        stamp_confidence: float = 0.75,  # a time glued to or closing a headline: page metadata
        credit_confidence: float = 0.7,  # an agency credit glued to a caption or a sentence
        stop_confidence: float = 0.65,  # "continue. funding", "plan.;": could be a typing slip
        quote_confidence: float = 0.7,  # 'me“that', 'done”The': could be a typing slip
        broken_confidence: float = 0.65,  # a sentence broken across a paragraph break
        wrap_confidence: float = 0.5,  # a hard line break inside a sentence: layout more than seam
    ):
        self.unknown_max = unknown_max
        self.head_min = head_min
        self.name_min = name_min
        self.short_min = short_min
        self.brand_min = brand_min
        self.ninja_min_length = ninja_min_length
        self.adverb_min_length = adverb_min_length
        self.max_token_length = max_token_length
        self.common_min = common_min
        self.content_glued_confidence = content_glued_confidence
        self.glued_confidence = glued_confidence
        self.short_glued_confidence = short_glued_confidence
        self.case_confidence = case_confidence
        self.breadcrumb_confidence = breadcrumb_confidence
        self.missing_space_confidence = missing_space_confidence
        self.cut_confidence = cut_confidence
        self.stamp_confidence = stamp_confidence
        self.credit_confidence = credit_confidence
        self.stop_confidence = stop_confidence
        self.quote_confidence = quote_confidence
        self.broken_confidence = broken_confidence
        self.wrap_confidence = wrap_confidence

    # ------------------------------------------------------------------ entry point
    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        spans = protected_spans(ctx)
        out: list[Finding] = []
        code_sentences: set[int] = set()  # sentences that name a camel-case identifier as code
        for m in _TOKEN_RE.finditer(text):
            s, e = m.start(), m.end()
            if e - s < 4 or e - s > self.max_token_length:
                continue
            tok = m.group(0)
            # part of a dotted or slashed name (file.Name, path/To) is not checked here;
            # "Kyiv.The" is left to _missing_space()
            if s > 0 and text[s - 1] in "._/\\":
                continue
            if e + 1 < len(text) and text[e] == "." and text[e + 1].isalnum():
                continue
            if is_protected(spans, s, e):
                continue
            if tok[0].islower() and not tok[1:].islower():
                if _code_identifier(text, s, e):
                    code_sentences.add(ctx.sentence_at(s))
                    continue
                if ctx.sentence_at(s) in code_sentences or self._code_later(ctx, s):
                    continue
            before: list[str] = []
            if not tok[1:].islower() and _CASE_SPLIT_RE.split(tok, maxsplit=1)[0] in NAV_WORDS:
                before, s = self._nav_before(text, s)
            res = self._check_token(tok, before)
            if res is not None:
                found: list[Finding] = []
                append_finding(found, ctx, "spliced_fragment", s, e, res[0], res[1])
                # navigation run together is page residue; a seam between words is rewriting
                out.extend(_on_axis(found, res[2]) if len(res) > 2 else found)
        # seams inside prose: the rewriting axis (the type's default)
        out.extend(self._missing_space(ctx, spans))
        out.extend(self._cut_sentences(ctx))
        out.extend(self._paren_stop(ctx, spans))
        out.extend(self._digit_seams(ctx, spans))
        out.extend(self._stops_and_quotes(ctx, spans))
        out.extend(self._cut_quotations(ctx))
        out.extend(self._second_dateline(ctx))
        # page metadata glued to the text, and a print layout's breaks: residue
        out.extend(_on_axis(self._stamps_and_credits(ctx, spans), "residue"))
        out.extend(_on_axis(self._glued_bylines(ctx), "residue"))
        out.extend(_on_axis(self._capital_seams(ctx, spans), "residue"))
        out.extend(_on_axis(self._broken_sentences(ctx), "residue"))
        out = _dedupe(out)
        out.sort(key=lambda f: f.start)
        return out

    @staticmethod
    def _code_later(ctx: Context, s: int) -> bool:
        """A camel-case identifier set as code later in the sentence: "Rename userName to the
        accountName field" names both as code."""
        sent = ctx.sentences[ctx.sentence_at(s)] if ctx.sentences else None
        if sent is None:
            return False
        return any(
            _code_identifier(ctx.text, m.start(), m.end())
            for m in _CAMEL_RE.finditer(ctx.text, s + 1, sent.end)
        )

    # ------------------------------------------------------------------ one token
    def _check_token(self, tok: str, before: list[str] | None = None) -> tuple | None:
        """(confidence, explanation[, axis]) when ``tok`` holds a seam, else None."""
        core = tok
        if core[-2:] in ("'s", "’s"):
            core = core[:-2]
        if "'" in core or "’" in core:
            return None  # O'Brien, d'Artagnan
        if core.isupper():
            return None  # acronyms: NATO, HIMARS
        rest = core[1:]
        if rest.islower():
            return self._glued(tok, core)
        return self._case_seam(tok, core, before or [])

    def _glued(self, tok: str, core: str) -> tuple[float, str] | None:
        """Two words run together, one of them a function word."""
        low = core.lower()
        capitalised = core[0].isupper()
        if low in FUNCTION_PAIRS:
            h, _ = FUNCTION_PAIRS[low]
            return self.glued_confidence, self._glue_expl(tok, [core[: len(h)], core[len(h) :]])
        n = len(low)
        if n < 5:
            return None
        whole = zipf(low)
        if whole >= self.unknown_max:
            return None
        found = self._split_tail(low, capitalised, whole) or self._split_head(low, capitalised, whole)
        if found is None and not capitalised and n >= self.ninja_min_length and whole == 0.0:
            found = self._split_ninja(low)
        if found is None and not capitalised and n >= self.adverb_min_length and whole == 0.0:
            found = self._split_adverb(low)
        if found is None:
            return None
        cuts, conf = found
        if capitalised and _is_first_name(core):
            return None  # "Merethe", "Winand": first names, not "Mere" + "the"
        pieces, i = [], 0
        for c in [*cuts, n]:
            pieces.append(core[i:c])
            i = c
        return conf, self._glue_expl(tok, pieces)

    def _split_tail(self, low: str, capitalised: bool, whole: float):
        """content word + function word: "Kharkivwhile", "offensivewhile", "saidthe"."""
        n = len(low)
        tails = TAIL_WORDS_CAPITALISED if capitalised else TAIL_WORDS
        content_min = self.name_min if capitalised else self.head_min
        for k in range(3, min(8, n - 3) + 1):
            tail = low[n - k :]
            if tail in tails:
                head = low[: n - k]
                if tail == "and" and head.endswith("l"):
                    continue  # "-land" place names: Graveland, Rolland
                f = zipf(head)
                if f >= content_min and (len(head) >= 4 or f >= 5.0):
                    return [n - k], self.glued_confidence
        if capitalised or whole > 0.0:
            return None
        # a two-letter function word: stricter, and a word wordninja knows is no seam ("glutenin")
        for tail in TAIL_SHORT:
            if low.endswith(tail):
                head = low[:-2]
                if len(head) >= 4 and zipf(head) >= self.short_min and not _ninja_knows(low):
                    return [n - 2], self.short_glued_confidence
        return None

    def _split_head(self, low: str, capitalised: bool, whole: float):
        """function word + content word: "thebattle", "frompage"."""
        if whole > 0.0:
            return None
        heads = HEAD_WORDS if capitalised else HEAD_WORDS | HEAD_SHORT
        for k in range(2, 6):
            head = low[:k]
            if head in heads:
                tail = low[k:]
                need = self.short_min if k > 2 else self.short_min + 0.5
                if len(tail) >= 4 and zipf(tail) >= need and not _ninja_knows(low):
                    return [k], self.glued_confidence if k > 2 else self.short_glued_confidence
        return None

    def _split_ninja(self, low: str):
        """several words: "ofthebattle", "saidthatthe"; or two very common words: "governmentofficials"."""
        parts = _ninja().split(low)
        if not (2 <= len(parts) <= 3 and "".join(parts) == low):
            return None
        cuts, i = [], 0
        for p in parts[:-1]:
            i += len(p)
            cuts.append(i)
        if all(len(p) >= 2 and zipf(p) >= self.head_min for p in parts) and any(
            p in TAIL_WORDS for p in parts
        ):
            return cuts, self.glued_confidence
        # two content words: only very common ones, and never a word wordninja knows, since
        # new compounds of rarer words are common in news ("dronemaker", "counteroffensives")
        if (
            len(parts) == 2
            and all(len(p) >= 5 and zipf(p) >= self.common_min for p in parts)
            and parts[0] not in COMPOUND_HEADS
            and parts[1] not in COMPOUND_TAILS
            and not _ninja_knows(low)
        ):
            return cuts, self.content_glued_confidence
        return None

    def _split_adverb(self, low: str):
        """An adverb glued to the word before or after it: "probablyrise", "buyersalready". The
        verb beside the adverb is often too short for the other rules ("rise", "hit"); the token
        is unknown to wordfreq, and wordninja reads exactly two words in it."""
        parts = _ninja().split(low)
        if len(parts) != 2 or "".join(parts) != low or _ninja_knows(low):
            return None
        adverb = [p for p in parts if p in ADVERBS]
        other = [p for p in parts if p not in ADVERBS]
        if len(adverb) != 1 or len(other) != 1 or len(other[0]) < 3 or zipf(other[0]) < self.short_min:
            return None
        return [len(parts[0])], self.short_glued_confidence

    @staticmethod
    def _nav_before(text: str, s: int) -> tuple[list[str], int]:
        """Navigation labels right before ``s`` on the same line ("World News..."), and their start."""
        line_start = max(text.rfind("\n", 0, s) + 1, s - 80)
        words = _NAV_SEP_RE.split(text[line_start:s])
        if words and words[-1] == "":
            words.pop()
        else:
            return [], s  # the token is not preceded by a separator
        labels: list[str] = []
        for w in reversed(words):
            if w in NAV_WORDS:
                labels.append(w)
            else:
                break
        if not labels:
            return [], s
        labels.reverse()
        start = line_start
        if len(labels) < len(words):
            start = text.rfind(labels[0], line_start, s)
        return labels, start

    @staticmethod
    def _glue_expl(tok: str, pieces: list[str]) -> str:
        quoted = [f"'{p}'" for p in pieces]
        joined = ", ".join(quoted[:-1]) + " and " + quoted[-1]
        return f"'{tok}' looks like {joined} run together without a space, a seam where text was joined."

    def _case_seam(self, tok: str, core: str, before: list[str]) -> tuple[float, str] | None:
        """A capital inside a token: "offensiveThe", "KyivThey", "HomeNewsEurope"."""
        parts = _CASE_SPLIT_RE.split(core)
        if len(parts) < 2:
            return None  # MPs, PhD-like: no lower->upper boundary
        if parts[0] in NAME_PREFIXES or len(parts[0]) == 1:
            return None  # McCarthy, DeSantis, iPhone, eBay
        # navigation labels run together, possibly into the headline: HomeNewsEurope(Troops);
        # labels before the token on the same line count too: "World NewsGeorgian"
        nav = 0
        for p in parts:
            if p in NAV_WORDS:
                nav += 1
            else:
                break
        if nav and nav + len(before) >= 2:
            labels = ", ".join(f"'{p}'" for p in [*before, *parts[:nav]])
            tail = "" if nav == len(parts) else f", run into '{''.join(parts[nav:])}'"
            return (
                self.breadcrumb_confidence,
                f"'{tok}' looks like the site navigation labels {labels} run together{tail}, a trace of scraping.",
                "residue",
            )
        low = core.lower()
        if zipf(low) >= self.brand_min:
            return None  # a name wordfreq knows: YouTube, LinkedIn, PlayStation
        if len(parts) != 2:
            return None  # "HeForShe": more humps than one seam explains
        head, last = parts
        if last in STARTERS_LONG and len(head) >= 3:
            return self.case_confidence, self._case_expl(tok, head, last)
        if last in STARTERS_SHORT and len(head) >= 3 and zipf(head.lower()) >= self.head_min:
            return self.case_confidence, self._case_expl(tok, head, last)
        # lower-case word + capitalised word: "offensiveRussian" (brands start with a capital); a
        # relative stamp's "ago" run into the headline ("5 hours agoChile ...") is as short as a
        # brand's prefix, but no brand starts with it
        if (
            core[0].islower()
            and last[1:].islower()  # "watchOS" is a product name
            and (len(head) >= 4 or head == "ago")
            and zipf(head) >= self.head_min
            and zipf(last.lower()) >= self.head_min
        ):
            return self.cut_confidence, (
                f"'{tok}' looks like '{head}' and '{last}' run together without a space, "
                "a seam where text was joined."
            )
        return None

    @staticmethod
    def _case_expl(tok: str, head: str, last: str) -> str:
        return (
            f"'{tok}' looks like '{head}' run into '{last}', which starts a new sentence: "
            "two pieces of text were joined without a space."
        )

    # ------------------------------------------------------------------ "Kyiv.The"
    def _missing_space(self, ctx: Context, spans) -> list[Finding]:
        out = []
        for m in _MISSING_SPACE_RE.finditer(ctx.text):
            word, punct, nxt = m.group(1), m.group(2), m.group(3)
            if word in ABBREVIATIONS or nxt in TLDS:
                continue
            if nxt not in STARTERS_LONG and nxt not in STARTERS_SHORT:
                # "Diia.City", "Yahoo!Finance": a name, unless a known word ends a sentence with a full stop
                # a name wordfreq knows less well ("TikTok.Napoli") counts when the sentence runs on
                runs_on = re.match(r"[ \t]+[a-z]{2,}", ctx.text[m.end() :]) is not None
                if punct[0] != "." or word[0].isdigit() or \
                        zipf(word.lower()) < (self.brand_min if runs_on else self.name_min):
                    continue
            if is_protected(spans, m.start(), m.end()):
                continue
            append_finding(
                out,
                ctx,
                "spliced_fragment",
                m.start(),
                m.end(),
                self.missing_space_confidence,
                f"'{m.group(0)}' has no space after '{punct[0]}', so two sentences seem to have been "
                "joined at a seam.",
            )
        for m in _MISSING_SPACE_LOWER_RE.finditer(ctx.text):
            word, nxt = m.group(1), m.group(2)
            # the layer protects "safe.the" as a domain would be; no domain ends in "the" or "and"
            if word.lower() in ABBREVIATIONS_LOWER or nxt in TLDS_LOWER or zipf(word.lower()) < self.name_min:
                continue
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.missing_space_confidence,
                           f"'{m.group(0)}' has no space after the full stop and goes on in lower case: two "
                           "sentences seem to have been joined at a seam.")
        return out

    def _digit_seams(self, ctx: Context, spans) -> list[Finding]:
        """A number run into a sentence's first word: "... approved in 2025The minister said"."""
        out: list[Finding] = []
        for m in _DIGIT_SEAM_RE.finditer(ctx.text):
            if is_protected(spans, m.start(), m.end()):
                continue
            if m.group(2) in STARTERS_LONG or m.group(2) in STARTERS_SHORT or m.group(2) in _CUT_STARTER_WORDS:
                append_finding(out, ctx, "spliced_fragment", m.start(1), m.end(2), self.case_confidence,
                               f"'{m.group(0)}' runs the number '{m.group(1)}' into '{m.group(2)}', which starts a "
                               "new sentence: two pieces of text were joined without a space.")
        return out

    def _paren_stop(self, ctx: Context, spans) -> list[Finding]:
        out: list[Finding] = []
        for m in _PAREN_STOP_RE.finditer(ctx.text):
            if is_protected(spans, m.start(), m.end()):
                continue
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.missing_space_confidence,
                           f"'{m.group(0)}' has no space after '{m.group(2)}', so two sentences seem to have "
                           "been joined at a seam.")
        return out

    # ------------------------------------------------------------------ "resume in The army"
    def _cut_sentences(self, ctx: Context) -> list[Finding]:
        out = []
        for m in _CUT_RE.finditer(ctx.text):
            prev, starter = m.group(1), m.group(2)
            if starter in ("A", "An") and prev in LETTER_LABEL_NOUNS:
                continue
            nxt = m.group(3)
            if starter == "A" and (nxt in ("and", "or") or (nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")))):
                continue  # a letter grade or label, not an article: "straight A students", "immunoglobulins A and G"
            if prev in DETERMINERS:
                continue  # "the A team", "the It girl"; "the The" is a doubled word
            if starter == "A" and nxt in _LABEL_VERBS:
                continue  # "immunoglobulins A are produced": a letter label and its verb
            if prev in TITLE_NOUNS:
                continue  # "the movement We Keep Going", "a film called It Follows": a name or title
            if prev in MINOR_WORDS and _title_case_line(ctx.text, m.start()):
                continue  # "How to Tell a Cold from the Flu, and When to See a Doctor": a Title Case headline
            append_finding(
                out,
                ctx,
                "spliced_fragment",
                m.start(1),
                m.end(2),
                self.cut_confidence,
                f"'{starter}' starts a new sentence right after '{prev}' with no punctuation, "
                "so a sentence seems to have been cut off and joined to another.",
            )
        return out

    # ------------------------------------------------------------------ '... irked. It's vital," he said'
    def _cut_quotations(self, ctx: Context) -> list[Finding]:
        """A quotation whose first half was cut away, its rest joined to the sentence before: a
        sentence that closes a quotation nothing opened ('It's vital," the mayor said') right after
        a sentence of the same paragraph that quoted someone and closed its quotation ('"We won,"
        the coach said. It's vital," the mayor said'). After a sentence that quotes no one ("X said
        his family had farmed there for years. They offered me money," he said) the shape is a lost
        opening mark, ``unbalanced_quote``'s to report; a quotation left open in a paragraph above
        runs on (a quotation over several lines is no cut). An extractive summary or a
        spinner that drops sentences leaves it. A quotation that runs on from the paragraph above,
        or a feed's line that carries only the second half of one, starts its paragraph: left to
        ``unbalanced_quote``."""
        from .quotes import UnbalancedQuoteDetector

        text = ctx.text
        layer = ctx.layer
        out: list[Finding] = []
        # the closing marks that close nothing, as the quotation detector reads them: the same roles
        # for straight marks, the same quotations continued over paragraphs and lines
        orphans, _ = UnbalancedQuoteDetector().unmatched(ctx)
        for pos in orphans:
            k = ctx.sentence_at(pos)
            sent = ctx.sentences[k]
            first = ctx.paragraphs[sent.paragraph].sentences[0]
            if (k == first or text[pos - 1] not in ",!?" or layer.quote_marks_in(sent.start, pos)
                    or len(_WORD_RE.findall(text, sent.start, pos)) < 2):
                continue  # '...exe,"' after a cut at an ellipsis: too little to tell
            if not _TAG_AFTER_CLOSE.match(text, pos + 1):
                continue
            prev = ctx.sentences[k - 1]
            if not _SENTENCE_END_RE.search(prev.text) or len(layer.quote_marks_in(prev.start, prev.end)) < 2:
                continue  # after "X said his family had farmed there." it is the opening mark that was lost
            append_finding(out, ctx, "spliced_fragment", sent.start, pos + 1, self.cut_confidence,
                           f"'{_clip(text[sent.start : pos + 1])}' closes a quotation that nothing opened, "
                           "right after a sentence that closed its own quotation: the quotation's first "
                           "half was cut away and its rest joined to the text.")
        return out

    # ------------------------------------------------------------------ a second source's dateline
    def _second_dateline(self, ctx: Context) -> list[Finding]:
        """A wire's dateline opening a paragraph in the middle of the story ("... in Barguna.", then
        "DHAKA, Dec 4 (BSS) - The Met Office ..."): a second source's copy glued under the first. Its
        dateline opens a story; after two paragraphs of prose, with prose right before it (residue
        such as a "Read more" link may stand between), it is a seam between two sources. A standfirst
        over the wire's own dateline is one paragraph; a digest gives each brief its headline, or a
        dateline each."""
        text = ctx.text
        paras = ctx.paragraphs
        openings = [p for p in paras if _DATELINE_OPENING_RE.match(text, p.start)]
        if not openings or len(openings) > _SECOND_DATELINE_MAX_DATELINES:
            return []
        out: list[Finding] = []
        for p in openings:
            before = [q for q in paras[: p.index] if not residue_line(ctx, q)]
            prose = [q for q in before if self._prose_paragraph(text[q.start : q.end])]
            if len(prose) < _SECOND_DATELINE_MIN_PROSE or before[-1] is not prose[-1]:
                continue
            m = _DATELINE_OPENING_RE.match(text, p.start)
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.cut_confidence,
                           f"'{m.group(0)}' is a wire's dateline in the middle of the story: a second source's "
                           "text was glued under the first.")
        return out

    @staticmethod
    def _prose_paragraph(line: str) -> bool:
        line = line.strip()
        return len(line.split()) >= _PROSE_PARAGRAPH_WORDS and _SENTENCE_END_RE.search(line) is not None

    # ------------------------------------------------------------------ "Jane Doe BBC News The ..."
    def _glued_bylines(self, ctx: Context) -> list[Finding]:
        """A byline (one or more reporters' names, their outlet or role) run into the first
        sentence with no break: "Jane Doe and John Roe BBC News The minister said ...". A dateline
        ("KYIV, Ukraine (AP) —") has its punctuation; a sentence that starts with a name goes on
        with a verb ("Jane Doe told BBC News ..."), and a byline on a line of its own is the
        boilerplate detector's."""
        text = ctx.text
        out: list[Finding] = []
        for p in ctx.paragraphs[:_BYLINE_MAX_PARAGRAPH + 1]:
            toks = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", text[p.start : min(p.end, p.start + 240)])]
            words = [w for _, w in toks]
            i = 1 if words[:1] == ["By"] else 0
            names = 0
            while i < len(words) and _byline_first_name(words[i].rstrip(",")):
                j = i + 1
                while j < min(i + 3, len(words)) and _NAME_WORD_RE.fullmatch(words[j].rstrip(",")) \
                        and words[j - 1][-1:] != "," and words[j].rstrip(",") not in BYLINE_OUTLET_WORDS \
                        and words[j].rstrip(",") not in BYLINE_ROLE_WORDS and words[j] not in _CUT_STARTER_WORDS:
                    j += 1
                if j == i + 1:
                    break
                names += 1
                i = j
                if i < len(words) and words[i] == "and":
                    i += 1
                elif not words[i - 1].endswith(","):
                    break
            if not names:
                continue
            # the outlet and the role: words of outlets' names and roles, which an outlet's own name may
            # lead ("Baltic Herald", "The Harbour Times"), ending at the last such word before the text
            def byline_word(w: str) -> bool:
                return w in BYLINE_OUTLET_WORDS or w.capitalize() in BYLINE_ROLE_WORDS

            run = i
            while run < min(len(words), i + _BYLINE_MAX_OUTLET_WORDS) and (
                    byline_word(words[run]) or _NAME_WORD_RE.fullmatch(words[run]) or words[run].isupper()):
                run += 1
            ends = [m for m in range(i, run) if byline_word(words[m])]
            if not ends:
                continue
            k = ends[-1] + 1
            known = sum(byline_word(w) and w not in _GENERIC_OUTLET_WORDS for w in words[i:k])
            if not known or k + 4 > len(words) or any(w[:1].islower() and not byline_word(w) for w in words[i:k]):
                continue
            start, nxt = words[k].removesuffix("'s").removesuffix("’s"), words[k + 1]
            if not (start.isalpha() and start[0].isupper() and start[1:].islower() and zipf(start.lower()) >= self.head_min
                    and nxt.isalpha() and nxt.islower() and not _byline_first_name(start)):
                continue
            a, b = p.start + toks[0][0], p.start + toks[k][0] + len(start)
            byline = text[a : p.start + toks[k - 1][0] + len(words[k - 1])]
            append_finding(out, ctx, "spliced_fragment", a, b, self.credit_confidence,
                           f"The byline '{_clip(byline)}' runs straight into '{start} {nxt} ...', with no break: "
                           "the page's byline glued to the first sentence.")
        return out

    # ------------------------------------------------------------------ stamps and credits glued on
    def _stamps_and_credits(self, ctx: Context, spans) -> list[Finding]:
        """Page metadata glued to the text: a time run into a headline, a time opening or closing a
        headline line, an agency credit glued to a caption or a sentence, a handle glued to a word."""
        text = ctx.text
        out: list[Finding] = []
        for rx, explain in _GLUED_STAMPS:
            for m in rx.finditer(text):
                append_finding(out, ctx, "spliced_fragment", m.start(1), m.end(2), self.stamp_confidence,
                               explain.format(*m.group(1, 2)))
        for p in ctx.paragraphs:
            line = text[p.start : p.end]
            m = _TRAILING_TIME_RE.search(line)
            words = line.split()
            if (m and 4 <= len(words) <= 25 and not _SENTENCE_END_RE.search(m.group(1))
                    and sum(w[:1].islower() for w in words) >= 2 and not residue_line(ctx, p)):
                # (a byline's or a metadata line's own stamp, "Source: ... | Editor: ... | 2026-12-02 09:14",
                # is that line's residue, not a headline's)
                a = p.start + m.start()
                append_finding(out, ctx, "spliced_fragment", a, p.start + m.end(2), self.stamp_confidence,
                               f"The time '{m.group(2)}' closes the headline '{_clip(line[: m.start(2)].strip())}': "
                               "a page's time stamp glued to the text.")
            m = _LEADING_TIME_RE.match(line)
            if (m and p.index <= _LEADING_TIME_MAX_PARAGRAPH and 4 <= len(words) <= 25
                    and not _SENTENCE_END_RE.search(line.rstrip()) and self._stamped_headline(ctx, p, m)):
                append_finding(out, ctx, "spliced_fragment", p.start + m.start(1), p.start + m.end(2),
                               self.stamp_confidence,
                               f"The time '{m.group(1)}' opens the headline '{_clip(line[m.start(2) :].strip())}': "
                               "a page's time stamp glued to the text.")
            m = trailing_credit(line)
            if m and len(p.sentences) >= 1:
                append_finding(out, ctx, "spliced_fragment", p.start + m.start(2), p.start + m.end(2),
                               self.credit_confidence,
                               f"The credit '{m.group(2)}' is glued after the last sentence: a photo or "
                               "source credit run into the text.")
            elif len(p.sentences) >= 2:
                last = ctx.sentences[p.sentences[-1]]
                if _source_fragment(last.text):
                    append_finding(out, ctx, "spliced_fragment", last.start, last.end, self.credit_confidence,
                                   f"'{last.text}' is a source's name glued after the last sentence, not a "
                                   "sentence of its own.")
        for m in _GLUED_SECTION_RE.finditer(text):
            if all(w.title() in NAV_WORDS or w.title() in STORY_LABELS for w in re.split(r"[ &]+", m.group(1))):
                append_finding(out, ctx, "spliced_fragment", m.start(1), m.end(2), self.breadcrumb_confidence,
                               f"The section label '{m.group(1)}' is run into '{m.group(2)}' with no space: the "
                               "page's category glued to the headline, a trace of scraping.")
        out.extend(self._credit_case_seams(ctx))
        for m in _GLUED_HANDLE_RE.finditer(text):
            if is_protected(spans, m.start(), m.end()):
                continue  # an e-mail address: "press@harbour-energy.no"
            s = m.start()
            while s > 0 and text[s - 1].isalpha():
                s -= 1
            append_finding(out, ctx, "spliced_fragment", s, m.end(), self.short_glued_confidence,
                           f"'{text[s : m.end()]}' is a word run into the handle '{m.group(0)}' with no space: a "
                           "social post's residue.")
        for m in _GLUED_COPYRIGHT_RE.finditer(text):
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.credit_confidence,
                           f"The credit '©{m.group(2)}' is glued to '{m.group(1)}': a caption and its credit "
                           "run into the text.")
        for m in credit_label_run_in().finditer(text):
            if credit_label_runs_on(text, m):
                append_finding(out, ctx, "spliced_fragment", m.start(1), m.end(2), self.credit_confidence,
                               f"The credit '{m.group(1)}' runs straight into the sentence '{m.group(2)} ...': "
                               "a caption glued into the text.")
        for m in _CREDIT_START_RE.finditer(text):
            run = _CAPITALISED_RUN_RE.match(text, m.end())
            if run is None:
                continue
            words = run.group(0).split()
            first, after = words[-1], _WORD_RE.match(text, run.end())
            if zipf(first.lower()) < self.head_min or after is None or after.group(0) in _RUN_ON_WORDS:
                continue  # "Photos by Jane Roe and Tom Field were shown": a name, not a sentence's first word
            if (len(words) >= 2 and _is_first_name(first) and first not in STARTERS_LONG | STARTERS_SHORT
                    and after.group(0)[:1].islower()):
                continue  # "Photo: LeBron James during the final": a name that ends in a given name, then its caption
            if sum(w[:1].isupper() for w in text[after.end() :].split()[:3]) >= 2:
                continue  # "Video: Harbour Workers Celebrate as Strike Ends": a headline in Title Case
            seam = run.start() + run.group(0).rindex(first)
            rest = text[seam : text.find("\n", seam) if "\n" in text[seam:] else len(text)]
            if len(_WORD_RE.findall(rest.split(".")[0])) >= 3:
                a = seam - 1 - len(words[-2])
                append_finding(out, ctx, "spliced_fragment", a, seam + len(first), self.credit_confidence,
                               f"The caption's credit '{text[m.start() : seam].strip()}' runs straight into "
                               f"'{first} ...', with no full stop: a caption glued into the text.")
        for m in _PAREN_AGENCY_GLUED_RE.finditer(text):
            append_finding(out, ctx, "spliced_fragment", m.start(1), m.end(2), self.credit_confidence,
                           f"The credit '{m.group(1)}' is run into '{m.group(2)}' with no space: a caption or a "
                           "source credit glued into the text.")
        for m in _PAREN_CREDIT_GLUED_RE.finditer(text):
            append_finding(out, ctx, "spliced_fragment", m.start(1), m.end(2), self.credit_confidence,
                           f"The credit '{m.group(1)}' is run into '{m.group(2)}' with no space: a caption "
                           "glued into the text.")
        for m in _LEADING_CREDIT_RE.finditer(text):
            inner = m.group(1)[1:-1].split()
            if len(inner) < 2 and not (inner[0] in CREDITS or inner[0].lower() in _PHOTO_WORDS):
                continue  # "(Laughter) And ...": a transcript's note, not a credit
            if not _credit_words(inner):
                # a name in parentheses that no word marks as a credit: opening the story, the
                # outlet's own dateline ("(Example Radio Website) After the summit ..."); after a
                # quotation, who said it, as some outlets write it ('"..." (Director Sato) From ...')
                p = ctx.paragraphs[ctx.sentences[ctx.sentence_at(m.start(1))].paragraph]
                if (p.index <= 1 and m.start(1) == p.start) or text[max(m.start(1) - 2, 0)] in "”\"":
                    continue
            k = ctx.sentence_at(m.start(1))
            sent = ctx.sentences[k]
            if (sent.start == m.start(1) and sent.text.strip() == m.group(1)
                    and k != ctx.paragraphs[sent.paragraph].sentences[0] and credit_at_end(sent.text)):
                continue  # '... for hours. (Getty Images) Officials said': a caption's credit sentence, boilerplate's
            line_end = text.find("\n", m.end())
            rest = text[m.end() : len(text) if line_end < 0 else line_end]
            if len(_WORD_RE.findall(rest.split(".")[0])) >= 3:
                append_finding(out, ctx, "spliced_fragment", m.start(1), m.end(2), self.credit_confidence,
                               f"'{m.group(1)}' (a photo credit) runs straight into '{m.group(2)}', with no "
                               "dash or full stop: a caption glued into the text.")
        return out

    def _credit_case_seams(self, ctx: Context) -> list[Finding]:
        """A line that opens with a photo credit whose last name runs into the caption or the sentence
        after it: "Photo: dpa/Jane RoeA night train ...", "REUTERS/Jane RoeBrazil's central bank ..."."""
        text = ctx.text
        out: list[Finding] = []
        for m in _CREDIT_LINE_START_RE.finditer(text):
            end = text.find("\n", m.end())
            line = text[m.end() : len(text) if end < 0 else end]
            head = re.match(rf"\s*(?:\S+\s+){{0,{_CREDIT_NAME_MAX_WORDS - 1}}}\S*", line).group(0)
            for g in _CREDIT_CASE_SEAM_RE.finditer(head):
                name, word = g.group(1), g.group(2)
                if name in NAME_PREFIXES or zipf((name + word).lower()) >= self.brand_min:
                    continue  # "MacKenzie", "YouTube": one name
                if not (word in ("A", "I") or zipf(word.lower()) >= self.head_min):
                    continue
                prev = re.split(r"[\s/]+", head[: g.start()].strip())[-1:] or [""]
                if not (_is_first_name(prev[0]) or f"{prev[0]} {name}" in CREDITS or name in CREDITS
                        or head[: g.start()].endswith("/")):
                    continue  # the credit's name ends here: a given name or an agency before it ("Image: DeepMind's AlphaFold")
                if len(_WORD_RE.findall(line[g.end() :])) < 3:
                    continue  # the caption or sentence goes on after the seam
                a = m.end() + g.start()
                append_finding(out, ctx, "spliced_fragment", a, a + len(g.group(0)), self.credit_confidence,
                               f"The credit's name '{name}' runs into '{word}' with no space: a caption or a "
                               "sentence glued to its photo credit.")
                break
        return out

    @staticmethod
    def _stamped_headline(ctx: Context, p, m: re.Match) -> bool:
        """The time opening line ``p`` is a stamp, not the start of a name ("7:30 Report presenter ..."):
        the headline after it starts like a sentence ("20:14 The central bank ..."), or is printed
        again without the time on a line beside it."""
        if m.group(2) in STARTERS_LONG or m.group(2) in STARTERS_SHORT or m.group(2) in _CUT_STARTER_WORDS:
            return True
        rest = ctx.text[p.start + m.start(2) : p.end].strip()
        near = ctx.paragraphs[max(p.index - 1, 0) : p.index + 2]
        return any(q.index != p.index and ctx.text[q.start : q.end].strip() == rest for q in near)

    # ------------------------------------------------------------------ stops and quotes in the wrong place
    def _stops_and_quotes(self, ctx: Context, spans) -> list[Finding]:
        """A full stop inside a sentence ("continue. funding"), a doubled stop ("plan.;"), a
        quotation mark glued to the words on both sides ("me“that", "done”The"), and a
        quotation closed by a reporting verb with no subject."""
        text = ctx.text
        out: list[Finding] = []
        for m in _STRAY_STOP_RE.finditer(text):
            w1, w2 = m.group(1), m.group(2)
            if w1.lower() in ABBREVIATIONS_LOWER or w2 in TLDS_LOWER or is_protected(spans, m.start(), m.end()):
                continue
            if zipf(w2) < self.head_min or (w1[0].isupper() and len(w1) <= 3):
                continue  # "Fig. b", "Ave. de": an abbreviation or a label, not a stray stop
            if _in_lower_case_quotation(ctx.layer, text, m.start()):
                continue  # a post quoted as its writer typed it: '"ok folks I need help. he ran off'
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.stop_confidence,
                           f"A full stop after '{w1}' is followed by '{w2}' in lower case: the sentence runs "
                           "on, so two pieces of text seem to have been joined at a stray stop.")
        for m in _DOUBLE_STOP_RE.finditer(text):
            if m.group(1).lower() in ABBREVIATIONS_LOWER or is_protected(spans, m.start(), m.end()):
                continue
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.stop_confidence,
                           f"'{m.group(0)}' closes a sentence twice ('.' and '{m.group(2)}'): pieces of text "
                           "(list items, sentences) were joined at a seam.")
        for m in _QUOTE_GLUE_RE.finditer(text):
            before, mark, after = m.group(1), m.group(2), m.group(3)
            if m.lastgroup == "skip" or is_protected(spans, m.start(), m.end()):
                continue
            closing = before[-1] in ".!?,;" or mark == "”"
            if mark == "“" or (mark == '"' and not closing and after[0].islower()):
                kind = f"an opening quotation mark glued to '{before}' and '{after}'"
            elif closing and after[0].isupper() and after[1:2].islower():
                kind = f"a closing quotation mark run into '{after}' with no space"
            elif mark == '"' and before.isalpha() and before.islower() and after[0].isupper() and after[1:2].islower():
                # 'pulled three people from the rubble"We are still searching': a sentence lost its end
                # and the next one's quotation was glued on, or a quotation closed with no space after it
                kind = f"a quotation mark glued to '{before}' and '{after}' with no space on either side"
            else:
                continue
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.quote_confidence,
                           f"'{m.group(0)}': {kind}, a seam where two pieces of text were joined.")
        for m in _SUBJECTLESS_RE.finditer(text):
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.stop_confidence,
                           f"The quotation is closed by '{m.group(1)}' with no one saying it: the subject was "
                           "lost where the sentence was translated or cut.")
        return out

    # ------------------------------------------------------------------ "StrikeDock", "TimesFootball"
    def _capital_seams(self, ctx: Context, spans) -> list[Finding]:
        """Two capitalised words run together where no name is: a headline glued to the first
        sentence ("... After Long StrikeDock workers went back"), or labels glued in a line of
        page metadata ("Valley TimesFootball12 March")."""
        text = ctx.text
        out: list[Finding] = []
        for m in _CAPS_PAIR_RE.finditer(text):
            head, tail = m.group(1), m.group(2)
            if head in NAV_WORDS and tail in NAV_WORDS:
                continue  # a breadcrumb, reported by _case_seam
            if is_protected(spans, m.start(), m.end()) or zipf((head + tail).lower()) >= self.brand_min:
                continue
            if zipf(head.lower()) < self.head_min or zipf(tail.lower()) < self.head_min:
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            before = text[line_start : m.start()].split()
            after = text[m.end() : line_end].split()
            words_before = [*before, head]
            # a headline of a few words, none of them written in CamelCase itself: "The FlexCart and
            # QuickDock devices" names products, it is no headline glued to a sentence
            title_case = (len(words_before) >= _HEADLINE_MIN_WORDS
                          and sum(w[:1].isupper() for w in words_before) >= 0.75 * len(words_before)
                          and not any(_CASE_SPLIT_RE.search(w) for w in before))
            prose_after = len(after) >= 3 and sum(w[:1].islower() for w in after[:12]) >= max(2, len(after[:12]) // 4)
            short_line = len(before) + len(after) + 1 <= 12 and not _SENTENCE_END_RE.search(text[line_start:line_end])
            if title_case and prose_after:
                expl = (f"'{m.group(0)}' runs the headline's last word '{head}' into '{tail}', which starts the "
                        "text: the headline was glued to the first sentence.")
            elif short_line and (m.group(3) or tail in NAV_WORDS):
                expl = f"'{m.group(0)}' looks like the page labels '{head}' and '{tail}' run together, a trace of scraping."
            else:
                continue
            append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.breadcrumb_confidence, expl)
        for m in _CAPS_DATELINE_RE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            words_before = [*text[line_start : m.start()].split(), m.group(1)]
            # a headline in Title Case, or one in sentence case run into a wire's dateline with its
            # agency and dash ("... from homes in AssamGUWAHATI, India (Reuters) -")
            # or one run into a dateline in the form "KOTA BHARU: Hundreds of families ..."
            if len(words_before) >= 3 and (
                    (m.group(1)[0].isupper() and sum(w[:1].isupper() for w in words_before) >= 0.75 * len(words_before))
                    or _DATELINE_AFTER_RE.match(text, m.end()) or _DATELINE_PLACE_DASH_RE.match(text, m.end())
                    or text.startswith(":", m.end())):
                append_finding(out, ctx, "spliced_fragment", m.start(), m.end(), self.breadcrumb_confidence,
                               f"'{m.group(0)}' runs the headline's last word '{m.group(1)}' into the dateline "
                               f"'{m.group(2)}': the headline was glued to the first sentence.")
        return out

    # ------------------------------------------------------------------ a sentence broken across lines
    def _broken_sentences(self, ctx: Context) -> list[Finding]:
        """A sentence cut off at the end of a paragraph (prose that stops right after "the", "of",
        "while", and the next paragraph starts a sentence: the rest was lost), a sentence broken across a paragraph break (one paragraph stops mid-sentence and the
        next goes on in lower case), or across line breaks inside a paragraph, as print layouts
        copied into a page leave it. A text wrapped at one width throughout is the input's
        layout (e-mail, a plain-text feed), not a seam, and is left alone."""
        text = ctx.text
        out: list[Finding] = []
        paras = ctx.paragraphs
        wraps = []  # (offset of the line break, length of the wrapped line)
        for sent in ctx.sentences:
            for m in re.finditer(r"\n", sent.text):
                pos = sent.start + m.start()
                line_start = text.rfind("\n", 0, pos) + 1
                wraps.append((pos, pos - line_start, sent.index))
        longest = max((w[1] for w in wraps), default=0)
        uniform = len(wraps) >= 3 and sum(
            w[1] >= _UNIFORM_WRAP_SHARE * longest for w in wraps) >= _UNIFORM_WRAP_SHARE * len(wraps)
        for p, q in zip(paras, paras[1:], strict=False):
            # the next paragraph starts a sentence of its own; the text's last paragraph is left alone,
            # since whoever stored the page may have cut the text there
            tail = text[p.start : p.end].rstrip()
            words, head = tail.split(), text[q.start : q.end].split()[:1]
            if uniform and len(tail) - tail.rfind("\n") - 1 >= _UNIFORM_WRAP_SHARE * longest:
                continue  # a line of a text wrapped at one width, ended by the wrap ("editor of\nThe Times")
            if (len(words) >= _CUT_PARAGRAPH_MIN_WORDS and words[-1] in OPEN_END_WORDS
                    and sum(w[:1].islower() for w in words) * 2 >= len(words) and head and head[0] in _CUT_STARTER_WORDS):
                a = p.start + len(tail) - len(words[-1])
                append_finding(out, ctx, "spliced_fragment", a, a + len(words[-1]), self.broken_confidence,
                               f"The paragraph stops at '{words[-2]} {words[-1]}', a word no sentence ends with: "
                               "the rest of the sentence was cut off.")
        for p, q in zip(paras, paras[1:], strict=False):
            tail, head = text[p.start : p.end], text[q.start : q.end]
            if (_SENTENCE_END_RE.search(tail) or not is_wrappable(tail) or keyword_line(tail) or keyword_line(head)
                    or not head[:1].islower()
                    or not head.split()[0].isalpha() or not head.split()[0].islower()):
                continue
            a = p.end - len(tail.split()[-1])
            append_finding(out, ctx, "spliced_fragment", a, p.end, self.broken_confidence,
                           f"The paragraph stops mid-sentence at '{tail.split()[-1]}' and the next one goes on "
                           f"with '{head.split()[0]}': a sentence broken across a paragraph break.")
        if len(wraps) < 2:
            # a print layout breaks line after line; one break inside one sentence is as often a
            # <br> or a feed's segment boundary ("... earlier,\nsays the analyst")
            return out
        if uniform:
            return out  # wrapped at one width throughout: the input's layout
        seen = set()  # one finding per paragraph: a print layout breaks every line of it
        for pos, _, k in wraps:
            if ctx.sentences[k].paragraph in seen:
                continue
            seen.add(ctx.sentences[k].paragraph)
            a = pos
            while a > 0 and not text[a - 1].isspace():
                a -= 1
            b = pos + 1
            while b < len(text) and text[b].isspace():
                b += 1
            e = b
            while e < len(text) and not text[e].isspace():
                e += 1
            if a < pos and e > b:
                append_finding(out, ctx, "spliced_fragment", a, e, self.wrap_confidence,
                               f"The sentence is broken across lines between '{text[a:pos]}' and '{text[b:e]}': "
                               "a print layout's line breaks kept in the text.")
        return out


def _in_lower_case_quotation(layer, text: str, pos: int) -> bool:
    """True when ``pos`` lies inside a quotation that stands as its own sentence and opens on a
    lower-case word: a message or a post quoted as its writer typed it ('... wrote: "ok folks I
    need help. he ran off'), whose sentences may start in lower case without any seam."""
    quote = layer.quote_at(pos)
    if quote is None:
        return False
    j = quote[0] - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j >= 0 and text[j] not in "\n:.!?":
        return False  # a partial quotation inside a sentence ('a plan that "allows us to') opens in lower case
    m = _FIRST_LETTER_RE.search(text, quote[0] + 1, pos)
    return m is not None and m.group(0).islower()


def _credit_words(words: list[str]) -> bool:
    """Whether the words in a pair of parentheses say they are a credit: a photo word or an agency."""
    return " ".join(words) in CREDITS or any(w in CREDITS or w.lower().strip(".:") in _PHOTO_WORDS for w in words)


def _byline_first_name(word: str) -> bool:
    """A first name that opens a byline: known to gender-guesser and no common English word that
    opens a sentence as well ("The", "Will", "May" are names there too)."""
    return (_NAME_WORD_RE.fullmatch(word) is not None and _is_first_name(word) and word not in _CUT_STARTER_WORDS
            and zipf(word.lower()) < _BYLINE_NAME_MAX_ZIPF)


def _source_fragment(sentence: str) -> bool:
    """A short run of capitalised words naming a source: "Statistics Office.", "Example News Agency"."""
    words = sentence.rstrip(".").split()
    if not 1 <= len(words) <= 4 or sentence.endswith(("!", "?")) or any(c in sentence for c in "\"“”'’:"):
        return False
    minor = {"of", "the", "and", "for", "&"}
    if not all(w[:1].isupper() or w in minor for w in words):
        return False
    return any(w in SOURCE_HEADS or w in CREDITS for w in words)


def _on_axis(findings: list[Finding], axis: str) -> list[Finding]:
    """The findings, speaking to ``axis`` (page residue glued on, rather than a seam inside prose)."""
    for f in findings:
        f.axis = axis
    return findings


def _title_case_line(text: str, pos: int) -> bool:
    """The line around ``pos`` is set in Title Case, with at least four words other than the minor ones."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return title_case(text[start : end if end >= 0 else len(text)].split(), min_major=4)


def _clip(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per span: two checks may see the same seam ("Kyiv.The" and a stray stop). Where one of
    them reads it as page residue glued on ("REUTERS/Jane RoeThe minister ...": a credit, not two sentences
    joined), that reading is kept: it knows what the text on one side of the seam is."""
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, f.axis != "residue", -f.confidence)):
        if out and out[-1].start <= f.start < out[-1].end and out[-1].sentence == f.sentence:
            continue
        out.append(f)
    return out
