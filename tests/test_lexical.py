"""DoubledWordDetector and UntranslatedDetector, with the legitimate look-alikes."""

from __future__ import annotations

import pytest

from detector.data import FINDING_TYPES
from detector.detectors.lexical import DoubledWordDetector, UntranslatedDetector


def run(detector, ctx_for, text: str) -> list[str]:
    ctx = ctx_for(text)
    findings = detector.detect(ctx)
    for f in findings:
        assert f.type in detector.codes
        assert f.text == ctx.text[f.start : f.end]
        assert 0.0 <= f.confidence <= 1.0
        assert f.explanation.endswith(".")
    return [ctx.text[f.start : f.end] for f in findings]


# --------------------------------------------------------------------------- doubled words

DOUBLED_FIRE = [
    ("The the army advanced overnight towards the river.", "The the"),
    ("Fighting continued in in the north of the region.", "in in"),
    ("Officials said said nothing about casualties.", "said said"),
    ("Troops were ordered to to hold the line at all costs.", "to to"),
    ("The village of of Petrivka was shelled again.", "of of"),
    ("The exchange was was the largest since the start of the war.", "was was"),
    ("Prices rose by a a third in the past year.", "a a"),
    ("They they agreed to meet again in Geneva.", "They they"),
    ("Residents gathered outside the\nthe ruined school on Monday.", "the\nthe"),
    ("Aid convoys reached the the eastern towns after a delay.", "the the"),
    ("NATO NATO allies met in Brussels on Thursday.", "NATO NATO"),
    # "for for" that no verb and span of time explain, and a common word doubled
    ("The ministry set aside funds for for the repair of rural schools.", "for for"),
    ("Rescuers were looking for for the missing hikers near the ridge.", "for for"),
    ("A reader asked for for a loaf to be posted to Chicago.", "for for"),
    ("The harbour harbour was closed to small boats on Friday.", "harbour harbour"),
    # "Said said" with nobody named Said: a slip
    ("Said said the county would pay for the cool boxes.", "Said said"),
]


@pytest.mark.parametrize("text,span", DOUBLED_FIRE, ids=[s for _, s in DOUBLED_FIRE])
def test_doubled_fires_with_exact_span(ctx_for, text, span):
    assert run(DoubledWordDetector(), ctx_for, text) == [span]


DOUBLED_NOT = [
    "He had had enough of the delays by the time the convoy arrived.",
    "She said that that decision was final.",
    "What it is is a failure of planning, the auditor said.",
    "What they do do is keep the generators running.",
    'The children waved and shouted "bye bye" to the departing soldiers.',
    "The results were so so, the coach admitted.",
    "It was a very very difficult year for the farmers.",
    "No no, the spokesman said, that is not what happened.",
    "They flew to Bora Bora and later to Walla Walla for the wedding.",
    "The spa town of Baden-Baden hosted the talks.",
    "The match ended 10 10 after extra time.",  # numbers are never compared
    "She logged in in March to check the results.",
    "The convoy went on on Tuesday despite the rain.",
    "His will will be read on Friday, the lawyer said.",
    "She gave her her passport back at the checkpoint.",
    "Duran Duran played a benefit concert in the stadium.",
    # a surname that is also a word, then its verb: the person was named in full before
    "The county's environment officer, Halima Said, met the vendors. Said said the ban would start in May.",
    "Sian Will chaired the meeting. Will will report to the board in June.",
    "Hear hear, said the backbenchers as the minister sat down.",
    "The report ended with the word footage\n\nfootage from the scene was released later.",
    # the surname-and-verb reading needs the full name elsewhere: alone, "Said said" is a slip
    # (see test_doubled_fires_with_exact_span)
    # a verb's "for" before a span of time, and reduplicated loanwords
    "Divers have been searching for for three days in the flooded quarry.",
    "The family had waited for for a very long time before the court ruled.",
    "Customs officers have been looking for for the past week at every lorry from the port.",
    "Volunteers have campaigned for for years to keep the ferry running.",
    "The stall sells ylang ylang oil, and a tuk tuk waits outside for tourists.",
    "Tuk tuk drivers queued at the pier, and the guide said beri beri was once common on long voyages.",
]


@pytest.mark.parametrize("text", DOUBLED_NOT, ids=[t[:40] for t in DOUBLED_NOT])
def test_doubled_near_misses_do_not_fire(ctx_for, text):
    assert run(DoubledWordDetector(), ctx_for, text) == []


def test_doubled_confidence_and_explanation(ctx_for):
    ctx = ctx_for("The the army advanced. NATO NATO allies met.")
    the, nato = DoubledWordDetector().detect(ctx)
    assert "'The'" in the.explanation
    assert nato.confidence < the.confidence  # all-caps repetition may be a scraped table row
    assert nato.sentence == 1


def test_one_doubled_word_alone_stays_below_suspect_evidence(ctx_for):
    # careful copy has the odd "the the" too: one alone must not make an article suspect, two may
    from detector.verdict import AXIS_THRESHOLDS, finding_evidence

    (f,) = DoubledWordDetector().detect(ctx_for("Fighting continued in in the north."))
    one = finding_evidence(f, 1.0)
    assert one < AXIS_THRESHOLDS["rewriting"]["suspect"] <= 2 * one


def test_doubled_thresholds_are_keyword_arguments(ctx_for):
    (f,) = DoubledWordDetector(function_confidence=0.42).detect(
        ctx_for("Fighting continued in in the north.")
    )
    assert f.confidence == pytest.approx(0.42)


# --------------------------------------------------------------------------- untranslated

UNTRANSLATED_FIRE = [
    ("The minister said заявил министр that the plan would go ahead.", "заявил министр"),
    ("The governor described the situation as тривожна on Monday.", "тривожна"),
    ("The statement, من وزارة الداخلية, was read aloud at the briefing.", "من وزارة الداخلية"),
    ("The ministry called the fire a καταστροφή for the island.", "καταστροφή"),
    ("The company described the deal as 合作 in its filing.", "合作"),
    ("Protesters chanted თავისუფლება outside parliament until midnight.", "თავისუფლება"),
    ("According to officials, según el gobierno, the plan had failed.", "según el gobierno"),
    ("Protesters, jednak, remained in the square through the night.", "jednak"),
    # a quotation left in its language with no gloss after it
    ('Crowds chanted "Viva la libertad, viva la patria" all night in the square.', "libertad"),
    # ... or followed by a dash that goes on with the story, not a gloss
    ('Crowds chanted "Viva la libertad, viva la patria" — police watched from the bridge.', "libertad"),
    ('Crowds chanted "Viva la libertad, viva la patria" — the police watched from the bridge.', "libertad"),
    ('Crowds chanted "Viva la libertad, viva la patria" — a few hundred stayed in the square until dawn.', "libertad"),
    ("The ruling party, ancak, rejected the opposition's proposal.", "ancak"),
    ("The spokesman sagte that the talks were over for now.", "sagte"),
    ("The villagers said the harvest was muy malo this year.", "muy malo"),
    ("Temperatures fell overnight, сообщает ТАСС, and the roads froze.", "сообщает ТАСС"),
    ("The river nad the bridge were closed to traffic.", "nad"),
    # a sentence left over whole (the sentence rule), and a rare verb form inside a left-over
    # clause (the word rule's phrase)
    ("Sin embargo, los sindicatos advirtieron que los salarios siguen bajos.",
     "Sin embargo, los sindicatos advirtieron que los salarios siguen bajos"),
    ("The unions agreed, but los sindicatos advirtieron que los salarios siguen bajos in the north.",
     "los sindicatos advirtieron que los salarios siguen bajos"),
    # a sentence left in German, its nouns capitalised as German writes them
    ("Exports fell in October. Die Zahlen für November dürften noch schwächer ausfallen, sagte ein Sprecher.",
     "Die Zahlen für November dürften noch schwächer ausfallen, sagte ein Sprecher"),
    # a connective of the source language opening a sentence, capitalised, with its comma
    ("The plan was approved. Toutefois, the unions say it comes too late.", "Toutefois"),
    ("Porém, analysts warned that the debt makes borrowing dearer.", "Porém"),
    ('"Jedoch, we will not give up," the mayor said.', "Jedoch"),
    # a preposition of the source opening a sentence before the English noun phrase it governs
    ("The plan was presented on Monday. Según the municipal data, 400,000 people used the beaches.", "Según"),
    ("The tender was delayed twice. Ancak the ministry had not given its permission.", "Ancak"),
    # a connective set off by commas is no dish being named
    ("The minister, además, rejected the offer.", "además"),
    # foreign words inside an English quotation, or a quoted clause too long for a slogan: left over
    ('"We will rebuild the school según el plan," the mayor said.', "según el"),
    ('The sign read "no queremos más promesas vacías de los políticos" in red paint.',
     "queremos más promesas vacías de los políticos"),
    # the words of a borrowed term outside it are still read one by one
    ("The mayor said the petits commerçants of the old town would get help.", "petits commerçants"),
    # a dash after the speech tag that goes on in prose, and a term no word names as one
    ('"Los sindicatos advirtieron que los salarios caerán," the minister said on Tuesday — and left the room.',
     "sindicatos advirtieron que los salarios"),
    ("The opposition asked for more teachers at the escolas unitarias in the hills.", "escolas"),
    # a script form after a gloss with no language named for it
    ("The square (North Square, כיכר הצפון) was renamed on Sunday.", "כיכר הצפון"),
    # an English quotation after the tag that names a place, not a language, and a credit in parentheses
    ('"Los sindicatos advirtieron que los salarios caerán," the minister said in Madrid. "We will fight this to '
     'the end, believe me," he added.', "sindicatos advirtieron que los salarios"),
    ('"Los sindicatos advirtieron que los salarios caerán," the minister said (AFP).',
     "sindicatos advirtieron que los salarios"),
]


@pytest.mark.parametrize("text,span", UNTRANSLATED_FIRE, ids=[s for _, s in UNTRANSLATED_FIRE])
def test_untranslated_fires_with_exact_span(ctx_for, text, span):
    assert run(UntranslatedDetector(), ctx_for, text) == [span]


UNTRANSLATED_NOT = [
    # a name or a capitalised English word before an article and a lower-case word
    "Mehmet the baker said the price of bread had doubled since the spring.",
    "Bolsonaro the former president did not attend the ceremony in Brasília.",
    "Ivan the Terrible opened at the Bolshoi, and Alexander the Great closed the season.",
    "Last the whole winter, the old boilers will not, the engineers warned.",
    # original-script names given in parentheses, and glossed quotations
    "Volodymyr Zelensky (Володимир Зеленський) addressed parliament on Tuesday.",
    "Officials in Lviv (Ukrainian: Львів) said the curfew would be eased.",
    'Crowds chanted "Слава Україні" ("Glory to Ukraine") in the square.',
    "The square, Kikar HaTzafon (North Square; in Hebrew: כיכר הצפון), takes the poet's name in January.",
    # loanwords and Latin tags English news uses as they are
    "The status quo held, the de facto border stayed shut, a coup d'état was ruled out and the offer was bona fide.",
    "Ad hoc committees will meet via video link, per se not a problem, the mayor said, vs last year's rules.",
    "At a café near the station, the soldier's fiancée showed reporters his résumé and called himself naïve.",
    "Critics accused him of spreading kompromat, and the siloviki were blamed for the crackdown.",
    # regional terms
    "The oblast council and the Verkhovna Rada voted to raise the hryvnia allocation, while the rouble fell.",
    "The intifada and the Bundestag debate were both mentioned in the speech.",
    "Tickets cost 700 złoty in Warsaw and 300 forint in Budapest.",
    # proper nouns, science symbols, URLs and mojibake (left to the encoding detector)
    "Según Group, a Madrid-based firm, and Sagte Partners declined to comment.",
    "The report measured α particles and prescribed β-blockers to the patients.",
    "Details were posted at www.gobierno.es/noticias and on the ministry's site.",
    "The page showed Р—РµР»РµРЅСЃСЊРєРёР№ instead of the president's name.",
    # a letter typed on the other keyboard layout: in a figure, inside a word, as an initial
    "Temperatures will range between 22°С and 24°С in the capital this week.",
    "According to WНO figures, cases rose by a tenth.",
    "The memoir by А. Petrov was published in 1990.",
    # addresses and hashtags in their own script are kept as they are
    "Figures are published on the portal стопкоронавирус.рф every morning.",
    "The prize's site, https://премия.рф/, lists the winners.",
    "Readers shared the photos under #НашаПеремога on Sunday.",
    # particles of place names, and Latin legal tags
    "The train stops in Ústí nad Labem and in Kostelec nad Orlicí every hour.",
    "Lawyers advise a gift inter vivos to avoid the tax.",
    # a slogan quoted in its language and glossed in parentheses after the quotation
    'Crowds chanted "Viva la libertad, viva la patria" ("Long live freedom, long live the homeland") all night.',
    '"Die Mauer muss weg, die Mauer muss weg" ("The wall must go") was painted on the bridge in 1989.',
    # a term quoted in its language and glossed after a dash or with "meaning"
    'The shop was named a "comercio emblemático" — a historic business — by the city council last year.',
    'Residents call the queues "filas eternas", meaning endless lines, and blame the new booking system.',
    'Residents blame the new booking system for what they call the "filas eternas" — the endless lines.',
    # a slogan, a chant or a movement's name quoted whole in its language, as professional copy
    # keeps it, in any quotation marks and with no gloss
    'Thousands marched through Santiago chanting "Ni una menos" past the palace.',
    "Marchers carried banners reading «Vivas nos queremos» and photographs of the victims.",
    "The chancellor's „Wir schaffen das“ became the phrase her critics quoted most.",
    "Fans sang 'Forza ragazzi' until the last whistle.",
    # a foreign dish or custom named and glossed in apposition, as features do
    "Bakers are busy with pan de muerto, the sweet bread eaten before the holiday.",
    "The town's ice cream, dondurma, is sold from a row of rebuilt shops.",
    # a quotation translated after its speech tag, and a term a translator names as one
    '"Dün akşam yaşanan aksaklık için özür dilerim," the mayor wrote on X late on Tuesday — "I apologise for '
    'last night\'s disruption" — and blamed a signal.',
    '"Dün akşam yaşanan aksaklık için özür dilerim," she posted ("I apologise for last night\'s disruption").',
    "The opposition asked for more teachers at the so-called escolas unitarias, small schools of one classroom.",
    '"No vamos a parar hasta que nos escuchen," said Rosa Martínez, a teacher. (We will not stop until they hear us.)',
    '"No vamos a parar hasta que nos escuchen," Rosa Martínez said in Spanish. "We will not stop until they hear us."',
    '"Nous ne lâcherons rien tant que le ministre ne nous recevra pas," the union leader said, which translates as '
    '"We will give up nothing until the minister sees us."',
    # terms of the arts, food, fashion and society pages that English keeps, with or without accents
    "The show was staged in a hôtel particulier, with petits fours after the pas de deux.",
    "Her prêt-à-porter line, a coup de théâtre, has trompe-l'œil prints; its raison d'etre is sales.",
    "The village fete ran a tête-à-tête for the gilets jaunes and the banlieue's mayor.",
    # an English sentence naming dishes, and a list of names
    "The menu lists tagliatelle al ragù, ossobuco, vitello tonnato and tiramisù this winter.",
    "Members: Ana Costa, Rui Santos, Paulo Silva, Marta Rosa, Luis Moreno.",
    # a dateline's place in capitals is no connective, however common the word is in its language
    "IZMIR, Turkey — The ferry company will add night crossings while the bridge is shut.",
    "TOULON, France — Dockers walked out on Monday.",
    # a name opening a sentence with a comma after it
    "Ferreira, 54, has run the bakery since 1990.",
    "Santos, the club's captain, scored twice.",
    "Castro, who founded the group, declined to comment.",
    # a name as common in its own language as a connective: named in full before, or a given name
    "President Recep Tayyip Erdoğan met the prime minister in Ankara on Thursday. Erdoğan, who has led "
    "the country since 2003, said a working group would meet in May.",
    "Mehmet, a baker in the old town, said the price of flour had doubled since the spring.",
]


@pytest.mark.parametrize("text", UNTRANSLATED_NOT, ids=[t[:40] for t in UNTRANSLATED_NOT])
def test_untranslated_near_misses_do_not_fire(ctx_for, text):
    assert run(UntranslatedDetector(), ctx_for, text) == []


def test_untranslated_explanations_name_the_script_or_language(ctx_for):
    ctx = ctx_for("The minister said заявил министр on Monday. Protesters, jednak, stayed.")
    cyr, pol = UntranslatedDetector().detect(ctx)
    assert "Cyrillic" in cyr.explanation
    assert "Polish" in pol.explanation
    assert pol.confidence < cyr.confidence  # one Latin-script word is weaker evidence than foreign script
    assert (cyr.sentence, pol.sentence) == (0, 1)


def test_untranslated_thresholds_are_keyword_arguments(ctx_for):
    text = "Protesters, jednak, remained in the square."
    assert run(UntranslatedDetector(foreign_min=7.0), ctx_for, text) == []
    (f,) = UntranslatedDetector(word_confidence=0.33).detect(ctx_for(text))
    assert f.confidence == pytest.approx(0.33)


# a whole widget or menu line left in the source page's language, and case endings after acronyms
LINE_FIRE = [
    ("The council approved the budget on Monday.\nLue lisää\nThe vote was close.", "Lue lisää"),
    ("The council approved the budget on Monday.\nBaca juga\nThe vote was close.", "Baca juga"),
    ("The council approved the budget on Monday.\nCitește și\nThe vote was close.", "Citește și"),
    ("The chairman of the Kok:n youth wing resigned on Friday.", "Kok:n"),
    ("The EU:ssa decision was criticised by the opposition.", "EU:ssa"),
    ("The SDP: n chairman said the party would not join the coalition.", "SDP: n"),
]


@pytest.mark.parametrize("text,span", LINE_FIRE, ids=[s for _, s in LINE_FIRE])
def test_untranslated_lines_and_case_endings(ctx_for, text, span):
    assert run(UntranslatedDetector(), ctx_for, text) == [span]


LINE_NOT = [
    # names on a line of their own: a byline, a caption, a signature
    "The council approved the budget on Monday.\nPekka Haavisto\nThe vote was close.",
    "The council approved the budget on Monday.\nKristalina Georgieva\nThe vote was close.",
    "The council approved the budget on Monday.\nPetr Fiala\nThe vote was close.",
    "The council approved the budget on Monday.\nLos Angeles Times\nThe vote was close.",
    "The council approved the budget on Monday.\nRead more\nThe vote was close.",
    # a colon before a variable, a heading's colon
    "Note: n is the number of voters in each district.",
    "Agenda: new rules take effect on Monday.",
    # a stroke radical Chinese headlines use as a separator
    "Xinhua 丨 The harvest began early this year in the north.",
]


@pytest.mark.parametrize("text", LINE_NOT, ids=[t[-40:] for t in LINE_NOT])
def test_untranslated_line_near_misses(ctx_for, text):
    assert run(UntranslatedDetector(), ctx_for, text) == []


def test_clean_paragraph_with_loanwords(ctx_for):
    text = (
        "WARSAW (Reuters) - Polish farmers ended a week-long blockade on Friday after the government "
        "promised compensation of 1,200 złoty per hectare, the agriculture ministry said. The deal, "
        "which keeps the status quo on grain imports, was reached at an ad hoc meeting in the Sejm. "
        "Leaders of the protest, who had camped at a café near the border crossing, said they had had "
        'enough of promises. "What it is is a truce, not a peace," one of them said.'
    )
    assert run(DoubledWordDetector(), ctx_for, text) == []
    assert run(UntranslatedDetector(), ctx_for, text) == []


def test_detector_metadata():
    for cls, name, code in (
        (DoubledWordDetector, "doubled_word", "doubled_word"),
        (UntranslatedDetector, "untranslated", "untranslated"),
    ):
        d = cls()
        assert d.name == name
        assert d.codes == (code,)
        assert set(d.codes) <= set(FINDING_TYPES)
        assert d.description


@pytest.mark.parametrize("text, span", [
    ("The mayor said the council would decide the route bis Ende des Jahres, after hearing from experts.",
     "bis Ende des Jahres"),
    ("The committee met again on Tuesday, as the chairman put it, nach Angaben der Polizei, to hear the residents.",
     "nach Angaben der Polizei"),
])
def test_german_left_in_a_sentence_with_its_nouns_capitalised(ctx_for, text, span):
    # the capitals read like names and the lower-case words are English words too: "bis", "des"
    assert run(UntranslatedDetector(), ctx_for, text) == [span]


@pytest.mark.parametrize("text", [
    # names of German bodies and titles that English copy keeps: one lower-case word between the
    # capitals, or only articles
    "She presented the prize at the Haus der Kulturen der Welt in Berlin on Friday.",
    "The report was first aired on Zeit im Bild, the evening news of the Austrian broadcaster.",
    "Economists at the Institut für Weltwirtschaft in Kiel expect growth to slow.",
    "Die Linke and the Greens voted against the plan, and Deutsche Bahn said trains would run by Monday.",
    # a short title quoted whole
    'The paper\'s headline, "Ende einer Ära", was printed over a photo of the chancellor.',
])
def test_german_names_of_bodies_and_quoted_titles_are_not_left_untranslated(ctx_for, text):
    assert run(UntranslatedDetector(), ctx_for, text) == []


# a portal's own label left in its language at a line's start: one word, with a counter, or a word
# English has too, which the whole-line rule leaves alone
LABEL_FIRE = [
    ("The council approved the budget on Monday.\nWerbung\nThe vote was close.", "Werbung"),
    ("The council approved the budget on Monday.\nCompartilhe:\nThe vote was close.", "Compartilhe"),
    ("The council approved the budget on Monday.\nComentarios (3)\nThe vote was close.", "Comentarios"),
    ("The council approved the budget on Monday.\nLEIA TAMBÉM\nRains close the coast road\nThe vote was close.",
     "LEIA TAMBÉM"),
    ("The council approved the budget on Monday.\nTIN LIÊN QUAN\nThe vote was close.", "TIN LIÊN QUAN"),
    ("The council approved the budget on Monday.\n• Etiketler: belediye, bütçe\nThe vote was close.", "Etiketler"),
    ("The council approved the budget on Monday.\nInicio / Regiones / Cantabria\nThe vote was close.", "Inicio"),
]


@pytest.mark.parametrize("text,span", LABEL_FIRE, ids=[s for _, s in LABEL_FIRE])
def test_a_portals_label_left_in_its_language(ctx_for, text, span):
    assert span in run(UntranslatedDetector(), ctx_for, text)


LABEL_NOT = [
    # the label's word going on as a sentence, or inside one
    "The council approved the budget on Monday.\nWerbung means advertising, and the firm took it as its name.",
    "The council approved the budget on Monday.\nTin prices rose on the exchange.",
    "The council approved the budget on Monday. Readers left comentarios (3) under the post.",
    "The council approved the budget on Monday.\nPartager Capital, a Paris fund, bought the stake.",
]


@pytest.mark.parametrize("text", LABEL_NOT, ids=[t[-30:] for t in LABEL_NOT])
def test_a_portals_label_word_in_prose(ctx_for, text):
    assert run(UntranslatedDetector(), ctx_for, text) == []


# a breadcrumb or a section's stamp line in the source language: separators, a date or a time cut it
# into parts, which the whole-line rule does not read
CHROME_FIRE = [
    ("The council approved the budget on Monday.\nWiadomości » Kraj » Zdrowie\nThe vote was close.",
     "Wiadomości » Kraj » Zdrowie"),
    ("The council approved the budget on Monday.\nActualités » Société\nThe vote was close.", "Actualités » Société"),
    ("The council approved the budget on Monday.\nGündem 03 Aralık 2026 Perşembe 11:40\nThe vote was close.",
     "Gündem 03 Aralık 2026 Perşembe"),
]


@pytest.mark.parametrize("text,span", CHROME_FIRE, ids=[s for _, s in CHROME_FIRE])
def test_a_breadcrumb_or_a_stamp_line_in_the_source_language(ctx_for, text, span):
    assert run(UntranslatedDetector(), ctx_for, text) == [span]


CHROME_NOT = [
    # a place before a stamp is one part, and a name; an English breadcrumb; names in a list
    "The council approved the budget on Monday.\nBuenos Aires | 04/12/2026 14:00\nThe vote was close.",
    "The council approved the budget on Monday.\nHome » World » Europe\nThe vote was close.",
    "The council approved the budget on Monday.\nGdańsk, Sopot, Gdynia\nThe vote was close.",
    "The council approved the budget on Monday.\nKraków » Nowa Huta\nThe vote was close.",
]


@pytest.mark.parametrize("text", CHROME_NOT, ids=[t[44:70] for t in CHROME_NOT])
def test_a_place_or_an_english_menu_is_no_line_left_untranslated(ctx_for, text):
    assert run(UntranslatedDetector(), ctx_for, text) == []
