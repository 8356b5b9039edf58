"""Gender mismatch: a he/she whose gender contradicts the person it refers back to.

Languages that drop subject pronouns or mark gender only on verbs (Ukrainian, Russian,
Chinese, Turkish, Persian ...) leave the translator, human or machine, to guess "he" or
"she"; the guess is often wrong ("Olena Kovalenko ... he wrote").

No named-entity recogniser is used. A capitalised word becomes a person only on positive
evidence, in this order of strength:

1. a given name in ``resources/first_names.tsv`` (hand-curated, unambiguous names only);
2. gender_guesser as a fallback, only for a given name followed by a surname;
3. a gendered Slavic/Baltic/Czech surname ending (-ova, -skaya, -ov, -sky ...);
4. a title (Mr, Ms, Mrs, Sir, Lady, Queen ... or a neutral one such as Dr, President);
5. a role noun in apposition ("Olena Kovalenko, a spokeswoman"; "spokeswoman Olena ...").

Later references resolve to earlier mentions: a lone surname ("Kovalenko said") to the
full name it belongs to, "the spokeswoman" to the most recent woman. Unnamed people
("her husband", "a 45-year-old", "the driver") are mentions too.

A capitalised word with no evidence either way ("thanked Smith") is a possible person of
unknown gender unless it is a known place or brand, follows a locative preposition or
"the", or is a nationality adjective; it blocks flags but is never an antecedent. An
organisation that "said" something blocks too (its reported speech may be about people
the article never names).

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

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from ..data import Finding
from .base import Context, Detector

_LEXICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "first_names.tsv"

# --------------------------------------------------------------------------------------
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
_AMBIGUOUS = _words("""
sasha sacha sascha zhenya valya shura slava nika nikita misha andrea jean kim karen michele
simone nikola nicola nikol gabriele daniele nino ira dana alexis robin jordan taylor morgan
alex sam chris charlie jo lee leslie kelly jamie casey riley avery quinn jesse jessie
dominique claude camille noa yuval shai eden ariel yarden toni jackie billie frankie pat
jan kai sky rene joan ashley hilary vivian rosario guadalupe lou fran nour noor amal iman
rana deniz derya nur ozgur özgür
wei jing li ying ming hui yan hong xin lei yu hua jun ling mei fang ping yi xiao jie qing
chen lin yang xiu hai bo tao jian min na lan yun zhen feng gang qiang hao xi jin yong
ji hyun seo yeon jae soo young eun sun
""")

#: Capitalised words that gender_guesser lists as given names but that in news are
#: mostly ordinary words, places or brands; never read as a given name by the fallback.
_NOT_NAMES = _words("""
the be are my his one will just go said even may here made take love long lot night done
tell men job line general five per hope young ago guy else york age major art non son
chance march fine price america co june won april boy king al bill ok save key uk august
door okay deep mark mine river rock anti beat ice miles fair gun german judge brain france
spring rich gay carry christian royal sad brand faith paris rose silver stone bet christ
till cat van ad file frank bay core lies tea kick prince sky rain vice beer forest honor
trees hero joke loan era grant storm asia urban iran tiny virginia desire solo bell kinda
mile ha heaven diet lane el grace joy mate constant marine princess sydney carolina fee
jordan le roman marks santa tone rush harm thin drew georgia angel charity duke gray
innocent ideal chase dallas diamond houston islam kit odd rail tho crystal marry sake
syria vital honey hunter ward ties wolf ate liberty rio precious del eve il chip dare
slave edit alien candy clay jet mall tale ton con dawn isis pit vessel autumn oral alpha
brooklyn des lion noble asset denver argentina charlotte unity ep nail skip stole flip
loyal patience destiny mar pie raid ram sandy trace cherry lap marvel sunshine ion lean
pearl peer pile rod ba haven kenya miracle owe sterling valve visa easter ally cam cliff
bee olive bud fairy merit pastor nest penny petty reed sunny toe ab fried martial sierra
alter buzz cos dip dot milan montana slim ave brooks donate essence til tin ferry abu buck
cal jerk oz salmon tan geneva adelaide bent pal cord mercedes ruby stanford vienna amber
berry tab unto wit herald ing lame lily vibe arise bore chad ginger impress kay mentor
israel india victoria florence madison austin lincoln columbus cleveland orlando dakota
hamilton jefferson washington jackson chelsea lourdes santiago salvador sofia
in on at as an am is it of or to up we us no so do if by
""")

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
_PLACES = _words("""
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan
bahamas bahrain bangladesh belarus belgium belize benin bhutan bolivia bosnia herzegovina
botswana brazil brunei bulgaria burkina burundi cambodia cameroon canada chad chile china
colombia congo croatia cuba cyprus czechia denmark djibouti ecuador egypt eritrea estonia
eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece guatemala
guinea guyana haiti honduras hungary iceland india indonesia iran iraq ireland israel italy
jamaica japan jordan kazakhstan kenya korea kosovo kuwait kyrgyzstan laos latvia lebanon
lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia
maldives mali malta mauritania mexico moldova monaco mongolia montenegro morocco
mozambique myanmar burma namibia nepal netherlands holland nicaragua niger nigeria
macedonia norway oman pakistan palestine panama paraguay peru philippines poland portugal
qatar romania russia rwanda senegal serbia singapore slovakia slovenia somalia spain sudan
sweden switzerland syria taiwan tajikistan tanzania thailand togo tunisia turkey türkiye
turkmenistan uganda ukraine emirates uk britain england scotland wales america usa uruguay
uzbekistan venezuela vietnam yemen zambia zimbabwe crimea donbas donbass europe asia africa
arctic balkans caucasus gaza sinai kashmir tibet xinjiang greenland abkhazia ossetia
transnistria karabakh chechnya dagestan siberia
kyiv kiev kharkiv kharkov odesa odessa lviv dnipro zaporizhzhia zaporizhia mykolaiv kherson
sumy chernihiv poltava vinnytsia zhytomyr rivne lutsk ternopil khmelnytskyi chernivtsi
uzhhorod ivano-frankivsk kropyvnytskyi cherkasy donetsk luhansk mariupol bakhmut avdiivka
pokrovsk kramatorsk sloviansk kupiansk izium bucha irpin hostomel borodianka vovchansk
toretsk kostiantynivka nikopol enerhodar melitopol berdiansk sevastopol simferopol kerch
yalta saltivka moscow petersburg belgorod kursk bryansk voronezh rostov krasnodar
novorossiysk sochi kazan samara volgograd yekaterinburg novosibirsk murmansk kaliningrad
pskov smolensk tula minsk vilnius riga tallinn warsaw krakow gdansk wroclaw rzeszow lublin
prague bratislava budapest vienna berlin munich hamburg frankfurt cologne paris lyon
marseille london manchester birmingham edinburgh dublin brussels amsterdam rotterdam hague
geneva zurich bern rome milan naples turin madrid barcelona lisbon athens sofia bucharest
chisinau belgrade zagreb sarajevo ljubljana podgorica skopje tirana pristina ankara
istanbul tbilisi yerevan baku astana almaty tashkent bishkek dushanbe ashgabat tehran
baghdad damascus beirut amman jerusalem aviv ramallah cairo riyadh jeddah doha dubai dhabi
muscat sanaa kabul islamabad karachi lahore delhi mumbai beijing shanghai shenzhen wuhan
tokyo seoul pyongyang taipei manila jakarta bangkok hanoi washington york chicago houston
boston seattle miami atlanta angeles dallas denver detroit philadelphia ottawa toronto
montreal vancouver havana caracas bogota lima brasilia nairobi lagos addis ababa khartoum
tripoli tunis algiers rabat johannesburg pretoria canberra sydney melbourne auckland davos
strasbourg helsinki stockholm oslo copenhagen reykjavik kremlin pentagon whitehall
westminster downing
telegram instagram facebook twitter youtube tiktok whatsapp viber linkedin reddit google
apple microsoft amazon tesla netflix spotify starlink spacex reuters afp bloomberg
ukrinform suspilne unian interfax tass ria novosti kommersant izvestia hromadske pravda
politico axios guardian telegraph economist spiegel bild figaro wikipedia gazprom naftogaz
ukrenergo ukrzaliznytsia rosatom rosneft lukoil sberbank aeroflot roscosmos wagner hamas
hezbollah taliban houthis azovstal nato covid brexit maidan eurovision olympics
christmas easter ramadan eid hanukkah
""")
#: Prepositions before a place rather than a person ("in Kharkiv", "near Bakhmut").
_LOCATIVE = _words("in at from to near into across outside inside around towards toward through via on over throughout of beyond within")
#: Endings of nationality adjectives ("Ukrainian forces", "Polish farmers", "Israeli troops").
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ic", "ch", "i", "an")
#: Lower-case words after a capitalised word that do not make it an adjective.
_AFTER_NAME_OK = _words("for to and or on in at with from by of about after before as but than who whose said says told has had was is will would could may might")

#: A name never follows these inside a capitalised run (St Maria, Santa Maria, Port Elizabeth).
_PLACE_PREFIX = _words("st saint san santa sao são fort port lake mount mt cape camp")

#: A capitalised run that contains one of these is a place, organisation or event.
_ORG_WORDS = _words("""
international ministry council police forces force army navy guard guards airport
university college school academy institute hospital clinic center centre street st
avenue ave road square park bridge river lake sea ocean bay island islands mountain
mountains valley beach city county state province region oblast district republic kingdom
union party group company corp corporation inc ltd llc plc bank fund foundation trust
agency service services office department bureau commission committee court church
cathedral mosque temple monastery museum gallery theatre theater hotel station stadium
arena festival prize award awards cup league club fc united times post news press tribune
journal daily herald network tv radio watch rights project initiative movement front
brigade battalion regiment corps fleet airlines airways motors technologies systems labs
media memorial monument palace tower hall market mall plaza harbor harbour canal express
day week boulevard prospekt lane drive way quarter metro railway railways highway
administration government parliament assembly senate congress duma rada kremlin
council's connected program programme show series channel magazine gazette review
""")

#: Title -> gender ("m", "f", or "" for a title that says "person" but not which gender).
_TITLES: dict[str, str] = {}
for _t in "mr sir lord king prince duke emperor tsar sheikh emir sultan pope patriarch baron earl viscount marquess monsieur herr signor señor senor father cardinal imam ayatollah".split():
    _TITLES[_t] = "m"
for _t in "mrs ms miss lady madam madame mme mlle mademoiselle dame queen princess duchess empress tsarina baroness countess viscountess marchioness frau signora señora senora congresswoman chairwoman councilwoman sister".split():
    _TITLES[_t] = "f"
for _t in """dr doctor prof professor president vice minister premier chancellor senator sen rep
representative governor gov mayor general gen lieutenant lt colonel col major maj captain
capt sergeant sgt private pvt corporal cpl admiral adm commander cmdr marshal brigadier
judge justice ambassador commissioner secretary deputy speaker chairman chairperson chair
director coach officer detective det inspector constable agent sheriff bishop archbishop
metropolitan rev reverend pastor rabbi prosecutor attorney councillor councilor alderman
mp mep ombudsman mx congressman chief""".split():
    _TITLES.setdefault(_t, "")
del _t

#: Abbreviations that may be followed by a period inside a name run.
_ABBREV = _words("mr mrs ms dr st gen col lt sgt prof rev sen rep gov capt maj adm cmdr det mt jr sr mme mlle pvt cpl")
#: Lower-case particles allowed inside a name run (Ursula von der Leyen, Mohammed bin Salman).
_PARTICLES = _words("de da di del della van von der den ter bin ibn bint al el la le dos das du")

_SPEECH_VERBS = _words("""
said says told tells added adds wrote writes noted notes stressed explained stated
insisted claimed recalled admitted warned argued continued asked replied responded
commented emphasised emphasized announced posted tweeted confirmed denied revealed urged
believes thinks thought described concluded acknowledged complained suggested
""")
_COPULA = _words("is was were are be been being as became become becomes remains remained named appointed elected served serves")
_DETERMINERS = _words("a an the his her their its our my your this that another one")
_POSSESSIVE_DET = _words("his her their its our my your")

# Lower-case nouns: noun -> (gender, evidence, kind); kind is "role" (resolvable from
# "the X" to the most recent named person of that gender), "kin" or "generic".
_NOUNS: dict[str, tuple[str, float, str]] = {}
for _n in """spokeswoman businesswoman chairwoman congresswoman councilwoman policewoman
servicewoman sportswoman stateswoman frontwoman anchorwoman alderwoman ombudswoman
camerawoman horsewoman actress waitress hostess stewardess headmistress princess queen
duchess empress countess baroness heiress nun abbess priestess ballerina housewife
landlady heroine matriarch madam""".split():
    _NOUNS[_n] = ("f", _EV_ROLE_STRONG, "role")
for _n in """wife mother grandmother granny grandma mum mom mommy daughter granddaughter
stepdaughter stepmother sister stepsister half-sister aunt niece girlfriend fiancee
fiancée bride widow mother-in-law sister-in-law daughter-in-law goddaughter
godmother""".split():
    _NOUNS[_n] = ("f", _EV_ROLE_STRONG, "kin")
for _n in "woman girl lady schoolgirl".split():
    _NOUNS[_n] = ("f", _EV_ROLE_STRONG, "generic")
for _n in """spokesman businessman congressman councilman policeman serviceman sportsman
statesman frontman anchorman cameraman fisherman fireman alderman salesman""".split():
    _NOUNS[_n] = ("m", _EV_ROLE_WEAK, "role")
for _n in "prince king duke emperor baron sheikh monk".split():
    _NOUNS[_n] = ("m", _EV_ROLE_STRONG, "role")
for _n in """husband father grandfather grandpa dad daddy son grandson stepson stepfather
brother stepbrother half-brother uncle nephew boyfriend fiance fiancé groom bridegroom
widower father-in-law brother-in-law son-in-law godson godfather""".split():
    _NOUNS[_n] = ("m", _EV_ROLE_STRONG, "kin")
for _n in "man boy gentleman schoolboy lad".split():
    _NOUNS[_n] = ("m", _EV_ROLE_STRONG, "generic")
del _n

#: Singular nouns for people whose gender the word does not tell. They attach to a name
#: in apposition or block a flag as an unnamed person.
_PERSON_NOUNS = _words("""
official officer spokesperson representative minister president premier chancellor
senator lawmaker legislator deputy mp mep politician diplomat ambassador envoy mayor
governor commander general colonel captain lieutenant sergeant soldier fighter marine
sailor pilot paratrooper sniper gunner medic paramedic doctor surgeon nurse physician
dentist pharmacist patient victim survivor casualty witness resident local citizen
villager neighbour neighbor friend colleague partner relative child kid baby toddler
infant teenager teen youngster student pupil teacher professor lecturer researcher
scientist expert analyst economist historian lawyer attorney advocate prosecutor judge
defendant suspect accused convict prisoner detainee inmate captive hostage driver
passenger motorist cyclist pedestrian worker employee employer boss manager director
executive ceo founder owner shopkeeper vendor farmer miner engineer builder electrician
firefighter rescuer volunteer activist campaigner protester demonstrator journalist
reporter correspondent editor writer author poet artist singer musician actor performer
dancer producer filmmaker photographer blogger influencer user customer client buyer
seller tenant landlord investor trader banker broker entrepreneur player athlete coach
striker goalkeeper defender midfielder boxer runner swimmer champion winner candidate
voter member leader head chief chair chairman chairperson secretary assistant aide adviser
advisor consultant negotiator mediator investigator detective inspector agent spy
informant guard bodyguard attacker assailant gunman shooter killer murderer perpetrator
thief robber smuggler militant terrorist insurgent rebel separatist occupier invader
collaborator traitor deserter conscript recruit veteran priest pastor imam rabbi bishop
cleric believer pilgrim refugee migrant immigrant evacuee applicant tourist visitor guest
host presenter anchor commentator critic opponent rival ally supporter fan follower
successor predecessor incumbent nominee appointee bureaucrat clerk staffer intern operator
dispatcher technician programmer developer star celebrity comedian rapper model
footballer showman songwriter composer hacker designer architect accountant auditor
cashier waiter cook chef baker butcher tailor barber hairdresser cleaner janitor courier
postman trucker conductor mechanic nanny caregiver carer guardian parent orphan heir
grandchild sibling spouse twin cousin stranger person individual someone somebody
ombudsman mediator healer
""")
#: Epithets that content-farm and celebrity copy uses to re-describe a person just named
#: ("performer Svetlana Loboda ... the singer ... the star"). A definite one ("the singer")
#: refers to the most recent person the article introduced with such a noun.
_EPITHETS = _words("""
singer star performer artist musician presenter host blogger influencer celebrity comedian
rapper model actor actress politician athlete footballer showman showwoman tv-presenter
ballerina dancer songwriter composer director filmmaker writer poet
""")
#: Person nouns that are often adjectives or noun modifiers ("official figures",
#: "volunteer medic"): they count only when the next word is not another lower-case word
#: (apart from the words listed in _NOUN_FOLLOW_OK).
_ADJ_LIKE = _words("official chief head general local national private major native resident militant rebel separatist volunteer expert veteran guard deputy member")
_NOUN_FOLLOW_OK = _words("said says told who of from in at with for has had was is will would and or to on after before also")
#: A person noun before one of these (or before an agent plural: -ers, -ists ...) is a
#: modifier ("migrant workers", "refugee camp", "student union"), not a person.
_COMPOUND_HEADS = _words("""
camp camps centre center centres centers status rights crisis flows family families group groups
union unions care benefits visa visas support organisation organization agency community
communities quarter housing shelter shelters convoy route routes council councils movement
association associations card cards programme program programmes programs day days loan loans
""")
_AGENT_PLURALS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees")
#: Nouns that make "mother"/"sister" ... a modifier ("sister city", "mother company").
_KIN_MODIFIED = _words("tongue company ship board nature country church earth city organisation organization brand firm unit language cities companies ships")

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

_VESSEL_RE = re.compile(r"\b(?:ship|vessel|cruiser|frigate|tanker|yacht|boat|ferry|submarine|warship|flagship|liner|carrier|aircraft)\b", re.I)

# Surname endings, longest first within each group. A "strong" ending counts on its own;
# a "weak" one needs a person cue (title, speech verb, "who", apposition) to count.
_FEMALE_STRONG = ("skaya", "tskaya", "dskaya", "yova", "ova", "eva", "ová", "ská", "dottir", "dóttir", "ovna", "evna", "ivna")
_FEMALE_WEAK = ("tska", "ska", "cka", "ina", "aya", "ienė", "iene", "aitė", "aite", "ytė", "yte")
_MALE_STRONG = ("skyi", "tskyi", "skyy", "skiy", "sky", "ski", "cki", "ský", "yov", "ov", "ev")
_MALE_WEAK = ("in",)
#: Capitalised words that end like a gendered surname but are places, words or given names.
_SURNAME_STOP = _words("""
moldova geneva casanova villanova genova terranova teva kiev lvov azov rostov pskov
saratov tambov kharkov chernigov kirov korolev molotov kremlin berlin dublin latin irpin
jenin bahrain harbin tianjin turin pekin bitcoin sakhalin wisconsin franklin martin kevin
austin darwin robin colin erin caitlin benjamin corbin griffin joplin dustin justin gavin
calvin kelvin marvin melvin edwin alvin ervin irvin kristin karin medina regina lina
china argentina carolina messina krajina bukovina pristina latina marina palestina
ukraina retina christina kristina tina sabina karina polina katerina ekaterina alina
himalaya malaya kaya anaya pattaya maya soraya amaya novaya staraya bolshaya krasnaya
alaska nebraska athabaska polska mariinsky nevsky husky whisky whiskey erdogan putin
""")
# "putin" is in the stop list only because the -in rule is weak; "Putin said" still becomes
# a person through the speech-verb cue, of unknown gender rather than a guessed one.

_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:-[^\W\d_]+)+")
_QUOTE_RE = re.compile(r"[\"“”]")
_AFTER_RE = re.compile(r"[^,;:.!?()\"“”\n]{0,80}")
_APPOS_LEAD_RE = re.compile(r"\s*(?:,\s*\d{1,3}\s*)?,\s*")
_LAST_WORD_RE = re.compile(r"([^\W\d_]+(?:[-'’][^\W\d_]+)*)\s*,?\s*$")
_COORD_RE = re.compile(r"([^\W\d_]+)\s+(?:and|&)\s+$")
_GENERIC_AFTER_RE = re.compile(r"\s*(?:or|/)\s*(?:s?he|hi[ms]|hers?|herself|himself)\b", re.I)
_GENERIC_BEFORE_RE = re.compile(r"\b(?:s?he|hi[ms]|hers?|herself|himself)\s*(?:or|/)\s*$", re.I)
_HONORIFIC_NEXT = _words("majesty holiness excellency highness royal grace eminence beatitude lordship ladyship")


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
    import gender_guesser.detector as gd

    return gd.Detector(case_sensitive=False)


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _given_name(lw: str, use_guesser: bool = True) -> tuple[str | None, float, str] | None:
    """(gender, evidence, source) for a lower-cased given name, or None if not a known name.

    source is "lexicon" (the name may stand alone), "guesser"/"mostly" (gender_guesser:
    only trusted when a surname follows) or "ambiguous" (a name, gender unknown).
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
    return None


@lru_cache(maxsize=65536)
def _surname_gender(word: str) -> tuple[str, bool] | None:
    """(gender, strong) from a gendered surname ending, or None."""
    lw = word.lower()
    if lw in _SURNAME_STOP or len(lw) < 5 or not word[0].isupper():
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


@dataclass(slots=True)
class _Mention:
    pos: int
    sent: int
    entity: _Entity
    usable: bool  # may be the antecedent of a flag (not quoted, real evidence)
    alias: str = ""  # the noun when a named person is reached through "the singer"


@dataclass(slots=True)
class _Tok:
    start: int
    end: int  # end of the word without a possessive 's
    raw_end: int
    word: str
    lw: str


class GenderMismatchDetector(Detector):
    name: ClassVar[str] = "gender_mismatch"
    description: ClassVar[str] = (
        "A he/she whose gender contradicts the named person it refers back to "
        "(a typical slip when translating from languages that drop pronouns)."
    )
    codes: ClassVar[tuple[str, ...]] = ("gender_mismatch",)

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

    # ------------------------------------------------------------------ public
    def detect(self, ctx: Context) -> list[Finding]:
        text = ctx.text
        sents = ctx.sentences
        if not sents:
            return []
        quotes = _quote_spans(ctx)
        qstarts = [a for a, _ in quotes]
        state = _ArticleState()
        by_sent: list[list[_Mention]] = [[] for _ in sents]
        findings: list[Finding] = []

        def in_quote(pos: int) -> bool:
            i = bisect.bisect_right(qstarts, pos) - 1
            return i >= 0 and quotes[i][0] <= pos < quotes[i][1]

        for si, s in enumerate(sents):
            toks = _tokenize(text, s.start, s.end)
            if not toks:
                continue
            mentions = by_sent[si]
            consumed: set[int] = set()
            pronoun_idx: list[int] = []
            self._named_mentions(text, s, si, toks, mentions, consumed, state, in_quote, pronoun_idx)
            self._noun_mentions(text, si, toks, mentions, consumed, state, in_quote)
            mentions.sort(key=lambda m: m.pos)
            # a sentence with both a he-word and a she-word is about a man and a woman
            # ("He pays her in honey"): neither pronoun is a slip we can show
            genders = {_PRONOUNS[toks[ti].lw] for ti in pronoun_idx if not in_quote(toks[ti].start)}
            mixed = len(genders) > 1
            if s.standalone:
                # a byline, headline or caption names people outside the prose: they may
                # block a flag but are never its antecedent
                for m in mentions:
                    m.usable = False
                continue
            for ti in pronoun_idx:
                tok = toks[ti]
                pg = _PRONOUNS[tok.lw]
                skip = self._skip_pronoun(text, s, toks, ti)
                if skip == "name":
                    # a capitalised He/Her mid-sentence is a name (He Lifeng) or a headline word
                    mentions.append(_Mention(tok.start, si, _Entity(tok.word, None, 0.0, ""), False))
                    continue
                quoted = in_quote(tok.start)
                flagged = False
                if skip is None and not quoted and not mixed and not _bound_object(text, toks, ti, mentions):
                    f = self._judge(ctx, si, tok, pg, by_sent) or self._speaker_bound(ctx, si, tok, pg, by_sent)
                    if f is not None:
                        findings.append(f)
                        flagged = True
                if not flagged and skip is None:
                    # an unflagged pronoun keeps its referent salient for later pronouns
                    ent = _Entity(tok.word, pg, 0.0, "pronoun", named=False)
                    mentions.append(_Mention(tok.start, si, ent, False))
        return findings

    # ------------------------------------------------------------------ mentions
    def _named_mentions(self, text, s, si, toks, mentions, consumed, state, in_quote, pronoun_idx):
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if t.lw in _PRONOUNS:
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
                if _is_cap(text, nxt) and nxt.lw not in _PRONOUNS and _joinable(text, prev, nxt):
                    j += 1
                    continue
                if nxt.lw in _PARTICLES and _joinable(text, prev, nxt):
                    # "von der Leyen", "bin Salman": particles, then a capitalised word
                    q = j
                    while q < n and toks[q].lw in _PARTICLES and _joinable(text, toks[q - 1], toks[q]) and q - j < 3:
                        q += 1
                    if q < n and _is_cap(text, toks[q]) and _joinable(text, toks[q - 1], toks[q]):
                        j = q + 1
                        continue
                break
            run = toks[i:j]
            # drop sentence-initial function words ("In Kharkiv ...", "The ...")
            k = 0
            while k < len(run) and run[k].lw in _LEADING_STOP:
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
        words = [t.lw for t in run]
        nrun = len(run)
        # a title counts when a name follows it
        title_g: str | None = None
        title_word = ""
        has_title = False
        jname = None
        given: tuple[str | None, float, str] | None = None
        for k, lw in enumerate(words):
            if lw in _TITLES and k + 1 < nrun:
                has_title = True
                if _TITLES[lw]:
                    title_g, title_word = _TITLES[lw], run[k].word
                continue
            if lw in _ORG_WORDS:
                continue
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
            gn = _given_name(lw, use_gg)
            if gn is None:
                continue
            src = gn[2]
            followed = k + 1 < nrun and words[k + 1] not in _ORG_WORDS
            if src in ("guesser", "mostly") and not (followed or has_title):
                continue
            if src == "ambiguous" and not (followed or has_title or lw in _AMBIGUOUS):
                continue
            if k > 0 and words[k - 1] in _PLACE_PREFIX:
                return None
            jname, given = k, gn
            break

        quoted = in_quote(run[0].start)
        start = run[jname].start if jname is not None else run[0].start
        if jname is not None:
            if any(w in _ORG_WORDS for w in words[jname + 1:]):
                return None
            name_toks = run[jname:]
            display = text[name_toks[0].start:name_toks[-1].end]
            gender, ev = given[0], given[1]
            first = run[jname].word
            if given[2] == "lexicon" or given[2] == "guesser":
                why = f"first name {first}"
            elif given[2] == "mostly":
                why = f"first name {first}, usually a {_WORD_FOR[gender]}'s name"
            else:
                why = ""
            surname = name_toks[-1] if len(name_toks) >= 2 else None
            if gender is None and surname is not None:
                sg = _surname_gender(surname.word)
                if sg is not None:
                    gender, ev, why = sg[0], _EV_SURNAME, f"surname {surname.word}"
            if title_g is not None:
                if gender is None:
                    gender, ev, why = title_g, _EV_TITLE, f"title {title_word}"
                elif gender != title_g:
                    gender, ev, why = None, 0.0, ""
            ent = state.full.get(display.lower())
            if ent is None and surname is None:
                ent = state.first_name_entity(run[jname].lw, gender)
            if ent is None or ent.gender != gender:
                ent = _Entity(display, gender, ev, why)
                state.full[display.lower()] = ent
                if surname is None:
                    state.first.setdefault(run[jname].lw, []).append(ent)
            if surname is not None:
                state.register_surname(surname.lw, ent)
                state.first.setdefault(run[jname].lw, []).append(ent)
                # "Olena and Dmytro Kovalenko": the surname belongs to both
                if jname == 0:
                    cm = _COORD_RE.search(text, max(0, run[0].start - 40), run[0].start)
                    if cm is not None:
                        other = _given_name(cm.group(1).lower(), use_gg)
                        if other is not None and other[0] != gender:
                            state.surnames[surname.lw] = None
        else:
            last = run[-1]
            if any(w in _ORG_WORDS for w in words) and _speech_cue(toks, a, b):
                # "Amnesty International said he ...": not a person, but its reported
                # speech may be about someone the article never names, so it blocks
                return _Mention(run[0].start, si, _Entity(last.word, None, 0.0, "", named=False), False)
            if last.lw in _TITLES or last.lw in _ORG_WORDS or last.lw in _NOT_NAMES or last.lw in _LEADING_STOP:
                # "the Queen", "the Pope": a gendered title standing for a person
                if nrun == 1 and _TITLES.get(last.lw) and _prev_word(toks, a) == "the":
                    g = _TITLES[last.lw]
                    ent = _Entity(f"the {last.word}", g, _EV_TITLE, f"title {last.word}")
                    return _Mention(last.start, si, ent, not in_quote(last.start))
                return None
            if any(w in _ORG_WORDS for w in words):
                return None
            if last.word.isupper() or len(last.lw) < 2:
                return None
            # the display name leaves out the titles ("Defence Minister Rustem Umerov" -> "Rustem Umerov")
            name_start = next((t for t in run if t.lw not in _TITLES), last)
            display = text[name_start.start:last.end]
            if title_word:
                display = f"{title_word} {display}"  # "Ms Hrytsenko"
            cue = has_title or _speech_cue(toks, a, b) or _appos_noun(text, last.end) is not None
            reg = state.surnames.get(last.lw, False)
            if reg is None:  # two people share this surname
                ent = _Entity(display, None, 0.0, "")
            elif reg is not False and (title_g is None or reg.gender == title_g):
                ent = reg
            else:
                gender, ev, why = None, 0.0, ""
                sg = _surname_gender(last.word)
                if title_g is not None:
                    gender, ev, why = title_g, _EV_TITLE, f"title {title_word}"
                    if sg is not None and sg[0] != title_g:
                        gender, ev, why = None, 0.0, ""
                elif sg is not None:
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
                    state.register_surname(last.lw, ent)
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
            consumed.add(post[1])
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
        return ent

    def _noun_mentions(self, text, si, toks, mentions, consumed, state, in_quote):
        n = len(toks)
        for i, t in enumerate(toks):
            if t.start in consumed:
                continue
            lw = t.lw
            if t.word[0].isupper() and i > 0:
                continue
            info = _NOUNS.get(lw)
            if info is None:
                if lw.startswith(("mother-of", "father-of")):
                    info = ("f" if lw[0] == "m" else "m", _EV_ROLE_STRONG, "role")
                elif lw in _PERSON_NOUNS or lw.endswith("-year-old"):
                    info = (None, 0.0, "person")
                else:
                    continue
            nxt = toks[i + 1].lw if i + 1 < n and _joinable(text, t, toks[i + 1]) else None
            if lw in _ADJ_LIKE and nxt is not None and toks[i + 1].word[0].islower() and nxt not in _NOUN_FOLLOW_OK:
                continue
            if lw.endswith("-year-old") and nxt is not None and (nxt in _NOUNS or nxt in _PERSON_NOUNS):
                continue
            if info[2] == "kin" and nxt in _KIN_MODIFIED:
                continue
            if nxt is not None and info[0] is None and (nxt in _COMPOUND_HEADS or nxt.endswith(_AGENT_PLURALS)):
                continue
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

    # ------------------------------------------------------------------ judging
    def _skip_pronoun(self, text, s, toks, ti) -> str | None:
        """None to judge the pronoun; "generic"/"honorific" to ignore it; "name" if it is a name."""
        t = toks[ti]
        if t.word[0].isupper():
            at_start = _first_content_index(text, s.start, toks) == ti
            nxt = toks[ti + 1] if ti + 1 < len(toks) else None
            if t.lw == "he" and nxt is not None and _is_cap(text, nxt) and _joinable(text, t, nxt) \
                    and nxt.lw not in _LEADING_STOP and nxt.lw not in _NOT_NAMES:
                return "name"  # He Lifeng: a Chinese surname, not a pronoun
            if not at_start:
                return "name"
        if t.lw in ("his", "her") and ti + 1 < len(toks) and toks[ti + 1].lw in _HONORIFIC_NEXT:
            return "honorific"
        if _GENERIC_AFTER_RE.match(text, t.end) or _GENERIC_BEFORE_RE.search(text, max(0, t.start - 12), t.start):
            return "generic"
        if t.lw == "he" and text[max(0, t.start - 2):t.start].lower() == "s/":
            return "generic"
        return None

    def _judge(self, ctx: Context, si: int, tok: _Tok, pg: str, by_sent) -> Finding | None:
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
                if m.entity.gender == other and m.usable and (wj < si or m.pos < tok.start):
                    if ante is None or (m.sent, m.pos) > (ante.sent, ante.pos):
                        ante = m
        if ante is None:
            return None
        dist = sum(1 for k in range(ante.sent + 1, si + 1) if not sents[k].standalone)
        # Salient: the antecedent is the subject (first person mentioned) of the pronoun's
        # sentence or of the one before. Then people of the pronoun's gender named in an
        # earlier paragraph, before the antecedent's sentence, are no longer plausible
        # ("[Orban ...] / Kallas told reporters ... He said"): set aside, at a cost.
        ante_para = sents[ante.sent].paragraph
        salient = dist <= 1 and min(by_sent[ante.sent], key=lambda m: m.pos) is ante
        if salient and dist == 0 and "," in ctx.text[ante.pos:tok.start]:
            # "Olena Kovalenko, who knew him for years, said ...": a pronoun inside an
            # apposition or relative clause often points back past the subject
            salient = False
        set_aside = False
        for wj in window:
            for m in by_sent[wj]:
                if m.entity.gender == other:
                    continue
                # a compatible or unknown-gender person
                if salient and m.sent < ante.sent and sents[m.sent].paragraph != ante_para:
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
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[ante.sent], sentence=si)


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
            if _QUOTE_RE.search(seg, 0, vm.start()):
                return None  # a quotation between name and verb: the structure is not simple
            return m, m.pos + vm.end()
        return None

    def _speaker_bound(self, ctx: Context, si: int, tok: _Tok, pg: str, by_sent) -> Finding | None:
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
        prev = si - 1
        while prev >= 0 and sents[prev].standalone:
            prev -= 1
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
            if m.entity.gender == other and tok.start >= verb_end and _CLAUSE_OPEN_RE.fullmatch(text[verb_end:tok.start]):
                bound, dist = m, 0
        if bound is None and prev >= 0 and tok.start == sents[si].start and not thread(prev):
            after = text[tok.end : sents[si].end]
            opener = _SPEECH_RE.match(after.lstrip()) if tok.lw in ("he", "she") else _NOUN_AFTER_POSS_RE.match(after)
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
        return ctx.finding("gender_mismatch", tok.start, tok.end, conf, expl, related=[bound.sent], sentence=si)


_SPEECH_RE = re.compile(r"\b(?:" + "|".join(sorted(_SPEECH_VERBS, key=len, reverse=True)) + r")\b", re.I)
# between the speech verb and the pronoun: nothing, "that", or a time phrase
_CLAUSE_OPEN_RE = re.compile(r"\s*(?:on \w+\s+|in \w+\s+|later\s+|also\s+)?(?:that\s+)?", re.I)
# "His ministry estimated ...": a possessive opening the sentence with a noun after it
_NOUN_AFTER_POSS_RE = re.compile(r"\s+[a-z][a-z-]+\b")


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------
class _ArticleState:
    __slots__ = ("full", "first", "surnames", "last_by_gender", "last_named")

    def __init__(self) -> None:
        self.full: dict[str, _Entity] = {}
        self.first: dict[str, list[_Entity]] = {}
        #: surname -> entity; None when two people of different gender share it
        self.surnames: dict[str, _Entity | None] = {}
        self.last_by_gender: dict[str, tuple[_Entity, int]] = {}
        self.last_named: tuple[_Entity, int] | None = None

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


def _tokenize(text: str, start: int, end: int) -> list[_Tok]:
    out = []
    for m in _TOKEN_RE.finditer(text, start, end):
        w = m.group()
        e = m.end()
        if len(w) > 2 and (w.endswith("'s") or w.endswith("’s")):
            w = w[:-2]
            e -= 2
        out.append(_Tok(m.start(), e, m.end(), w, w.lower()))
    return out


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
    if gap.startswith(".") and (len(a.word) == 1 or a.lw in _ABBREV):
        gap = gap[1:]
    return 0 < len(gap) <= 3 and gap.isspace() and "\n" not in gap


def _first_content_index(text: str, sent_start: int, toks: list[_Tok]) -> int:
    """Index of the first token that starts the sentence (after quotes, brackets, dashes)."""
    if toks and not text[sent_start:toks[0].start].strip(" \"“”'‘’([—–-"):
        return 0
    return -1


def _prev_word(toks: list[_Tok], i: int) -> str | None:
    return toks[i - 1].lw if i > 0 else None


def _maybe_person(text: str, s, toks: list[_Tok], a: int, b: int, run: list[_Tok]) -> bool:
    """A capitalised run with no evidence either way that could be a surname."""
    if len(run) > 3 or s.standalone:
        return False
    if _first_content_index(text, s.start, toks) == a:
        return False  # sentence-initial capitals say nothing
    for t in run:
        if t.lw in _PLACES or t.lw in _NOT_NAMES or t.lw in _LEADING_STOP or t.word.isupper():
            return False
    if " ".join(t.lw for t in run) in _PLACES:
        return False
    if a > 0:
        prev = toks[a - 1]
        if (prev.lw in _LOCATIVE or prev.lw == "the") and _joinable(text, prev, toks[a]):
            return False
    last = run[-1]
    if b < len(toks) and _joinable(text, last, toks[b]):
        nxt = toks[b]
        if nxt.word[0].islower() and nxt.lw not in _AFTER_NAME_OK and last.lw.endswith(_DEMONYM_ENDINGS):
            return False  # "Ukrainian forces"
    return True


def _bound_object(text: str, toks: list[_Tok], ti: int, mentions: list[_Mention]) -> bool:
    """An object pronoun ("waves him off", "thanked her") with a person before it in its own
    clause: it cannot refer to that person (the subject), so its referent is someone else."""
    t = toks[ti]
    if t.lw == "her":
        nxt = toks[ti + 1] if ti + 1 < len(toks) else None
        if nxt is not None and _joinable(text, t, nxt) and nxt.word[0].islower() and nxt.lw not in _HER_OBJECT_NEXT:
            return False  # possessive: "her team"
    elif t.lw != "him":
        return False
    k = ti - 1
    while k >= 0 and toks[k].lw not in _CLAUSE_WORDS:
        k -= 1
    clause_start = toks[k].raw_end if k >= 0 else -1
    return any(clause_start <= m.pos < t.start for m in mentions)


def _definite(toks: list[_Tok], i: int) -> bool:
    """ "the X" or "the popular X" (at most two modifiers between "the" and the noun)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        if toks[k].lw == "the":
            return True
        if not toks[k].word[0].islower() and not toks[k].word[0].isdigit():
            return False
    return False


def _speech_cue(toks: list[_Tok], a: int, b: int) -> bool:
    """A speech verb or "who" right after the run, or a speech verb / "according to" before it."""
    if b < len(toks) and (toks[b].lw in _SPEECH_VERBS or toks[b].lw == "who"):
        return True
    if a > 0 and toks[a - 1].lw in _SPEECH_VERBS:
        return True
    return a > 1 and toks[a - 1].lw == "to" and toks[a - 2].lw == "according"


def _appos_noun(text: str, end: int) -> tuple[str, int] | None:
    """Person noun in apposition after a name: ", a spokeswoman for ..." -> (noun, offset)."""
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
    for m in span:
        w = m.group().lower()
        w = _strip_poss(w)
        if w in _NOUNS or w in _PERSON_NOUNS or w.startswith(("mother-of", "father-of")):
            info = _NOUNS.get(w)
            if has_det and first.lower() in _POSSESSIVE_DET and info is not None and info[2] == "kin":
                return None  # "Olena, her husband ..." is a second person
            return (w, m.start())
        if w in _SPEECH_VERBS or w in ("who", "which", "that", "and", "but"):
            return None
    return None


def _predicative(text: str, toks: list[_Tok], i: int) -> bool:
    """The noun is a predicate ("was a teacher", "as head of"): it names the subject again."""
    k = i - 1
    adj = 0
    while k >= 0 and adj <= 2:
        lw = toks[k].lw
        if lw in _DETERMINERS or lw in _COPULA:
            break
        if not toks[k].word[0].islower() and not toks[k].word[0].isdigit():
            return False
        k -= 1
        adj += 1
    if k < 0:
        return False
    if toks[k].lw in _DETERMINERS:
        k -= 1
    if k < 0 or toks[k].lw not in _COPULA:
        return False
    gap = text[toks[k].raw_end:toks[i].start]
    return not any(c in gap for c in ",;:.!?\"“”()")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _distance_phrase(d: int) -> str:
    if d == 0:
        return "earlier in the same sentence"
    words = {1: "one sentence", 2: "two sentences", 3: "three sentences", 4: "four sentences"}
    return f"{words.get(d, f'{d} sentences')} earlier"


def _quote_spans(ctx: Context) -> list[tuple[int, int]]:
    """Spans inside double quotation marks, paragraph by paragraph (a quote left open at the
    end of a paragraph is closed there)."""
    text = ctx.text
    spans: list[tuple[int, int]] = []
    for p in ctx.paragraphs:
        open_at = -1
        for m in _QUOTE_RE.finditer(text, p.start, p.end):
            c = m.group()
            pos = m.start()
            if open_at < 0:
                if c == "”":
                    # a closing curly quote with nothing open: an opening one only if a word follows
                    if pos + 1 < p.end and text[pos + 1].isalnum():
                        open_at = pos
                    continue
                open_at = pos
            elif c == "“":
                open_at = pos  # doubled opening: restart
            else:
                spans.append((open_at, pos + 1))
                open_at = -1
        if open_at >= 0:
            spans.append((open_at, p.end))
    return spans
