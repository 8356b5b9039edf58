"""Resumptive pronouns: a subject restated by a pronoun right after it.

"Mayor Vitali Klitschko he added that ..." is a fingerprint of word-for-word
translation from languages that allow (or whose spoken register uses) a topic
followed by a resuming pronoun. The detector parses a small subject noun phrase at
the start of a clause and flags it when a subject pronoun and a verb follow it
directly.

The span runs from the start of the subject noun phrase through the pronoun
("The regional police director John Smith he"), so a reader sees both halves of the
doubled subject.

Words come from the article's text layer (``ctx.layer``), with the numbers and punctuation
between them and a title's or an initial's full stop kept on its word; quoted speech is the
layer's quotation spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..data import Finding
from ..findings import FindingType
from .base import Context, Detector
from .lexical import append_finding, zipf

PRONOUNS = frozenset({"he", "she", "it", "they"})
DETS = frozenset({"the", "a", "an"})

#: Verbs of saying: after a common-noun subject only these count ("The company it said").
REPORTING = frozenset(
    """said says say told tells tell added adds add stated states noted notes reported reports announced
    announces stressed stresses explained explains warned warns claimed claims insisted insists confirmed
    confirms denied denies emphasised emphasized emphasises emphasizes underlined underlines pointed
    points wrote writes declared declares admitted admits argued argues urged urges replied replies
    assured assures revealed reveals commented comments recalled recalls suggested suggests""".split()
)
#: Verbs of saying that take a reported clause directly ("say, they will" has no other reading).
SAY_VERBS = frozenset("say says said claim claims claimed insist insists insisted maintain maintains "
                      "maintained believe believes believed".split())
AUX = frozenset(
    """is was are were has had have will would could can may might must should did does do shall""".split()
)
IRREGULAR_PAST = frozenset(
    """said told went came gave made took saw met spoke wrote left began became found kept held led sent
    put set thought felt knew got brought bought ran won lost paid chose drew fled flew fought grew
    hid meant rose sold stood struck swore taught threw understood woke wore withdrew""".split()
)
#: Bare verbs that commonly follow a resumptive "they" ("The residents they say ...").
BARE_VERBS = frozenset(
    """say want believe hope fear claim insist argue know think need plan expect warn deny agree accuse
    demand urge reject support oppose refuse admit add stress note tell""".split()
)
ADVERBS = frozenset(
    """also then later further previously recently again never already once still reportedly allegedly
    repeatedly earlier now only even just immediately quickly personally""".split()
)
#: Words that cannot begin a subject noun phrase: prepositions, subordinators, adverbs,
#: other determiners, pronouns, interjections ("In Kyiv they say", "When Smith arrived, he ...").
NON_START = frozenset(
    """in on at by for with from to into onto over under about after before during since until without
    within through across against among between behind beyond near toward towards upon via per like
    unlike despite amid following including according regarding concerning given except beside besides
    along around inside outside throughout when while whilst if unless although though because as once
    whether where why how what whatever whoever whenever wherever whichever which who whom whose that
    this these those every each last next such another other both either neither all any some no
    here there now then today tonight yesterday tomorrow soon later earlier still yet also even only
    just already meanwhile elsewhere instead otherwise nonetheless nevertheless moreover furthermore
    however therefore thus hence indeed perhaps maybe again often always never sometimes usually
    together alone asked speaking yes well oh thanks due prior ahead back shortly so and but or nor
    he she it they we i you his her its their our my your him them us me one
    thank tell ask let make give show remind warn get help call send meet see watch take bring keep
    leave find hear believe trust blame forgive pray say imagine remember forget consider look listen
    please dear""".split()
)
#: Lower-case words that end a subject noun phrase.
NP_STOP = (
    NON_START
    | PRONOUNS
    | AUX
    | REPORTING
    | IRREGULAR_PAST
    | frozenset("not than was were been being".split())
)
#: Time nouns: "Last year he said", "The day Smith left he called" are adverbials, not subjects.
TIME_WORDS = frozenset(
    """day days week weeks month months year years morning afternoon evening night weekend hour hours
    minute minutes moment moments time times decade decades century season summer winter spring autumn
    monday tuesday wednesday thursday friday saturday sunday ago""".split()
)
#: Nouns that denote a person, for "The minister he said".
PERSON_NOUNS = frozenset(
    """minister director official spokesman spokeswoman spokesperson president mayor governor head chief
    commander leader chairman chairwoman chair man woman prosecutor lawyer ambassador deputy secretary
    general officer analyst expert source witness resident senator lawmaker mp candidate premier
    manager founder owner editor author activist soldier survivor victim doctor judge diplomat envoy
    representative adviser advisor economist professor researcher scientist priest councillor councilor
    councilman councilwoman commissioner chancellor treasurer inspector engineer teacher nurse farmer
    fisherman coach captain superintendent principal rector dean curator negotiator mediator pastor
    bishop imam rabbi sheriff trustee executive broker grower exporter importer producer
    hydrologist geologist ecologist nutritionist physician surgeon midwife paramedic firefighter
    ranger warden""".split()
)
#: Roles whose work is to speak for a body: "A spokesman for the ministry, he said ..." restates the
#: subject, where "A veteran of two wars, he said ..." fronts a description of it.
SPEAKING_ROLES = frozenset("spokesman spokeswoman spokesperson representative".split())
#: Plurals for people whose singular is no role: "Residents of the district, they say ...".
PLURAL_PEOPLE = frozenset(
    """residents villagers locals people parents workers protesters fans voters traders shopkeepers
    drivers farmers fishermen pupils students patients passengers families neighbours neighbors
    citizens relatives survivors volunteers anglers hoteliers miners pensioners commuters tenants
    landlords growers exporters producers""".split()
)
#: Prepositions that place a plural of people: "Farmers in the valley, they said ...".
PLACING = frozenset("in from at across near around along".split())


def _people_plural(low: str) -> bool:
    """A plural for people: "residents", "nurses" (a role noun's plural)."""
    return low in PLURAL_PEOPLE or (low.endswith("s") and low[:-1] in PERSON_NOUNS)


#: Words that open a verb's object: "The mayor she welcomed the plan".
OBJECT_STARTS = frozenset("the a an his her its their this that these those".split())
#: Nouns for organisations that speak through statements, for "The company it said".
ORG_NOUNS = frozenset(
    """company ministry government army military police committee council court party agency bank firm
    group office department commission union authority authorities service regulator embassy
    administration parliament cabinet kremlin presidency operator utility corporation prosecutor's
    prosecutors watchdog alliance coalition organisation organization institute association federation
    board team club network channel newspaper broadcaster command headquarters staff force forces
    navy guard ministry's state city region municipality""".split()
)
#: Bodies named with "on" or "for" inside the subject: "the chairman of the committee on economy".
BODY_NOUNS = frozenset(
    "committee subcommittee commission council ministry agency department office board fund institute centre center".split()
)
#: Role words that may begin an appositive ("Natalya Popova, head of the committee, she ...").
APPOSITIVE_STARTS = DETS | PERSON_NOUNS | frozenset("who which whose his her their its".split())
#: Nouns ending in "-ly" (so not adverbs) that may sit in a noun phrase.
LY_NOUNS = frozenset("family ally assembly supply rally italy monopoly anomaly reply".split())
#: Lower-case name particles joined to a name by a hyphen: "Haider al-Saadi".
NAME_PARTICLES = frozenset("al el ad as ash at an bin ibn abu abd ben bint".split())
#: Nouns ending in "s" that are singular, for "it" agreement.
SINGULAR_S = frozenset("news series species crisis analysis basis press process congress us".split())

#: Between the text layer's words: numbers and punctuation, one mark a token.
_GAP_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\w\s]")
#: Words that take a full stop as part of the token: titles, and single capitals (initials).
_DOTTED = frozenset("Mrs Mr Ms Dr Gen Col Lt Sgt Capt Maj Gov Sen Rep Rev Prof St Adm Cmdr".split())

_TOKEN_RE = re.compile(
    r"""
      (?<!\w)(?:Mrs|Mr|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|Rev|Prof|St|Adm|Cmdr)\.  # titles
    | (?<!\w)(?:[A-Z]\.){2,}                               # initialisms: U.S., U.N.
    | (?<!\w)[A-Z]\.(?=\s+[A-Z])                           # a middle initial: John F. Kennedy
    | [^\W\d_]+(?:['’-][^\W\d_]+)*(?:['’]s|(?<=s)['’](?!\w))?   # O'Brien, Jean-Pierre, Ukraine's, Depositors'
    | \d+(?:[.,]\d+)*                                      # numbers: 54, 1,200, 3.5
    | [^\w\s]                                              # punctuation
    """,
    re.X,
)
#: A dateline such as "KYIV (Reuters) -" or "KYIV, Ukraine —" before the first sentence.
_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z .'-]+(?:,\s*[A-Z][\w .]{0,30}?)?\s*(?:\([^)]{1,30}\))?\s*[-–—]{1,2}\s+"
)
_HAS_PRONOUN_RE = re.compile(r"\b(?:he|she|it|they)\b")
#: A reported clause whose pronoun stands right before the subject it restates: "... has added
#: that he the reform will pass". No English clause puts a determiner after its subject pronoun;
#: "these days", "the previous week" after one are adverbs of time.
_PRONOUN_BEFORE_SUBJECT_RE = re.compile(
    r"\b[Tt]hat\s+(he|she|they)\s+(the|a|an|this|these)\s+([^\W\d_]+)((?:\s+[^\W\d_]+){0,2})"
)
_OPENERS = frozenset({"But", "And", "So", "Yet"})
_QUOTES = frozenset({'"', "”", "“", "'", "’", "‘", "«", "»"})


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_cap(self) -> bool:
        """Capitalised, counting name particles joined by a hyphen: "al-Saadi", "bin-Salman"."""
        t = self.text
        if t[0].isupper():
            return True
        head, sep, rest = t.partition("-")
        return bool(sep) and head in NAME_PARTICLES and rest[:1].isupper()


class ResumptivePronounDetector(Detector):
    """A subject noun phrase directly followed by a pronoun restating it, then a verb.

    Subject noun phrases: a name, title + name, role noun + name ("The regional police
    director John Smith"), possibly with an appositive between commas ("Natalya Popova,
    the head of the committee, she ..."), or a determiner + common noun ("The company
    it said"). They are parsed at clause starts only: the sentence start (after a
    dateline, quote or "But"/"And"), after a comma (which also closes an introductory
    phrase: "In Kyiv, Mayor Klitschko he said"), after a semicolon, after "that", after
    ", and" / ", but" and after a closing quotation mark.

    Near-misses left alone: prepositional and subordinate openings ("In Kyiv they say",
    "When John Smith arrived, he said", "Together with John Smith he founded"), time
    adverbials ("The day after Smith left he called"), parenthetical "he said," and
    relative clauses without "that" ("The companies they own"): after a common noun only
    a verb of saying not followed by another verb counts.
    """

    name = "resumptive"
    description = (
        "A subject restated by a pronoun right after it ('Mayor Klitschko he said'), as left by translation."
    )
    types = (FindingType(
        "resumptive_pronoun", description,
        tag="resumptive", heading="Resumptive pronoun", colour="#006b52", tint="#d3efe5", underline="dotted",
        axis="rewriting", weight=0.9),)

    def __init__(
        self,
        max_np_tokens: int = 12,  # the longest subject in the examples: title + role + first + last name
        max_appositive_tokens: int = 15,  # "the head of the regional committee on energy policy"
        name_confidence: float = 0.85,  # name + pronoun + verb: no grammatical English reading
        appositive_confidence: float = 0.8,  # commas make a parenthetical reading a little more likely
        single_name_confidence: float = 0.65,  # one capitalised word could be a common noun
        common_noun_confidence: float = 0.7,  # "The company it said": a relative clause is the risk
        single_name_max_zipf: float = 5.0,  # above it a capitalised word is a common word ("Together" 5.46)
        reported_confidence: float = 0.6,  # "The officials say, they will ...": careless copy does it too
        comma_confidence: float = 0.6,  # "The minister, he said the ...": speech dislocates subjects too
        pronoun_first_confidence: float = 0.6,  # "that he the reform will pass": a slip of one word
    ):
        self.comma_confidence = comma_confidence
        self.pronoun_first_confidence = pronoun_first_confidence
        self.max_np_tokens = max_np_tokens
        self.max_appositive_tokens = max_appositive_tokens
        self.name_confidence = name_confidence
        self.appositive_confidence = appositive_confidence
        self.single_name_confidence = single_name_confidence
        self.common_noun_confidence = common_noun_confidence
        self.single_name_max_zipf = single_name_max_zipf
        self.reported_confidence = reported_confidence

    def detect(self, ctx: Context) -> list[Finding]:
        out: list[Finding] = []
        for sent in ctx.sentences:
            if not _HAS_PRONOUN_RE.search(sent.text):
                continue
            toks = self._layer_tokens(ctx, sent.index)
            seen: set[int] = set()
            hit = self._reported_after_comma(sent.text, sent.start, toks)
            if hit is not None:
                start, say_idx, pron_idx = hit
                seen.add(pron_idx)
                append_finding(
                    out, ctx, "resumptive_pronoun", start, toks[pron_idx].end, self.reported_confidence,
                    f"'{ctx.text[start:toks[say_idx].end]}' is followed by a comma and the pronoun "
                    f"'{toks[pron_idx].text}' opening the reported clause, a word-for-word rendering of "
                    "a source that sets the reported subject off with a comma.",
                )
            for m in _PRONOUN_BEFORE_SUBJECT_RE.finditer(sent.text):
                if any(w in TIME_WORDS for w in (m.group(3) + m.group(4)).lower().split()):
                    continue  # "that she the previous week had met ...": a time, not a subject
                append_finding(
                    out, ctx, "resumptive_pronoun", sent.start + m.start(1), sent.start + m.end(3),
                    self.pronoun_first_confidence,
                    f"The pronoun '{m.group(1)}' stands right before '{m.group(2)} {m.group(3)}', the subject "
                    "it restates: two subjects of one clause, a word-for-word rendering.",
                )
            for i in self._clause_starts(sent.text, sent.start, toks):
                hit = self._match(toks, i)
                if hit is None or hit[1] in seen:
                    continue
                start, pron_idx, conf, np_end = hit
                if conf == self.comma_confidence and toks[pron_idx - 1].text == "," \
                        and ctx.layer.in_quote(start):
                    continue  # "“My brother, he never came back,” she said": speech does this
                seen.add(pron_idx)
                pron = toks[pron_idx]
                subject = ctx.text[start:np_end]
                append_finding(
                    out,
                    ctx,
                    "resumptive_pronoun",
                    start,
                    pron.end,
                    conf,
                    f"The pronoun '{pron.text}' restates the subject '{subject}' right after it, "
                    "a doubled subject typical of word-for-word translation.",
                )
        return out

    # ------------------------------------------------------------------ tokens and clause starts
    @staticmethod
    def _tokens(text: str, base: int) -> list[_Tok]:
        """The tokens of ``text`` (at offset ``base``) by this module's own regex: the reference
        ``_layer_tokens`` reproduces, kept for text outside an article's layer."""
        return [_Tok(m.group(0), base + m.start(), base + m.end()) for m in _TOKEN_RE.finditer(text)]

    @staticmethod
    def _layer_tokens(ctx: Context, index: int) -> list[_Tok]:
        """Sentence ``index``'s tokens from the text layer's words (possessive 's included),
        with the numbers and punctuation between them, a title's or an initial's full stop
        kept on its word ("Mr.", "U.S.", "John F. Kennedy") and a plural possessive's
        apostrophe on its noun ("Depositors'")."""
        text = ctx.text
        sent = ctx.sentences[index]
        out: list[_Tok] = []
        pos = sent.start

        def gap(a: int, b: int) -> None:
            for m in _GAP_RE.finditer(text, a, b):
                out.append(_Tok(m.group(0), m.start(), m.end()))

        for t in ctx.layer.sentence_tokens(index):
            if t.start < pos:
                continue  # inside a token already taken ("U.S.")
            if not t.word[0].isalpha():
                # "45-year-old", "2.5-fold": the number (with what precedes it), a hyphen, the rest
                for m in _TOKEN_RE.finditer(text, pos, t.raw_end):
                    out.append(_Tok(m.group(0), m.start(), m.end()))
                pos = t.raw_end
                continue
            gap(pos, t.start)
            start, end = t.start, t.raw_end
            after_word = start == 0 or not re.match(r"\w", text[start - 1])
            if end < sent.end and text[end] == "." and after_word and t.word in _DOTTED:
                end += 1  # "Mr."
            elif end < sent.end and text[end] == "." and after_word and len(t.word) == 1 and "A" <= t.word <= "Z":
                k = start
                while k + 1 < sent.end and "A" <= text[k] <= "Z" and text[k + 1] == ".":
                    k += 2
                if k - start >= 4:
                    end = k  # "U.S.", "U.N."
                elif re.match(r"\.\s+[A-Z]", text[end : sent.end]):
                    end += 1  # the initial of "John F. Kennedy"
            elif (end < sent.end and text[end - 1] == "s" and text[end] in "'’"
                  and not re.match(r"\w", text[end + 1 : end + 2])):
                end += 1  # "Depositors'"
            out.append(_Tok(text[start:end], start, end))
            pos = end
        gap(pos, sent.end)
        return out

    @staticmethod
    def _clause_starts(text: str, base: int, toks: list[_Tok]) -> list[int]:
        """Token indices where a subject may begin, in order (the sentence start first)."""
        n = len(toks)
        starts: list[int] = []
        i = 0
        m = _DATELINE_RE.match(text)
        if m and toks:
            cut = base + m.end()
            while i < n and toks[i].start < cut:
                i += 1
        while i < n and not toks[i].is_word:
            i += 1  # opening quotes, dashes
        if i < n and toks[i].text in _OPENERS:
            i += 1
        if i < n:
            starts.append(i)
        for k in range(max(i, 1), n - 1):
            t = toks[k].text
            prev = toks[k - 1].text
            if (
                t in (",", ";", "that")  # "In Kyiv, Mayor Klitschko he said"; "said that Smith he would"
                or (t in ("and", "but") and prev == ",")
                or (t in _QUOTES and prev in (",", ".", "?", "!"))  # '"We will rebuild," Mayor ...'
            ):
                starts.append(k + 1)
        return starts

    def _reported_after_comma(self, text: str, base: int, toks: list[_Tok]) -> tuple[int, int, int] | None:
        """(span start, verb index, pronoun index) for a sentence that opens "<subject> say(s),
        they will ...": a verb of saying, a comma and a subject pronoun with its verb, no
        quotation mark between. The subject is a pronoun or a short noun phrase with no
        preposition or subordinator in it ("As he said, they ..." is good English)."""
        starts = self._clause_starts(text, base, toks)
        if not starts:
            return None
        i = starts[0]
        n = len(toks)
        k = i
        while (k < n and k - i < self.max_np_tokens and toks[k].is_word
               and toks[k].low not in REPORTING and toks[k].low not in SAY_VERBS):
            k += 1
        if k == i or k + 3 >= n or toks[k].low not in SAY_VERBS or toks[k + 1].text != ",":
            return None
        subject = toks[i:k]
        if len(subject) == 1 and subject[0].low in ("he", "she", "they"):
            pass
        elif subject[0].low in NON_START or not (subject[0].is_cap or subject[0].low in DETS):
            return None
        elif any(t.low in NON_START or t.low in PRONOUNS or t.low in AUX for t in subject[1:]):
            return None
        pron, verb = toks[k + 2], toks[k + 3]
        if pron.low not in ("he", "she", "they", "it", "we") or not verb.is_word or verb.is_cap:
            return None
        if not (verb.low in AUX or self._is_verb(verb.low, pron.low) or verb.low in ADVERBS):
            return None
        return subject[0].start, k, k + 2

    @staticmethod
    def _non_start(toks: list[_Tok], i: int) -> bool:
        t = toks[i]
        low = t.low
        if low in NON_START:
            return True
        if low.endswith(("ly", "ing", "ed")) and low not in LY_NOUNS and zipf(low) >= 3.0:
            # a participle or adverb ("Asked about", "Speaking to"), unless a capitalised word follows,
            # maybe after "and"/"of": a first name ("Kelly Smith") or a title ("Mining and Energy Minister")
            j = i + 1
            if j < len(toks) and toks[j].low in ("and", "of"):
                j += 1
            nxt = toks[j] if j < len(toks) else None
            return not (nxt is not None and nxt.is_word and nxt.is_cap)
        return False

    # ------------------------------------------------------------------ the pattern
    def _match(self, toks: list[_Tok], i: int):
        """(span start, pronoun index, confidence, subject end) or None."""
        n = len(toks)
        if i >= n or not toks[i].is_word:
            return None
        first = toks[i]
        det = first.low in DETS
        if not det:
            if not first.is_cap or self._non_start(toks, i):
                return None
        # consume the noun phrase
        k = i + 1 if det else i
        np_words: list[_Tok] = []
        head_at: int | None = None  # the head noun's index when a preposition places it
        prev_low = first.low if det else ""
        while k < n and k - i < self.max_np_tokens:
            t = toks[k]
            if t.is_word:
                low = t.low
                if t.is_cap and low not in PRONOUNS:
                    if low in NON_START and t is not first and low not in ("of",):
                        return None
                    np_words.append(t)
                elif low in DETS and (prev_low in ("of", "and", "for") or prev_low in PLACING and np_words):
                    pass
                elif low in ("of", "and") and np_words:
                    pass
                elif low in PLACING and np_words and head_at is None and _people_plural(np_words[-1].low):
                    # "Farmers in the valley", "Citrus growers in the Western Cape": where the people
                    # heading the phrase live or work
                    head_at = len(np_words) - 1
                elif low in ("on", "for") and prev_low in BODY_NOUNS and np_words:
                    pass  # "the committee on economy", "the Ministry for Veterans": the body's name
                elif low == "for" and prev_low in PERSON_NOUNS and np_words:
                    pass  # "the senior minister for environment", "the commissioner for refugees": the portfolio
                elif low in ("for", "at") and prev_low in SPEAKING_ROLES:
                    pass  # "a spokesman for the ministry", "a representative at the embassy"
                elif low in NP_STOP:
                    break
                elif low.endswith("ly") and low not in LY_NOUNS:
                    return None
                else:
                    np_words.append(t)
                prev_low = low
                k += 1
            elif t.text[0].isdigit() or (t.text == "-" and np_words):
                k += 1  # "45-year-old"
            elif t.text.endswith(".") and t.text[0].isupper():
                np_words.append(t)  # Dr., U.S., F.
                k += 1
            else:
                break
        if not np_words:
            return None
        if any(w.low in TIME_WORDS for w in np_words):
            return None
        np_end = np_words[-1].end
        last = np_words[-1]
        appositive = comma = relative = False
        if (det and k + 1 < n and toks[k].text == "," and toks[k + 1].low in ("who", "whose") and not last.is_cap
                and any(w.low in PERSON_NOUNS for w in np_words)):
            # "The head of the association, who has run a village for two decades, he told ...": a
            # relative clause too long for the appositive, and the subject restated after it
            k = self._relative_clause(toks, k)
            if k < 0:
                return None
            relative = True
        elif (k + 1 < n and toks[k].text == "," and toks[k + 1].text in PRONOUNS
                and (len(np_words) > 1 or det)):
            # "The minister, he said the plan ...": a subject set off by a comma and restated;
            # "Smith, he said, would ..." and "The company, it said in a statement, will ..."
            # are parentheticals (checked below)
            k += 1
            comma = True
        elif k < n and toks[k].text == "," and last.is_cap:
            k = self._appositive(toks, k)
            if k < 0:
                return None
            appositive = True
        if k >= n or toks[k].text not in PRONOUNS:
            return None
        if toks[k - 1].low in ("and", "or"):
            return None  # "the Sun and it": a coordinated subject
        spokesman = False
        if first.low in ("a", "an") and toks[k - 1].text == ",":
            if not (comma and np_words[0].low in SPEAKING_ROLES):
                return None  # "A mother of four, she runs ...": a fronted description of the subject
            spokesman = True  # "A spokesman for the ministry, he said ...": the role speaks, and is restated
        pron_idx = k
        pron = toks[k].text
        # the verb, after at most one adverb
        v = k + 1
        if v < n and toks[v].is_word and (toks[v].low in ADVERBS or toks[v].low.endswith("ly")):
            v += 1
        if v >= n or not toks[v].is_word or toks[v].is_cap:
            return None
        verb = toks[v].low
        after = toks[v + 1] if v + 1 < n else None
        if (head_at is not None and not comma and verb not in AUX and after is not None and after.is_word
                and (after.low in REPORTING or after.low in AUX or after.low in IRREGULAR_PAST
                     or after.low in ("to", "with", "about", "for"))):
            return None  # "Residents in the villages they visited said ...": a relative clause
        # parenthetical "Smith, he said, was ..." is good English
        if toks[k - 1].text == "," and (after is None or after.text in ",.;:!?"):
            return None
        if relative:
            if pron in ("he", "she") and (verb in REPORTING or (
                    self._is_verb(verb, pron) and after is not None and after.low in OBJECT_STARTS)):
                return first.start, pron_idx, self.comma_confidence, np_end
            return None
        if comma:
            if any(t.text in ",;:" for t in toks[v + 1 : v + 7]) or verb not in REPORTING and not self._is_verb(verb, pron):
                return None  # "The company, it said in a statement, will ...": a parenthetical
            if any(not w.is_cap and (w.low in REPORTING or w.low in IRREGULAR_PAST or w.low.endswith("ed"))
                   for w in np_words):
                return None  # "Yesenin married ..., it ...": a clause, not a subject
            if spokesman and verb not in REPORTING:
                return None
            person = last.is_cap or last.low in PERSON_NOUNS or spokesman
            # "Residents of the district, they say ...": a plural of people heads the phrase
            head = np_words[head_at].low if head_at is not None else next(
                (w.low for w in np_words if w.low not in DETS), "")
            people = _people_plural(head)
            if (pron in ("he", "she") and person) or (pron in ("it", "they") and last.low in ORG_NOUNS) \
                    or (pron == "they" and ((person and last.low.endswith("s")) or people)):
                return first.start, pron_idx, self.comma_confidence, np_end
            return None
        if last.is_cap:
            if not self._is_verb(verb, pron):
                return None
            if verb in REPORTING and after is not None and after.low in AUX:
                return None  # "Kelly Smith she said was her friend": a parenthetical missing its commas
            single = len(np_words) == 1 and not det
            if single:
                if pron not in ("he", "she") or (verb not in REPORTING and verb not in AUX):
                    return None
                if zipf(last.low) >= self.single_name_max_zipf:
                    return None
                if last.low.endswith("s") and zipf(last.low) >= 3.0:
                    return None  # "Officials he spoke to said": a plural common noun
                conf = self.single_name_confidence
            else:
                conf = self.appositive_confidence if appositive else self.name_confidence
            return first.start, pron_idx, conf, np_end
        if head_at is not None and pron == "they" and self._is_verb(verb, pron) and (
                verb in AUX or verb in REPORTING
                or (after is not None and after.low in OBJECT_STARTS
                    and not any(t.low in TIME_WORDS for t in toks[v + 2 : v + 4])
                    and not any(t.low in AUX for t in toks[v + 2 : v + 7]))):
            # "Coffee growers in the highlands they have lost ...": a placed plural of people (a
            # relative clause on it was set aside above). Another verb needs its object right
            # after it, as for a common noun: "Miners at the pit they reopened last year went on
            # strike" is a relative clause with its object gone, "they reopened the shaft" is not
            return first.start, pron_idx, self.common_noun_confidence, np_end
        # a common noun: "The company it said"
        if not (det or first.text.endswith(("'s", "’s"))):
            return None
        noun = last.low
        if verb not in REPORTING and not (
                pron in ("he", "she") and noun in PERSON_NOUNS and (verb in IRREGULAR_PAST or verb.endswith("ed"))
                and after is not None and after.low in OBJECT_STARTS
                and not any(t.low in TIME_WORDS for t in toks[v + 2 : v + 4])
                and not any(t.low in AUX for t in toks[v + 2 : v + 7])):
            # "The mayor she welcomed the plan": a verb and its object right after the pronoun; a
            # relative clause has no object there ("The mayor she met was late"), or the sentence's
            # own verb soon after ("The doctor she visited the day before had retired"), or a time
            # where the object would be ("The man she married the following spring died in 1990")
            return None
        if after is not None and after.is_word and (after.low in AUX or after.low in REPORTING):
            return None  # "The things they said were false": a relative clause
        if pron == "it" and noun.endswith("s") and noun not in SINGULAR_S:
            return None
        if pron in ("he", "she") and noun not in PERSON_NOUNS:
            return None
        # "The unions they said": a plural of an organisation or a role
        single = noun[:-1] if pron == "they" and noun.endswith("s") else noun
        if pron in ("it", "they") and not ({noun, single} & (ORG_NOUNS | PERSON_NOUNS)):
            return None  # "The story they told reporters was false": a relative clause
        return first.start, pron_idx, self.common_noun_confidence, np_end

    def _appositive(self, toks: list[_Tok], k: int) -> int:
        """Index after the closing comma of an appositive starting at comma ``k``, or -1."""
        n = len(toks)
        j = k + 1
        if j >= n:
            return -1
        head = toks[j]
        if not (head.text[0].isdigit() or (head.is_word and head.low in APPOSITIVE_STARTS)):
            return -1
        for m in range(j + 1, min(n, j + self.max_appositive_tokens + 1)):
            t = toks[m].text
            if t == ",":
                return m + 1
            if t in ".;:!?()" or t in _QUOTES:
                return -1
        return -1

    @staticmethod
    def _relative_clause(toks: list[_Tok], k: int, longest: int = 40) -> int:
        """Index after the comma closing a relative clause that opens at comma ``k`` (", who ..."),
        or -1: it holds a verb ("who has run", "whose son was"), no stop, colon, bracket or quotation
        mark, and at most ``longest`` tokens (the longest in our examples, two clauses joined by "and who")."""
        n = len(toks)
        for m in range(k + 2, min(n, k + 2 + longest)):
            t = toks[m].text
            if t == ",":
                return m + 1 if m > k + 3 else -1
            if t in ".;:!?()" or t in _QUOTES:
                return -1
        return -1

    @staticmethod
    def _is_verb(verb: str, pron: str) -> bool:
        if verb in AUX or verb in REPORTING or verb in IRREGULAR_PAST:
            return True
        if len(verb) >= 4 and verb.endswith("ed"):
            return True
        if pron == "they":
            return verb in BARE_VERBS
        return len(verb) >= 3 and verb.endswith("s") and not verb.endswith(("ss", "us", "is"))
