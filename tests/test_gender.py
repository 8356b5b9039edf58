"""Tests for the gender-mismatch detector (detector/detectors/gender.py).

Every example text below was written for these tests.
"""

from __future__ import annotations

import pytest

from detector.data import FINDING_TYPES
from detector.detectors import load_detector
from detector.detectors.gender import GenderMismatchDetector, _lexicon

DET = GenderMismatchDetector()


def run(ctx_for, text):
    ctx = ctx_for(text)
    return ctx, DET.detect(ctx)


def sentence_of(ctx, needle):
    """Index of the sentence that contains ``needle`` (fails loudly if absent)."""
    hits = [s.index for s in ctx.sentences if needle in s.text]
    assert hits, f"no sentence contains {needle!r}"
    return hits[0]


def only(findings):
    assert len(findings) == 1, [(f.text, f.sentence, f.explanation) for f in findings]
    return findings[0]


def check(ctx, f, pronoun, pron_sentence_needle, related):
    assert f.type == "gender_mismatch"
    assert ctx.text[f.start:f.end] == pronoun
    assert f.text == pronoun
    assert f.sentence == sentence_of(ctx, pron_sentence_needle)
    assert f.related == related
    assert 0.0 < f.confidence <= 1.0
    assert f.explanation.startswith(f'"{pronoun}" refers back to ')


# ---------------------------------------------------------------------------------------
# Must fire
# ---------------------------------------------------------------------------------------


def test_spokeswoman_he_two_sentences_later(ctx_for):
    text = (
        "Olena Kovalenko, a spokeswoman for the regional council, posted a video on Telegram late on Sunday. "
        "The footage showed a school gym with its roof torn open.\n\n"
        '"We will have the children back in class by spring," he wrote.'
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "he", "he wrote", [0])
    assert f.sentence == 2
    assert "Olena Kovalenko" in f.explanation
    assert "a woman" in f.explanation
    assert "first name Olena" in f.explanation
    assert "two sentences earlier" in f.explanation


def test_possessive_his_same_sentence(ctx_for):
    ctx, fs = run(ctx_for, "Natalya Popova said his team had been working for weeks to restore the water supply.")
    f = only(fs)
    check(ctx, f, "his", "Natalya Popova", [])  # same sentence: related leaves out the own sentence
    assert f.confidence >= 0.85
    assert "earlier in the same sentence" in f.explanation


@pytest.mark.parametrize(
    "name",
    ["Nataliia", "Natalja", "Nataliya", "Yelena", "Elena", "Iryna", "Tetyana", "Liudmyla", "Kateryna", "Yuliya",
     "Svitlana", "Oksana", "Aysha", "Layla", "Agnieszka", "Zuzana", "Jelena", "Tamar", "Anahit", "Zeynep"],
)
def test_female_first_name_variants(ctx_for, name):
    text = (
        f"{name} Shevchuk has volunteered at the railway station in Lviv since the first week of the war. "
        "He meets the evening train from Kramatorsk with tea and blankets."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "He", "evening train", [0])
    assert f"first name {name}" in f.explanation


@pytest.mark.parametrize(
    "name",
    ["Oleksii", "Oleksiy", "Alexei", "Dmitriy", "Dmytro", "Serhiy", "Sergei", "Volodymyr", "Andrii", "Yevhen",
     "Mykola", "Ihor", "Mohamed", "Muhammad", "Krzysztof", "Giorgi", "Tigran", "Mehmet"],
)
def test_male_first_name_called_she(ctx_for, name):
    text = (
        f"{name} Shevchuk, the head of the village council, inspected the damaged bridge on Friday. "
        "She said repairs would take at least a month."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "She", "repairs would take", [0])
    assert "a man" in f.explanation


def test_surname_only_later_reference(ctx_for):
    text = (
        "Hanna Tkachuk has run the animal shelter in Irpin since 2015.\n\n"
        "Dozens of dogs arrived after the occupation ended, many of them with shrapnel wounds.\n\n"
        "Tkachuk posted photographs of the kennels on Monday. Later he asked readers for blankets and food."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "he", "Later he asked", [sentence_of(ctx, "Tkachuk posted")])
    # the lone surname resolves to the full name given two paragraphs earlier
    assert "Hanna Tkachuk" in f.explanation


def test_ova_surname_with_unknown_first_name(ctx_for):
    text = (
        "Shakhnoza Rakhimova opened a sewing workshop in Bukhara after returning from Moscow. "
        "He now employs eleven people, most of them former migrant workers."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "He", "now employs", [0])
    assert "surname Rakhimova" in f.explanation


def test_ms_title(ctx_for):
    text = (
        "Ms Hrytsenko told reporters that the shelter under the school was already full. "
        "He added that another two hundred beds would arrive by Thursday."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "He", "He added", [0])
    assert "Ms Hrytsenko, a woman (title Ms)" in f.explanation


def test_mrs_title_possessive(ctx_for):
    text = "Mrs Kowalczyk locked the shop at six and drove his van to the border crossing at Medyka."
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "his", "Kowalczyk", [])


def test_role_noun_gives_gender_to_name_of_unknown_gender(ctx_for):
    # "Li Wen" says nothing about gender; "a spokeswoman" does
    text = (
        "Li Wen, a spokeswoman for the commerce ministry, told a briefing that exports had recovered. "
        "He declined to give figures for the second quarter."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "He", "declined to give", [0])
    assert "described as a spokeswoman" in f.explanation


def test_the_spokeswoman_refers_to_most_recent_woman(ctx_for):
    text = (
        "Iryna Lytvyn leads the press office of the state emergency service in Odesa.\n\n"
        "On Monday the spokeswoman said his rescuers had pulled four people from the rubble."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "his", "the spokeswoman said", [])
    assert "Iryna Lytvyn" in f.explanation
    assert '"the spokeswoman"' in f.explanation


def test_the_actress_is_not_the_last_man(ctx_for):
    # a gendered epithet resolves to the most recent woman, not to the most recent celebrity
    text = (
        "The actress Oksana Zhuk opened the film festival in Odesa. The films were shown in a cinema by the sea. "
        "Tickets sold out within an hour. The jury included the comedian Taras Bondar. "
        "The actress said she would return next year."
    )
    ctx, fs = run(ctx_for, text)
    assert fs == [], [(f.text, f.explanation) for f in fs]


def test_herself_reflexive(ctx_for):
    text = (
        "Mykola Babenko, 63, stayed in Vovchansk through the whole winter. "
        "In the spring, after the bridge was hit, Babenko blamed herself for not leaving sooner."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "herself", "blamed herself", [])
    assert "Mykola Babenko" in f.explanation


def test_content_farm_epithets(ctx_for):
    text = (
        "The popular performer Svetlana Loboda published new photos on Instagram. "
        "In the pictures, the star poses in a black dress against the background of the sea.\n\n"
        "Fans immediately noticed that the singer had changed his hairstyle."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "his", "his hairstyle", [])
    assert 'Svetlana Loboda ("the singer")' in f.explanation


def test_natalya_popova_is_a_woman(ctx_for):
    # named-entity recognisers have tagged this name as a place; here it must be a woman
    text = "Natalya Popova, a resident of Kharkiv, spent the night in a metro station. He said it was the loudest night since May."
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "He", "loudest night", [0])


def test_slip_repeated_is_flagged_each_time(ctx_for):
    text = (
        "Halyna Marchuk has taught music in Bucha for thirty years. "
        "He still keeps the school piano that survived the occupation. "
        "His pupils now rehearse in the basement."
    )
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["He", "His"]
    assert [f.sentence for f in fs] == [1, 2]
    assert [f.related for f in fs] == [[0], [0]]


# ---------------------------------------------------------------------------------------
# Confidence
# ---------------------------------------------------------------------------------------


def test_confidence_ranks_evidence(ctx_for):
    def conf(text):
        return only(run(ctx_for, text)[1]).confidence

    tail = " He said the canteen would reopen next week."
    lexicon = conf("Oksana Dovzhenko chairs the parents' committee." + tail)
    surname = conf("Mekhriniso Dovzhenkova chairs the parents' committee." + tail)
    mostly = conf("Lindsay Greer chairs the parents' committee." + tail)
    assert lexicon > surname > mostly


def test_confidence_falls_with_distance(ctx_for):
    near = "Oksana Dovzhenko opened the canteen. He said it would serve two hundred meals."
    far = (
        "Oksana Dovzhenko opened the canteen. The kitchen was rebuilt with money from donors. "
        "Volunteers painted the walls. He said it would serve two hundred meals."
    )
    c_near = only(run(ctx_for, near)[1]).confidence
    c_far = only(run(ctx_for, far)[1]).confidence
    assert c_near > c_far


def test_min_confidence_is_a_threshold(ctx_for):
    text = "Lindsay Greer chairs the parents' committee. He said the canteen would reopen next week."
    strict = GenderMismatchDetector(min_confidence=0.95)
    assert strict.detect(ctx_for(text)) == []
    assert len(DET.detect(ctx_for(text))) == 1


# ---------------------------------------------------------------------------------------
# Must not fire
# ---------------------------------------------------------------------------------------

NEAR_MISSES = {
    "male name in between": (
        "Olena Kovalenko, who replaced Andriy Melnyk in March, said she would visit the front-line villages."
    ),
    "male name in between, he": (
        "Olena Kovalenko, who replaced Andriy Melnyk in March, said he had left the office in good order."
    ),
    "man met after woman": "Olena Kovalenko met Dmytro Shevchenko on Monday. He said the talks had gone well.",
    "two people, correct pronouns": (
        "Iryna Bondarenko has run the bakery since 2009. Her husband, Serhiy, repairs the ovens when the power "
        "cuts damage the wiring. He says the generators are the hardest part. She says it is the paperwork."
    ),
    "pronoun inside a quote": (
        "Olena Kovalenko described the night the shelling began.\n\n"
        '"He kept shouting that we had to run to the basement," she said.'
    ),
    "pronoun inside a quote spanning sentences": (
        'Tetiana Marchenko remembers the first day. "My neighbour came to the door. He told us to leave '
        'everything," she said.'
    ),
    "unknown-gender surname": "Iryna Hrytsenko thanked Smith for his help with the evacuation buses.",
    "unknown-gender given name": "Natalya Popova spoke with Kim on Monday. He promised to send more generators.",
    "ambiguous Slavic diminutive": "Oksana Ivanchuk waited for Sasha at the station. He arrived two hours late.",
    "places and organisations": (
        "Officials from Moldova arrived in Geneva for the talks.\n\nStay Connected\n\n"
        "Amnesty International published its report from Kharkiv on Tuesday. He said the findings were grim."
    ),
    "places a name guesser calls people": "Talks moved from Paris to Jordan last week. She said little progress was made.",
    "her husband then he": (
        "Natalya Popova said her husband had been detained at a checkpoint in March. "
        "He was released on Friday after a prisoner exchange."
    ),
    "plural and shared surname": (
        "Olena and Dmytro Kovalenko have farmed near Sumy for twenty years. The fields were mined in 2022. "
        "Sappers cleared them last autumn. The first wheat was sown in April. Rain came late. "
        "Kovalenko said he would not sell the land."
    ),
    "plural they": "Olena Kovalenko and her neighbours said they would stay until the school reopened.",
    "far away after a new man": (
        "Olena Kovalenko opened the shelter in 2015. It has grown to two hundred dogs. "
        "The district head, Taras Melnyk, visited on Friday. He promised money for a new fence."
    ),
    "company it": "Iryna Hrytsenko said Naftogaz had paid its debts. The company said it would invest more.",
    "he or she": (
        "Maria Zakharova commented on the new rules. Every applicant must prove that he or she has lived in the "
        "city for a year."
    ),
    "ship she": (
        "Captain Anton Kuprin commanded the cruiser for six years. She was towed to port after the fire."
    ),
    "honorific": "Olena Kovalenko greeted His Majesty at the embassy.",
    "cataphora": (
        "Olena Kovalenko won the vote by a wide margin. In his first interview since the count, Dmytro "
        "Shevchenko congratulated her."
    ),
    "chinese surname He": "Yulia Svyrydenko met Vice Premier He Lifeng in Beijing. He Lifeng said trade would grow.",
    "epithet not introduced": (
        "Olena Kovalenko went to the concert in Lviv. The singer performed for two hours, and he thanked the crowd."
    ),
    "mr title": "Iryna Hrytsenko thanked Mr Holmes for his help.",
    "particles and common-word first name": "Ursula von der Leyen spoke to Mark Rutte. He said NATO would respond.",
    "byline": "By Iryna Lytvyn\n\nThe new bridge over the river opened on Monday. He said traffic would double.",
    "unknown person noun": "Iryna Hrytsenko said the driver was wounded near Bakhmut. He is now in hospital.",
    "unnamed age": "Iryna Hrytsenko said a 34-year-old was wounded near Bakhmut. He is now in hospital.",
    "organisation speaking": "Yuliia Svyrydenko arrived in Brussels. Amnesty International said he had been warned.",
    "no person at all": "The water supply was restored on Tuesday. He said the pumps were working again.",
    "object pronoun cannot be the subject": (
        "A driver arrived to collect the bread for a field kitchen.\n\n"
        "Iryna Bondarenko waved him off and went back to the dough."
    ),
    "he and her in one sentence": (
        "Petro Savchuk has kept bees near Chernihiv for forty years.\n\n"
        "A neighbour, Hanna Melnyk, helps with the harvest. He pays her in honey."
    ),
    "pronoun in a relative clause after a new subject": (
        "Dmytro Shevchenko was killed near Bakhmut in March.\n\n"
        "Olena Kovalenko, who had known him since school, said the village would name a street after him."
    ),
    "protagonist continues after a side character": (
        "Petro Savchuk has kept bees near Chernihiv for forty years. He moved the hives into his cellar in 2022.\n\n"
        "Olena Tymchenko, a biologist from Kyiv, visited the apiary in May. She took samples from every hive.\n\n"
        "He shows visitors a jar of dark buckwheat honey from the first summer after the occupation."
    ),
}


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_near_misses(ctx_for, name):
    ctx, fs = run(ctx_for, NEAR_MISSES[name])
    assert fs == [], [(f.text, f.sentence, f.explanation) for f in fs]


def test_new_subject_sets_older_men_aside(ctx_for):
    # the men are named in an earlier paragraph; the woman is the subject right before "He"
    text = (
        "Prime Minister Viktor Orban spoke with the Commission late on Sunday night.\n\n"
        "Kaja Kallas told reporters the money would go mainly to artillery shells. "
        "He said deliveries would begin within weeks."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "He", "deliveries would begin", [1])
    # setting people aside costs confidence: the same slip without the older paragraph is surer
    alone = only(run(ctx_for, text.split("\n\n", 1)[1])[1])
    assert alone.confidence > f.confidence
    # in the same paragraph the older man stays a plausible antecedent
    assert DET.detect(ctx_for(text.replace("\n\n", " "))) == []


def test_window_limit(ctx_for):
    # the woman is named four sentences before the pronoun: outside the default window
    text = (
        "Oksana Dovzhenko opened the canteen in March. The kitchen was rebuilt with money from donors. "
        "Volunteers painted the walls. The first meals were served on a Sunday. He said it would serve more."
    )
    assert DET.detect(ctx_for(text)) == []
    wide = GenderMismatchDetector(window_sentences=4)
    assert [f.text for f in wide.detect(ctx_for(text))] == ["He"]


# ---------------------------------------------------------------------------------------
# Plumbing
# ---------------------------------------------------------------------------------------


def test_registered_and_code_is_public():
    assert load_detector("gender:GenderMismatchDetector") is GenderMismatchDetector
    assert GenderMismatchDetector.codes == ("gender_mismatch",)
    assert "gender_mismatch" in FINDING_TYPES


def test_lexicon_is_curated():
    lex = _lexicon()
    assert len(lex) > 500
    assert set(lex.values()) == {"m", "f"}
    for name, gender in [("natalya", "f"), ("natalja", "f"), ("oleksii", "m"), ("alexei", "m"), ("yelena", "f"),
                         ("dmitriy", "m"), ("mohammed", "m"), ("fatima", "f"), ("aysha", "f"), ("bohdana", "f")]:
        assert lex[name] == gender, name
    for ambiguous in ["sasha", "zhenya", "valya", "andrea", "jean", "kim", "nikola", "georgia", "paris"]:
        assert ambiguous not in lex


def test_empty_and_pronoun_free_text(ctx_for):
    assert DET.detect(ctx_for("")) == []
    assert DET.detect(ctx_for("Shelling resumed overnight.")) == []


ARTICLE = """Court jails former official; town mourns teacher

A district court in Rivne on Thursday sentenced former deputy mayor Ruslan Kovtun to six years in prison for \
embezzling funds meant for bomb shelters. Judge Alla Mazur said the evidence against him was overwhelming.

Kovtun, 51, denied the charges. His lawyer, Viktor Dudnyk, told journalists he would appeal the verdict. Dudnyk \
said his client had been made a scapegoat.

Prosecutor Marta Kravets welcomed the ruling. She told the court that the money could have protected hundreds of \
children.

In the same town, hundreds gathered on Saturday to bury Nina Bilyk, a maths teacher who died when a missile \
struck her apartment block. She was 58.

Her former pupil, Maksym Horbach, now a soldier, came on leave for the funeral. He said she had taught him to \
never give up. "She called me every birthday," Horbach said.

Bilyk's daughter, Kateryna, thanked the rescuers who searched the rubble for two days. Her brother was still \
abroad and could not attend, she said.

Mayor Oleksandr Tretiak declared a day of mourning. He said the city would name a school after Bilyk.

In football, Veres Rivne beat Dynamo Kyiv 2-1. Coach Olha Ponomarenko praised her players. Striker Ivan Holub \
scored both goals. He dedicated them to his late grandmother.

Ponomarenko said the team had trained in a bomb shelter during air raid alerts. She hopes the stadium will be \
repaired before winter.

Share this article: Facebook | Telegram | Viber

Stay Connected

Petro Savchuk has kept bees on the edge of Rivne for forty years. When the tanks came near the border in 2022, \
he moved the hives into his cellar and waited.

His wife, Lyudmila, left for Poland with their granddaughter in the first week. She came back in the autumn. \
"I could not leave him alone with the bees," she said.

The local council says about a dozen beekeepers still work in the district. Its head, Natalia Hordiienko, has \
promised to repair the road to the apiaries by summer.

Savchuk is sceptical. He has heard such promises before.

"The road was broken before the war," he said, lifting a frame heavy with honey.

Olena Tymchenko, a biologist from Kyiv who studies pollinators, visited the apiary in May. She took samples from \
every hive.

He shows visitors a jar of dark buckwheat honey from the first summer after the occupation. It is not for sale.

Every morning Savchuk walks the rows of hives. Hordiienko says the district will buy new frames for him. He says \
he will believe it when he sees them.

Their son, Andriy, serves in the army near Pokrovsk. Lyudmila calls him every evening. She says he rarely talks \
about the front.

A neighbour, Hanna Melnyk, helps with the harvest. He pays her in honey.

Amnesty International said in a report that attacks on energy infrastructure had left many villages without \
heating. Tetiana Moroz, a veteran nurse, retired after 40 years. Her colleague Oleh Brovko organised a party. He \
gave her flowers.

In Lutsk, Anastasiya Lysenko opened a bakery that employs women whose husbands are at the front. She says the \
first loaves sold out by nine. Her business partner, Yaroslav Kuzmenko, handles the deliveries. He drives to the \
villages twice a week.

Kuzmenko said fuel prices had doubled since the spring. The regional governor, Ivan Rudnytskyi, promised \
subsidies for small firms. He did not say when they would be paid.

Lysenko plans to open a second shop in Kovel. She has already found a building near the station, and her \
sister will run it.
"""

#: (clean text, slipped text, the sentence the finding must sit in)
SLIPS = [
    ("She told the court that", "He told the court that", "the money could have protected"),
    ("She was 58.", "He was 58.", "was 58."),
    ("praised her players", "praised his players", "praised his players"),
    ("She hopes the stadium", "He hopes the stadium", "hopes the stadium"),
]


def test_clean_article_has_no_findings(ctx_for):
    assert len(ARTICLE.split()) > 550
    ctx, fs = run(ctx_for, ARTICLE)
    assert fs == [], [(f.text, f.sentence, f.explanation) for f in fs]


def test_slipped_article(ctx_for):
    text = ARTICLE
    for old, new, _ in SLIPS:
        assert text.count(old) == 1
        text = text.replace(old, new)
    ctx, fs = run(ctx_for, text)
    got = [(f.text, f.sentence) for f in fs]
    want = [(new.split()[0] if new.split()[0] in ("He", "She") else new.split()[1], sentence_of(ctx, needle))
            for _, new, needle in SLIPS]
    assert got == want
    for f in fs:
        assert ctx.text[f.start:f.end] == f.text
        assert f.related and f.related[0] <= f.sentence or f.related == []


# --- speaker binding: "X, role, said she ..." and "X said ... / He added ..." ---------------


def test_speaker_of_the_same_sentence_binds_the_pronoun(ctx_for):
    text = (
        "Oksana Lytvyn, the head of a Kyiv charity, said many of the children needed help.\n"
        "She said some had been told their parents had abandoned them.\n"
        "Volodymyr Sahaidak, the director of the Return Home charity, which organised the return, "
        "said she had personally met several of the children at the border."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    check(ctx, f, "she", "had personally met", [])  # the antecedent is in the same sentence
    assert "speaking" in f.explanation


def test_sentence_opening_pronoun_continues_the_previous_speaker(ctx_for):
    text = (
        "The mayor said repair crews were working through the night.\n"
        "- Advertisement -\n"
        "The head of the city's energy company, Svitlana Hordiienko, said the damage was serious.\n"
        "He added that hospitals had been switched to backup generators."
    )
    ctx, fs = run(ctx_for, text)
    check(ctx, only(fs), "He", "added that hospitals", [2])


def test_possessive_opening_continues_the_previous_speaker(ctx_for):
    text = (
        "Deputy Minister Olena Shcherbyna said the corridor had become a lifeline.\n"
        "His ministry estimated that 2,000 vessels had used the route."
    )
    ctx, fs = run(ctx_for, text)
    check(ctx, only(fs), "His", "ministry estimated", [0])


def test_speaker_rules_do_not_fire_when_a_man_is_in_play(ctx_for):
    texts = [
        # a man named earlier in the same paragraph
        "Andriy Melnyk lost the vote in March. Olena Kovalenko said he had lied to the council.",
        # a male pronoun thread in the previous sentence
        "Every morning Savchuk walks the hives.\nHordiienko says the district will buy frames for him.\n"
        "He says he will believe it when he sees them.",
        # a man named in the previous sentence
        "Olena Kovalenko met Dmytro Shevchenko on Monday.\nHe said the talks were useful.",
        # the speaker is the man himself
        "Olena Kovalenko praised the plan.\nDmytro Shevchenko, her deputy, said he would present it on Friday.",
    ]
    for text in texts:
        assert DET.detect(ctx_for(text)) == [], text


def test_shared_surname_of_father_and_daughter_is_not_a_slip(ctx_for):
    text = (
        "LINZ, Austria — Anhelina Horbach of Ukraine won her first title on Sunday.\n"
        "Horbach grew up in Kharkiv, where her father, Serhiy Horbach, still runs the club where she learned to play.\n"
        "Speaking by phone, Serhiy Horbach said he had watched the final on a laptop.\n"
        "Horbach said she planned to buy equipment for junior players at the club."
    )
    assert DET.detect(ctx_for(text)) == []


# ---------------------------------------------------------------------------------------
# Salience: the subject of the clause before, speakers and posters, role nouns for a subject
# ---------------------------------------------------------------------------------------


def test_poster_is_the_writer_past_a_noun_nested_in_her_apposition(ctx_for):
    text = (
        "Oksana Lytvyn, an adviser to the head of the regional council, posted photos of the flooded "
        "underpass on Facebook on Tuesday. The water had reached the windows of parked cars.\n\n"
        "“Nobody warned the drivers, and nobody closed the road,” he wrote in the caption."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    assert f.text == "he" and f.related == [0]
    assert "Oksana Lytvyn" in f.explanation and "speaking or posting" in f.explanation


def test_poster_chain_near_misses(ctx_for):
    # a man named between the poster and the writer may be the writer
    text = (
        "Oksana Lytvyn, an adviser to the head of the regional council, posted photos of the flooded "
        "underpass on Tuesday. Her deputy Petro Savchuk answered the complaints within an hour.\n\n"
        "“Nobody warned the drivers,” he wrote."
    )
    assert DET.detect(ctx_for(text)) == []
    # the pronoun is not the subject of a speech verb: the nested head may be meant
    text = (
        "Oksana Lytvyn, an adviser to the head of the regional council, posted photos of the flooded "
        "underpass on Tuesday.\n\nThe council has since promised that he will answer every complaint."
    )
    assert DET.detect(ctx_for(text)) == []


def test_role_noun_subject_stands_for_the_named_official(ctx_for):
    text = (
        "Carmen Robledo defended the opening of the border to foreign tourists on Sunday. "
        "The president of the Community of Valencia assured that visitors would be welcome.\n\n"
        "The head of the Valencia government said he regretted the collapse of the coalition."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    assert f.text == "he"
    assert "Carmen Robledo" in f.explanation and '"the head"' in f.explanation


def test_subject_of_the_sentence_outranks_an_unnamed_role_before_it(ctx_for):
    text = (
        "The opposition criticised the regional leader for the closures. "
        "This is how Marta Quintero answered in an interview published on Sunday, in which he also "
        "admitted that the rules had come too late."
    )
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["he"]


@pytest.mark.parametrize(
    "text",
    [
        # the mayor introduced as a person of his own
        "Olena Kovalenko met the mayor on Monday. The mayor said he would not resign.",
        # a role with no named body, never attached to her: a new person
        "Olena Kovalenko visited the flooded school on Monday. The director said he had asked for pumps.",
        # the pronoun in a relative clause on the subject points back past her
        "The driver was taken to hospital in Lutsk. Olena Kovalenko, who had known him for years, "
        "said the road had been closed.",
    ],
)
def test_salience_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_japanese_family_name_written_first_is_no_given_name(ctx_for):
    # translations from Japanese keep the family name first; gender_guesser reads some of those
    # family names as given names ("Sato" mostly female, "Saito" female)
    det = GenderMismatchDetector()
    for text in (
        "Police chief Sato Keizo said his officers would patrol the school routes.",
        "The plan was drawn up by Saito Kenji and his team at the city office.",
    ):
        assert det.detect(ctx_for(text)) == [], text


# ---------------------------------------------------------------------------------------
# Syntax that fixes the referent; "its" for a person; a run of slips
# ---------------------------------------------------------------------------------------


def test_possessor_of_statements_speaks_in_the_relative_clause(ctx_for):
    text = (
        "Mykola Tkachuk, the mayor, opened the session on Tuesday.\n\n"
        "Reporters asked him about Hanna Vlasenko's statements, in which he warned that the bridge would close."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    assert f.text == "he" and f.sentence == sentence_of(ctx, "in which he")
    assert "Hanna Vlasenko" in f.explanation and "statements" in f.explanation
    # the same clause on what a man said is no slip, nor "she" in it for the woman
    for ok in (
        text.replace("Hanna Vlasenko's", "Taras Hnatiuk's"),
        text.replace("in which he warned", "in which she warned"),
        # the possessor says nothing: "the report of" is no speech noun
        "Mykola Tkachuk opened the session.\n\nHe read Hanna Vlasenko's report, in which he found errors.",
    ):
        assert DET.detect(ctx_for(ok)) == [], ok


def test_speech_noun_of_a_named_woman(ctx_for):
    text = ("Andriy Lysenko chaired the hearing. The committee then read the letter of Olha Savchenko "
            "in which he asked for an audit.")
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["he"]
    assert "Olha Savchenko" in fs[0].explanation


def test_asked_clause_belongs_to_the_subject_named_after_it(ctx_for):
    text = (
        "Serhiy Bondar, the party's treasurer, declined to comment on the accounts.\n\n"
        "Asked whether he would run again if he lost the vote, Kateryna Moroz said the party would decide."
    )
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["he", "he"]
    assert all("Kateryna Moroz" in f.explanation and '"asked"' in f.explanation for f in fs)
    assert fs[0].confidence >= 0.8


@pytest.mark.parametrize(
    "text",
    [
        # the pronoun is in the main clause: "he" is whoever was speaking before
        "Serhiy Bondar spoke to the press. Asked about Kateryna Moroz, he said the vote was fair.",
        # another person inside the "asked" clause, before the pronoun, may be the one meant
        "Serhiy Bondar lost the vote. Asked whether Bondar's deputy thought he would resign, Kateryna Moroz "
        "said she did not know.",
        # the woman is the object, not the subject, of the main clause
        "Serhiy Bondar lost the vote. Asked whether he would resign, the party thanked Kateryna Moroz.",
        # the correct pronoun
        "Asked whether she would run again, Kateryna Moroz said the party would decide.",
    ],
)
def test_asked_clause_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_its_for_a_woman(ctx_for):
    text = (
        "Marta Quintero, the regional president, appeared on a late-night show on Tuesday. "
        "The politician of the People's Party spoke about the budget as well as its most personal side."
    )
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    # "The politician" re-describes her (an office-holder named with her office): the antecedent
    # is that noun, in the finding's own sentence
    assert f.text == "its" and f.sentence == 1 and f.related == []
    assert "Marta Quintero" in f.explanation and "a woman" in f.explanation
    same = run(ctx_for, "Olena Kovalenko, 52, moved to Lviv with its husband in 2022.")[1]
    assert [f.text for f in same] == ["its"]


@pytest.mark.parametrize(
    "text",
    [
        # a company, a country, a ship, a report after a woman's name
        "Iryna Hrytsenko chairs Naftogaz. The company said its parent company would cover the debt.",
        "Olena Kovalenko praised Moldova. The country and its president have stood by Ukraine.",
        "Captain Oksana Lytvyn sailed the tanker to Odesa. It docked beside its sister ship on Monday.",
        "Natalya Popova wrote the report. It says its personal data rules protect every patient.",
        "Olena Kovalenko leads the fund. Its daughter company in Poland opened in May.",
        # an animal
        "Hanna Melnyk found the foal in the field. It stayed close to its mother all night.",
        # "her" where the person is a woman
        "Olena Kovalenko moved to Lviv with her husband in 2022.",
        # a man between the woman and "its": no subject to bind to
        "Olena Kovalenko spoke first. Taras Melnyk's company and its founder's son were named.",
    ],
)
def test_its_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_he_said_after_a_quote_continues_a_run_of_slips(ctx_for):
    # a pro-drop source: every pronoun for her comes out masculine, the quote's tag too
    text = (
        "Laura Benítez was blunt in a radio interview on Monday. Although he says he does not care, he admits "
        "that the attacks hurt.\n\n"
        "“I do not take it personally. Anyone in my place would be a target,” he said."
    )
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["he", "he", "he", "he"]
    assert "Laura Benítez" in fs[-1].explanation
    # the same article written right has no finding
    right = text.replace("he says he", "she says she").replace(", he admits", ", she admits")
    right = right.replace("” he said", "” she said")
    assert DET.detect(ctx_for(right)) == []


def test_quoted_woman_speaking_about_a_man_is_no_slip(ctx_for):
    text = (
        "Laura Benítez spoke after the vote. “He has done everything to block this law,” she said of the "
        "opposition leader.\n\n"
        "“He will not stop me,” she added."
    )
    assert DET.detect(ctx_for(text)) == []


def test_man_and_woman_in_one_paragraph(ctx_for):
    text = (
        "Laura Benítez and Tomás Ferrer signed the agreement on Friday. He said it would save jobs, and she "
        "said it came late.\n\n"
        "“Rain is on its way,” he joked."
    )
    assert DET.detect(ctx_for(text)) == []


def test_fronted_role_named_in_apposition_is_the_subject(ctx_for):
    text = ("The head of the regional council and candidate for re-election, Olena Kovalenko, said on Monday "
            "that the bridge would reopen, and he thanked the engineers.")
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["he"]
    # a clause before the comma is no noun phrase: the head is a person of his own
    clause = ("The head of the council thanked the engineer on Monday, Olena Kovalenko, for her work. "
              "He said the bridge was safe.")
    assert DET.detect(ctx_for(clause)) == []


def test_vice_president_is_not_the_president(ctx_for):
    text = ("The president of the regional council, Olena Kovalenko, opened the session. She met the vice "
            "president afterwards. The president said the budget was final.")
    assert DET.detect(ctx_for(text)) == []
    slip = text.replace("The president said", "The president said his")
    assert [f.text for f in DET.detect(ctx_for(slip))] == ["his"]


def test_a_word_after_a_neutral_title_is_a_surname(ctx_for):
    # gender_guesser knows "Archibald" as a man's given name; after "Minister" it is a surname
    text = ("Transport Minister Archibald met the rail unions on Monday. Archibald took the post in May; "
            "before that she ran the city's bus company.")
    assert DET.detect(ctx_for(text)) == []


def test_dialogue_thread_is_not_set_aside(ctx_for):
    text = (
        "A reporter said the match had looked scrappy.\n\n"
        "“Too many loose serves, too many easy points given away,” he said.\n\n"
        "Serena Kovalenko answered that it was a negative thing to say.\n\n"
        "He came back, saying it was only his observation."
    )
    assert DET.detect(ctx_for(text)) == []


def test_place_before_a_speech_verb_is_no_person(ctx_for):
    # "the Region of Murcia assured": the verb belongs to the noun before "of"
    text = ("Marta Quintero defended the new tourist tax on Sunday. The president of the Region of Murcia "
            "assured that the money would go to the parks, and he promised a vote.")
    assert [f.text for f in DET.detect(ctx_for(text))] == ["he"]


def test_unnamed_role_whose_apposition_tells_the_gender(ctx_for):
    ctx, fs = run(ctx_for, "The health minister, a mother of two, said on Monday that he would not resign.")
    f = only(fs)
    assert f.text == "he" and '"the minister, a mother"' in f.explanation and "a woman" in f.explanation
    ctx, fs = run(ctx_for, "The driver, a father of three, was wounded near Izium. She is now in hospital in Kharkiv.")
    assert [f.text for f in fs] == ["She"]


@pytest.mark.parametrize(
    "text",
    [
        "The health minister, a mother of two, said on Monday that she would not resign.",
        # a kin noun owned by someone else is a second person
        "The minister, her daughter said, would not resign. He was in Brussels at the time.",
        # a weak -man noun tells nothing of the minister
        "The minister, a former spokesman, said he would stay.",
        # a mother and a man in one sentence
        "The nurse, a mother of two, met the surgeon on Monday, and he thanked her.",
    ],
)
def test_unnamed_role_apposition_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_a_name_later_in_the_pronouns_own_clause_is_not_its_referent(ctx_for):
    # "He met Terekhov": the subject is not the man named after it in its own clause
    text = ("Olena Kovalenko arrived in Kharkiv on Monday morning. He met Mayor Ihor Terekhov at the station "
            "to discuss the repairs.")
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    assert f.text == "He" and "Olena Kovalenko" in f.explanation


@pytest.mark.parametrize(
    "text",
    [
        # a clause boundary: the man may be the one "he" stands for
        "Olena Kovalenko arrived in Kharkiv on Monday. When he saw the station, Ihor Terekhov called the army.",
        "Olena Kovalenko arrived in Kharkiv on Monday. He said Ihor Terekhov had asked for help.",
        # the man named before the pronoun is a plausible referent
        "Olena Kovalenko arrived with Ihor Terekhov on Monday. He met the governor at the station.",
        # a possessive is no subject
        "Olena Kovalenko arrived in Kharkiv on Monday. His car took Ihor Terekhov to the station.",
    ],
)
def test_disjoint_subject_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_it_said_makes_the_source_before_it_an_agency(ctx_for):
    text = ("Singer Dilnoza Karimova, 41, was detained at her flat in Tashkent on Friday, Podrobno said, citing "
            "the police. It said he had been charged with insulting officials.")
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    assert f.text == "he" and "Dilnoza Karimova" in f.explanation


@pytest.mark.parametrize(
    "text",
    [
        # a person as the source: "he" may be that person
        "Singer Dilnoza Karimova was detained on Friday, Rakhimov said. He said the charges were political.",
        # the organisation speaks about someone the article never names
        "Yuliia Svyrydenko arrived in Brussels. Amnesty International said he had been warned.",
        # "It said" with the right pronoun
        "Singer Dilnoza Karimova was detained on Friday, Podrobno said. It said she had been charged.",
    ],
)
def test_it_said_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


# ---------------------------------------------------------------------------------------
# The article's protagonist: a run of slips past the men she only talks about
# ---------------------------------------------------------------------------------------

# A machine translation of a regional leader's day from a pro-drop source: the lede names
# her with her offices, an earlier slip shows the translator's habit ("in which he warned"
# for another woman), a subheading names the man she attacks, and the subject pronouns
# after it are hers.
PROTAGONIST = (
    "The president of the Region of Murcia and candidate for re-election, Marta Quintero Vidal, has "
    "criticised that the Minister of Housing, Elena Sastre, keeps promising flats that never arrive.\n"
    "The Murcia leader joked before the reporters about Sastre's statements in which he warned that "
    "rents would rise again if the region kept its tax cuts.\n"
    "On Ruiz: “He only has to come to our rallies”\n"
    "{opening} also had words for the Socialist candidate. The president ironized that with the plans "
    "announced by the Socialist candidate, Tomás Ruiz, “he only has to come to our rallies to clap”.\n"
    "“The wind is turning our way”, {tag} in a campaign event in Lorca."
)


def test_protagonist_subject_after_a_heading_naming_a_man(ctx_for):
    text = PROTAGONIST.format(opening="He", tag="she joked")
    ctx, fs = run(ctx_for, text)
    hits = [f for f in fs if f.text == "He"]
    assert len(hits) == 1, [(f.text, f.explanation) for f in fs]
    f = hits[0]
    assert f.sentence == sentence_of(ctx, "also had words")
    assert "Marta Quintero Vidal" in f.explanation and "whom the article is about" in f.explanation
    assert f.related == [sentence_of(ctx, "The Murcia leader joked")]
    # the slip that shows the habit is the earlier one, for the minister
    assert any(f.text == "he" and "Elena Sastre" in f.explanation for f in fs)
    # the quoted "he" is the man she talks about
    assert not any(f.text.lower() == "he" and ctx.text[f.start - 1] == "“" for f in fs)


def test_protagonist_speaker_past_the_target_of_her_remarks(ctx_for):
    # "he joked" after the sentence in which she ironized about a man named after "by"
    text = PROTAGONIST.format(opening="She", tag="he joked")
    ctx, fs = run(ctx_for, text)
    hits = [f for f in fs if f.text == "he" and f.sentence == sentence_of(ctx, "The wind is turning our way")]
    assert len(hits) == 1, [(f.text, f.explanation) for f in fs]
    assert "Marta Quintero Vidal" in hits[0].explanation
    assert hits[0].related == [sentence_of(ctx, "The president ironized")]


def test_the_leader_of_the_body_she_heads_is_her(ctx_for):
    # "The Murcia leader" re-describes the president of the Region of Murcia
    text = ("The president of the Region of Murcia, Marta Quintero Vidal, visited the port on Monday. "
            "The Murcia leader assured that he would not raise the port fees.")
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    assert f.text == "he" and "Marta Quintero Vidal" in f.explanation


@pytest.mark.parametrize(
    "text",
    [
        # the leader of another body, and a mayor, are other people
        "The president of the Region of Murcia, Marta Quintero Vidal, visited the port on Monday. "
        "The Valencia leader assured that he would not raise the port fees.",
        "The president of the Region of Murcia, Marta Quintero Vidal, visited the port on Monday. "
        "The Murcia mayor assured that he would not raise the port fees.",
        "The president of the Region of Murcia, Marta Quintero Vidal, visited the port on Monday. "
        "The mayor of Lorca assured that he would not raise the port fees.",
    ],
)
def test_the_leader_of_another_body_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


@pytest.mark.parametrize(
    "body",
    [
        # no slip before: an article that never turned a woman into "he" may mean the man she named
        "The Murcia leader joked before the reporters about the plans announced by the Socialist "
        "candidate, Tomás Ruiz.\nHe also had words for the housing minister.",
        # the man she attacks replies
        "The Murcia leader joked before the reporters about Sastre's statements in which he warned that "
        "rents would rise.\nThe president joked about the plans of the Socialist candidate, Tomás Ruiz. "
        "“It is a fantasy,” he replied.",
        # a man is the subject of what she said: the next "he said" may be his
        "The Murcia leader joked before the reporters about Sastre's statements in which he warned that "
        "rents would rise.\nThe president said that Tomás Ruiz would lose in May. “I will not,” he said.",
        # a man and a woman speaking in turn
        "The Murcia leader joked before the reporters about Sastre's statements in which he warned that "
        "rents would rise.\nTomás Ruiz answered that the plan was fair. The president laughed. "
        "“We will see,” he added.",
        # an unnamed person of unknown gender acts in between
        "The Murcia leader joked before the reporters about Sastre's statements in which he warned that "
        "rents would rise.\nThe mayor of Lorca replied that the flats were ready. He also had words for "
        "the Socialist candidate.",
        # a heading names a man, and the paragraph after it is about him
        "The Murcia leader joked before the reporters about Sastre's statements in which he warned that "
        "rents would rise.\nOn Ruiz: “We will win”\nTomás Ruiz spoke in Lorca on Sunday. He also had "
        "words for the president.",
    ],
)
def test_protagonist_near_misses(ctx_for, body):
    lede = ("The president of the Region of Murcia and candidate for re-election, Marta Quintero Vidal, has "
            "criticised that the Minister of Housing, Elena Sastre, keeps promising flats.\n")
    ctx, fs = run(ctx_for, lede + body)
    # only the minister's slip, if the body holds it; nothing after it
    assert all(f.text == "he" and "Elena Sastre" in f.explanation for f in fs), [(f.text, f.explanation) for f in fs]


# ---------------------------------------------------------------------------------------
# "It" doing what a person does, for the person named just before
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Olena Kovalenko, the new minister of social policy, was sworn in on Friday. It is currently abroad "
         "and declined to comment on the appointment until her return.", "Olena Kovalenko"),
        ("Singer Daria Melnyk cancelled her concerts on Friday after falling ill. It posted a photo from her "
         "bed on Sunday, thanking her fans for their messages.", "Daria Melnyk"),
        ("Mr Farid Haddad was named deputy governor on Tuesday. It declined to comment. His office said the "
         "appointment would take effect in March.", "Farid Haddad"),
    ],
)
def test_it_for_a_person_named_just_before(ctx_for, text, name):
    ctx, fs = run(ctx_for, text)
    f = only(fs)
    assert f.text == "It" and name in f.explanation and "only a person does" in f.explanation
    assert f.related == [0]


@pytest.mark.parametrize(
    "text",
    [
        # a company, a ministry, a ship, a country, a report, a committee: "it" may be them
        "Maria Lopez, the chief executive of Nortex, resigned on Monday. It declined to comment on her departure.",
        "Olena Kovalenko met officials of the ministry on Monday. It declined to comment on her visit.",
        "Captain Anna Berg took command of the tanker in May. It is currently outside of Rotterdam, her crew said.",
        "Olena Kovalenko criticised Hungary on Monday. It declined to comment on her remarks.",
        "Olena Kovalenko presented the audit report on Monday. It declined to comment on her proposals.",
        "Olena Kovalenko wrote to the committee on Monday. It declined to comment on her letter.",
        # an agency's "It said"
        "Olena Kovalenko was detained on Friday, Podrobno said. It said her lawyer had not been allowed in.",
        # nothing confirms a person
        "Olena Kovalenko was sworn in on Friday. It is currently abroad.",
        # "it" for a situation, not doing what a person does
        "Olena Kovalenko was not at the meeting. It is currently unclear whether she will return.",
        # a place she went to, then the one who is abroad is another sentence's subject
        "Olena Kovalenko arrived in Ankara on Monday. The delegation met her there. It is currently abroad "
        "until her return.",
    ],
)
def test_it_for_a_person_near_misses(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_it_is_not_confirmed_by_a_pronoun_of_the_other_gender(ctx_for):
    # "his" is a slip of its own; it does not make "It" her
    ctx, fs = run(ctx_for, "Olena Kovalenko was sworn in on Friday. It declined to comment on his appointment.")
    assert [f.text for f in fs] == ["his"]


@pytest.mark.parametrize(
    "text",
    [
        # the pronoun right after "asked"/"told" is that verb's object, never its subject
        "Maya Okonkwo has interviewed 200 guests on her weekly podcast.\n"
        "Her guest was retired Gen. Robert Haines, who commanded the withdrawal. He has rarely spoken about it.\n"
        "Okonkwo asked him directly whether the timetable had been set by soldiers or by politicians.",
        "Maya Okonkwo hosts a weekly podcast.\n"
        "Gen. Robert Haines commanded the withdrawal. He has rarely spoken about it.\n"
        "“You keep asking me for a villain,” Haines told her. “I cannot give you a villain.”",
        "Maya Okonkwo hosts a weekly podcast.\n"
        "Gen. Robert Haines commanded the withdrawal. He has rarely spoken about it.\n"
        "In the second hour Haines tells her that the convoys left too late.",
    ],
)
def test_object_of_a_speech_verb_is_not_its_subject(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_a_pronoun_after_asked_whether_still_refers_to_her(ctx_for):
    ctx, fs = run(ctx_for, "Olena Kovalenko was asked on Monday whether he would stand again.")
    check(ctx, only(fs), "he", "stand again", [])


def test_the_and_a_surname_ending_is_a_thing_not_a_man(ctx_for):
    # "-in" is a Russian surname ending, but nobody is called "the Musikverein"
    text = ("The pianist Elisabeth Kern cancelled her tour after a fall.\n"
            "The Musikverein said it would hold the date for her in the new year.")
    assert DET.detect(ctx_for(text)) == []
    # the same ending without "the" still tells a man
    ctx, fs = run(ctx_for, "The talks ended late on Monday. Lavrov said she would return in March.")
    check(ctx, only(fs), "she", "Lavrov said", [])


@pytest.mark.parametrize(
    ("text", "pronoun", "needle"),
    [
        ("Dr. Fatou Diallo led the malaria trial in Mali. He said the vaccine had worked.", "He", "He said"),
        ("Ngozi Eze, the finance minister, said his budget would pass.", "his", "Ngozi"),
        ("Kwame Mensah, the finance minister, said her budget would pass.", "her", "Kwame"),
    ],
)
def test_west_and_southern_african_given_names(ctx_for, text, pronoun, needle):
    ctx, fs = run(ctx_for, text)
    check(ctx, only(fs), pronoun, needle, [] if needle != "He said" else [0])


def test_west_and_southern_african_given_names_near_misses(ctx_for):
    text = ("Dr. Fatou Diallo led the malaria trial in Mali. She said the vaccine had worked. "
            "Her deputy, Sipho Ndlovu, said he agreed.")
    assert DET.detect(ctx_for(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        # a speaker named before reports on the man the paragraph before was about
        "Judge Maria Santos read the verdict. The defendant, Paulo Reis, showed no emotion. "
        "He was sentenced to nine years.\nSantos said he had shown no remorse.",
        "Judge Maria Santos read the verdict. Paulo Reis showed no emotion.\nSantos said he had shown no remorse.",
    ],
)
def test_a_known_speaker_reports_on_the_man_just_before(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


def test_a_known_speaker_with_no_man_just_before_still_binds(ctx_for):
    text = ("Judge Maria Santos read the verdict. Paulo Reis showed no emotion.\n"
            "The hearing lasted less than an hour.\nSantos said he had read the evidence twice.")
    ctx, fs = run(ctx_for, text)
    check(ctx, only(fs), "he", "read the evidence twice", [])


@pytest.mark.parametrize(
    "text",
    [
        # an apposition that names her relative brings in the person the pronoun is about
        "Elena Rossi, the daughter of a former prime minister, said he had been a difficult father.",
        "Sofia Lind, the widow of a fisherman, said he had been at sea for 40 years.",
        "Ana Petrova, the mother of a conscript, said he had not called since May.",
    ],
)
def test_her_relative_in_apposition_is_the_referent(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        # "of two" names nobody; a role noun's "of" names a body, not a person
        "Elena Rossi, a mother of two, said he would run for mayor.",
        "Elena Rossi, the mother of three boys, said he would run for mayor.",
        "Elena Rossi, the head of the council, said he would run for mayor.",
    ],
)
def test_kin_in_apposition_that_names_nobody_still_binds(ctx_for, text):
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["he"]


@pytest.mark.parametrize("group", ["Residents", "Officials", "Witnesses", "Parties"])
def test_a_group_that_spoke_before_does_not_shield_the_slip(ctx_for, group):
    # "Residents said they ...": a plural common noun opening its sentence is never "he"
    text = f"{group} said they had heard promises before. Maria Costa said his sales had fallen by half."
    ctx, fs = run(ctx_for, text)
    check(ctx, only(fs), "his", "Maria Costa", [])


@pytest.mark.parametrize("name", ["Evans", "Jones", "Roberts", "Hughes"])
def test_a_bare_surname_ending_in_s_that_spoke_before_still_blocks(ctx_for, name):
    # surnames whose singular is a given name or a rare word remain possible men
    text = f"{name} said they had heard promises before. Maria Costa said he had lost half of the sales."
    assert DET.detect(ctx_for(text)) == []


@pytest.mark.parametrize(
    "person",
    [
        "One keeper",  # a role noun the lexicon lacked
        "One of the nurses",  # one person picked out of a group
        "Another of his students",
        "One of the women",
    ],
)
def test_a_person_picked_out_after_the_man_takes_the_pronoun(ctx_for, person):
    text = (
        "The hospital's director, Tomas Berg, lets the staff speak to visitors. "
        f"{person} describes how she learned to work through the night."
    )
    assert DET.detect(ctx_for(text)) == []


@pytest.mark.parametrize("thing", ["One of the reasons", "One of the wards"])
def test_a_thing_picked_out_of_a_group_is_no_person(ctx_for, thing):
    # near-miss: "one of the reasons" names no one, so "she" still goes back to the man
    text = f"The hospital's director, Tomas Berg, met the staff on Monday. {thing}, she said, was pay."
    ctx, fs = run(ctx_for, text)
    assert [f.text for f in fs] == ["she"]


# -- names from many languages, and their near-misses ------------------------------------

@pytest.mark.parametrize("text", [
    # Korean, family name first: the hyphenated given name tells the gender
    "Park Ji-yeon, the head of the maritime bureau, said warmer water had played a part. "
    "He said the city would pay fishermen who hand in their licences.",
    # Vietnamese: the middle name Thị marks a woman, written with its diacritics
    "Nguyễn Thị Hồng Nhung, the deputy director of the food-safety board, told reporters that "
    "inspections would continue. He said vendors must keep their meat chilled.",
    # an Icelandic woman's patronymic outweighs a given name that is a man's elsewhere
    "The architect Gerd Magnúsdóttir designed the library in 1994. He had studied in Oslo.",
])
def test_names_read_from_their_own_language(ctx_for, text):
    _, found = run(ctx_for, text)
    assert [f.text for f in found] == ["He"]


@pytest.mark.parametrize("text", [
    "Wang Xiao-mei met Lee Min-ho on Monday. He said the deal was done.",
    "Trần Văn Khải has sold soup on the same corner for 19 years. He said a fridge would cost him "
    "three months of takings.",
    "The architect Gerd Magnúsdóttir designed the library in 1994. She had studied in Oslo.",
    # a man's form abroad is kept by a woman: no override that way round
    "Jessica Kowalski runs the bakery on the square. She opened it in 2010.",
    # "-ova" and "-eva" end Spanish and Catalan men's surnames too: the given name stands
    "Juan Córdova, the mayor of the town, opened the new market on Monday. He said it would bring jobs.",
    "Jorge Villanueva runs the ferry to the island. He bought a second boat in May.",
    "Jordi Vilanova has baked bread on the square since 1998. He opens at five.",
])
def test_names_read_from_their_own_language_near_misses(ctx_for, text):
    assert run(ctx_for, text)[1] == []


@pytest.mark.parametrize("text", [
    # Michal is a woman in Hebrew and a man in Czech; Adi, Gal, Lior ... are borne by both in Israel
    "Dr. Michal Bar-Lev led the vaccination study. She said one child in four had missed a dose.",
    "Michal Novák, the goalkeeper, saved twice. He said the team had deserved the win.",
    "Lior Ben-David chairs the residents' committee. She said the noise had not stopped.",
])
def test_given_names_of_both_genders_in_hebrew_are_not_read_as_one(ctx_for, text):
    assert run(ctx_for, text)[1] == []


def test_a_role_noun_as_modifier_is_no_person(ctx_for):
    # "midwife posts" names jobs, not a woman who could take the pronoun
    text = ("Regional health councillor Bohumila Šťastná defended the closures at a press conference. "
            "He said the region had advertised the midwife posts eleven times.")
    assert [f.text for f in run(ctx_for, text)[1]] == ["He"]


def test_a_pronoun_tagging_a_reported_clause_continues_the_speaker(ctx_for):
    text = ("Olena Kovalenko, the deputy director of the board, told reporters that inspections would continue.\n"
            "Vendors will have to show where their meat was bought, he added, and stalls that cannot will close.")
    assert [f.text for f in run(ctx_for, text)[1]] == ["he"]
    # a person in the clause may be the one who spoke
    text = ("Olena Kovalenko told reporters that inspections would continue. "
            "When the minister arrived, he said the plan was ready.")
    assert run(ctx_for, text)[1] == []


@pytest.mark.parametrize("person", ["the witness", "the boss"])
def test_one_person_whose_noun_ends_in_s_may_be_the_one_who_spoke(ctx_for, person):
    # "witness" and "boss" read as plurals like "vendors": the clause was taken for the last speaker's,
    # and "he" for Olena Kovalenko
    text = ("Olena Kovalenko told reporters that inspections would continue. "
            f"When {person} took the stand, he said the truck had no lights.")
    assert run(ctx_for, text)[1] == []


# A given name of unknown gender is told by the name beside it: a second given name, the given
# name after an East Asian family name, a Czech surname in its man's form.
@pytest.mark.parametrize("text,pronoun", [
    ("Alexis Marisol Quintero, a geologist who studied the slope, said the rain had loosened it. "
     "He said the road should stay closed.", "He"),
    ("Jean Rose Abad, who runs the shelter, said forty families were still there. "
     "He said more cots were on the way.", "He"),
    ("Chen Xiulan, who manages the orchard cooperative, said frost had hit the blossom. "
     "His cooperative will ask for a loan.", "His"),
    ("Michal Horák, the coach of the junior team, said the players were tired. "
     "She said the schedule was too tight.", "She"),
])
def test_unknown_given_name_told_by_its_neighbour(ctx_for, text, pronoun):
    assert [f.text for f in run(ctx_for, text)[1]] == [pronoun]


@pytest.mark.parametrize("text", [
    # a man's given name in second place may be the first of two Spanish surnames
    "Andrea Lorenzo Ruiz, who runs a cooperative near Jaén, said the harvest would be halved. She said prices would rise.",
    "Ariel Martín Pérez, who runs a cooperative near Jaén, said the harvest would be halved. She said prices would rise.",
    # Maria and Marie are men's second names too
    "Jean Marie Fontaine, the mayor, said the bridge would reopen. He said the repairs cost a fortune.",
    "Jan Maria Kowalczyk, the conductor, said the hall was full. He said the tour would go on.",
    # a Hebrew Michal is a woman, and her surname tells nothing
    "Michal Peretz, the hospital's director, said the ward was full. She said nurses worked double shifts.",
    # Polish women keep a surname in -ak; Czech women are -ová / -á
    "Andrea Nowak, the coach, said the players were tired. She said the schedule was too tight.",
    "Michal Horáková, the coach, said the players were tired. She said the schedule was too tight.",
    # a family name before a given name that is itself a name of unknown gender
    "Li Ming, the orchard's manager, said frost had hit the blossom. He said a loan would help.",
    # "Kim" before a Western surname that is also a man's given name is a woman's given name and
    # her surname, not a Korean family name and a man's given name
    "Kim Douglas, the new councillor for the ward, said turnout had been low. She thanked the volunteers.",
    "Kim Howard, the bank's chief economist, said inflation was falling. She expects one more rise.",
    # Sri Lanka is a place, not a person standing between a woman and her pronoun
    "Wambui Karanja said the harvest in Sri Lanka was good. She expects prices to fall.",
])
def test_unknown_given_name_neighbour_near_misses(ctx_for, text):
    assert run(ctx_for, text)[1] == []


def test_sri_lanka_is_no_person_between_a_woman_and_his(ctx_for):
    text = ("Wambui Karanja, a broker in Nairobi, said buyers had stock from Kenya and Sri Lanka. "
            "His firm expects prices to fall.")
    assert [f.text for f in run(ctx_for, text)[1]] == ["His"]


def test_a_name_only_usually_a_mans_that_the_text_keeps_calling_she(ctx_for):
    # the name guesser says "usually a man's"; the text goes on with "she" and never "he": she is a woman
    text = ("Sidney Whitfield said the storm had cut the power. Her mother had asthma, "
            "and she urged her to call an ambulance.")
    assert run(ctx_for, text)[1] == []
    # without the "she" that follows, the "Her" is read as a slip
    assert [f.text for f in run(ctx_for, "Sidney Whitfield said the storm had cut the power. "
                                          "Her mother had asthma.")[1]] == ["Her"]


def test_a_usually_female_name_called_he_once_is_still_a_slip(ctx_for):
    # one "he" for a name usually a woman's, with a woman's "she" for someone else after it: the slip stands
    text = ("Dewi Kartika, a lawyer, said the coast had sunk. He said the city had known for years. "
            "Siti Rahmawati said she raised her floor every year.")
    assert [f.text for f in run(ctx_for, text)[1]] == ["He"]


@pytest.mark.parametrize(("text", "pronoun"), [
    ("Coffee prices rose again, said Nguyen Thi Hoa, who exports beans from Dak Lak province. "
     "Hoa said he expected the harvest to be smaller this year.", "he"),
    ("The company is run by Pham Thi Thu Trang, who founded it in 2009. He said sales had doubled.", "He"),
    ("The port's director, Tran Van Duc, met the delegation on Tuesday. She said the new berth would open in May.", "She"),
])
def test_a_vietnamese_middle_name_tells_the_bearers_sex(ctx_for, text, pronoun):
    _, found = run(ctx_for, text)
    assert [f.text for f in found] == [pronoun]


@pytest.mark.parametrize("text", [
    "Coffee prices rose again, said Nguyen Thi Hoa, who exports beans from Dak Lak province. "
    "Hoa said she expected the harvest to be smaller this year.",
    "The port's director, Tran Van Duc, met the delegation on Tuesday. He said the new berth would open in May.",
    "Farmer Le Thi Mai met the deputy minister, Vo Van Hung, on Monday. Mai said he had promised to visit her farm.",
    "The envoy Pieter van Dijk met the trader Ho Thi Lan on Friday. Van Dijk said he was pleased with the talks.",
])
def test_a_vietnamese_name_used_rightly_is_no_mismatch(ctx_for, text):
    _, found = run(ctx_for, text)
    assert found == []
# ---------------------------------------------------------------------------------------
# Women's names of regions the name guesser misses or misreads, a compound role in apposition,
# names whose gender the name beside them tells (Vietnamese middle names, Georgian surnames)
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Siti Wulandari", "Maricel Dizon", "Akosua Frimpong", "Njeri Kamau", "Yanti Susilo"])
def test_womens_names_of_other_regions_called_he(ctx_for, name):
    text = (f"{name} runs the village clinic on the island. "
            "He said the new boat would bring medicines twice a week.")
    ctx, found = run(ctx_for, text)
    check(ctx, only(found), "He", "He said the new boat", [0])


@pytest.mark.parametrize("name", ["Hendra Wijaya", "Kwesi Ofori", "Olusegun Adeyemi"])
def test_mens_names_of_other_regions_called_he_are_fine(ctx_for, name):
    text = f"{name} runs the village clinic on the island. He said the new boat would bring medicines."
    assert run(ctx_for, text)[1] == []


def test_a_compound_role_in_apposition_is_the_named_person(ctx_for):
    # "the head nurse": two person nouns side by side are one role of the woman named
    text = ("Maricel Dizon, the head nurse of the children's ward, carried the newborns upstairs. "
            "He then asked volunteers to pass the oxygen tanks along the stairwell.")
    ctx, found = run(ctx_for, text)
    check(ctx, only(found), "He", "He then asked volunteers", [0])
    # near-miss: the same apposition with the right pronoun
    assert run(ctx_for, text.replace("He then", "She then"))[1] == []


def test_a_vietnamese_middle_name_tells_the_gender(ctx_for):
    ctx, found = run(ctx_for, "Nguyen Van Minh trades coffee in the town. She said buyers now ask about water.")
    f = only(found)
    check(ctx, f, "She", "She said buyers", [0])
    assert "middle name Van" in f.explanation
    ctx, found = run(ctx_for, "Pham Thi Lan trades coffee in the town. He said buyers now ask about water.")
    check(ctx, only(found), "He", "He said buyers", [0])


def test_a_vietnamese_given_name_alone_tells_nothing(ctx_for):
    # Minh, Hoa and Lan are borne by women and men: without Van or Thi the name guesser's reading
    # of the last name is not evidence, and the right middle names raise nothing
    for text in (
        "Pham Minh Tuan trades coffee in the town. He said buyers now ask about water.",
        "Tran Hoa trades coffee in the town. He said buyers now ask about water.",
        "Nguyen Van Minh trades coffee in the town. He said buyers now ask about water.",
        "Le Thi Hoa leads the breeding programme. She said yields would match the old trees.",
    ):
        assert run(ctx_for, text)[1] == [], text


def test_a_georgian_surname_tells_the_gender_of_nino_and_nika(ctx_for):
    ctx, found = run(ctx_for, "Nino Kapanadze heads a wine cooperative near Telavi. He lost most of the harvest.")
    check(ctx, only(found), "He", "He lost most", [0])
    ctx, found = run(ctx_for, "Nika Gelashvili heads a wine cooperative near Telavi. She lost most of the harvest.")
    check(ctx, only(found), "She", "She lost most", [0])
    # near-misses: the right pronouns, and an Italian Nino, who is a man
    for text in ("Nino Kapanadze heads a wine cooperative near Telavi. She lost most of the harvest.",
                 "Nino Rossi heads a wine cooperative near Asti. He lost most of the harvest."):
        assert run(ctx_for, text)[1] == [], text


def test_a_demonym_in_apposition_is_the_named_person(ctx_for):
    text = ("Dr. Rosângela Ferreira, a Brazilian who has worked for a charity in the province since 2019, "
            "led the team in intensive care. Ferreira said his team had slept an hour at a time.")
    ctx, found = run(ctx_for, text)
    check(ctx, only(found), "his", "Ferreira said his team", [])  # her surname earlier in that sentence
    # near-miss: a demonym for someone else, met or quoted, is a person of no gender told
    for text in ("Anna Vogt met a Brazilian who runs a farm there. He said the rain came late.",
                 "Anna Vogt spoke to an Armenian who buys grapes in the valley. He said prices would rise."):
        assert run(ctx_for, text)[1] == [], text
