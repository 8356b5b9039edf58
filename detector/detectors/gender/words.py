"""Evidence weights and grammar-word lists of the gender-mismatch detector (see the package docstring).

The vocabulary (ambiguous and non-names, places, organisation words, person and role nouns,
titles, gendered nouns, surname look-alikes) is data: ``resources/lexicon/gender_words.tsv``,
``gender_titles.tsv`` and ``gender_nouns.tsv``, read through ``detector.lexicon``.
"""

from __future__ import annotations

import re

from ... import lexicon
from ..textlayer import TOKEN_RE as _TOKEN_RE  # noqa: F401 - one word definition for the package

# Evidence strengths (0..1). They rank the sources against each other; the finding's
# confidence is the antecedent's evidence times a distance factor. Chosen by hand: a
# curated given name or a gendered title is near-certain; gender_guesser is broad but
# noisier; a surname ending is right for Slavic names but the token may be a place.
# --------------------------------------------------------------------------------------
_EV_LEXICON = 0.9
_EV_TITLE = 0.9
_EV_GUESSER = 0.8
_EV_GUESSER_MOSTLY = 0.55
_EV_ROLE_STRONG = 0.85  # spokeswoman, actress, queen, wife ...
_EV_ROLE_WEAK = 0.6  # spokesman and other -man compounds
_EV_SURNAME = 0.75
_EV_UNNAMED = 0.6  # "a woman", "her husband" with no name attached
#: Confidence multiplier by distance in sentences (0 = same sentence); farther is riskier
#: because the true antecedent may be a person the window does not see.
_DISTANCE_FACTOR = (1.0, 0.9, 0.82, 0.75)
#: Multiplier per paragraph boundary between antecedent and pronoun.
_PARAGRAPH_FACTOR = 0.95
#: Multiplier when a compatible person appears just beyond the window (see detect()).
_EXTENDED_FACTOR = 0.75
#: Multiplier when people of the pronoun's gender from earlier paragraphs were set aside
#: because a newer subject took over (see _judge); such a pronoun could still continue
#: the older thread, so the finding is less certain.
_SET_ASIDE_FACTOR = 0.7

_PRONOUNS = {
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
}
_WORD_FOR = {"m": "man", "f": "woman"}


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


#: Given names that are male in one language and female in another, or unisex in English
#: news (and Chinese/Korean given-name syllables). Known as names, so they make a person,
#: but of unknown gender. Overrides both the lexicon and gender_guesser.
_AMBIGUOUS = lexicon.words("gender_words", list="ambiguous_name")

#: Capitalised words that gender_guesser lists as given names but that in news are
#: mostly ordinary words, places or brands; never read as a given name by the fallback.
_NOT_NAMES = lexicon.words("gender_words", list="not_name")

#: Words that open a capitalised run at the start of a sentence but are not part of a name.
_LEADING_STOP = _words("""
the a an in on at but and or after before while when during since until as if so yet for
this that these those his her he she it its they their we our i you your my there here
then now today yesterday tomorrow meanwhile however also still later earlier last next
according despite although though because with without from by of to into about over
under between among against toward towards through
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
""")

#: Places, media and brands that appear in news without a preposition ("Russia launched",
#: "told Ukrinform"). Not a gazetteer of the world: it only keeps the commonest of them
#: from counting as a possible person of unknown gender (which would block flags).
_PLACES = lexicon.words("gender_words", list="place")
#: Prepositions before a place rather than a person ("in Kharkiv", "near Bakhmut").
_LOCATIVE = _words("in at from to near into across outside inside around towards toward through via on over throughout of beyond within")
#: Endings of nationality adjectives ("Ukrainian forces", "Polish farmers", "Israeli troops").
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ic", "ch", "i", "an")
#: Lower-case words after a capitalised word that do not make it an adjective.
_AFTER_NAME_OK = _words("for to and or on in at with from by of about after before as but than who whose said says told has had was is will would could may might")

#: A name never follows these inside a capitalised run (St Maria, Santa Maria, Port Elizabeth).
_PLACE_PREFIX = _words("st saint san santa sao são fort port lake mount mt cape camp north south")

#: A capitalised run that contains one of these is a place, organisation or event.
_ORG_WORDS = lexicon.words("gender_words", list="org_word")

#: Title -> gender ("m", "f", or "" for a title that says "person" but not which gender).
_TITLES: dict[str, str] = {r["title"]: r["gender"] for r in lexicon.load("gender_titles").records()}

#: Abbreviations that may be followed by a period inside a name run.
_ABBREV = _words("mr mrs ms dr st gen col lt sgt prof rev sen rep gov capt maj adm cmdr det mt jr sr mme mlle pvt cpl")
#: Lower-case particles allowed inside a name run (Ursula von der Leyen, Mohammed bin Salman).
_PARTICLES = _words("de da di del della van von der den ter bin ibn bint al el la le dos das du")

_SPEECH_VERBS = _words("""
said says told tells added adds wrote writes noted notes stressed explained stated
insisted claimed recalled admitted warned argued continued asked replied responded
commented emphasised emphasized announced posted tweeted confirmed denied revealed urged
believes thinks thought described concluded acknowledged complained suggested
joked jokes quipped assured assures declared declares indicated underlined ironized ironised
confessed lamented reiterated affirmed remarked asserted answered clarified specified
""")
_COPULA = _words("is was were are be been being as became become becomes remains remained named appointed elected served serves")
_DETERMINERS = _words("a an the his her their its our my your this that another one")
_POSSESSIVE_DET = _words("his her their its our my your")

# Lower-case nouns: noun -> (gender, evidence, kind); kind is "role" (resolvable from
# "the X" to the most recent named person of that gender), "kin" or "generic".
_NOUNS: dict[str, tuple[str, float, str]] = {
    r["noun"]: (r["gender"], _EV_ROLE_STRONG if r["strength"] == "strong" else _EV_ROLE_WEAK, r["kind"])
    for r in lexicon.load("gender_nouns").records()
}

#: An apposition naming someone's relative ("Elena Rossi, the daughter of a former prime minister,"):
#: the one it is of is a person too, of unknown gender, closer to a pronoun after it than the name
_KIN_OF_RE = re.compile(
    r",\s+(?:the|a|an|whose|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:"
    + "|".join(sorted({n for n, (_, _, kind) in _NOUNS.items() if kind == "kin"}
                      | {"partner", "spouse", "relative", "child", "parent", "fiancé", "fiancee", "fiance"},
                      key=len, reverse=True))
    + r")\s+of\s+(?!(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many)\b)",
    re.I,
)

#: Singular nouns for people whose gender the word does not tell. They attach to a name
#: in apposition or block a flag as an unnamed person.
_PERSON_NOUNS = lexicon.words("gender_words", list="person_noun")
#: Role nouns that re-describe a person just named when they open a sentence ("The president
#: assured ...", "The head of the regional government said ..."): offices and positions, not
#: relations or roles in an event (victim, witness, driver), which introduce someone new.
_DESCRIPTIVE_ROLES = lexicon.words("gender_words", list="descriptive_role")
#: Epithets that content-farm and celebrity copy uses to re-describe a person just named
#: ("performer Svetlana Loboda ... the singer ... the star"). A definite one ("the singer")
#: refers to the most recent person the article introduced with such a noun.
_EPITHETS = lexicon.words("gender_words", list="epithet")
#: Person nouns that are often adjectives or noun modifiers ("official figures",
#: "volunteer medic"): they count only when the next word is not another lower-case word
#: (apart from the words listed in _NOUN_FOLLOW_OK).
_ADJ_LIKE = _words("official chief head general local national private major native resident militant rebel separatist volunteer expert veteran guard deputy member marine")
_NOUN_FOLLOW_OK = _words("said says told who of from in at with for has had was is will would and or to on after before also")
#: A person noun before one of these (or before an agent plural: -ers, -ists ...) is a
#: modifier ("migrant workers", "refugee camp", "student union"), not a person.
_COMPOUND_HEADS = lexicon.words("gender_words", list="compound_head")
_AGENT_PLURALS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")
#: Nouns that make "mother"/"sister" ... a modifier ("sister city", "mother company").
_KIN_MODIFIED = lexicon.words("gender_words", list="kin_modifier")

#: Words that open a new clause; an object pronoun after one may refer to the subject before it.
_CLAUSE_WORDS = _words("""
that who whom whose which because when after before while if since until although though
whether where said says told tells added wrote asked according so but
""")
#: After "her", these make it an object ("thanked her for") rather than a possessive ("her son").
_HER_OBJECT_NEXT = _words("""
to for with in on at from about and or but that as a an the off up out down back again into
over away because when after before if since until while by of through how what why where
this these those its his their our my some any no all more most very so too also now then
later once twice herself
""")

#: Nouns for what "it" may stand for beside a person: organisations and bodies (``org_word``), and
#: documents, ships, countries, companies, teams (``neuter_noun``). One in the sentence before "It
#: declined to comment" makes the company, not the person, the likelier subject.
_NEUTER_NOUNS = lexicon.words("gender_words", list="org_word") | lexicon.words("gender_words", list="neuter_noun")

_VESSEL_RE = re.compile(r"\b(?:ship|vessel|cruiser|frigate|tanker|yacht|boat|ferry|submarine|warship|flagship|liner|carrier|aircraft)\b", re.I)

# Surname endings, longest first within each group. A "strong" ending counts on its own;
# a "weak" one needs a person cue (title, speech verb, "who", apposition) to count.
_FEMALE_STRONG = ("skaya", "tskaya", "dskaya", "yova", "ova", "eva", "ová", "ská", "dottir", "dóttir", "ovna", "evna", "ivna")
_FEMALE_WEAK = ("tska", "ska", "cka", "ina", "aya", "ienė", "iene", "aitė", "aite", "ytė", "yte")
_MALE_STRONG = ("skyi", "tskyi", "skyy", "skiy", "sky", "ski", "cki", "ský", "yov", "ov", "ev")
_MALE_WEAK = ("in",)
#: Capitalised words that end like a gendered surname but are places, words or given names.
_SURNAME_STOP = lexicon.words("gender_words", list="surname_stop")
# "putin" is in the stop list only because the -in rule is weak; "Putin said" still becomes
# a person through the speech-verb cue, of unknown gender rather than a guessed one.

_AFTER_RE = re.compile(r"[^,;:.!?()\"“”\n]{0,80}")
_APPOS_LEAD_RE = re.compile(r"\s*(?:,\s*\d{1,3}\s*)?,\s*")
_LAST_WORD_RE = re.compile(r"([^\W\d_]+(?:[-'’][^\W\d_]+)*)\s*,?\s*$")
_COORD_RE = re.compile(r"([^\W\d_]+)\s+(?:and|&)\s+$")
_GENERIC_AFTER_RE = re.compile(r"\s*(?:or|/)\s*(?:s?he|hi[ms]|hers?|herself|himself)\b", re.I)
_GENERIC_BEFORE_RE = re.compile(r"\b(?:s?he|hi[ms]|hers?|herself|himself)\s*(?:or|/)\s*$", re.I)
_HONORIFIC_NEXT = _words("majesty holiness excellency highness royal grace eminence beatitude lordship ladyship")

_SPEECH_RE = re.compile(r"\b(?:" + "|".join(sorted(_SPEECH_VERBS, key=len, reverse=True)) + r")\b", re.I)
# between the speech verb and the pronoun: nothing, "that", or a time phrase
_CLAUSE_OPEN_RE = re.compile(r"\s*(?:on \w+\s+|in \w+\s+|later\s+|also\s+)?(?:that\s+)?", re.I)
# "His ministry estimated ...": a possessive opening the sentence with a noun after it
_NOUN_AFTER_POSS_RE = re.compile(r"\s+[a-z][a-z-]+\b")

#: Nouns for what a person said or published; their possessor is the one who speaks in a
#: relative clause on them ("Kovalenko's statements, in which he warned ...").
_SPEECH_NOUNS = _words("""
statement statements remarks remark words comments comment speech post posts message messages
interview letter tweet tweets address testimony column video appeal declarations declaration
""")
#: A verb of asking that opens a sentence as a participle: its understood subject is the subject of
#: the main clause ("Asked whether he would run again, Kovalenko said ...").
_ASKED_OPEN_RE = re.compile(
    r"^\W*(?:(?:on the other hand|however|but|and|later|then|meanwhile|separately|again|in turn),?\s+)?"
    r"(?:when\s+|after\s+being\s+|once\s+|if\s+)?(?:asked|pressed|questioned|quizzed)\b[^,;:.!?“”\"]*$",
    re.I,
)
#: Words after "its" that only a person owns ("its husband", "its most personal facet"): "it" said
#: of a person, the slip of translating a pronoun that follows a noun's grammatical gender.
_PERSON_ONLY_NOUNS = _words("""
husband wife son daughter sons daughters mother father brother sister brothers sisters boyfriend
girlfriend fiance fiancé fiancee fiancée widower grandmother grandfather granddaughter grandson
stepmother stepfather stepson stepdaughter mother-in-law father-in-law childhood
""")
#: "its personal life", "its private side": the adjective then one of these nouns.
_PERSONAL_ADJ = _words("personal private intimate")
_PERSONAL_NOUNS = _words("life side facet sphere story")
#: Modifiers allowed between "its" and a person-only noun.
_PERSONAL_MODIFIERS = _words("own late former ex elder eldest younger youngest older most more very")
#: After a person-only noun, a word that keeps it a noun for a person ("its mother said ...",
#: "its husband, a ..."); any other lower-case word makes it a modifier ("its sister publication",
#: "its daughter company").
_PERSON_NOUN_FOLLOW = _words("""
and or but who whom whose said says told has had was is were will would could may might in at on
for with from by to of about after before as also than
""")
#: Animals that "its mother" may belong to; near one, "its" + a kin noun is no slip.
_ANIMALS = _words("""
animal animals dog cat horse mare stallion foal cow calf bull bear cub wolf fox bird chick eagle
owl elephant whale dolphin seal pup puppy kitten pet panda monkey ape chimpanzee gorilla lion
lioness tiger leopard lamb sheep goat pig deer fawn giraffe zebra rhino hippo camel penguin
""")
