"""ResumptivePronounDetector: a subject restated by a pronoun, and the grammatical look-alikes."""

from __future__ import annotations

import pytest

from detector.data import FINDING_TYPES
from detector.detectors.resumptive import ResumptivePronounDetector


def resumptive(ctx_for, text: str, **kwargs) -> list[str]:
    ctx = ctx_for(text)
    findings = ResumptivePronounDetector(**kwargs).detect(ctx)
    for f in findings:
        assert f.type == "resumptive_pronoun"
        assert f.text == ctx.text[f.start : f.end]
    return [ctx.text[f.start : f.end] for f in findings]


MUST_FIRE = [
    # a plural of people named by what they grow or sell, placed by a preposition
    ("Coffee growers in the highlands they have lost half the crop.", "Coffee growers in the highlands they"),
    ("Miners at the pit they reopened the shaft without waiting for the inspectors.", "Miners at the pit they"),
    (
        "The regional police director John Smith he said the road would reopen on Friday.",
        "The regional police director John Smith he",
    ),
    (
        "Mayor Vitali Klitschko he added that the metro would stay open as a shelter.",
        "Mayor Vitali Klitschko he",
    ),
    ("The company it said in a statement that output would fall by a fifth.", "The company it"),
    (
        "Natalya Popova, the head of the committee, she told reporters the vote was postponed.",
        "Natalya Popova, the head of the committee, she",
    ),
    (
        "KYIV (Reuters) - Ukraine's deputy energy minister Oleh Kravets he said on Monday that new transformers had arrived.",
        "Ukraine's deputy energy minister Oleh Kravets he",
    ),
    (
        "In a televised address, President Andriy Melnyk he promised to rebuild the bridge within a year.",
        "President Andriy Melnyk he",
    ),
    (
        "Officials said that Governor Serhiy Tkach he would visit the flooded villages.",
        "Governor Serhiy Tkach he",
    ),
    (
        "Oil Ministry spokesman Karim al-Jabouri he said exports would resume next week.",
        "Oil Ministry spokesman Karim al-Jabouri he",
    ),
    (
        "The head of the coordination centre, Colonel Petro Savchuk he said the exchange was the largest so far.",
        "Colonel Petro Savchuk he",
    ),
    ('"We will not leave," the mayor she said after the meeting.', "the mayor she"),
    (
        "The Interior Ministry it said the suspects had been detained near the border.",
        "The Interior Ministry it",
    ),
    ("Ivan Petrenko, 54, he told the court he had never seen the documents.", "Ivan Petrenko, 54, he"),
    ("The authorities they said the curfew would be lifted at the weekend.", "The authorities they"),
    (
        "Mining and Energy Minister Vesna Horvat she announced a review of the licence.",
        "Mining and Energy Minister Vesna Horvat she",
    ),
    # a body named with "on" or "for" inside the subject, as a literal translation words it
    (
        "The head of the committee on transport Ilya Gromov he noted that the bridge would open in May.",
        "The head of the committee on transport Ilya Gromov he",
    ),
    ("The Ministry for Veterans it stated that payments would resume.", "The Ministry for Veterans it"),
]


@pytest.mark.parametrize("text,span", MUST_FIRE, ids=[s for _, s in MUST_FIRE])
def test_fires_with_exact_span(ctx_for, text, span):
    assert resumptive(ctx_for, text) == [span]


MUST_NOT_FIRE = [
    # a relative clause on a placed plural: "they visited", "they spoke to" before the sentence's verb
    "Coffee growers in the highlands they visited said the crop was lost.",
    "Pensioners in the town they spoke to were angry about the bus fares.",
    # ... or with the object gone from its verb: "the pit they reopened", "the orchards they planted"
    "Miners at the pit they reopened last year went on strike.",
    "Growers in the orchards they planted after the war have lost half the crop.",
    # prepositional and subordinate openings
    "In Kyiv they say the winter will be hard.",
    "When John Smith arrived, he said the bridge was gone.",
    "Asked about the talks, he said nothing had changed.",
    "Together with John Smith he founded the charity in 2015.",
    "The day after Smith left he called the office.",
    "Speaking on Tuesday, he said the vote would go ahead.",
    "According to Smith he was never at the meeting.",
    # a pronoun that is not next to its antecedent
    "Smith said he would return to the capital.",
    "She read the report that he wrote last year.",
    # relative clauses without "that"
    "The companies they own are profitable.",
    "The minister he criticised has resigned.",
    "The story they told reporters was false.",
    "Officials he spoke to said the plan was dead.",
    "The first thing he said was that the bridge held.",
    # free relatives, comparatives, time adverbials and imperatives
    "Whatever it was, it did not last long.",
    "The longer it lasts, the worse it gets.",
    "Last year he said he would run again.",
    "Thank God it was only a drill, she said.",
    # parenthetical attributions
    "Smith, he said, would not resign.",
    "The company, it said, would cut 300 jobs.",
    "Dear John, he wrote, the war is over.",
    # "on" and "for" that are no part of a body's name
    "The committee on Tuesday said it would meet again.",
    "The commission for years it seemed had forgotten the case.",
    "The council for the district, he said, would vote in May.",
    "The chair of the committee on ethics said he would step down.",
]


@pytest.mark.parametrize("text", MUST_NOT_FIRE, ids=[t[:40] for t in MUST_NOT_FIRE])
def test_near_misses_do_not_fire(ctx_for, text):
    assert resumptive(ctx_for, text) == []


def test_finding_fields(ctx_for):
    text = "Fighting continued overnight.\nMayor Vitali Klitschko he added that the metro would stay open."
    ctx = ctx_for(text)
    (f,) = ResumptivePronounDetector().detect(ctx)
    assert f.sentence == 1
    assert f.text.endswith(" he")
    assert "'he'" in f.explanation and "'Mayor Vitali Klitschko'" in f.explanation
    assert f.explanation.endswith(".")
    assert 0.5 <= f.confidence <= 1.0


def test_common_noun_is_less_certain_than_a_name(ctx_for):
    (name,) = ResumptivePronounDetector().detect(
        ctx_for("Mayor Vitali Klitschko he said the metro was open.")
    )
    (noun,) = ResumptivePronounDetector().detect(ctx_for("The company it said the plant was closed."))
    assert noun.confidence < name.confidence


def test_thresholds_are_keyword_arguments(ctx_for):
    text = "The regional police director John Smith he said the road would reopen."
    (f,) = ResumptivePronounDetector(name_confidence=0.5).detect(ctx_for(text))
    assert f.confidence == pytest.approx(0.5)
    # a subject longer than the limit is not parsed
    assert resumptive(ctx_for, text, max_np_tokens=3) == []


def test_clean_paragraph_full_of_pronouns(ctx_for):
    text = (
        "LVIV, Ukraine (AP) - Residents of Lviv said they had grown used to the sirens. "
        "Halyna Shevchuk, who runs a bakery near the opera house, said she kept it open during alerts. "
        '"If we close every time, we lose everything," she said. Her son, a medic, said he had not slept '
        "since Sunday. The city council said it would open two more shelters, and it asked residents to "
        "report damaged windows. When the mayor visited the bakery, he bought bread and said the city "
        "would cover repair costs. Asked whether aid had arrived, he said it was on its way."
    )
    assert resumptive(ctx_for, text) == []


def test_detector_metadata():
    d = ResumptivePronounDetector()
    assert d.name == "resumptive"
    assert d.codes == ("resumptive_pronoun",)
    assert set(d.codes) <= set(FINDING_TYPES)
    assert d.description


REPORTED_FIRE = [
    ("The residents say, they will not leave their homes before the harvest.", "The residents say, they"),
    ("Local officials claimed, it was too early to count the losses.", "Local officials claimed, it"),
    ("The doctors said, they had done everything possible.", "The doctors said, they"),
]
REPORTED_NOT = [
    "As he said, they will return next week.",
    "He said, however, that the plan had failed.",
    'The mayor said, "We will rebuild the bridge."',
    "Those who claimed, they were ready, were wrong.",
    "What they said, they meant.",
]


@pytest.mark.parametrize("text,span", REPORTED_FIRE, ids=[s for _, s in REPORTED_FIRE])
def test_reported_clause_set_off_by_a_comma(ctx_for, text, span):
    assert resumptive(ctx_for, text) == [span]


@pytest.mark.parametrize("text", REPORTED_NOT, ids=[t[:40] for t in REPORTED_NOT])
def test_reported_clause_near_misses(ctx_for, text):
    assert resumptive(ctx_for, text) == []


NOUN_FIRE = [
    # a role restated before a verb and its object, and a plural organisation before "they said"
    ("The mayor she welcomed the plan as proof that the port could change.", "The mayor she"),
    ("The minister he visited the new school on Monday.", "The minister he"),
    ("The unions they said no driver would lose a job.", "The unions they"),
]
NOUN_NOT = [
    # relative clauses without "whom": the verb has no object, or the sentence's verb comes soon
    "The mayor she met was kind to everyone.",
    "The doctor she visited the day before had retired.",
    "The teacher he liked the most was Mrs. Lee.",
    "The officials they met said the plan was dead.",
    "The stories they said were false spread quickly.",
    # a time where the object would stand, the sentence's own verb after it
    "The man she married the following spring died in 1990.",
    "The lawyer he hired the week before resigned on Monday.",
    "The coach he replaced the previous summer now runs a rival club.",
]


@pytest.mark.parametrize("text,span", NOUN_FIRE, ids=[s for _, s in NOUN_FIRE])
def test_role_or_body_restated_before_its_verb(ctx_for, text, span):
    assert resumptive(ctx_for, text) == [span]


@pytest.mark.parametrize("text", NOUN_NOT, ids=[t[:40] for t in NOUN_NOT])
def test_relative_clauses_without_whom_are_no_restated_subject(ctx_for, text):
    assert resumptive(ctx_for, text) == []


COMMA_FIRE = [
    ("The port authority's chief executive, she said the cranes were too old.",
     "The port authority's chief executive, she"),
    ("Fishermen along the lagoon, they have asked for a ban on trawlers.", "Fishermen along the lagoon, they"),
    ("The minister, he said the plan was dead.", "The minister, he"),
    ("The regional governor, he told reporters the bridge was gone.", "The regional governor, he"),
    ("Olena Kovalenko, she said the vote would be held in May.", "Olena Kovalenko, she"),
    ("The Interior Ministry, it said the suspects had been detained.", "The Interior Ministry, it"),
    # roles of local and working life, not only of national politics
    ("The councillor, she added that the county would pay for the taxis.", "The councillor, she"),
    ("The chief inspector, he told the hearing the stalls had no fridges.", "The chief inspector, he"),
    ("The treasurer, she warned that the repairs would mean cuts elsewhere.", "The treasurer, she"),
    # a plural of people heading the phrase, whatever it ends with
    ("Residents of the district, they say the café has become a meeting place.", "Residents of the district, they"),
    ("Parents of the pupils, they told reporters the fees had doubled.", "Parents of the pupils, they"),
    # ... or placed by where they live or work
    ("Farmers in the valley, they said the river had flooded the fields twice.", "Farmers in the valley, they"),
    ("The nurses at the clinic, they warned that the night shifts were understaffed.",
     "The nurses at the clinic, they"),
]
COMMA_NOT = [
    # a fronted description of the subject, with an indefinite article, is good English
    "A mother of three, she ran the bakery alone after the war.",
    "An economist by training, he joined the central bank in 2004.",
    "A Pole and a Catholic, he had five children and a small farm.",
    # parentheticals, with or without more words before their closing comma
    "The minister, he said, would not resign.",
    "The company, it said in a statement, will cut 300 jobs.",
    "The two men, they said, were arrested on Monday.",
    "The good news, she added, is that nobody was hurt.",
    "The councillor, she said, would not stand again.",
    "Residents of the district, they say, have waited long enough for the bus.",
    "In the villages of the valley, they say the water is dirty.",
    "Farmers in the valley, they said, had lost half the harvest.",
    "Prices in the valley, they said the traders had raised them again.",
    "Officials in the capital, he said the talks would resume.",
    "When the teacher left the room, she said, the pupils began to shout.",
    # fronted adverbials, a coordinated subject, a clause before the comma
    "Last year, they said the plan was dead.",
    "The next morning, he told reporters the bridge was gone.",
    "In Kyiv, he said the plan was dead.",
    "We looked at the Sun and it was bright for an hour.",
    "Smith married the mayor's daughter Anna Petrenko, it was reported.",
    # speech dislocates subjects too
    "“My brother, he never came back,” she said.",
]


@pytest.mark.parametrize("text,span", COMMA_FIRE, ids=[s for _, s in COMMA_FIRE])
def test_subject_set_off_by_a_comma_and_restated(ctx_for, text, span):
    assert resumptive(ctx_for, text) == [span]


@pytest.mark.parametrize("text", COMMA_NOT, ids=[t[:40] for t in COMMA_NOT])
def test_comma_near_misses(ctx_for, text):
    assert resumptive(ctx_for, text) == []


def test_tokens_come_from_the_text_layer(ctx_for):
    # the detector reads the article's one text layer; its tokens (words with their possessive,
    # numbers and punctuation between them, a title's or an initial's full stop on its word) are
    # those of the module's own reference tokeniser
    text = ('KYIV (Reuters) - Mr. Petrenko, 54, told the U.S. envoy on Monday that John F. Kennedy\'s '
            'papers and the depositors\' 1,200 claims were "not lost," the 45-year-old said.\n'
            'Dr. Olena Bondar-Smith\'s team, she said, met at 10.30 in St. Andrew\'s church; a 2.5-fold rise, 150,000-strong crowds, 22°C. Then rain.')
    ctx = ctx_for(text)
    for k, s in enumerate(ctx.sentences):
        layer = [(t.text, t.start, t.end) for t in ResumptivePronounDetector._layer_tokens(ctx, k)]
        reference = [(t.text, t.start, t.end) for t in ResumptivePronounDetector._tokens(s.text, s.start)]
        assert layer == reference
    assert "U.S." in [t.text for t in ResumptivePronounDetector._layer_tokens(ctx, 0)]


@pytest.mark.parametrize("text, span", [
    ("A spokesman for the ministry, he said the offices handled fewer than twenty customers a day.",
     "A spokesman for the ministry, he"),
    ("A spokeswoman at the embassy, she told reporters the visa rules had changed.",
     "A spokeswoman at the embassy, she"),
    ("The head of the association of rural councils, who has run a village for two decades and who once "
     "delivered the post himself, he told the committee that nobody had asked the mayors.",
     "The head of the association of rural councils, who has run a village for two decades and who once "
     "delivered the post himself, he"),
    ("The owner of the bakery, whose family ran it for a century, he sold the building in May.",
     "The owner of the bakery, whose family ran it for a century, he"),
])
def test_subject_restated_after_a_role_or_a_relative_clause(ctx_for, text, span):
    assert resumptive(ctx_for, text) == [span]


@pytest.mark.parametrize("text", [
    # a fronted description of the subject, and a role that does not speak for a body
    "A veteran of two wars, he said the army had changed beyond recognition.",
    "A former postman, he said the village office meant more than its figures.",
    # "As a ..." and the role as the subject itself
    "As a spokesman for the ministry, he said the offices would close.",
    "A spokesman for the ministry said the offices would close.",
    # a parenthetical "he said," after the role or the relative clause
    "A spokesman for the ministry, he added, had not been told.",
    "The director of the museum, who took over in March, she said, had planned the show for years.",
    # the relative clause with the verb right after it, and a pronoun inside the clause
    "The head of the association, who has run a village for two decades, told the committee that nobody asked.",
    "The head of the association, who has run a village for two decades, said he would resign.",
])
def test_fronted_descriptions_and_parentheticals_are_good_english(ctx_for, text):
    assert resumptive(ctx_for, text) == []


@pytest.mark.parametrize(("text", "found"), [
    ("The minister has added that he the reform of the courts will pass in spring.", ["he the reform"]),
    ("Officials said on Monday that they the new border rules would apply from March.", ["they the new"]),
])
def test_a_pronoun_right_before_the_subject_it_restates(ctx_for, text, found):
    assert resumptive(ctx_for, text) == found


@pytest.mark.parametrize("text", [
    "Farmers said that they these days sell most of their grain abroad.",
    "It was clear that he, the minister, would stay in office until May.",
    "The mayor said that she the previous week had met the families.",
    "Rescuers said that they a day earlier had reached the village.",
])
def test_a_pronoun_before_a_time_or_an_apposition_is_english(ctx_for, text):
    assert resumptive(ctx_for, text) == []


def test_a_role_with_its_portfolio_after_for_restated_by_a_pronoun(ctx_for):
    # "the minister for X" names the portfolio inside the subject, as "the ministry for X" names a body
    for text, subject in (
        ("Sindh's provincial minister for housing Saima Baloch she told reporters the plan was ready.",
         "Sindh's provincial minister for housing Saima Baloch she"),
        ("The commissioner for refugees Anna Berg she said the camps were full.",
         "The commissioner for refugees Anna Berg she"),
    ):
        assert [f.text for f in ResumptivePronounDetector().detect(ctx_for(text))] == [subject], text


def test_a_role_for_something_without_a_doubled_subject(ctx_for):
    for text in (
        "The minister for health said he would resign in May.",
        "The minister for health, he said, would resign in May.",
        "The lawyer for the family he said was not in court on Monday.",
        "Voters asked the minister for answers they said were overdue.",
    ):
        assert ResumptivePronounDetector().detect(ctx_for(text)) == [], text
