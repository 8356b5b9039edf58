"""boilerplate: scraping residue that is not article prose.

Ad markers, comment widgets, share/subscribe/related blocks, cookie notices, account and paywall
widgets, toolbars, CMS bylines, date stamps and counters, captions and credits, disclaimers,
theme and feed markup, and teasers cut off with "..." that a scraper kept in the text.

Most residue is a line of its own, and is matched per line (a line is a paragraph): a residue
line is short and starts with its marker, holds a residue phrase, or is made only of widget and
menu labels, so prose that merely mentions a newsletter or cookies is left alone. A few kinds sit
inside prose and are matched there: an advertisement marker, a sentence holding a residue phrase
("... sign up for our newsletter"), the site asking its reader to act on one of its products ("Never miss a
story: sign up for breaking news emails from our newsroom"), a caption sentence ("In photo: ..."),
a date stamp in front of the first sentence, a caption position ("(left)"), and the last sentence
of a teaser cut off with an ellipsis. Some lines are residue by what stands around them: the
headline over such a teaser, a headline over the story printed a second time, a link in the page
title's "Section - Headline" form, a caption on a line of its own that names people by their
titles, a short label in the footer with only residue below it, a headline of another story above
the article's own or below its end (a list of them, and the label over it), a reader's comment thread ("Anna P. says:", the comment, its
"Reply" button); and a source's label kept at the head of a headline ("XY interview ...").

The words and patterns are data: ``resources/lexicon/residue_lines.tsv`` (how residue lines
start), ``residue_phrases.tsv`` (phrases that make a short sentence residue), ``ui_labels.tsv``,
``navigation.tsv``, ``networks.tsv`` and ``credits.tsv`` (labels, share targets, agencies),
``caption_verbs.tsv`` (what people do in a caption).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from itertools import islice

from .. import lexicon
from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector

_D = r"[\s\-–—|:•·*#>»›]*"  # decoration around a marker
_BULLET = r"[\s•·▪►◦‣*\-–—>»]*"  # list bullets and dashes before a line's text

# breadcrumbs: "Home » World » Europe", "News > Politics > Ukraine"; » and › are not
# used in prose, so one is enough ("Home » News"); > | / need two, between labels of at most three
# words ("Speed limits of 30 km/h and/or new bus lanes" is a headline)
_BREADCRUMB = re.compile(
    r"^\s*(?:[\w'’.& -]{1,25}(\s*[»›]\s*[\w'’.& -]{1,25})+\s*[»›]?"
    r"|\s*[\w'’.&-]+(?:\s[\w'’.&-]+){0,2}(\s*[>|/]\s*[\w'’.&-]+(?:\s[\w'’.&-]+){0,2}){2,})\s*$"
)
# a breadcrumb run into the headline on its line: "Home › Business › Shipping › Container rates jump again";
# » and › are not used in prose, so two of them before a longer last part are a trail that ends in the headline
_BREADCRUMB_INTO_HEADLINE = re.compile(r"^\s*(?:[\w'’.&-]+(?:\s[\w'’.&-]+){0,2}\s*[»›]\s*){2,}[^»›]{3,}$")
# a line that is only an e-mail address or a telephone number: a press release's contact block
_CONTACT_LINE = re.compile(
    r"^\W{0,3}(?:(?:e-?mail|tel|phone|mob|mobile|t|e)\.?\s*:?\s*)?"
    r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+\d{1,3}[\d\s().-]{6,}\d)\W{0,2}$",
    re.IGNORECASE,
)
# a plain "By Jane Doe" line (possibly with an agency, a date, or "and wire services"): page
# metadata, not prose; a weekday, month or a word that starts prose ("By Then") is not a name
_BY_NOT_NAME = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Then|Now|Far|Law|Order|The|This|That|These|Those|Its|All|Most|"
    r"Some|Many|Late|Early|Mid|End|Next|Last|Noon|Midnight|Dawn|Contrast|Comparison|Design|Default|Nature|Way)\b"
)
_BYLINE = re.compile(
    rf"^[Bb][Yy]\s+(?!{_BY_NOT_NAME})[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){{0,3}}"
    r"(\s+(staff|reporters?|correspondents?|writers?|editors?|desk|team))?"
    # its time stamp, run into the name or not: "By Jane Roe12:45 PM CET"
    r"(\s*\d{1,2}[:.]\d{2}\s*([AaPp]\.?[Mm]\.?)?\s*([A-Z]{2,4}|GMT[+-]?\d*)?)?"
    r"(\s*(,|\||-|–|—|and|&)\s*[\w .,'’&-]{0,60})?(\s*[|•·]\s*[\w .,:'’&/-]{0,40}){0,2}$"
)
# ad markers that a scraper glued into a paragraph of prose
# (in capitals, a player's or a layout's marker: "SCROLL TO CONTINUE WITH CONTENT"; "Advertisement" between
# two sentences, where no sentence starts with it: "... on Monday. Advertisement The leader said ...")
_INLINE_AD = re.compile(
    r"[-–—]\s*(?:advertisement|ADVERTISEMENT|Advertisement)\s*[-–—]|\bADVERTISEMENT\b"
    r"|\b(?:SCROLL TO CONTINUE(?: WITH CONTENT)?|CONTINUE READING BELOW|STORY CONTINUES BELOW)\b"
    r"|(?<=[.!?”\"] )Advertisement:?(?= [A-Z])"
)

# date and time stamps: a line that is only one is CMS metadata; one in front of the first
# sentence of a line ("date 2024-03-14 The minister said ...") is a field the scraper kept
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# a weekday in full or cut short ("Mon", "Tues."), never a word that starts like one ("Monsoon")
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}}/\d{{2}}/\d{{2}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}"
    # a stamp machine-translated word by word from Spanish or Portuguese: "2 of December of 2026"
    rf"|\d{{1,2}}\s+(?:of|de)\s+{_MONTH},?\s+(?:of|de)\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}\s+of\s+\d{{4}}"
    rf")(?:,?\s+{_WEEKDAY})?"
)
# a clock time, "14:32" or, as Portuguese and French pages write it, "14h32"
_TIME = r"(?:[\sT,|at-]+\d{1,2}(?:[:.]\d{2}(?::\d{2})?|h\d{2})\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|GMT[+-]?\d*)?)?"
_DATE_LINE = re.compile(rf"^\W*{_DATE}{_TIME}\W*$", re.IGNORECASE)
# a page's stamp after its place, alone on its line: "Curitiba, 4 of November of 2026 - 09h15"
_PLACE_DATE_LINE = re.compile(
    rf"^\W*(?-i:[A-Z][\w'’.-]*(?:\s+(?:(?:de|do|da|dos|das|del|di|du|la|le|el|al)\s+)?[A-Z][\w'’.-]*){{0,3}}),"
    rf"\s+{_DATE}{_TIME}\W*$",
    re.IGNORECASE,
)
_STAMP_LABEL = r"(?:date|published|updated|last updated|posted|publication|created)"
_FULL_STAMP = re.compile(rf"^\W*(?:{_STAMP_LABEL}\s*:?\s*)?{_DATE}{_TIME}\W*$", re.IGNORECASE)
_STAMP_PREFIX = re.compile(rf"^\W*(?:{_STAMP_LABEL}\s*:?\s*)?{_DATE}{_TIME}(?=\s+\S)", re.IGNORECASE)
# a press release's header or a bare time stamp glued in front of the first sentence: "PRESS RELEASE
# 12 March 2025 The operator said ...", "Press release: The operator ...", "Updated 10:45 GMT The figures ..."
_HEADER_PREFIX = re.compile(
    rf"^\W*(?:(?:press|news|media) release\s*[:|–—-]?\s*(?:{_DATE}{_TIME})?"
    rf"|(?:updated|published|posted)\s*:?\s*\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|UTC|[A-Z]{{2,4}})?)(?=\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
# an agency's dateline that names its reporter, as Korean and Chinese agencies print it and machine
# translation keeps it, in front of the first sentence: "(Seoul = Hanbit News) Reporter Kang Min-seo =",
# "(Busan = Yonhap News) =", "China News Network, Hangzhou, December 4 (Reporter Zhou Wen)"; a Western
# wire's "GENEVA, Oct 4 (Reuters) -" names no reporter and stays the story's own
_REPORTER = r"(?:(?:staff |special )?reporters?|correspondents?|intern reporters?)"
_AGENCY_BYLINE_PREFIX = re.compile(
    rf"^\W{{0,2}}(?:\(\s*[A-Z][\w .'’-]{{1,30}}?\s*=\s*[\w .'’&-]{{2,40}}?\)\s*(?:{_REPORTER}\s+(?-i:[A-Z])[\w'’-]+"
    rf"(?:[\s-](?-i:[A-Z])?[\w'’-]+){{0,3}}\s*)?=\s*"
    rf"|(?-i:[A-Z])[\w .'’&-]{{2,40}}?,\s*(?-i:[A-Z])[\w .'’-]{{1,30}}?,\s*{_MONTH}\s+\d{{1,2}}\s*"
    rf"\(\s*{_REPORTER}\s+(?-i:[A-Z])[\w .'’-]{{1,40}}?\)\s*)(?=(?-i:[A-Z\d\"“]))",
    re.IGNORECASE,
)
# "(left)", "(right)", "(L-R)": a caption's pointers to people in a photo the text no longer has
_CAPTION_POSITION = re.compile(
    r"\((?:left|right|centre|center|far left|far right|l-r|r-l|from left|from right|(?:second|2nd|third|3rd) (?:left|right|from left|from right))\)",
    re.IGNORECASE,
)
# a link to another story or a widget's marker run into a paragraph: "Read more: ...", "ALSO READ | ...",
# "RELATED: ...", "(Story continues below)", "Continue reading below", "Click here to read ..."; the
# marker's colon or bar tells a link from prose ("Read more about the rules in Schedule 2")
_INLINE_LINK = re.compile(
    r"^\W{0,3}(?:(?:read more|read also|also read|see also|related|recommended|more on this|must read|don't miss|"
    r"watch|listen|trending)\s*[:|»>]\s*\S|\(?(?:story|article) continues (?:below|after)\b|continue reading\s*(?:below)?\W*$"
    r"|click here to (?:read|see|watch|view|download))",
    re.IGNORECASE,
)
# what may stand before a credit that closes a paragraph as a sentence of its own: "Source: PTI", "-- IANS"
_SOURCE_LABEL_WORDS = re.compile(r"^\W*(?:(?:source|sources|via|inputs from|with inputs from)\s*:?\s*)?", re.IGNORECASE)
# a sentence that is a caption or a credit, inside a paragraph of prose
_CAPTION_SENTENCE = re.compile(
    r"^\W{0,3}(?:in (?:the )?(?:photo|picture|image)s?|pictured|photo|photos|picture|image|caption|file photo|main image|top image)\s*:\s*\S",
    re.IGNORECASE,
)
# a teaser cut off by the listing page: the paragraph ends right after a word with an ellipsis;
# "[...]" and "… Read more" say so outright
_TRUNCATED = re.compile(r"[\w,;)’'%]\s?(?:\.{3}|…|\[(?:\.{3}|…)\])(?:\s*(?:read more|continue reading|more)\b\W*)?\s*$",
                        re.IGNORECASE)
_TRUNCATED_MARKED = re.compile(r"(?:\[(?:\.{3}|…)\]|(?:\.{3}|…)\s*(?:read more|continue reading|more)\b\W*)\s*$",
                               re.IGNORECASE)
_READ_MORE_ONLY = re.compile(r"^\W*(?:read more|continue reading|more)\W*$", re.IGNORECASE)
#: Words that cannot end a sentence: an ellipsis right after one cuts a sentence in the middle.
_OPEN_ENDED = frozenset(
    "the a an his her their its our my your these those and or but whose".split()
)
# a line that is only a link: "https://...", "www.site.com"
_URL_LINE = re.compile(r"^\W{0,3}(?:https?://\S+|www\.[\w-]+(?:\.[\w-]+)+\S*|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|info|news|ru|in|pk)(?:/\S*)?)\W{0,3}$", re.IGNORECASE)
# separators between the labels of a menu, toolbar or share row
_LABEL_SEP = re.compile(r"\s*(?:[|•·/>»›,;]|\s[-–—]\s|\s{2,}|\t)\s*")
_COUNT = re.compile(r"^\(?[\d.,]+\s*[km]?\)?$", re.IGNORECASE)
_CASE_SEAM = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: A row of 3-6 capitalised one-word buttons, at least two thirds of them known labels, is a
#: toolbar ("Zoom Comment Print"): a headline of that shape is rare, a widget's unknown button is not.
_TOOLBAR_MIN_WORDS, _TOOLBAR_MAX_WORDS, _TOOLBAR_LABEL_SHARE = 3, 6, 2 / 3
#: ... and at least two of its known labels are widgets' (not sections' names).
_TOOLBAR_MIN_BUTTONS = 2
# a count of views or reads closing a short metadata line: "... 2 May 2025 3.4K Views"
_END_COUNTER = re.compile(r"(?<![\w.,])[\d.,]+\s*[km]?\s+(?:views?|reads?|shares?|likes?|comments?|plays?)\W*$",
                          re.IGNORECASE)
#: A metadata line such as "AFP | Lille | Updated: 03-04-2025 11:20 CET" has this many parts.
_META_MIN_PARTS = 3
#: ... or two, a stamp and a section's name or a place of at most this many words
_META_OTHER_MAX_WORDS = 4
#: A menu run together ("Top StoriesPoliticsSportWeather") is at least this share of known labels
#: (a menu names sections the lexicon lacks).
_GLUED_MENU_SHARE = 0.6
_LEADING_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s+")
_TITLE_WORD = re.compile(r"^[\"“‘'(]?[A-Z0-9]")
#: the words a Title Case headline leaves in lower case
MINOR_WORDS = frozenset("a an and as at but by for from in into nor of on or the to with vs via".split())

# the site speaking to its reader: a call to act, "our" or "us", and one of the site's products
_CALL = re.compile(
    r"(?:^\W{0,3}|[:—–?]\s+)(?:sign up|subscribe|register|get|join|follow|download|install|read|watch|listen|tap|click|"
    r"never miss|don't miss|do not miss|stay up to date|keep up|stay ahead|catch)\b", re.IGNORECASE)
_SITE_SELF = re.compile(r"\b(?:[Oo]ur|us)\b")
_SITE_PRODUCT = re.compile(
    r"\b(?:newsletters?|e-?mails?|alerts?|apps?|channels?|updates|inbox|feeds?|podcasts?|notifications|briefings?|digests?|"
    r"whatsapp|telegram|website|homepage)\b", re.IGNORECASE)


# a line that opens with a quotation, closes it and goes on to say who said it or where it was written:
# speech, however much the quoted words sound like a widget ('“Support us!” the protesters chanted')
_SPEECH_LINE = re.compile(r"[“\"‘«„]\s*[^“”\"«»„]{2,120}?[”\"’»]\s*,?\s+(?:[\w'’-]+\s+){1,}[\w'’-]+")

# a reporting verb that tags what someone said: after a comma ("..., the council told residents") or
# before a colon ("The council urged residents: ..."); "what our readers told us" tags nothing
_VERBS = (r"(?:said|says|told|tells|urged|urges|asked|asks|advised|advises|added|adds|wrote|writes|appealed|"
          r"appeals|reminded|reminds|warned|warns|encouraged|encourages|insisted|insists)")
_SPEAKER_TAG = re.compile(
    rf"[,;—–]\s+(?:[\w'’.-]+\s+){{0,6}}?{_VERBS}\b(?!\s+(?:us|you)\b)|\b{_VERBS}(?:\s+[\w'’-]+){{0,4}}\s*:\s",
    re.IGNORECASE)


def reported_call(sentence: str) -> bool:
    """A call to sign up or follow that someone in the story made, told as reported speech ("Sign up
    for our flood alerts, the council told residents"): a sentence that ends like one and names
    who said it. A site's own prompt tells no one ("what our readers told us" is the site again)."""
    return bool(_SENTENCE_END.search(sentence.rstrip()) and _SPEAKER_TAG.search(sentence))


def _quoted_at(sentence: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation that opens and closes in ``sentence``."""
    before, after = sentence[:pos], sentence[pos:]
    if "“" in before and "”" in after:
        return before.rfind("“") > before.rfind("”")
    return before.count('"') % 2 == 1 and '"' in after


def _glued_credit(ctx: Context, p, s) -> bool:
    """Whether sentence ``s``, the last of paragraph ``p``, is an agency's credit glued after the
    sentence before it ('... its leader said. -- IANS'): ``spliced_fragment`` reports that seam."""
    m = trailing_credit(ctx.text[p.start : p.end])
    return m is not None and s.start <= p.start + m.start(2) < s.end


def _self_promotion(sentence: str) -> bool:
    """A sentence in which the site asks its reader to act on one of its products ("Never miss a story:
    sign up for breaking news emails from our newsroom", "Read the news of the day on our channel").
    Quoted speech is someone speaking, not the site; a council's "sign up for flood alerts on the
    council's website" names no "our"; reported speech ("Sign up for our flood alerts, the council
    told residents", "The council urged residents: sign up for our alerts") is the council speaking."""
    if len(sentence.split()) > MAX_PHRASE_SENTENCE_WORDS or any(q in sentence for q in "\"“”„«»"):
        return False
    if reported_call(sentence):
        return False
    return bool(_CALL.search(sentence) and _SITE_SELF.search(sentence) and _SITE_PRODUCT.search(sentence))


# a "Source:" line that tells in prose where the story comes from ("Source: the governor's Telegram
# channel, the state news agency citing police"), as some outlets open every story: the article's
# own attribution, not a credit left by the page ("Source: Valley Courier", "Source: The Harbour Times")
_SOURCE_NOTE = re.compile(r"\W{0,3}sources?\s*:.*\b(?:citing|cited|quoting|quoted|according|reported|said|says)\b",
                          re.IGNORECASE)
_SOURCE_NOTE_MIN_WORDS = 15

# a photo credit in parentheses opening a line of prose: "(Photo: Antara) Residents cleared mud ..."
_CREDIT_BEFORE_PROSE = re.compile(
    r"\W{0,2}(?P<credit>\((?i:photo|picture|image|video|foto|credit)s?\s*(?::|by)\s*[^()\n]{2,50}\))(?P<gap>\s*)"
    r"(?P<rest>[A-Z][a-z][^\n]*[.!?…][\"'”’)]*)\s*$")
_CREDIT_BEFORE_PROSE_MIN_WORDS = 5

#: An author's biography under an "About the author" label is short.
_AUTHOR_BIO_MAX_WORDS = 60

#: A residue line is short: longer lines are prose that happens to start like one.
MAX_LINE_WORDS = 40
#: A sentence holding a residue phrase is short: a phrase anywhere is weaker than a start.
MAX_PHRASE_SENTENCE_WORDS = 30
#: A theme's text is shorter still.
MAX_THEME_SENTENCE_WORDS = 20
_REPORTED = re.compile(r"\b(?:said|says|told|tells|according|reported|reports|announced|warned|found)\b", re.IGNORECASE)
# the link headlines listed under "Related Articles" are short lines without a full stop
_LINK_HEADLINE_MAX_WORDS = 16


@lru_cache(maxsize=1)
def _line_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """residue_lines.tsv, compiled: {name} placeholders become alternations of that lexicon."""

    def alternation(name: str, kind: str | None) -> str:
        if name == "D":
            return _D
        entries = lexicon.column(name, kind=kind) if kind else lexicon.column(name)
        return "|".join(re.escape(e) for e in sorted(entries, key=len, reverse=True))

    out = []
    for kind, pattern in lexicon.load("residue_lines").select():
        expanded = re.sub(r"\{([A-Za-z_]+)(?::([a-z]+))?\}", lambda m: alternation(m.group(1), m.group(2)), pattern)
        out.append((kind, re.compile(r"^\W{0,3}(?:" + expanded + ")", re.IGNORECASE)))
    return tuple(out)


@lru_cache(maxsize=1)
def _phrases() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern for every residue phrase (group index -> kind)."""
    records = lexicon.load("residue_phrases").records()
    parts = [r"\s+".join(re.escape(w) for w in r["phrase"].split()) for r in records]
    # the word-boundary checks stand outside the alternation: the same matches and groups as each
    # phrase carrying its own, six times faster (the engine tests the look-behind once per position)
    return (re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for p in parts) + r")(?!\w)", re.IGNORECASE),
            tuple(r["kind"] for r in records))


@lru_cache(maxsize=1)
def _web_terms() -> re.Pattern[str]:
    """Words of a page's machinery (web_terms.tsv), as one pattern."""
    terms = sorted(lexicon.column("web_terms"), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])", re.IGNORECASE)


def theme_text(sentence: str) -> bool:
    """A theme's or template's own text: short, two or more web words, no one reporting it."""
    words = sentence.split()
    if not words or len(words) > MAX_THEME_SENTENCE_WORDS or _REPORTED.search(sentence):
        return False
    return len({m.group(0).lower() for m in _web_terms().finditer(sentence)}) >= 2


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """Lower-cased widget, menu and share labels -> the kind of residue a line of them is."""
    out = {label.lower(): "navigation" for label in lexicon.column("navigation")}
    out |= {name.lower(): "share block" for name in lexicon.column("networks")}
    out |= {r["label"].lower(): r["kind"] for r in lexicon.load("ui_labels").records()}
    return out


@lru_cache(maxsize=1)
def credit_names() -> str:
    """The agencies and photo credits of ``resources/lexicon/credits.tsv`` as one regex
    alternation, longest first ("Kyodo News" before "Kyodo"), for the credit patterns below."""
    return "|".join(re.escape(c) for c in sorted(lexicon.column("credits"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _credit_end() -> re.Pattern[str]:
    """A caption's credit at the end of a line: "(Reuters)", "© AFP", "REUTERS/Jane Roe"."""
    names = credit_names()
    return re.compile(
        rf"(?:\((?:{names})(?:\s+(?:photo|images?|pictures?|file))?\)|©\s*(?:{names})|(?<![\w])(?:{names})\s*/\s*[\w .'’-]+)\W{{0,2}}$"
    )


@lru_cache(maxsize=1)
def _trailing_credit() -> re.Pattern[str]:
    names = credit_names()
    return re.compile(rf"([.!?…][”\"’']?)\s+(?:[-–—]{{1,2}}\s*)?((?:{names}))\s*$")


@lru_cache(maxsize=1)
def credit_label_run_in() -> re.Pattern[str]:
    """A credit label and its agency run into the next word on the line: "Photo: Reuters Oil traders
    said ..."; group 1 is the credit, group 2 the next word."""
    names = credit_names()
    return re.compile(rf"(?<![\w])((?:photo|picture|image|credit|video|foto)s?\s*:\s*(?:{names}))[ \t]+([A-Z(][\w()’'-]*)",
                      re.IGNORECASE)


_CAPTION_WORD = re.compile(r"[A-Za-z][\w’'-]*")


def credit_label_runs_on(text: str, m: re.Match[str]) -> bool:
    """Whether the text after the credit ``m`` (of ``credit_label_run_in``) goes on as a sentence of
    three words or more on its line: the caption's credit glued to the text, which the seam detector
    reports (``spliced_fragment``), not a credit line of its own. The words are counted up to the
    line's first full stop and three are enough: a line of thousands of credits was split and read
    to its end once per credit."""
    start = m.end(2)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    stop = text.find(".", start, end)
    return sum(1 for _ in islice(_CAPTION_WORD.finditer(text, start, end if stop < 0 else stop), 3)) >= 3


def trailing_credit(line: str) -> re.Match[str] | None:
    """An agency's or a photographer's credit glued after the last sentence of ``line`` (a
    paragraph of at least four words): '... its leader said. -- IANS', '... we stuck to it." AFP';
    group 2 is the credit. The seam detector reports it (``spliced_fragment``); this one leaves it
    alone: one scar, one finding."""
    return _trailing_credit().search(line) if len(line.split()) >= 4 else None


def credit_at_end(line: str) -> re.Match[str] | None:
    """A caption's credit closing ``line`` ("... in Kyiv (Reuters)"), but not an acronym that the
    words before it spell out, as prose defines one: "the Palestinian Authority (PA).", "the
    Government of National Accord (GNA)": agencies' initials are also the initials of parties,
    pipelines and governments."""
    m = _credit_end().search(line)
    if m is None or not line[m.start()] == "(":
        return m
    acronym = re.match(r"\((\w+)", line[m.start() :]).group(1)
    words = [w for w in re.findall(r"[\w'’-]+", line[: m.start()]) if w.lower() not in MINOR_WORDS]
    initials = "".join(w[0] for w in words[-len(acronym) :])
    return None if acronym.isupper() and initials.upper() == acronym and initials.isupper() else m


@lru_cache(maxsize=1)
def _credit_line() -> re.Pattern[str]:
    """A line that is only a source credit: "PA Sport", "Reuters", "AFP | Paris"."""
    names = credit_names()
    return re.compile(
        rf"^\W{{0,3}}(?:{names})(?:\s*[|,/-]?\s*(?:sport|sports|staff|wire|news|desk|reporter|correspondent|"
        rf"photo|video|[A-Z][a-z]+))?\W{{0,2}}$"
    )


def label_kind(line: str) -> str | None:
    """The residue kind of a line made only of widget, menu and share labels (and counts), else None.

    "Log in", "Adjust Comment Print", "• Facebook", "1. Homepage", "Latest News | Videos",
    "Write comment (12)".
    """
    # buttons in brackets side by side: "[Print this page] [Close window]", "【Print】【Close】"
    text = re.sub(r"[\]】]\s*[\[【]", " | ", _LEADING_NUMBER.sub("", line)).strip(" \t•·▪►◦‣*-–—>»«:?[]【】")
    if not text or len(text) > 80:
        return None
    labels = _labels()
    parts = [p.strip(" :?*!.()[]") for p in _LABEL_SEP.split(text)]
    parts = [p for p in parts if p]
    kinds: list[str] = []
    for part in parts:
        low = part.lower()
        if _COUNT.match(part):
            continue
        if low in labels:
            kinds.append(labels[low])
            continue
        # a menu whose labels are separated by spaces only: "World Sport Opinion Videos"
        words = [w for w in re.split(r"\s+|&", low) if w and w not in ("and", "&")]
        if words and all(w in labels or _COUNT.match(w) for w in words):
            kinds.extend(labels[w] for w in words if w in labels)
            continue
        # buttons of two or three words each, side by side: "Accept all Refuse all Set preferences"
        run = _label_run(part.lower().split(), labels)
        if run:
            kinds.extend(run)
            continue
        return None
    if not kinds:
        return None
    # ties go to the first label, so the reason does not depend on string hashing
    return max(kinds, key=kinds.count)


#: A button's label has at most this many words ("show key events only").
_LABEL_MAX_WORDS = 4


def _label_run(words: list[str], labels: dict[str, str]) -> list[str] | None:
    """The kinds of the labels ``words`` is made of, read as labels of one to four words side by
    side ("accept all", "refuse all", "set preferences"), or None when no such reading exists."""
    best: list[list[str] | None] = [None] * (len(words) + 1)
    best[0] = []
    for i in range(len(words)):
        if best[i] is None:
            continue
        for j in range(i + 1, min(len(words), i + _LABEL_MAX_WORDS) + 1):
            label = " ".join(words[i:j])
            if label in labels and best[j] is None:
                best[j] = [*best[i], labels[label]]
    return best[-1] if len(words) > 1 else None


#: A trail of labels split by slashes runs into its headline after at least this many labels.
_SLASH_TRAIL_MIN_LABELS = 2


def _slash_trail(line: str) -> bool:
    """A breadcrumb split by slashes, run into the headline: "Home/World/Asia/Floods force thousands ...".
    Slashes stand in prose too ("and/or", "km/h", "12/03"), so the parts before the last must all be
    section labels the lexicon knows."""
    parts = [p.strip() for p in line.split("/")]
    if len(parts) < _SLASH_TRAIL_MIN_LABELS + 1 or len(parts[-1].split()) < 3:
        return False
    labels = _labels()
    return all(p.lower() in labels for p in parts[:-1])


#: A subheading is a section's name of at most this many words ("Health", "Middle East").
_SUBHEADING_MAX_WORDS = 2
#: The prose around a subheading: a paragraph of at least this many words on each side.
_SUBHEADING_PROSE_WORDS = 8


def _section_subheading(ctx: Context, p) -> bool:
    """A section's name on a line of its own between two paragraphs of prose ("Health", then what the
    budget gives the health service): an explainer's subheading, not a menu's label left alone."""
    words = ctx.text[p.start : p.end].split()
    if not 1 <= len(words) <= _SUBHEADING_MAX_WORDS or not all(w.strip(":") in _section_names() for w in words):
        return False
    paras = ctx.paragraphs
    if p.index == 0 or p.index + 1 >= len(paras):
        return False

    def prose(q) -> bool:
        line = ctx.text[q.start : q.end].strip()
        return len(line.split()) >= _SUBHEADING_PROSE_WORDS and _SENTENCE_END.search(line) is not None

    def list_item(q) -> bool:
        # the last item of the section before's bulleted list ("- Tewkesbury, Lower Lode"), not a
        # menu's: an item of a menu is itself a section's name
        line = ctx.text[q.start : q.end].strip()
        item = line.lstrip("-–•*▪ ").split()
        return line[:1] in "-–•*▪" and len(item) >= 2 and not all(w.strip(":,") in _section_names() for w in item)

    before = paras[p.index - 1]
    return (prose(before) or list_item(before)) and prose(paras[p.index + 1])


@lru_cache(maxsize=1)
def _section_names() -> frozenset[str]:
    """The sections' names of navigation.tsv, as written (capitalised)."""
    return frozenset(lexicon.column("navigation"))


def toolbar_line(line: str) -> bool:
    """A row of buttons, one of them a label the lexicon lacks: "Zoom Comment Print". Buttons are
    widget labels: a heading in Title Case may hold a section's name ("About Nordvik Energy": "About"
    and "Energy" are labels, but only one of them a button's)."""
    words = line.split()
    if not _TOOLBAR_MIN_WORDS <= len(words) <= _TOOLBAR_MAX_WORDS or not all(w.isalpha() and w[0].isupper() for w in words):
        return False
    labels = _labels()
    known = [labels[w.lower()] for w in words if w.lower() in labels]
    return (len(known) >= _TOOLBAR_LABEL_SHARE * len(words)
            and sum(k != "navigation" for k in known) >= _TOOLBAR_MIN_BUTTONS)


#: Words prose cannot go five words without; a keyword line has almost none of them.
_FUNCTION_WORDS = MINOR_WORDS | frozenset(
    """the is are was were be been being has have had will would can could should may might must do does did
    not no it its he she they we i you his her their our my your him them us who which what that this these
    those there here than then so if when while after before about over under said says""".split()
)
#: A keyword line: at least this many words, at most this share of them function words.
_KEYWORD_MIN_WORDS, _KEYWORD_MAX_FUNCTION_SHARE = 5, 0.15


def keyword_line(line: str) -> bool:
    """A line of keywords a CMS or an SEO plug-in printed without a label: it starts in lower case,
    has no punctuation at all and almost no function words ("port strike dock workers pay Rotterdam").
    A headline starts with a capital; a line of prose, however short, has its function words."""
    words = line.split()
    if not _KEYWORD_MIN_WORDS <= len(words) <= 25 or not line[:1].islower() or re.search(r"[^\w\s'’&-]", line):
        return False
    return sum(w.lower() in _FUNCTION_WORDS for w in words) <= _KEYWORD_MAX_FUNCTION_SHARE * len(words)


def glued_menu(line: str) -> bool:
    """A menu whose labels ran together: "Top StoriesPoliticsSportWeather & Travel"."""
    if not _CASE_SEAM.search(line):
        return False
    words = [w.strip(".,:;&").lower() for w in _CASE_SEAM.sub(" ", line).split()]
    words = [w for w in words if w and w not in ("and", "&")]
    labels = _labels()
    return len(words) >= 4 and sum(w in labels for w in words) >= _GLUED_MENU_SHARE * len(words)


def metadata_line(line: str) -> bool:
    """A line of page metadata between bars: site or credit, place, stamps ("AFP | Lille | Updated: ...")."""
    parts = [p.strip() for p in line.split("|") if p.strip()]
    if len(parts) == 2 and any(_FULL_STAMP.match(p) for p in parts):
        # "Agriculture | 02 December 2026 Wednesday 14:05", "Xinhua Net | Updated: 2026-12-03 10:15": a
        # section's, a place's or the site's name, and the stamp
        other = next(p for p in parts if not _FULL_STAMP.match(p))
        return len(other.split()) <= _META_OTHER_MAX_WORDS and _SENTENCE_END.search(other) is None
    if len(parts) < _META_MIN_PARTS:
        return False
    stamps = sum(bool(_DATE_LINE.match(p) or _STAMP_PREFIX.match(p + " x")
                      or re.match(rf"^{_STAMP_LABEL}\s*:", p, re.IGNORECASE)) for p in parts)
    known = stamps + sum(bool(_credit_line().match(p) or label_kind(p)) for p in parts)
    # two parts may be names the lexicons cannot know (the site, the place)
    return stamps >= 1 and known >= max(2, len(parts) - 2) and all(len(p.split()) <= 6 for p in parts)


# a section's name and the page's stamp on one line, in the words or the format of the language the page
# was translated from: "Politik Innenpolitik 04.12.2026, 14:32 Uhr", "Ekonomi 04 Aralık 2026 Perşembe
# 16:48", "Input 2026.12.04 17:22 Modified 2026.12.04 18:05"; a date with its year (a month the
# month pattern does not know, in any language, between day and year) and a clock time, nothing else
# but a few capitalised words
_ANY_DATE = re.compile(
    r"(?<![\d.])(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2}\.?\s+[^\W\d_]{3,12}\.?,?\s+\d{4})(?![\d.]\d)"
)
_CLOCK = re.compile(
    r"(?<![\d:.])\d{1,2}[:h]\d{2}(?::\d{2})?(?![\d:])(?:\s*(?:[ap]\.?m\.?|uhr)(?![^\W\d_]))?"
    r"(?:\s*\(?(?:GMT|UTC)\s*[+-]?\d{0,2}\)?)?",
    re.IGNORECASE,
)
#: ... of at most this many words (a section and a subsection, a weekday, "Input" and "Modified")
_STAMP_OTHER_MAX_WORDS = 5
#: ... of which only these may be English in lower case: prose has its verbs and prepositions
_STAMP_LOWER_ASCII = frozenset("and of de do da del di du".split())


def section_stamp_line(line: str) -> bool:
    """A line that is a page's stamp and, at most, a section's or a stamp's few words."""
    if re.search(r"[.!?]\s*$", line):
        return False  # a sentence's end
    dates = list(_ANY_DATE.finditer(line))
    if not dates or not _CLOCK.search(line):
        return False
    rest = _CLOCK.sub(" ", _ANY_DATE.sub(" ", line))
    words = re.findall(r"[^\W\d_][\w'’.]*", rest)
    if len(words) > _STAMP_OTHER_MAX_WORDS or re.search(r"\d", rest):
        return False
    return all(not (w.isascii() and w[0].islower()) or w.lower() in _STAMP_LOWER_ASCII for w in words)


_SEAMS_OWN = "seam"


class BoilerplateDetector(Detector):
    """Flags scraping residue: lines of ads, widgets, menus, bylines, stamps, credits, teasers."""

    name = "boilerplate"
    description = "Scraping residue: ad markers, share/comment/subscribe blocks, cookie notices, navigation, bylines."
    types = (FindingType(
        "boilerplate", description,
        tag="boilerplate", heading="Boilerplate", colour="#4d535c", tint="#e5e7ea", underline="dashed",
        axis="residue", weight=1.0),)
    #: A repeated residue line ("Share this:" after every section) is boilerplate, not a duplicate.
    suppresses = ("near_duplicate",)
    #: ... but a page prints its byline and its date stamp once: printed again, the page's
    #: header was scraped twice, and the repeat is a near duplicate too (``suppressing``).
    once_per_page = ("byline", "date stamp")

    def __init__(
        self,
        max_line_words: int = MAX_LINE_WORDS,
        confidence: float = 0.9,  # a line that starts like residue or holds a residue phrase
        byline_confidence: float = 0.7,  # bylines, stamps, credits: metadata a reader may want
        caption_confidence: float = 0.75,  # captions and credits inside or beside prose
        teaser_confidence: float = 0.75,  # a paragraph cut off with an ellipsis: a listing's teaser
        position_confidence: float = 0.5,  # "(left)": a caption's pointer, also an outlet's style
    ):
        self.max_line_words = max_line_words
        self.confidence = confidence
        self.byline_confidence = byline_confidence
        self.caption_confidence = caption_confidence
        self.teaser_confidence = teaser_confidence
        self.position_confidence = position_confidence

    def suppressing(self, ctx: Context, found: list[Finding]) -> set[int]:
        """The sentences whose finding overrides a near duplicate: all but a line of its own that
        is a byline or a date stamp (``once_per_page``)."""
        def once(f: Finding) -> bool:
            p = ctx.paragraphs[ctx.sentences[f.sentence].paragraph]
            hit = self.classify_line(ctx.text[p.start : p.end]) if (f.start, f.end) == (p.start, p.end) else None
            return hit is not None and hit[0] in self.once_per_page

        return {f.sentence for f in found if not once(f)}

    def _conf(self, kind: str) -> float:
        if kind in ("byline", "date stamp", "time stamp", "source credit", "counter", "keyword list", "wire credit line",
                    "contact line", "author box"):
            return self.byline_confidence
        if kind in ("caption", "source link"):
            return self.caption_confidence
        return self.confidence

    def classify_line(self, line: str) -> tuple[str, float] | None:
        """The kind of residue ``line`` is, with a confidence, or None for prose."""
        stripped = line.strip()
        if "&" in stripped:
            # a feed's text with its character references never decoded ("&copy; 2026 ...",
            # "Continue reading &rarr;") is read as the page showed it; the references are mojibake's
            stripped = html.unescape(stripped).strip()
        words = stripped.split()
        if _CATALOGUE_CODE.match(stripped):
            return "listing entry", self.confidence  # however long its description runs
        if not stripped or len(words) > self.max_line_words:
            return None
        if _SPEECH_LINE.match(stripped):
            return None  # '“Support us!” the protesters chanted': a quotation and who said it
        kind = self._line_kind(stripped, len(words))
        if kind == "subscribe prompt" and reported_call(stripped):
            return None  # "Sign up for our flood alerts, the council told residents."
        if kind == "byline" and _SOURCE_NOTE.match(stripped) and len(words) > _SOURCE_NOTE_MIN_WORDS:
            return None  # "Source: the regional governor's Telegram channel, citing ...": the story's attribution
        return None if kind is None else (kind, self._conf(kind))

    def _line_kind(self, stripped: str, n_words: int) -> str | None:
        for kind, rx in _line_patterns():
            if rx.match(stripped):
                return kind
        if _BREADCRUMB.match(stripped) and not re.search(r"\d\s*/\s*\d", stripped):
            return "navigation"
        if _BREADCRUMB_INTO_HEADLINE.match(stripped) or _slash_trail(stripped):
            return "breadcrumb"
        if _CONTACT_LINE.match(stripped):
            return "contact line"
        if _BYLINE.match(stripped):
            return "byline"
        if _DATE_LINE.match(stripped) or _PLACE_DATE_LINE.match(stripped) or section_stamp_line(stripped):
            return "date stamp"
        kind = label_kind(stripped)
        if kind is not None:
            return kind
        if glued_menu(stripped):
            return "navigation"
        if toolbar_line(stripped):
            return "toolbar"
        if metadata_line(stripped):
            return "byline"
        if keyword_line(stripped):
            return "keyword list"
        if n_words <= _LINK_HEADLINE_MAX_WORDS and _END_COUNTER.search(stripped) and not stripped.endswith("."):
            return "counter"
        if re.fullmatch(r"[a-z]{1,12}", stripped):
            return "stray label"  # "a", "img": alt text or a label without its widget
        m = _STAMP_PREFIX.match(stripped)
        if m and label_kind(stripped[m.end() :]) is not None:
            return "date stamp"  # "date 2024-03-14 Log in": a stamp and a widget
        if _URL_LINE.match(stripped):
            return "source link"
        if _credit_line().match(stripped):
            return "source credit"
        if credit_at_end(stripped):
            return "caption"
        if _is_listed_headline(stripped):
            return "related link"
        return None

    def detect(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        text = ctx.text
        in_related_block = after_credit_line = after_author_box = after_tags_label = False
        timeline = _timeline_headings(ctx)
        prose: list[str] = []  # the story's lines so far, without the residue (the byline names the writer)
        for p in ctx.paragraphs:
            line = text[p.start : p.end]
            if p.index in timeline:
                continue  # "3 December 2026" over what happened that day: a timeline's heading
            m = _CREDIT_BEFORE_PROSE.match(line)
            if m is not None and len(m.group("rest").split()) >= _CREDIT_BEFORE_PROSE_MIN_WORDS:
                # "(Photo: Antara) Residents cleared mud ...": the credit is residue, the sentence is prose;
                # run into the sentence with no space ("(Photo: Antara)Residents") it is the seam detector's
                if m.group("gap"):
                    out.append(ctx.finding(
                        "boilerplate", p.start + m.start("credit"), p.start + m.end("credit"), self.caption_confidence,
                        f"'{m.group('credit')}' is a photo credit left in front of the sentence by the scraper.",
                    ))
                continue
            hit = self.line_hit(ctx, p)
            if hit == _SEAMS_OWN:
                continue  # "Photo: Reuters Oil traders said ...": the seam detector's, one scar once
            if hit is None and after_author_box and len(line.split()) <= _AUTHOR_BIO_MAX_WORDS:
                hit = ("author box", self.byline_confidence)  # the author's short biography under its label
            if hit is None and after_tags_label and _is_tag_list(line):
                hit = ("tag list", self.byline_confidence)
            if hit is None and p.index >= len(ctx.paragraphs) - 2 and _author_bio(line, "\n".join(prose)):
                hit = ("author box", self.byline_confidence)
            if hit is None and in_related_block and _is_link_headline(_LIST_MARK.sub("", line)):
                hit = ("related link", self.confidence * 0.9)
            if hit is None and p.index >= 2 and _is_clickbait_headline(line):
                hit = ("teaser headline", self.teaser_confidence)
            if hit is None and after_credit_line and _is_link_headline(line):
                # a wire credit line ends a story: a headline after it starts the next one
                hit = ("headline of the next story", self.teaser_confidence)
            after_credit_line = hit is not None and hit[0] == "wire credit line"
            # a label alone ("About the author"), not one with the biography after it on its line
            after_author_box = (hit is not None and hit[0] == "author box" and not after_author_box
                                and len(line.split()) <= 4)
            in_related_block = hit is not None and hit[0] in ("related block", "related link")
            after_tags_label = hit is not None and _TAGS_LABEL.match(line) is not None
            if hit:
                kind, conf = hit
                for k in p.sentences:
                    s = ctx.sentences[k]
                    out.append(
                        ctx.finding(
                            "boilerplate", s.start, s.end, conf,
                            f"Looks like {_article(kind)} {kind} left by the scraper, not article prose.",
                            sentence=k,
                        )
                    )
                continue
            prose.append(line)
            out.extend(self._inside_prose(ctx, p))
        out.extend(self._beside_residue(ctx, out))
        out.extend(self._source_labels(ctx))
        out.sort(key=lambda f: f.start)
        return out

    def line_hit(self, ctx: Context, p) -> tuple[str, float] | str | None:
        """What paragraph ``p`` is as a line of its own: a kind of residue with its confidence, None
        for prose, or ``_SEAMS_OWN`` for a credit run into the sentence it captions, which the seam
        detector reports."""
        line = ctx.text[p.start : p.end]
        run_in = credit_label_run_in().match(line.lstrip())
        if run_in is not None and credit_label_runs_on(line.lstrip(), run_in):
            return _SEAMS_OWN
        hit = self.classify_line(line)
        if hit is not None and hit[0] == "navigation" and _section_subheading(ctx, p):
            return None
        if hit is not None and hit[0] == "media link" and p.index == 0:
            return None  # "In pictures: ..." over a gallery, "Video: ..." over a clip: the page's own headline
        return hit

    def _beside_residue(self, ctx: Context, found: list[Finding]) -> list[Finding]:
        """Lines that read as residue by what stands around them (module docstring): a headline
        over a teaser cut off by the listing; a headline over the story printed a second time; a
        link in the page title's "Section - Headline" form; a caption that names people by their
        titles; a short line in the page's footer."""
        text = ctx.text
        paras = ctx.paragraphs
        flagged: dict[int, str] = {}
        for f in found:
            k = ctx.sentences[f.sentence].paragraph
            teaser = f.explanation.startswith(_TEASER_EXPLANATION)
            if teaser or k not in flagged:
                flagged[k] = "teaser" if teaser else "residue"
        lines = [text[p.start : p.end] for p in paras]
        out: list[Finding] = []
        comments = _comment_lines(lines)
        others = {i for i in range(len(lines)) if i not in flagged and _is_headline(lines[i])
                  and _another_story(lines, i, flagged)}
        for p in paras:
            i = p.index
            if i in flagged:
                continue
            line = lines[i]
            kind = "reader's comment" if i in comments else None
            if i >= 1 and _is_headline(line) and not line.rstrip().endswith(("!", "?", ":")):
                if flagged.get(i + 1) == "teaser":
                    kind = "headline of a teaser"
                elif i + 1 < len(paras) and _repeats_earlier(ctx, paras[i + 1], p.start):
                    kind = "headline of the story printed again"
                elif _section_link(line, lines[0], ctx):
                    kind = "related link"
            if kind is None and i in others:
                kind = "headline of another story"
            if kind is None and _section_label_over_headline(lines, i, flagged):
                kind = "section label"
            if (kind is None and i + 1 in others and i > _OTHER_HEADLINE_TOP and _is_link_headline(line)
                    and len(line.split()) <= _LIST_HEADER_MAX_WORDS):
                kind = "list header"
            if kind is None and i >= 1 and _caption_line(line):
                kind = "caption"
            if (kind is None and i >= 2 and i + 1 < len(paras) and all(j in flagged for j in range(i + 1, len(paras)))):
                if _footer_label(line):
                    kind = "footer line"
                elif _is_link_headline(line) and len(line.split()) <= _LIST_HEADER_MAX_WORDS \
                        and not _SENTENCE_END.search(line.strip()) and flagged.get(i + 1) is not None \
                        and self.classify_line(lines[i + 1]) is not None:
                    kind = "list header"  # "Popular on the site this week", over a gallery's link
            if kind is None:
                continue
            conf = self.caption_confidence if kind == "caption" else self.teaser_confidence
            for k in p.sentences:
                s = ctx.sentences[k]
                out.append(ctx.finding("boilerplate", s.start, s.end, conf, _BESIDE_RESIDUE[kind], sentence=k))
        return out

    def _source_labels(self, ctx: Context) -> list[Finding]:
        """A source's label kept at the head of a headline: "XY interview Jane Roe wants ...",
        "XY analysis The budget ...": the outlet's initials and the kind of piece, run into the
        headline with no separator."""
        out: list[Finding] = []
        for p in ctx.paragraphs[:_SOURCE_LABEL_MAX_PARAGRAPH + 1]:
            m = _SOURCE_LABEL.match(ctx.text, p.start, p.end)
            line = ctx.text[p.start : p.end].rstrip()
            if m is None or line.endswith((".", '"', "”")) or len(line.split()) > MAX_LINE_WORDS:
                continue  # a headline, however long, ends without a full stop
            out.append(ctx.finding(
                "boilerplate", m.start(1), m.end(1), self.byline_confidence,
                f"'{m.group(1)}' is the source's label (its initials and the kind of piece) kept at the head "
                "of the headline, a trace of the page it was taken from.",
            ))
        return out

    def _inside_prose(self, ctx: Context, p) -> list[Finding]:
        """Residue inside a paragraph of prose: ad markers, a stamp before the first sentence,
        caption sentences and positions, a teaser's cut-off end."""
        text = ctx.text
        out: list[Finding] = []
        for m in _INLINE_AD.finditer(text, p.start, p.end):
            out.append(ctx.finding(
                "boilerplate", m.start(), m.end(), self.confidence,
                "An advertisement marker inside the text: residue of the page the text was scraped from.",
            ))
        first = ctx.sentences[p.sentences[0]] if p.sentences else None
        stamped = False  # the first sentence opens with a stamp or a release's header
        if first is not None:
            m = _STAMP_PREFIX.match(first.text) or _HEADER_PREFIX.match(first.text)
            stamped = m is not None
            if m:
                a = first.start + len(m.group(0)) - len(m.group(0).lstrip())
                what = "a press release's header" if "release" in m.group(0).lower() else "a date stamp"
                out.append(ctx.finding(
                    "boilerplate", a, first.start + m.end(), self.byline_confidence,
                    f"'{m.group(0).strip()}' is {what} from the page's metadata glued in front of the text.",
                    sentence=first.index,
                ))
        for k in p.sentences:
            s = ctx.sentences[k]
            if s.start > p.start and text[s.start - 1] != "\n":
                continue  # the dateline opens a line: the paragraph's or one under its headline
            byline = _AGENCY_BYLINE_PREFIX.match(text[s.start : p.end])
            if byline is None or (stamped and k == first.index):
                continue
            end = s.start + len(byline.group(0).rstrip())
            for j in p.sentences[p.sentences.index(k):]:  # "(Seoul = Hanbit News)" may be a sentence alone
                t = ctx.sentences[j]
                if t.start >= end:
                    break
                out.append(ctx.finding(
                    "boilerplate", t.start, min(t.end, end), self.byline_confidence,
                    f"'{byline.group(0).strip()}' is the agency's dateline with its reporter's byline, "
                    "glued in front of the text.",
                    sentence=j,
                ))
        phrases, phrase_kinds = _phrases()
        for k in p.sentences:
            s = ctx.sentences[k]
            pm = phrases.search(s.text) if len(s.text.split()) <= MAX_PHRASE_SENTENCE_WORDS else None
            if pm is not None and (_quoted_at(s.text, pm.start())
                                   or (phrase_kinds[pm.lastindex - 1] == "subscribe prompt" and reported_call(s.text))):
                pm = None  # someone speaking ("“Follow us on the new app,” the mayor said"), not the page
            if pm is None and theme_text(s.text):
                out.append(ctx.finding(
                    "boilerplate", s.start, s.end, self.confidence,
                    "Looks like a theme's or template's own text (words of the page's machinery), not article "
                    "prose.", sentence=k,
                ))
                continue
            if pm:
                kind = phrase_kinds[pm.lastindex - 1]
                out.append(ctx.finding(
                    "boilerplate", s.start, s.end, self._conf(kind),
                    f"'{pm.group(0)}': looks like {_article(kind)} {kind} left by the scraper, not article prose.",
                    sentence=k,
                ))
                continue
            if _self_promotion(s.text):
                out.append(ctx.finding(
                    "boilerplate", s.start, s.end, self.confidence,
                    "The site asks its reader to sign up, follow or download ('our', 'us'): a promotion of the page "
                    "the text was scraped from, not article prose.", sentence=k,
                ))
                continue
            if _INLINE_LINK.match(s.text) and len(s.text.split()) <= _LINK_HEADLINE_MAX_WORDS + 3:
                out.append(ctx.finding(
                    "boilerplate", s.start, s.end, self.confidence,
                    "A link or a widget's marker ('Read more:', 'Related:', 'Story continues below') run into the "
                    "paragraph: residue of the page, not article prose.", sentence=k,
                ))
                continue
            if k == p.sentences[-1] and k != p.sentences[0] and _glued_credit(ctx, p, s):
                continue  # '... its leader said. -- IANS': the seam detector's finding, one scar once
            # "In pictures: ..." as the text's first line is the gallery's own headline
            if (_CAPTION_SENTENCE.match(s.text) and (p.index, k) != (0, p.sentences[0])) or (k != p.sentences[0] and (
                    (credit_at_end(s.text) and len(s.text.split()) <= 12)
                    or _credit_line().match(_SOURCE_LABEL_WORDS.sub("", s.text)))):
                out.append(ctx.finding(
                    "boilerplate", s.start, s.end, self.caption_confidence,
                    "Looks like a photo caption or credit left in the text by the scraper.", sentence=k,
                ))
                continue
            for m in _CAPTION_POSITION.finditer(s.text):
                out.append(ctx.finding(
                    "boilerplate", s.start + m.start(), s.start + m.end(), self.position_confidence,
                    f"'{m.group(0)}' points at someone in a photo the text no longer shows: a caption's "
                    "residue.", sentence=k,
                ))
            for m in _INLINE_PHOTO_CREDIT.finditer(s.text):
                if k == p.sentences[0] and not s.text[: m.start()].strip():
                    continue  # opening its line: the credit before the sentence, above
                out.append(ctx.finding(
                    "boilerplate", s.start + m.start(), s.start + m.end(), self.caption_confidence,
                    f"'{m.group(0)}' is a photo's credit left inside the sentence by the scraper.", sentence=k,
                ))
        sents = [ctx.sentences[k] for k in p.sentences]
        # "... patients waited on trolleys... Read more": the cut sentence and its link
        cut = sents[-2] if len(sents) >= 2 and _READ_MORE_ONLY.match(sents[-1].text) else sents[-1] if sents else None
        if cut is not None and self._is_teaser(ctx, p, cut, sents[-1]):
            taken = {f.sentence for f in out}
            for sent in sents[sents.index(cut):]:
                if sent.index not in taken:
                    out.append(ctx.finding(
                        "boilerplate", sent.start, sent.end, self.teaser_confidence,
                        _TEASER_EXPLANATION + ", the way a listing page shows a teaser of "
                        "another story: residue of the page, not the article.", sentence=sent.index,
                    ))
        return out


    def _is_teaser(self, ctx: Context, p, last, tail) -> bool:
        """The paragraph is a teaser cut off by a listing page (module docstring).

        An ellipsis also ends speech trailing off ("... as you know…"), so besides the cut it
        needs the page around a teaser: an explicit marker ("[…]", "… Read more"), a word that
        cannot end a sentence before it ("... his…"), a headline line just above it, a residue
        line just below it, or a neighbouring paragraph cut off the same way. Never inside a
        quotation, counted from the start of the text (quotes continue across paragraphs).
        """
        quoted = _quote_open_before(ctx)
        end_text = ctx.text[last.start : tail.end]
        if not _TRUNCATED.search(end_text) or _ends_in_quote(ctx.text[p.start : last.end], quoted[p.index]):
            return False
        if _TRUNCATED_MARKED.search(end_text):
            return True
        words = re.findall(r"[\w’']+", last.text)
        if words and words[-1].lower() in _OPEN_ENDED:
            return True
        paras = ctx.paragraphs
        before = ctx.text[paras[p.index - 1].start : paras[p.index - 1].end] if p.index > 0 else ""
        after = ctx.text[paras[p.index + 1].start : paras[p.index + 1].end] if p.index + 1 < len(paras) else ""
        if before and _is_headline(before) and not before.rstrip().endswith(("!", "?", ":")):
            return True
        if after and self.classify_line(after) is not None:
            return True
        return any(_TRUNCATED.search(q) for q in (before, after) if q)


#: A quotation left open at the end of a paragraph runs on for at most this many paragraphs
#: (a long quote laid out one sentence per line); a page's stray quote mark must not silence
#: every paragraph after it.
_QUOTE_CARRY_PARAGRAPHS = 5


def _quote_state(text: str, open_: bool) -> bool:
    """Whether a quotation is open after ``text``, given whether one was open before it."""
    for ch in text:
        if ch == "“":
            open_ = True
        elif ch == "”":
            open_ = False
        elif ch == '"':
            open_ = not open_
    return open_


def _quote_open_before(ctx: Context) -> list[bool]:
    """For each paragraph, whether a quotation from the paragraphs above is still open at its start.

    A paragraph that opens with a quotation mark starts afresh (news style reopens the quote on
    every paragraph it continues into); otherwise an open quotation carries over, for at most
    ``_QUOTE_CARRY_PARAGRAPHS`` paragraphs.
    """
    cached = ctx.cache.get("boilerplate.quote_open")
    if cached is not None:
        return cached
    out, open_, carried = [], False, 0
    for p in ctx.paragraphs:
        line = ctx.text[p.start : p.end]
        if line[:1] in "“\"":
            open_ = False
        out.append(open_)
        was_open = open_
        open_ = _quote_state(line, open_)
        carried = carried + 1 if (open_ and was_open) else 0
        if carried >= _QUOTE_CARRY_PARAGRAPHS:
            open_, carried = False, 0
    ctx.cache["boilerplate.quote_open"] = out
    return out


def _ends_in_quote(text: str, open_before: bool) -> bool:
    """True when ``text`` ends inside an open quotation (an ellipsis in a quote is speech trailing off)."""
    return _quote_state(text, open_before)


def title_case(words: list[str], min_major: int = 0) -> bool:
    """``words`` are set in Title Case: at least three quarters of those other than the minor ones
    ("a", "of", "and", which a headline leaves in lower case) start with a capital or a digit, and
    there are at least ``min_major`` such words."""
    major = [w for w in words if w.lower().strip("\"“‘'(,") not in MINOR_WORDS]
    return len(major) >= min_major and sum(bool(_TITLE_WORD.match(w)) for w in major) >= 0.75 * len(major)


def _is_listed_headline(line: str) -> bool:
    """A bulleted headline in Title Case: "• Minister Resigns Over Budget Row": a list of links."""
    m = re.match(r"^\s*[•·▪►◦‣*]\s*(\S.*)$", line)
    if not m or line.rstrip().endswith("."):
        return False
    return title_case(m.group(1).split(), min_major=4)


#: A headline inserted into the text as a teaser for another story has at least this many words
#: (clickbait runs long; a chant or a slogan, "Glory To The Heroes!", is short).
_CLICKBAIT_MIN_WORDS = 8


def _is_clickbait_headline(line: str) -> bool:
    """A Title Case headline that ends with "!" on a line of its own, below the article's start:
    a teaser for another story inserted into the text ("... Finally Revealed!"). A subheading
    does not shout, and a quotation opens with its mark."""
    words = line.split()
    if not _CLICKBAIT_MIN_WORDS <= len(words) <= 20 or not line.rstrip().endswith("!") or line[:1] in "\"“‘'«„":
        return False
    return title_case(words)


# a photo's credit in parentheses inside a sentence, followed by a space or the end: "... on Monday
# (Photo: EFE) The union said ..." (run into the next word with no space it is the seam detector's); the
# credit names someone, so it starts with a capital ("(photos by local children)" is the story's)
_INLINE_PHOTO_CREDIT = re.compile(
    r"\((?:photo|photos|image|images|picture|file photo|foto|video)\s*(?::|by\b|courtesy(?: of)?\b)\s*(?-i:[A-Z])[^()\n]{1,50}\)(?=\s|$)"
    r"|\[(?:photo|photos|image|images|video|file photo)\s*/\s*(?-i:[A-Z])[^\[\]\n]{1,40}\](?=\s|$)",
    re.IGNORECASE,
)
# a timeline's heading: a date, a month and a year, a year, or a clock time (a live report's posts:
# "14:58", "9.05am GMT") alone on its line
_TIMELINE_HEADING = re.compile(
    rf"^\W*(?:{_DATE}|{_MONTH}\s+\d{{4}}|\d{{4}}"
    r"|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|IST|local time)?)\W*$",
    re.IGNORECASE,
)
#: A timeline has at least this many date headings, each over a sentence of at least so many words.
_TIMELINE_MIN_HEADINGS, _TIMELINE_ENTRY_MIN_WORDS = 3, 4


def _timeline_headings(ctx: Context) -> set[int]:
    """The paragraphs that head a timeline's entries: dates alone on their lines, each over a sentence
    of prose, at least three of them. A page's date stamp stands once, or twice when its header was
    scraped twice; a timeline's dates head what happened on them."""
    paras = ctx.paragraphs
    out = set()
    for p, q in zip(paras, paras[1:], strict=False):
        nxt = ctx.text[q.start : q.end].strip()
        if (_TIMELINE_HEADING.match(ctx.text[p.start : p.end]) and len(nxt.split()) >= _TIMELINE_ENTRY_MIN_WORDS
                and _SENTENCE_END.search(nxt) and not _TIMELINE_HEADING.match(nxt)):
            out.add(p.index)
    return out if len(out) >= _TIMELINE_MIN_HEADINGS else set()


#: A list item's bullet or number before a headline listed under "Most read": "• ", "1. "
_LIST_MARK = re.compile(r"^\s*(?:[•·▪►◦‣*]\s*|\d{1,2}[.)]\s+)")
#: "Tags", "Topics" alone on a line: the label of the tag list printed on the next line.
_TAGS_LABEL = re.compile(r"^\W{0,3}(?:tags?|topics?|keywords?|related topics|categories)\W{0,3}$", re.IGNORECASE)
#: A tag list under its label: a few capitalised words, no sentence ("Mining Chile Labour Copper").
_TAG_LIST_MAX_WORDS = 10


def _is_tag_list(line: str) -> bool:
    words = [w for w in re.split(r"[\s,|•·/#]+", line.strip()) if w]
    return (0 < len(words) <= _TAG_LIST_MAX_WORDS and _SENTENCE_END.search(line.strip()) is None
            and all(w[:1].isupper() or w[:1].isdigit() for w in words))


# "Akosua Mensah is an agriculture correspondent based in Kumasi.": the writer's biography, printed
# under the story; a line about someone the story quotes says what they said
_AUTHOR_BIO = re.compile(
    r"^\W{0,3}(?P<name>(?:[A-Z][\w'’.-]+\s+){1,3})(?:is|was|has been)\s+(?:an?|the|our)\s+(?:[\w'’-]+\s+){0,4}"
    r"(?:correspondent|reporter|journalist|writer|editor|columnist|contributor|freelance journalist)s?\b"
)


def _author_bio(line: str, before: str) -> bool:
    """Whether ``line`` reads as the writer's biography under the story. ``before`` is the story's
    prose above it (not its byline, which names the writer): a journalist the story has already named (a reporter freed, an editor who steps
    down, "Petrova was a correspondent for ...") is the story's subject, not its writer."""
    m = _AUTHOR_BIO.match(line)
    if m is None or len(line.split()) > _AUTHOR_BIO_MAX_WORDS or _SPEECH.search(line) or _quoted_at(line, len(line) // 2):
        return False
    surname = m.group("name").split()[-1].rstrip(".")
    return re.search(rf"(?<![\w'’-]){re.escape(surname)}(?![\w-])", before) is None


_SPEECH = re.compile(r"\b(?:said|says|told|tells|according to)\b", re.IGNORECASE)


def _is_headline(line: str) -> bool:
    """A line that reads as a headline: at most 20 words, capitalised, no sentence-final full stop."""
    words = line.split()
    return 0 < len(words) <= 20 and not line.rstrip().endswith((".", '"', "”")) and line[:1].isupper()


def _is_link_headline(line: str) -> bool:
    """A headline listed as a link: short, no sentence-final full stop, no quotation."""
    words = line.split()
    return 0 < len(words) <= _LINK_HEADLINE_MAX_WORDS and not line.rstrip().endswith((".", '"', "”")) \
        and line[:1].isupper()


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


_TEASER_EXPLANATION = "The paragraph is cut off with an ellipsis"
_BESIDE_RESIDUE = {
    "headline of a teaser": "A headline over a teaser that the listing page cut off: a link to another story, "
                            "not the article.",
    "headline of the story printed again": "A headline over the story printed a second time: the page carried the "
                                           "story twice, and this is the second copy's headline.",
    "related link": "A link to another story of the section, in the form of the page's own title "
                    "('Section - Headline'): residue of the page, not the article.",
    "headline of another story": "A headline of another story (it shares no word of substance with the article "
                                 "beside it): a teaser or a link the page kept, not the article's.",
    "caption": "A photo caption on a line of its own (people named by their titles, no full stop): the photo is "
               "gone and its caption stayed in the text.",
    "list header": "The label over a list of other stories' headlines ('Don't miss', 'Popular this week'): "
                   "a widget of the page, not the article.",
    "reader's comment": "A reader's comment under the article (a commenter's name with 'says:', the comment, a "
                        "'Reply' button): the page's comment thread, not the article.",
    "section label": "The section's label over the headline ('CRIME & COURTS', 'Markets / Mining'): the page's "
                     "navigation, not the article.",
    "footer line": "A short label among the page's footer (after the article, with only residue below it): a "
                   "sponsor's or a widget's name, not article prose.",
}
# an entry of a wire's listing: a catalogue code, then its description ("251-a-09-(Jane Roe, economist)-...")
_CATALOGUE_CODE = re.compile(r"^\W{0,3}\d{2,4}-[a-z]{1,2}-\d{1,3}-")
# a source's label run into a headline: initials, the kind of piece in lower case, a capitalised word
_SOURCE_LABEL = re.compile(
    r"\W{0,3}([A-Z]{2,5}\s+(?:interview|analysis|opinion|exclusive|explainer|editorial|comment|column|review|"
    r"podcast|video|live|poll|profile|obituary|feature))\s+(?=[A-Z][\w’'-]*\s)"
)
#: A source's label sits in the headline: one of the first paragraphs.
_SOURCE_LABEL_MAX_PARAGRAPH = 2
# a headline in a site's "Section - Headline" form: "Premier League - Coach fears for his job"
_SECTION_HEADLINE = re.compile(r"^\W{0,3}([A-Z][\w&'’.]*(?:\s+[A-Z][\w&'’.]*){0,3})\s+[-–|]\s+\S")
#: A sentence repeated from above is recognised by its first words (at least this many, in order).
_REPEAT_WORDS = 8
#: A caption line runs long (who, doing what, where: "... attend a news conference in Lviv"); a subheading that
#: names two people is shorter ("President X and Chancellor Y meet in Brussels", 8 words).
_CAPTION_MIN_WORDS = 10
#: A caption line names at least this many people by their title ("President X, Minister Y").
_CAPTION_MIN_TITLED = 2
#: A footer's stray label is short ("Example Pools Plus", a sponsor's or a widget's name).
_FOOTER_MAX_WORDS = 5


# a comment's header in a thread: "Tomas K. says:", "Giulia wrote:"
_COMMENT_HEADER = re.compile(r"^\W{0,3}\S+(?:\s+\S+){0,3}\s+(?:says|said|wrote|replied)\s*:\s*$", re.IGNORECASE)
#: A reader's comment runs a few lines from its header to its "Reply" button.
_COMMENT_MAX_LINES = 4


def _comment_lines(lines: list[str]) -> set[int]:
    """The lines of a comment thread: a commenter's header ("Jane R. says:") and the lines after it up to
    a "Reply" button within a few lines. A header alone may introduce a quotation in prose ("The
    minister said:"); the button tells a thread."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if not _COMMENT_HEADER.match(line.strip()):
            continue
        for j in range(i + 1, min(i + 1 + _COMMENT_MAX_LINES, len(lines))):
            if label_kind(lines[j]) == "comment form":
                out.update(range(i, j))
                break
    return out


def _words_key(s: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in re.findall(r"[\w’']+", s)[:_REPEAT_WORDS])


def _repeats_earlier(ctx: Context, p, before: int) -> bool:
    """The first sentence of paragraph ``p`` repeats, in its first words, a sentence printed before
    offset ``before``: the story printed a second time."""
    if not p.sentences:
        return False
    key = _words_key(ctx.sentences[p.sentences[0]].text)
    if len(key) < _REPEAT_WORDS:
        return False
    return any(_words_key(s.text) == key for s in ctx.sentences if s.end <= before)


#: The label over a list of other stories is short ("Don't miss out", "Popular on the site this week").
_LIST_HEADER_MAX_WORDS = 6
#: An article shares at least this many words of substance with its own headline.
_OWN_HEADLINE_MIN_SHARED = 2
#: A headline of another story is told by its words: it has at least this many of substance.
_OTHER_HEADLINE_MIN_WORDS = 4
#: Above the article's headline: in one of the first lines (after a date, a menu).
_OTHER_HEADLINE_TOP = 2
#: Below an article of at least this many paragraphs of prose.
_OTHER_HEADLINE_MIN_BODY = 3


def _substance(line: str) -> set[str]:
    """The words of substance of ``line`` (lower case, at least four letters, no function word), with a
    plural's "s" dropped."""
    out = set()
    for w in re.findall(r"[A-Za-z][\w'’-]*", line):
        w = w.lower().removesuffix("’s").removesuffix("'s")
        if len(w) >= 4 and w not in _FUNCTION_WORDS:
            out.add(w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
    return out


def _another_story(lines: list[str], i: int, flagged: dict[int, str]) -> bool:
    """``lines[i]``, a headline at the top or the bottom of the text, belongs to another story: it
    shares no word of substance with the article, which shares words with its own headline (the
    next line, at the top) or runs for a few paragraphs (at the bottom, where only residue and other
    headlines may follow it: a list of links to other stories)."""
    words = _substance(lines[i])
    if len(words) < _OTHER_HEADLINE_MIN_WORDS or lines[i].rstrip().endswith((".", "!", "?", ":")):
        return False
    listed = i > _OTHER_HEADLINE_TOP and _in_link_list(lines, i, flagged)
    if not listed and not any(w[:1].isupper() for w in lines[i].split()[1:]):
        return False  # a headline names someone or something; a line of a message ("Thank you for ...") need not
    if i <= _OTHER_HEADLINE_TOP:
        if i + 2 >= len(lines) or not _is_headline(lines[i + 1]) or i + 1 in flagged:
            return False
        body = set().union(*(_substance(x) for j, x in enumerate(lines[i + 2 :], i + 2) if j not in flagged))
        return not words & body and len(_substance(lines[i + 1]) & body) >= _OWN_HEADLINE_MIN_SHARED
    if i != len(lines) - 1 and not listed:
        return False  # at the bottom: the last line, or one of a list of headlines that ends the text
    prose = [x for j, x in enumerate(lines[1:i], 1) if j not in flagged and _SENTENCE_END.search(x.strip())]
    if len(prose) < _OTHER_HEADLINE_MIN_BODY:
        return False
    body = set().union(*(_substance(x) for x in [lines[0], *prose]))
    return not words & body


# a stop inside a line: a headline has none ("... height.,ificant cm", "said. The")
_INNER_STOP = re.compile(r"\w[.!?][\s,;]|\s[.,;:](?:\s|$)")
#: A list of links under an article is short: at most this many lines, its label included.
_LINK_LIST_MAX_LINES = 8


def _in_link_list(lines: list[str], i: int, flagged: dict[int, str]) -> bool:
    """``lines[i]`` is one of a short list of headlines that ends the text (lines with no sentence's end
    and no stop inside, two at least, residue only below them), under a label ("Don't miss out") or
    under residue. Broken text (a failed translation) has runs of lines without a full stop too, but
    no label over them."""
    def link(j: int) -> bool:
        return (j not in flagged and _is_link_headline(lines[j]) and not _SENTENCE_END.search(lines[j].strip())
                and not _INNER_STOP.search(lines[j]) and not lines[j].rstrip().endswith(","))

    if not link(i):
        return False
    a = i
    while a - 1 > _OTHER_HEADLINE_TOP and link(a - 1):
        a -= 1
    b = i
    while b + 1 < len(lines) and link(b + 1):
        b += 1
    if b == a or b - a + 1 > _LINK_LIST_MAX_LINES or any(j not in flagged for j in range(b + 1, len(lines))):
        return False
    return a - 1 in flagged or len(lines[a].split()) <= _LIST_HEADER_MAX_WORDS


# the parts of a section's label: "Markets / Mining", "National > Disaster", "Funding · Romania · AI"
_SECTION_LABEL_SEP = re.compile(r"\s*[/>·•|»›]\s*")
#: A section's label has at most this many parts, of one or two words each ("&" joins two: "Crime & Courts").
_SECTION_LABEL_MAX_PARTS = 3
#: The headline under it is longer than any label: at least this many words.
_SECTION_LABEL_HEADLINE_WORDS = 5
#: ... and prose follows it: a line of at least this many words that ends as a sentence does.
_SECTION_LABEL_PROSE_WORDS = 8


def _section_label_over_headline(lines: list[str], i: int, flagged: dict[int, str]) -> bool:
    """``lines[i]``, at the top of the page, is a section's label over the headline: capitalised words, in
    capitals ("CRIME & COURTS", "ATHLETICS") or in parts split by a menu's separator ("Markets / Mining",
    "National > Disaster"), a headline of five words or more next (residue such as a stamp may stand
    between), and the story under it. One or two words in Title Case alone may be the headline itself, or
    a subheading; a line of prose has its sentence's end."""
    line = lines[i].strip()
    if i > _OTHER_HEADLINE_TOP or not line or re.search(r"\d", line) or _SENTENCE_END.search(line):
        return False
    parts = _SECTION_LABEL_SEP.split(line)
    if not 1 <= len(parts) <= _SECTION_LABEL_MAX_PARTS or (len(parts) == 1 and not line.isupper()):
        return False
    for part in parts:
        words = [w for w in part.split() if w != "&"]
        if not 1 <= len(words) <= 2 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            return False
    rest = [j for j in range(i + 1, len(lines)) if j not in flagged]
    if len(rest) < 2 or rest[0] > i + 2:
        return False
    headline, body = lines[rest[0]], lines[rest[1]].strip()
    return (_is_headline(headline) and len(headline.split()) >= _SECTION_LABEL_HEADLINE_WORDS
            and len(body.split()) >= _SECTION_LABEL_PROSE_WORDS and _SENTENCE_END.search(body) is not None)


def _section_link(line: str, first: str, ctx: Context) -> bool:
    """``line`` has the form of the page's own title, "Section - Headline", with the same section and
    another headline: a link to another story of the section."""
    m = _SECTION_HEADLINE.match(line)
    if m is None or len(line.split()) > _LINK_HEADLINE_MAX_WORDS:
        return False
    first_m = _SECTION_HEADLINE.match(first)
    return first_m is not None and first_m.group(1) == m.group(1) and first.strip() != line.strip()


def _caption_line(line: str) -> bool:
    """A photo caption on a line of its own: no full stop, people named by their titles ("Ukrainian
    President X, Turkish President Y and UN Secretary-General Z attend ..."), a caption's verb."""
    stripped = line.strip()
    words = stripped.split()
    if not _CAPTION_MIN_WORDS <= len(words) <= MAX_LINE_WORDS or _SENTENCE_END.search(stripped) or not stripped[:1].isupper():
        return False
    titles = lexicon.words("gender_titles")
    titled = 0
    for w, nxt in zip(words, words[1:], strict=False):
        head = w.split("-")[0].lower().rstrip(".")
        name = nxt.rstrip(",")
        if w[:1].isupper() and head in titles and name[:1].isupper() and name.split("-")[0].lower() not in titles:
            titled += 1
    if titled < _CAPTION_MIN_TITLED:
        return False
    verbs = lexicon.words("caption_verbs")
    return any(w in verbs for w in words)


_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")


def _footer_label(line: str) -> bool:
    """A short line of capitalised words with no sentence's end: a label, a sponsor, a widget's name."""
    words = line.split()
    if not 1 <= len(words) <= _FOOTER_MAX_WORDS or _SENTENCE_END.search(line.strip()):
        return False
    major = [w for w in words if w.lower() not in MINOR_WORDS]
    return bool(major) and all(_TITLE_WORD.match(w) for w in major)


@lru_cache(maxsize=1)
def _default_detector() -> BoilerplateDetector:
    return BoilerplateDetector()


def residue_line(ctx: Context, p) -> bool:
    """Whether the boilerplate detector reports paragraph ``p`` whole, as a line of residue (a byline,
    a stamp, a menu): a time that closes such a line is that line's own, not a headline's."""
    m = _CREDIT_BEFORE_PROSE.match(ctx.text[p.start : p.end])
    if m is not None and len(m.group("rest").split()) >= _CREDIT_BEFORE_PROSE_MIN_WORDS:
        return False
    hit = _default_detector().line_hit(ctx, p)
    return hit is not None and hit != _SEAMS_OWN
