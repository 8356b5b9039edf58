"""Resolution: which mention a pronoun refers to, and whether its gender contradicts it.

A pronoun is judged against the people of its own sentence and the previous
``window_sentences`` sentences (see the package docstring for the rules), and, where those
rules are silent, bound to the speaker of its sentence or of the sentence before.
"""

from __future__ import annotations

import re

from ...data import Finding
from ..base import Context
from .mentions import _Entity, _first_content_index, _is_cap, _joinable, _Mention, _Tok
from .words import (
    _ANIMALS,
    _ASKED_OPEN_RE,
    _CLAUSE_OPEN_RE,
    _CLAUSE_WORDS,
    _DEMONYM_ENDINGS,
    _DISTANCE_FACTOR,
    _EXTENDED_FACTOR,
    _GENERIC_AFTER_RE,
    _GENERIC_BEFORE_RE,
    _HER_OBJECT_NEXT,
    _HONORIFIC_NEXT,
    _KIN_OF_RE,
    _LEADING_STOP,
    _NEUTER_NOUNS,
    _NOT_NAMES,
    _NOUN_AFTER_POSS_RE,
    _PARAGRAPH_FACTOR,
    _PERSON_NOUN_FOLLOW,
    _PERSON_ONLY_NOUNS,
    _PERSONAL_ADJ,
    _PERSONAL_MODIFIERS,
    _PERSONAL_NOUNS,
    _PRONOUNS,
    _SET_ASIDE_FACTOR,
    _SPEECH_NOUNS,
    _SPEECH_RE,
    _SPEECH_VERBS,
    _TITLES,
    _VESSEL_RE,
    _WORD_FOR,
)


class PronounResolver:
    """The resolution half of the detector. Mixed into ``GenderMismatchDetector``; uses its
    ``window_sentences``, ``lookback_sentences`` and ``min_confidence``."""

    # ------------------------------------------------------------------ judging
    def _skip_pronoun(self, text, s, toks, ti) -> str | None:
        """None to judge the pronoun; "generic"/"honorific" to ignore it; "name" if it is a name."""
        t = toks[ti]
        if t.word[0].isupper():
            at_start = _first_content_index(text, s.start, toks) == ti
            nxt = toks[ti + 1] if ti + 1 < len(toks) else None
            if t.lower == "he" and nxt is not None and _is_cap(text, nxt) and _joinable(text, t, nxt) \
                    and nxt.lower not in _LEADING_STOP and nxt.lower not in _NOT_NAMES:
                return "name"  # He Lifeng: a Chinese surname, not a pronoun
            if not at_start:
                return "name"
        if t.lower in ("his", "her") and ti + 1 < len(toks) and toks[ti + 1].lower in _HONORIFIC_NEXT:
            return "honorific"
        if _GENERIC_AFTER_RE.match(text, t.end) or _GENERIC_BEFORE_RE.search(text, max(0, t.start - 12), t.start):
            return "generic"
        if t.lower == "he" and text[max(0, t.start - 2):t.start].lower() == "s/":
            return "generic"
        return None

    def _judge(self, ctx: Context, si: int, tok: _Tok, pg: str, by_sent) -> tuple[Finding, _Entity] | None:
        sents = ctx.sentences
        window = [si]
        budget = self.window_sentences
        j = si - 1
        while j >= 0 and budget > 0:
            window.append(j)
            if not sents[j].standalone:
                budget -= 1
            j -= 1
        other = "f" if pg == "m" else "m"
        # the antecedent: the most recent usable person of the other gender before the pronoun
        ante: _Mention | None = None
        for wj in window:
            for m in by_sent[wj]:
                if m.entity.gender == other and m.usable and not m.pronoun and (wj < si or m.pos < tok.start):
                    if ante is None or (m.sent, m.pos) > (ante.sent, ante.pos):
                        ante = m
        if ante is None:
            return None
        if ante.sent == si and _KIN_OF_RE.search(ctx.text, ante.pos, tok.start):
            return None  # "Rossi, the daughter of a former minister, said he ...": he is that relative
        dist = _prose_count(sents, ante.sent, si)
        # Salient: the antecedent is the subject (first person mentioned) of the pronoun's
        # sentence or of the one before. Then people of the pronoun's gender named in an
        # earlier paragraph, before the antecedent's sentence, are no longer plausible
        # ("[Orban ...] / Kallas told reporters ... He said"): set aside, at a cost.
        ante_para = sents[ante.sent].paragraph
        salient = dist <= 1 and min(by_sent[ante.sent], key=lambda m: m.pos).entity is ante.entity
        if salient and dist == 0 and "," in ctx.text[ante.pos:tok.start]:
            # "Olena Kovalenko, who knew him for years, said ...": a pronoun inside an
            # apposition or relative clause often points back past the subject
            salient = False
        set_aside = False
        # the last prose sentence before the antecedent's: a man acting there is not an older story
        # when the pronoun is in the antecedent's own sentence and she was named before ("The
        # defendant ... was sentenced. / Santos said he had shown no remorse": he is the defendant)
        last_before_ante = _prose_before(sents, ante.sent)
        # The subject of the pronoun's own sentence outranks unnamed people of unknown gender
        # from earlier sentences ("... criticised the regional leader. / This is how Ferrer
        # spoke ..., in which he admitted"), unless the pronoun sits in a relative clause on the
        # subject ("Kovalenko, who knew him ...": that one points back past her).
        subject_here = (dist <= 1 and min(by_sent[ante.sent], key=lambda m: m.pos).entity is ante.entity
                        and not _RELATIVE_RE.search(ctx.text, ante.pos, tok.start)
                        and (dist == 0 or not any(m.pos < tok.start for m in by_sent[si])))
        disjoint_from = _subject_clause_end(ctx.text, ctx.sentences[si], tok)
        for wj in window:
            for m in by_sent[wj]:
                if m.entity.gender == other:
                    continue
                if subject_here and m.sent < ante.sent and not m.entity.named and m.entity.gender is None:
                    continue
                if wj == si and tok.start < m.pos < disjoint_from and not m.pronoun and m.entity.why != "pronoun":
                    continue  # "He met Terekhov at the station": a subject is not a name later in its clause
                # a compatible or unknown-gender person
                if (salient and m.sent < ante.sent and sents[m.sent].paragraph != ante_para
                        and not (dist == 0 and m.entity.gender == pg and m.sent == last_before_ante
                                 and _known_before(ante, by_sent))):
                    if (m.entity.why == "pronoun" and not m.entity.named and ante.sent - m.sent <= 1
                            and _SPEAKER_AFTER_RE.match(ctx.text, m.pos + len(m.entity.name))):
                        # "“...,” he said. / Serena answered ... / He came back ...": a man speaking
                        # right before the woman is the other side of a dialogue, not an older
                        # story that a new subject took over
                        return None
                    set_aside = True
                    continue
                return None
        extended = False
        budget = self.lookback_sentences
        while j >= 0 and budget > 0:
            # a compatible named person, or a compatible pronoun, carries an older thread
            for m in by_sent[j]:
                if (m.entity.named and m.entity.gender != other) or (not m.entity.named and m.entity.gender == pg):
                    if salient and sents[m.sent].paragraph != ante_para:
                        set_aside = True
                    else:
                        extended = True
            if extended:
                break
            if not sents[j].standalone:
                budget -= 1
            j -= 1
        if extended and dist > 0:
            return None
        if pg == "f":
            for wj in window:
                if _VESSEL_RE.search(sents[wj].text):
                    return None  # "she" for a ship
        conf = ante.entity.evidence
        conf *= _DISTANCE_FACTOR[dist] if dist < len(_DISTANCE_FACTOR) else _DISTANCE_FACTOR[-1] - 0.05
        conf *= _PARAGRAPH_FACTOR ** max(0, sents[si].paragraph - ante_para)
        if extended:
            conf *= _EXTENDED_FACTOR
        if set_aside:
            conf *= _SET_ASIDE_FACTOR
        if conf < self.min_confidence:
            return None
        ent = ante.entity
        where = _distance_phrase(dist)
        if ent.named:
            name = f'{ent.name} ("{ante.alias}")' if ante.alias else ent.name
            expl = (
                f'"{tok.word}" refers back to {name}, a {_WORD_FOR[other]} ({ent.why}), {where}; '
                "translation from a language that drops pronouns often produces this slip."
            )
        else:
            expl = (
                f'"{tok.word}" refers back to a {_WORD_FOR[other]} {ent.why} {where}; '
                "translation from a language that drops pronouns often produces this slip."
            )
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[ante.sent], sentence=si), ent


    # ------------------------------------------------------------------ speaker binding
    def _speaker(self, ctx: Context, k: int, by_sent) -> tuple[_Mention, int] | None:
        """The named person who speaks in sentence ``k`` and the end of the speech verb.

        The speaker is the first named person of the sentence when a speech verb follows it
        with no other person named in between ("Svitlana Hordiienko, the head of the energy
        company, said ...", "Ponomarova said ...").
        """
        named = [m for m in by_sent[k] if m.entity.named and m.usable]
        if not named:
            return None
        m = named[0]
        s = ctx.sentences[k]
        seg = ctx.text[m.pos : s.end]
        for vm in _SPEECH_RE.finditer(seg):
            verb_at = m.pos + vm.start()
            if any(m.pos < o.pos < verb_at for o in by_sent[k] if o is not m and o.entity.named):
                return None
            if ctx.layer.quote_marks_in(m.pos, verb_at):
                return None  # a quotation between name and verb: the structure is not simple
            return m, m.pos + vm.end()
        return None

    def _speaker_bound(self, ctx: Context, si: int, tok: _Tok, pg: str, by_sent) -> tuple[Finding, _Entity] | None:
        """News style binds a pronoun to the speaker in two patterns the salience rules miss:

        A. "Volodymyr Sahaidak, the director of the charity, said she had met ..." - the
           pronoun opens the reported clause of its own sentence's speaker.
        B. "Border Guard spokeswoman Anna Michalska said ... / He said most ..." - a sentence
           that opens with "He said" or "His ministry" continues the previous speaker.
        Either is blocked when the pronoun's gender already has a thread: a person of that
        gender (or unknown gender) named, or a pronoun of that gender ("... new frames for
        him. He says ..."), earlier in the same paragraph or in the sentence before.
        """
        other = "f" if pg == "m" else "m"
        sents = ctx.sentences
        prev = _prose_before(sents, si)
        para = sents[si].paragraph

        def thread(k: int) -> bool:
            """Sentence ``k`` (before the pronoun) keeps a person of the pronoun's gender in play."""
            for m in by_sent[k]:
                if k == si and m.pos >= tok.start:
                    continue
                if (m.entity.named and m.entity.gender != other) or (not m.entity.named and m.entity.gender == pg):
                    return True
            return False

        k = si
        in_paragraph = False
        while k >= 0 and sents[k].paragraph == para:
            in_paragraph = in_paragraph or thread(k)
            k -= 1
        if in_paragraph:
            return None
        text = ctx.text
        bound = None
        sp = self._speaker(ctx, si, by_sent)
        if sp is not None:
            m, verb_end = sp
            if (m.entity.gender == other and tok.start >= verb_end and _CLAUSE_OPEN_RE.fullmatch(text[verb_end:tok.start])
                    and not (prev >= 0 and thread(prev) and _known_before(m, by_sent))
                    and not _KIN_OF_RE.search(text, m.pos, tok.start)):
                # (a speaker named before, as "Santos said he ..." after a paragraph about a man, may
                # report on him; one introduced here with a new paragraph speaks of themself)
                bound, dist = m, 0
        if bound is None and prev >= 0 and tok.start == sents[si].start and not thread(prev):
            after = text[tok.end : sents[si].end]
            opener = _SPEECH_RE.match(after.lstrip()) if tok.lower in ("he", "she") else _NOUN_AFTER_POSS_RE.match(after)
            sp = self._speaker(ctx, prev, by_sent)
            if opener and sp is not None and sp[0].entity.gender == other:
                bound, dist = sp[0], 1
        if bound is None:
            return None
        ent = bound.entity
        conf = ent.evidence * (0.95 if dist == 0 else 0.9)
        if conf < self.min_confidence:
            return None
        who = f"{ent.name}, a {_WORD_FOR[other]} ({ent.why})"
        where = "who is speaking in this sentence" if dist == 0 else "who was speaking in the sentence before"
        expl = (f'"{tok.word}" refers back to {who}, {where}; translation from a language that drops '
                "pronouns often produces this slip.")
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[bound.sent], sentence=si), ent



    @staticmethod
    def _reported_before(ctx: Context, si: int, tok: _Tok, by_sent) -> bool:
        """The pronoun follows a reported clause and its comma, with no quotation ("Vendors must
        keep the meat chilled, he added, and ..."): the clause is the speaker's, as a quotation
        would be. Nobody in the clause may be the pronoun's antecedent: no person named, and
        no person but a plural noun ("vendors") mentioned before it."""
        text = ctx.text
        s = ctx.sentences[si]
        before = text[s.start : tok.start]
        if not before.rstrip().endswith(",") or ctx.layer.quote_marks_in(s.start, tok.start):
            return False
        return all(m.pos >= tok.start or (not m.entity.named and _group_noun(m.entity.name))
                   for m in by_sent[si])

    # ------------------------------------------------------------------ speaker chain
    def _speaker_chain(self, ctx: Context, si: int, tok: _Tok, pg: str, by_sent) -> tuple[Finding, _Entity] | None:
        """ "X, an adviser to the head of the council, posted photos ... / “...,” he wrote."

        A pronoun that is the subject of a speech or posting verb ("he wrote", "she added",
        "he told") continues the last person who spoke or posted: the one who posted is the one
        who wrote. The speaker is the subject of an earlier sentence in the window whose verb
        is a speech or posting verb (``_speaker``). People nested in the speaker's apposition
        ("the head of the council") and other unnamed people of unknown gender do not compete:
        they are not speakers. A named person of the pronoun's gender or of unknown gender, a
        person of the pronoun's gender, or an earlier pronoun of its gender between the two
        still blocks, as does a quotation that is not closed before the pronoun.
        """
        if tok.lower not in ("he", "she"):
            return None
        text = ctx.text
        sents = ctx.sentences
        s = sents[si]
        if not _SPEAKER_AFTER_RE.match(text, tok.end):
            return None
        before = text[s.start : tok.start]
        if before.strip() and not _AFTER_QUOTE_RE.search(before) and not self._reported_before(ctx, si, tok, by_sent):
            return None  # the pronoun must open its sentence or follow a closed quotation or a reported clause
        other = "f" if pg == "m" else "m"
        layer = ctx.layer
        k, budget = si - 1, self.window_sentences
        speaker = None
        while k >= 0 and budget > 0:
            sp = self._speaker(ctx, k, by_sent)
            if sp is not None and not layer.in_quote(sp[0].pos):
                speaker = sp[0]
                break
            if not sents[k].standalone:
                budget -= 1
            k -= 1
        if speaker is None or speaker.entity.gender != other:
            return None
        # the speaker's paragraph from its start, and the sentence before the speaker's
        first = speaker.sent
        while first > 0 and sents[first - 1].paragraph == sents[speaker.sent].paragraph:
            first -= 1
        first = max(0, min(first, speaker.sent - 1))
        for j in range(first, si + 1):
            for m in by_sent[j]:
                if m is speaker or (j == si and m.pos >= tok.start) or layer.in_quote(m.pos):
                    continue
                if m.entity is speaker.entity:
                    continue
                if m.entity.named and m.entity.gender != other:
                    return None  # another named person who may be the speaker
                if m.entity.gender == pg:
                    return None  # a person or pronoun of the pronoun's gender
        dist = _prose_count(sents, speaker.sent, si)
        ent = speaker.entity
        conf = ent.evidence * (0.9 if dist <= 1 else 0.85)
        conf *= _PARAGRAPH_FACTOR ** max(0, s.paragraph - sents[speaker.sent].paragraph)
        if conf < self.min_confidence:
            return None
        expl = (f'"{tok.word}" is the one who speaks here, which continues {ent.name}, a {_WORD_FOR[other]} '
                f"({ent.why}), who was speaking or posting {_distance_phrase(dist)}; translation from a "
                "language that drops pronouns often produces this slip.")
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[speaker.sent], sentence=si), ent


    # ------------------------------------------------------------------ the article's protagonist
    def _protagonist_subject(self, ctx: Context, si: int, tok: _Tok, pg: str, by_sent, protagonist: _Entity | None,
                             slipped: bool) -> tuple[Finding, _Entity] | None:
        """A run of slips about the one person an article is about, past the men it names.

        A machine translation of a profile or a politician's day from a language that drops
        subject pronouns ("También tuvo palabras para ...") writes "He also had words for
        Gabilondo" and "“...,” he joked" for the woman the article is about. The salience rules
        above stop at any man in the window; here a man does not outrank her when he is only
        named in a heading, after the pronoun in its own clause, or as the target of her own
        remarks (named after a preposition in what she said: "... policies announced by the
        PSOE candidate, X"). Everything else stops the flag: a man or a named person of unknown
        gender anywhere else in between, a pronoun of his gender outside quotations, an unnamed
        person of unknown gender as a sentence's subject ("The mayor said ..."), a reply verb
        ("he replied": the other side speaks).

        The pronoun must be a clause subject: it opens its sentence or follows a closed
        quotation ("“...,” he joked"). The protagonist is the named subject of the article's
        first sentence that names anyone, and the subject of the latest sentence with a subject
        in the window (by name, by a role noun that stands for her, or by a flagged pronoun).
        And the article must already have turned a person of her gender into one of his
        (``slipped``): the translator's habit is shown, so one more subject pronoun of the wrong
        gender continues it rather than introducing someone new.
        """
        if not slipped or protagonist is None or tok.lower not in ("he", "she"):
            return None
        other = "f" if pg == "m" else "m"
        ent = protagonist
        if ent.gender != other or ent.evidence < _EV_PROTAGONIST:
            return None
        text = ctx.text
        sents = ctx.sentences
        layer = ctx.layer
        s = sents[si]
        before = text[s.start:tok.start]
        if before.strip(" \t\"“‘'([—–-") and not _AFTER_QUOTE_RE.search(before):
            return None
        if _REPLY_AFTER_RE.match(text, tok.end):
            return None
        # the latest sentence in the window that has a subject: it must be the protagonist
        k, budget, found = si - 1, self.window_sentences, None
        while k >= 0 and budget > 0:
            if not sents[k].standalone:
                subj = min((m for m in by_sent[k] if not layer.in_quote(m.pos)), key=lambda m: m.pos, default=None)
                if subj is not None:
                    # her name, a role noun or flagged pronoun standing for her, or "she" itself
                    mine = subj.entity is ent or (subj.entity.why == "pronoun" and subj.entity.gender == other)
                    found = k if mine else None
                    break
                budget -= 1
            k -= 1
        if found is None:
            return None
        if _SPEAKER_AFTER_RE.match(text, tok.end):
            # "“...,” he added": the one who spoke last, and that must be her
            sp = self._speaker(ctx, found, by_sent)
            if sp is None or sp[0].entity is not ent:
                return None
        for j in range(found, si + 1):
            if sents[j].standalone:
                continue  # a heading names a topic, not someone who acts in the prose
            sp = self._speaker(ctx, j, by_sent)
            remarks_from = sp[1] if sp is not None and sp[0].entity is ent else None
            first = min((m for m in by_sent[j] if not layer.in_quote(m.pos)), key=lambda m: m.pos, default=None)
            for m in by_sent[j]:
                if (j == si and m.pos >= tok.start) or m.entity is ent or m.entity.gender == other:
                    continue
                seg = text[sents[j].start:m.pos]
                # inside a quotation, or after one opened and never closed ("... act “he only needs ... “.")
                quoted = layer.in_quote(m.pos) or seg.count("“") > seg.count("”")
                if m.entity.why == "pronoun" or not m.entity.named:
                    if quoted:
                        continue  # quoted speech may be about anyone
                    if m.entity.gender == pg or m is first:
                        return None  # a pronoun or a person of his gender, or someone unnamed acting
                    continue
                if quoted and m.entity.gender is None:
                    continue  # a capitalised word inside a quotation
                if (remarks_from is not None and m.pos >= remarks_from and not quoted
                        and _TARGET_BEFORE_RE.search(text, sents[j].start, m.pos)):
                    continue  # the target of her remarks
                return None
        dist = _prose_count(sents, found, si)
        conf = ent.evidence * 0.8 * _PARAGRAPH_FACTOR ** max(0, s.paragraph - sents[found].paragraph)
        if conf < self.min_confidence:
            return None
        expl = (f'"{tok.word}" is the subject here, which continues {ent.name}, a {_WORD_FOR[other]} ({ent.why}), '
                f"whom the article is about and who was the subject {_distance_phrase(dist)}; nobody else acts "
                f'in between, and the article already calls a {_WORD_FOR[other]} "{_SUBJECT_WORD[pg]}": '
                "translation from a language that drops pronouns often produces this slip.")
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[found], sentence=si), ent

    # ------------------------------------------------------------------ syntactic binding
    def _syntax_bound(self, ctx: Context, si: int, tok: _Tok, pg: str, by_sent) -> tuple[Finding, _Entity] | None:
        """Two constructions fix a pronoun's referent whoever else the window holds:

        A. a relative clause on what a person said: "Ortega's statements, in which he warned",
           "the post of Olena Kovalenko in which he wrote": the possessor is the one speaking;
        B. a sentence opening with "Asked ..." (or "When asked", "Pressed"): the participle's
           understood subject is the subject of the main clause, named right after its comma
           ("Asked what he would do if he lost, Kovalenko said ..."). Another person in the
           "asked" clause before the pronoun ("Asked about Petro's plans, whether he ...") may be
           the referent, so it blocks.
        """
        text = ctx.text
        s = ctx.sentences[si]
        other = "f" if pg == "m" else "m"
        before = text[s.start:tok.start]
        mentions = [m for m in by_sent[si] if not m.pronoun and m.entity.why != "pronoun"]
        bound, how = None, ""
        rel = _SPEECH_NOUN_REL_RE.search(before)
        if rel is not None:
            g = "name" if rel.group("name") else "name2"
            name_at, name_end = s.start + rel.start(g), s.start + rel.end(g)
            bound = next((m for m in mentions if name_at <= m.pos < name_end and m.entity.named), None)
            noun = (rel.group("noun") or rel.group("noun2")).lower()
            how = f'whose {noun} the clause "{rel.group("rel").lower()} {tok.word}" is about'
        if bound is None and _ASKED_OPEN_RE.match(before):
            comma = _CLAUSE_END_RE.match(text, tok.end, s.end)
            if comma is not None:
                after = comma.end()
                bound = next((m for m in mentions if m.pos >= after), None)
                if bound is not None and not _TITLE_GAP_RE.fullmatch(text[after:bound.pos]):
                    bound = None
                opened = s.start + len(before) - len(before.lstrip())
                if bound is not None and any(opened <= m.pos < tok.start for m in mentions if m is not bound):
                    bound = None
                how = "the subject of the main clause that the opening \"asked\" clause belongs to"
        if bound is None or bound.entity.gender != other or not bound.usable or not bound.entity.named:
            return None
        ent = bound.entity
        conf = ent.evidence * 0.95
        if conf < self.min_confidence:
            return None
        expl = (f'"{tok.word}" refers to {ent.name}, a {_WORD_FOR[other]} ({ent.why}), {how}; translation '
                "from a language that drops pronouns often produces this slip.")
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[], sentence=si), ent

    # ------------------------------------------------------------------ "it" for a person
    def _neuter_person(self, ctx: Context, si: int, toks: list[_Tok], ti: int, by_sent,
                       last_subject) -> tuple[Finding, _Entity] | None:
        """ "its husband", "its most personal facet" said of a woman or a man.

        Translation writes "it"/"its" for a person when the source's pronoun follows a noun's
        grammatical gender or when it picks the neuter. Only a noun that a person alone owns
        makes "its" a person (kin, "personal life"); the person is the named subject of the
        sentence before "its", else the subject of the sentence before. A kin noun used as a
        modifier ("its sister ship", "its daughter company") and animals nearby ("the foal
        and its mother") are no slip.
        """
        text = ctx.text
        n = len(toks)
        k = ti + 1
        while k < n and toks[k].lower in _PERSONAL_MODIFIERS and _joinable(text, toks[k - 1], toks[k]):
            k += 1
        if k >= n or not _joinable(text, toks[k - 1], toks[k]):
            return None
        noun = toks[k]
        if noun.lower in _PERSONAL_ADJ:
            if k + 1 >= n or not _joinable(text, noun, toks[k + 1]) or toks[k + 1].lower not in _PERSONAL_NOUNS:
                return None
            k += 1
        elif noun.lower not in _PERSON_ONLY_NOUNS:
            return None
        last = toks[k]
        nxt = toks[k + 1] if k + 1 < n else None
        if (nxt is not None and _joinable(text, last, nxt) and nxt.word[0].islower()
                and nxt.lower not in _PERSON_NOUN_FOLLOW):
            return None  # "its sister publication": a modifier
        sents = ctx.sentences
        prev = _prose_before(sents, si)
        for j in (si, prev):
            if j >= 0 and any(t.lower in _ANIMALS for t in ctx.layer.sentence_tokens(j)):
                return None
        tok = toks[ti]
        here = [m for m in by_sent[si] if m.pos < tok.start and not m.pronoun and m.entity.why != "pronoun"]
        ref, dist = None, 0
        first = min(here, key=lambda m: m.pos) if here else None
        if first is not None and first.entity.named and first.usable:
            ref = first
        elif first is not None and (first.entity.gender is not None or first.entity.named
                                    or text[sents[si].start:first.pos].strip() not in ("The", "the")):
            return None  # someone else is the subject here
        elif last_subject is not None and prev >= 0 and last_subject[1] == prev:
            ent0 = last_subject[0]
            ref = next((m for m in by_sent[prev] if m.entity is ent0 and m.usable), None)
            dist = 1
        if ref is None or ref.entity.gender is None:
            return None
        ent = ref.entity
        conf = ent.evidence * (0.9 if dist == 0 else 0.85)
        if conf < self.min_confidence:
            return None
        owned = text[toks[ti + 1].start:last.end]
        where = "the subject of this sentence" if dist == 0 else "the subject of the sentence before"
        expl = (f'"{tok.word}" stands for {ent.name}, a {_WORD_FOR[ent.gender]} ({ent.why}), {where}: only a '
                f'person has "{owned}"; translation often writes "it" for a person when the source pronoun '
                "follows a noun's grammatical gender.")
        related = [] if dist == 0 else [ref.sent]
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=related, sentence=si), ent

    # ------------------------------------------------------------------ "It" doing what a person does
    def _neuter_subject(self, ctx: Context, si: int, toks: list[_Tok], by_sent,
                        last_subject) -> tuple[Finding, _Entity] | None:
        """ "Olena Kovalenko was sworn in on Friday. It is currently abroad and declined to comment
        until her return."

        Translation writes "It" for a person when the source pronoun follows a noun's
        grammatical gender (Arabic, French, Spanish, German "she" is also "it") or when it picks
        the neuter. Flagged when all of these hold:

        * "It" opens the sentence, outside quotations, and does what a person does: is abroad, on
          leave or on a trip, declined or postponed comment, joked, posted, told reporters
          (``_IT_PERSON_RE``; not "It said", which is an agency's);
        * the sentence before has a named person of known gender as its subject;
        * nothing else in that sentence could be "it": no organisation, company, body, document,
          ship or country (``_NEUTER_NOUNS``), no capitalised name that is no person (a place
          after a locative preposition excepted); "It" seldom reaches back past a sentence about a
          person to a thing named before it;
        * a pronoun later in the sentence or in the next one confirms the person ("until her
          return", "Her office said"), of that person's gender, with none of the other.
        """
        text = ctx.text
        sents = ctx.sentences
        s = sents[si]
        if s.standalone or not toks or toks[0].word != "It" or _first_content_index(text, s.start, toks) != 0:
            return None
        layer = ctx.layer
        if layer.in_quote(toks[0].start):
            return None
        pm = _IT_PERSON_RE.match(text, toks[0].start, s.end)
        if pm is None:
            return None
        prev = _prose_before(sents, si)
        if prev < 0 or last_subject is None or last_subject[1] != prev:
            return None
        ent = last_subject[0]
        if ent.gender is None or ent.evidence < _EV_SURNAME_MIN or not ent.named:
            return None
        ref = next((m for m in by_sent[prev] if m.entity is ent and m.usable), None)
        if ref is None:
            return None
        if _thing_in(text, layer.sentence_tokens(prev), by_sent[prev]):
            return None
        # the confirming pronoun: after "It" in its sentence, or in the next prose sentence
        nxt = _prose_after(sents, si)
        seen: set[str] = set()
        for j in (si, nxt):
            if j >= len(sents):
                continue
            for t in layer.sentence_tokens(j):
                if t.lower in _PRONOUNS and not layer.in_quote(t.start) and (j > si or t.start > toks[0].end):
                    seen.add(_PRONOUNS[t.lower])
        if seen != {ent.gender}:
            return None
        conf = ent.evidence * 0.8
        if conf < self.min_confidence:
            return None
        tok = toks[0]
        pred = " ".join(pm.group("pred").split())
        expl = (f'"{tok.word}" stands for {ent.name}, a {_WORD_FOR[ent.gender]} ({ent.why}), the subject of the '
                f'sentence before: "it" {pred}, which only a person does here, and a later pronoun refers to '
                f"{ent.name} as a {_WORD_FOR[ent.gender]}; translation often writes \"it\" for a person when the "
                "source pronoun follows a noun's grammatical gender.")
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[prev], sentence=si), ent


#: "It" doing what a person does (see _neuter_subject); "It said" is left to agencies
_IT_PERSON_RE = re.compile(
    r"It\s+(?:also\s+|later\s+|then\s+|still\s+|has\s+|had\s+|reportedly\s+)?(?P<pred>"
    r"(?:is|was)\s+(?:currently\s+|still\s+|now\s+|already\s+)?(?:abroad|away\s+from\s+\w+|"
    r"outside\s+(?:of\s+)?(?:the\s+)?[A-Z]\w+|on\s+(?:an?\s+)?(?:official\s+|working\s+|private\s+|foreign\s+)?"
    r"(?:trip|visit|tour|holiday|vacation|(?:maternity\s+|sick\s+)?leave)|in\s+hospital|married|pregnant)"
    r"|(?:declined|refused|postponed|delayed|deferred)\s+(?:to\s+comment|comment|commenting|any\s+comment)"
    r"|(?:joked|smiled|laughed|wept|apologi[sz]ed|posted\s+(?:on|a|an|photos|pictures|pics))"
    r"|told\s+(?:reporters|journalists)|wrote\s+on\s+(?:Instagram|Facebook|Telegram|Twitter|X)\b)\b"
)
#: Before a place where someone is or goes ("arrived in Ankara"): that place does not act as "it"
_PLACE_PREPOSITIONS = frozenset("in at from near into across inside around through via throughout within".split())
#: A surname ending, a given name or better: evidence enough for a person that "It" stands for
_EV_SURNAME_MIN = 0.75


def _thing_in(text: str, toks: list[_Tok], mentions: list[_Mention]) -> bool:
    """Whether a sentence names something that could be "it": a noun for an organisation, body,
    document, ship or country, or a capitalised name that is no person (a place after a locative
    preposition excepted: "arrived in Ankara")."""
    people = {m.pos for m in mentions}
    k, n = 0, len(toks)
    while k < n:
        t = toks[k]
        if t.lower in _NEUTER_NOUNS and not t.word.isupper():
            return True
        if not _is_cap(text, t) or t.lower in _LEADING_STOP or t.lower in _PRONOUNS:
            k += 1
            continue
        j = k + 1
        while j < n and _is_cap(text, toks[j]) and _joinable(text, toks[j - 1], toks[j]):
            j += 1
        run = toks[k:j]
        if k == 0 and j == 1:
            pass  # one capitalised word opening the sentence says nothing
        elif not any(r.start in people for r in run) and not any(r.lower in _TITLES for r in run):
            after_locative = k > 0 and toks[k - 1].lower in _PLACE_PREPOSITIONS
            demonym = (j < n and toks[j].word[0].islower() and run[-1].lower.endswith(_DEMONYM_ENDINGS))
            if not after_locative and not demonym:
                return True
        k = j
    return False


#: before the pronoun: "<Name>'s statements, in which" / "the post of <Name> in which"
_SPEECH_NOUN_REL_RE = re.compile(
    r"(?:(?P<name>[A-Z][\w.-]*(?:\s+(?:[A-Z][\w.-]*|de|del|von|van|der|da|di))*)['’]s\s+(?:[a-z-]+\s+){0,2}?"
    r"(?P<noun>" + "|".join(sorted(_SPEECH_NOUNS, key=len, reverse=True)) + r")"
    r"|(?P<noun2>" + "|".join(sorted(_SPEECH_NOUNS, key=len, reverse=True)) + r")\s+of\s+(?:the\s+\w+\s+)?"
    r"(?P<name2>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*))"
    r"\s*,?\s*(?P<rel>in which|in whom|where|with which|through which)\s+$"
)
#: the rest of an "asked" clause after its pronoun, up to the comma that ends it
_CLAUSE_END_RE = re.compile(r"[^,;:.!?“”\"]{0,150},\s*")
#: between that comma and the main clause's named subject: nothing, or titles ("Minister")
_TITLE_GAP_RE = re.compile(r"(?:[A-Z][\w.-]*\s+){0,3}")

#: after the pronoun: a speech or posting verb, maybe after an adverb ("he wrote", "she also told")
_SPEAKER_AFTER_RE = re.compile(
    r"\s+(?:(?:also|later|then|further|again|once|had|has)\s+)?(?:" + "|".join(
        sorted(_SPEECH_VERBS | {"published", "shared", "uploaded", "captioned"}, key=len, reverse=True)
    ) + r")\b",
    re.I,
)
#: before a subject pronoun: nothing but a sentence opener, or a comma or clause word
_CLAUSE_BEFORE_RE = re.compile(r"(?:^\W*|[,;:]\s*|\b(?:and|but|so|then|when|after|before|because|while|as)\s+)$", re.I)
#: what ends a subject pronoun's clause: punctuation, quotation marks, clause words
_CLAUSE_BREAK_RE = re.compile(
    r"[,;:()“”\"—–]|\b(?:" + "|".join(sorted(_CLAUSE_WORDS | {"and", "or", "nor"}, key=len, reverse=True)) + r")\b",
    re.I,
)
#: a relative clause opening on a noun: "Kovalenko, who knew him"
_RELATIVE_RE = re.compile(r",\s*(?:who|whose|whom)\b", re.I)
#: A protagonist's evidence at least this: a given name from the lexicon or gender_guesser, a gendered
#: title or role noun (not a surname ending or a "mostly" name)
_EV_PROTAGONIST = 0.8
_SUBJECT_WORD = {"m": "he", "f": "she"}
#: after a subject pronoun, a verb by which the other side of an exchange speaks
_REPLY_AFTER_RE = re.compile(
    r"\s+(?:(?:then|later|quickly|immediately)\s+)?(?:replied|replies|responded|responds|answered|answers|"
    r"retorted|countered|rebutted|objected|hit back|fired back|shot back)\b", re.I)
#: before a name: a preposition, maybe with an apposition between ("announced by the PSOE candidate, X",
#: "words for X"): the name is the target of what the sentence's speaker says, not a speaker
_TARGET_BEFORE_RE = re.compile(
    r"\b(?:by|for|to|with|about|against|at|on|of|from|toward|towards|over)\s+"
    r"(?:(?:the|a|an)\s+(?:[\w’'.-]+\s+){0,4}?[\w’'.-]+,\s+)?(?:(?:the|a|an)\s+)?(?:[A-Z][\w’'.-]*\s+){0,3}$")
#: before the pronoun, inside its sentence: a closed quotation ("“...,” he wrote")
_AFTER_QUOTE_RE = re.compile(r"[”\"»]\s*[,:;.!?—–-]*\s*$")


#: clause words that are verbs taking a person as their object: a pronoun right after one is its object
_OBJECT_SPEECH_VERBS = frozenset("asked told tells asks".split())


def _prose_before(sents, k: int) -> int:
    """The nearest sentence of prose before sentence ``k`` (headlines, bylines and captions
    skipped), -1 if there is none."""
    return next((j for j in range(k - 1, -1, -1) if not sents[j].standalone), -1)


def _prose_after(sents, k: int) -> int:
    """The nearest sentence of prose after sentence ``k``, ``len(sents)`` if there is none."""
    return next((j for j in range(k + 1, len(sents)) if not sents[j].standalone), len(sents))


def _prose_count(sents, a: int, b: int) -> int:
    """How many sentences of prose follow sentence ``a`` up to sentence ``b`` included."""
    return sum(1 for j in range(a + 1, b + 1) if not sents[j].standalone)


def _known_before(m: _Mention, by_sent) -> bool:
    """Whether the person of mention ``m`` was named in an earlier sentence (not introduced here)."""
    return any(o.entity is m.entity for k in range(m.sent) for o in by_sent[k])


def _bound_object(text: str, toks: list[_Tok], ti: int, mentions: list[_Mention]) -> bool:
    """An object pronoun ("waves him off", "thanked her") with a person before it in its own
    clause: it cannot refer to that person (the subject), so its referent is someone else."""
    t = toks[ti]
    if t.lower == "her":
        nxt = toks[ti + 1] if ti + 1 < len(toks) else None
        if nxt is not None and _joinable(text, t, nxt) and nxt.word[0].islower() and nxt.lower not in _HER_OBJECT_NEXT:
            return False  # possessive: "her team"
    elif t.lower != "him":
        return False
    k = ti - 1
    if k >= 0 and toks[k].lower in _OBJECT_SPEECH_VERBS:
        k -= 1  # "Okonkwo asked him", "Haines told her": the pronoun is the object of that verb
    while k >= 0 and toks[k].lower not in _CLAUSE_WORDS:
        k -= 1
    clause_start = toks[k].raw_end if k >= 0 else -1
    return any(clause_start <= m.pos < t.start for m in mentions)



def _subject_clause_end(text: str, s, tok: _Tok) -> int:
    """Where the clause of a subject pronoun ends (-1 if ``tok`` is no clause-opening he/she).

    A name later in the same clause cannot be the pronoun's referent ("He met Terekhov": he is
    not Terekhov), so it does not compete with the antecedent.
    """
    if tok.lower not in ("he", "she"):
        return -1
    before = text[s.start:tok.start]
    if before.strip() and not _CLAUSE_BEFORE_RE.search(before):
        return -1
    m = _CLAUSE_BREAK_RE.search(text, tok.end, s.end)
    return m.start() if m is not None else s.end


def _distance_phrase(d: int) -> str:
    if d == 0:
        return "earlier in the same sentence"
    words = {1: "one sentence", 2: "two sentences", 3: "three sentences", 4: "four sentences"}
    return f"{words.get(d, f'{d} sentences')} earlier"





def _group_noun(name: str) -> bool:
    """An unnamed mention that is a group ("vendors", "the stallholders"), which a he/she cannot
    refer back to; "the witness", "the boss", "the actress" end in -s and are one person."""
    w = name.lower().split()[-1] if name.split() else ""
    return w.endswith("s") and not w.endswith("ss")
