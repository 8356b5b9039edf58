"""Gender mismatch: a he/she whose gender contradicts the person it refers back to.

Languages that drop subject pronouns or mark gender only on verbs (Ukrainian, Russian,
Chinese, Turkish, Persian ...) leave the translator, human or machine, to guess "he" or
"she"; the guess is often wrong ("Olena Kovalenko ... he wrote").

No named-entity recogniser is used. A capitalised word becomes a person only on positive
evidence, in this order of strength:

1. a given name in ``resources/first_names.tsv`` (hand-curated, unambiguous names only);
2. gender_guesser as a fallback, and behind it nomquamgender's name-gender table (names that at
   least 3 of its sources list with 95% or more of one sex, and no common English word), only for
   a given name beside a surname; the lists win over both. A common Japanese, Hungarian, Chinese
   or Korean family name before a given name ("Ishikawa Michiko", "Mayor Oh Hye-jin") is that
   person's surname; an unknown word before a man's given name ("Saramma Joseph") tells nothing;
3. a gendered Slavic/Baltic/Czech surname ending (-ova, -skaya, -ov, -sky ...);
4. a title (Mr, Ms, Mrs, Sir, Lady, Queen ... or a neutral one such as Dr, President);
5. a role noun in apposition ("Olena Kovalenko, a spokeswoman"; "spokeswoman Olena ...").

An office the person is named with ("the chief prosecutor for organised crime, Snežana Ilić", "The
Minister of Health Giulia Ferrante", "The President of Poznań, Bożena ...") and an age after the
name ("Jitka Horáková, 34,") make "the prosecutor", "the minister", "the official" (any office),
"the 34-year-old" or a noun she was introduced with ("geologist Malee ... the geologist said") that
person, when it opens its sentence or clause (after a fronted phrase, "According to", or an
inverted "“...,” declared the minister") and that person is the last subject; not when the noun
introduced someone of its own ("a ministry official", "a 41-year-old man", "met the mayor"). A
single word the article puts after "in", "near" or "the towns of" ("Tuba") is a place.

A person the article never names may still have a gender: "her husband", "a 45-year-old
woman", and a definite role noun whose apposition tells it ("the minister, a mother of two").

Later references resolve to earlier mentions: a lone surname ("Kovalenko said") to the
full name it belongs to, "the spokeswoman" to the most recent woman. Unnamed people
("her husband", "a 45-year-old", "the driver") are mentions too.

A capitalised word with no evidence either way ("thanked Smith") is a possible person of
unknown gender unless it is a known place or brand, follows a locative preposition or
"the", or is a nationality adjective; it blocks flags but is never an antecedent. An
organisation that "said" something blocks too (its reported speech may be about people
the article never names). A sentence opening "It said" shows that the capitalised source of
the sentence before ("..., Tasnim said") is such an organisation, and it stops blocking.

A pronoun (he/him/his/himself/she/her/hers/herself) is judged against the people in its
own sentence and the previous ``window_sentences`` sentences. It is flagged only when the
most recent person before it has the opposite, known gender and no compatible or
unknown-gender person (a name of unknown gender, "the driver", an earlier unflagged
pronoun) is a plausible antecedent. Plausible means: anywhere in the pronoun's sentence,
in or after the antecedent's sentence, or in the antecedent's paragraph. People of the
pronoun's gender from earlier paragraphs stay plausible too, unless the antecedent is the
subject (first person mentioned) of the pronoun's sentence or the one before (and, in the
same sentence, no comma stands between them); then they are set aside at a cost in
confidence.

Salience decides between candidates the rules above would let block each other:

* the subject of the pronoun's own clause, or of the sentence before, outranks unnamed people
  of unknown gender named before it ("... criticised the regional leader. / This is how Ferrer
  spoke ..., in which he admitted"), unless the pronoun sits in a relative clause on it;
* a pronoun that is the subject of a speech or posting verb ("“...,” he wrote", "she added")
  continues the last person who spoke or posted ("X, an adviser to the head of the council,
  posted photos ... he wrote in the caption"): nouns nested in X's apposition are not speakers;
* a definite role noun opening a sentence ("The president of the Region of Murcia
  assured ...") stands for the subject of the sentence before when it names an office of a
  named body or a role that person was introduced with, and from then on "the president" is
  that person; a role noun that introduced someone of its own ("met the mayor") never does;
  "The Murcia leader" (a word for any head, after the body the person heads) does too;
* once the article has turned a woman into "he", a subject he/she continues its protagonist (the
  named subject of its first sentence naming anyone) when she is the subject of the latest
  sentence with a subject and every man in between is only named in a subheading, after the
  pronoun in its own clause, or after a preposition in what she said ("He also had words for X"
  after a subheading "On X"; "“...”, he joked" after she mocked "the plans announced by X").

Syntax fixes the referent, whoever else the window holds (even a man in the same sentence):

* the possessor of a speech noun speaks in a relative clause on it ("Ortega's statements, in
  which he warned"; "the letter of Olha Savchenko in which he asked");
* an opening "Asked ..." clause belongs to the subject named right after its comma ("Asked what
  he would do if he lost, Herrera said ...").

And syntax rules a referent out: a subject he/she is not a person named later in its own clause
("He met Mayor Terekhov at the station": not Terekhov), so that person does not block a flag.

A flagged pronoun stands for its antecedent from then on: a source that drops pronouns turns every
pronoun for one woman masculine, and the run goes on being flagged, the tag after her quotation
("“...,” he said") included. "its" followed by a noun only a person has ("its husband", "its most
personal side") is flagged for the named subject of its sentence or of the sentence before
(translation writes "it" for a person when the source pronoun follows a noun's grammatical
gender); not when the noun is a modifier ("its sister ship", "its daughter company") or an animal
is near. A sentence opening "It" that does what a person does ("It is currently abroad and declined
to comment until her return") is flagged for the named subject of the sentence before, when nothing
there could be "it" and a later pronoun confirms the person. The role nouns of a subject phrase named in apposition ("The president of the region and
candidate for re-election, Lucía Herrera Campos, ...") are that person, and either surname of a
double surname may stand alone.

Never flagged: pronouns inside quotation marks (quoted speech often refers to people the
article never names); "he or she", "his/her", "s/he"; "His Majesty"; a capitalised
"He" inside a sentence (He Lifeng); an object pronoun with a person before it in its own
clause ("Bondarenko waved him off": it cannot be her); a sentence that has both a he-word
and a she-word ("He pays her in honey"); "she" near a ship word.

Decisions worth knowing:

* "chairman", "gunman", "actor", "host", "priest" give no gender: the masculine form is
  used for women in many styles and in translation from Russian/Ukrainian, whose
  profession nouns are grammatically masculine.
* "spokesman", "businessman" and other -man compounds are weak male evidence; a first
  name wins over them. "-woman" compounds, kinship and royal nouns are strong evidence.
* A surname ending applies only to tokens that are not given names and not on a stop list
  of places and words ("Medina", "Kevin", "Berlin", "Moldova"); male endings and the
  weaker female ones (-ina, -ska, -aya) need a person cue (a title, a speech verb, "who",
  an apposition) before they count as evidence rather than only blocking.
* A definite celebrity epithet ("the singer", "the star") refers to the most recent person
  the article itself introduced with such an epithet ("performer Svetlana Loboda"), within
  two sentences; otherwise it is an unnamed person of unknown gender.
* Mentions in standalone units (headlines, bylines, captions) may block but never serve as
  antecedents.
"""

from __future__ import annotations

import re
from typing import ClassVar

from ...data import Finding
from ...findings import FindingType
from ..base import Context, Detector
from .mentions import MentionFinder, _ArticleState, _Entity, _lexicon, _Mention
from .resolution import PronounResolver, _bound_object
from .words import _EV_GUESSER_MOSTLY, _PRONOUNS, _SPEECH_VERBS

__all__ = ["GenderMismatchDetector", "_lexicon"]

#: a sentence opening with "It said" / "It also reported": "it" is the source just named
_IT_SAID_RE = re.compile(r"\W*It\s+(?:also\s+|later\s+|further\s+)?(?:" + "|".join(
    sorted(_SPEECH_VERBS | {"reported", "reports"}, key=len, reverse=True)) + r")\b")


class GenderMismatchDetector(MentionFinder, PronounResolver, Detector):
    name: ClassVar[str] = "gender_mismatch"
    description: ClassVar[str] = (
        "A he/she whose gender contradicts the named person it refers back to "
        "(a typical slip when translating from languages that drop pronouns)."
    )
    types = (FindingType(
        "gender_mismatch", description,
        tag="gender", heading="Pronoun gender mismatch", colour="#a8420a", tint="#fbe2d2", underline="double",
        axis="rewriting", weight=1.0),)

    def __init__(
        self,
        window_sentences: int = 3,
        lookback_sentences: int = 8,
        min_confidence: float = 0.45,
        use_guesser: bool = True,
    ) -> None:
        # window_sentences: previous sentences searched for the antecedent. Wire copy names a
        #   person and refers back to them for two or three sentences; farther back the true
        #   antecedent is as likely someone else.
        self.window_sentences = window_sentences
        # lookback_sentences: beyond the window, a compatible person this many sentences back
        #   still suppresses a flag whose antecedent is not in the same sentence (the pronoun
        #   may continue an older thread, e.g. a profile subject between quotes).
        self.lookback_sentences = lookback_sentences
        # min_confidence: drops the weakest combinations, e.g. a gender_guesser "mostly_*"
        #   name three sentences back (0.55 x 0.75 = 0.41); a lexicon name passes at any
        #   distance inside the window.
        self.min_confidence = min_confidence
        # use_guesser: gender_guesser as the fallback for names missing from the lexicon.
        self.use_guesser = use_guesser

    def _source_is_no_person(self, si: int, by_sent: list[list[_Mention]]) -> None:
        """ "..., Tasnim said, citing the judiciary. It said ...": "It" names the source of the
        sentence before, so that source (a capitalised word of unknown gender before a speech
        verb) is an agency or an organisation, not a person who might be "he" or "she"."""
        k = si - 1
        while k >= 0 and not by_sent[k]:
            k -= 1
        if k < 0:
            return
        sources = {m.entity.name for m in by_sent[k]
                   if m.entity.gender is None and m.entity.evidence == 0 and m.entity.why == ""
                   and m.entity.name[:1].isupper()}
        if not sources:
            return
        for j in range(max(0, k - self.lookback_sentences), k + 1):
            by_sent[j][:] = [m for m in by_sent[j] if not (m.entity.gender is None and m.entity.name in sources)]

    # ------------------------------------------------------------------ public
    @staticmethod
    def _told_otherwise(ctx: Context, f: Finding, gender: str | None) -> bool:
        """From the finding's antecedent sentence to the sentence after the finding, outside
        quotations: another subject pronoun of the finding's gender ("she") and none of ``gender``
        ("he"). Object and possessive pronouns are left out: "him" may be her father."""
        mine, theirs = ("she", "he") if gender == "m" else ("he", "she")
        first = min([f.sentence, *f.related])
        n = 0
        for si in range(first, min(f.sentence + 2, len(ctx.sentences))):
            for t in ctx.layer.sentence_tokens(si):
                if t.lower not in (mine, theirs) or t.start == f.start or ctx.layer.in_quote(t.start):
                    continue
                if t.lower == theirs:
                    return False
                n += 1
        return n >= 1

    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        sents = ctx.sentences
        if not sents:
            return []
        layer = ctx.layer
        in_quote = layer.in_quote
        state = _ArticleState()
        by_sent: list[list[_Mention]] = [[] for _ in sents]
        findings: list[Finding] = []

        for si, s in enumerate(sents):
            toks = layer.sentence_tokens(si)
            if not toks:
                continue
            mentions = by_sent[si]
            consumed: set[int] = set()
            pronoun_idx: list[int] = []
            self._named_mentions(text, s, si, toks, mentions, consumed, state, in_quote, pronoun_idx)
            self._noun_mentions(text, s, si, toks, mentions, consumed, state, in_quote)
            if _IT_SAID_RE.match(s.text):
                self._source_is_no_person(si, by_sent)
            mentions.sort(key=lambda m: m.pos)
            # a sentence with both a he-word and a she-word is about a man and a woman
            # ("He pays her in honey"): neither pronoun is a slip we can show
            genders = {_PRONOUNS[toks[ti].lower] for ti in pronoun_idx if not in_quote(toks[ti].start)}
            mixed = len(genders) > 1
            if not s.standalone:
                self._fronted_apposition(text, s, si, mentions, state)
            last_subject = state.last_subject
            if not s.standalone and mentions:
                # the subject: the first person of the sentence, passing over places and
                # unnamed words that only block ("VALENCIA, Spain — Marta Quintero said")
                first = next((m for m in mentions if m.usable or m.entity.named and m.entity.evidence > 0), None)
                if first is not None or any(m.entity.named for m in mentions):
                    state.last_subject = (first.entity, si) if first is not None and first.entity.named else None
                # a sentence naming only places or bodies ("The team dived between Phuket and the
                # Similan Islands") keeps the subject of the one before
                if not state.lead_seen and first is not None:
                    # the article's protagonist: the named subject of the first sentence naming anyone
                    state.lead_seen = True
                    state.protagonist = first.entity if first.usable and first.entity.named else None
            if s.standalone:
                # a byline, headline or caption names people outside the prose: they may
                # block a flag but are never its antecedent
                for m in mentions:
                    m.usable = False
                continue
            for ti in pronoun_idx:
                tok = toks[ti]
                pg = _PRONOUNS[tok.lower]
                skip = self._skip_pronoun(text, s, toks, ti)
                if skip == "name":
                    # a capitalised He/Her mid-sentence is a name (He Lifeng) or a headline word
                    mentions.append(_Mention(tok.start, si, _Entity(tok.word, None, 0.0, ""), False))
                    continue
                quoted = in_quote(tok.start)
                flagged = False
                if skip is None and not quoted and not _bound_object(text, toks, ti, mentions):
                    # the syntax names the referent even in a sentence about a man and a woman
                    hit = self._syntax_bound(ctx, si, tok, pg, by_sent)
                    if hit is None and not mixed:
                        slipped = any(_PRONOUNS.get(f.text.lower()) == pg for f in findings)
                        # the protagonist's thread first: when it holds, she is a better referent than
                        # the most recent woman, who may only be someone she talked about
                        hit = (self._protagonist_subject(ctx, si, tok, pg, by_sent, state.protagonist, slipped)
                               or self._judge(ctx, si, tok, pg, by_sent) or self._speaker_bound(ctx, si, tok, pg, by_sent)
                               or self._speaker_chain(ctx, si, tok, pg, by_sent))
                    if hit is not None and hit[1].evidence <= _EV_GUESSER_MOSTLY and self._told_otherwise(
                            ctx, hit[0], hit[1].gender):
                        # a name only "usually" a man's (or a woman's) that the text goes on calling
                        # "she" (or "he"), never by its own: the name guesser is wrong about this person
                        # more likely than the text ("Devon ... her father ... she urged him")
                        hit = None
                    if hit is not None:
                        findings.append(hit[0])
                        flagged = True
                        # a run of slips: the flagged pronoun stands for its antecedent from here
                        # on, so "he said" after "Although he says ..." continues the same woman
                        mentions.append(_Mention(tok.start, si, hit[1], True, tok.word, pronoun=True))
                if not flagged and skip is None:
                    # an unflagged pronoun keeps its referent salient for later pronouns
                    ent = _Entity(tok.word, pg, 0.0, "pronoun", named=False)
                    mentions.append(_Mention(tok.start, si, ent, False))
            if not s.standalone and any(m.pronoun for m in mentions):
                # a flagged pronoun may be the subject ("“...,” he said"): it stands for its woman
                first = min((m for m in mentions if m.usable or m.entity.named and m.entity.evidence > 0),
                            key=lambda m: m.pos, default=None)
                if first is not None and first.pronoun:
                    state.last_subject = (first.entity, si)
            hit = self._neuter_subject(ctx, si, toks, by_sent, last_subject)
            if hit is not None:
                findings.append(hit[0])
            for ti, tok in enumerate(toks):
                if tok.lower == "its" and not in_quote(tok.start):
                    hit = self._neuter_person(ctx, si, toks, ti, by_sent, last_subject)
                    if hit is not None:
                        findings.append(hit[0])
        findings.sort(key=lambda f: f.start)
        return findings
