"""near_duplicate: repeated or reworded sentences and paragraphs."""

import pytest
from conftest import make_context

from detector.detectors.duplicates import NearDuplicateDetector, word_changes
from detector.embed import get_embedder

DET = NearDuplicateDetector()


@pytest.fixture(scope="module", params=["minilm-static", "minilm"])
def encoder(request):
    """Every test with embeddings runs with each encoder and that encoder's thresholds."""
    return request.param


@pytest.fixture(scope="module")
def det(encoder):
    return NearDuplicateDetector(encoder=encoder)


@pytest.fixture(scope="module")
def ctx_embedded(encoder):
    embedder = get_embedder(encoder)

    def make(text: str):
        ctx = make_context(text)
        ctx.embeddings = embedder.encode([s.text for s in ctx.sentences])
        return ctx

    return make

STITCHED = """Talks on grain corridor to resume in Istanbul
ISTANBUL — Negotiators from Ukraine and Russia will meet in Istanbul next week to discuss extending the Black Sea grain corridor, Turkey's foreign ministry said on Thursday.
The ministry said the talks would resume on Monday after a two-week pause caused by disagreements over insurance for ships.
Shipping companies have asked for guarantees that vessels will not be targeted while they are in port.
According to the ministry, the negotiations will restart on Monday after a pause of two weeks caused by disagreements over ship insurance.
The United Nations said it welcomed the resumption and urged both sides to reach a deal before the harvest."""


def test_reworded_sentence_is_flagged_on_the_later_copy(ctx_embedded, det):
    ctx = ctx_embedded(STITCHED)
    found = det.detect(ctx)
    assert len(found) == 1
    f = found[0]
    assert f.text.startswith("According to the ministry, the negotiations will restart")
    assert ctx.sentences[f.related[0]].text.startswith("The ministry said the talks would resume")
    assert "reworded" in f.explanation and "'" in f.explanation  # names the changed words
    assert ctx.text[f.start : f.end] == f.text


def test_exact_repeat_is_flagged_without_embeddings(ctx_for):
    text = (
        "Residents of the eastern districts queued for water on Sunday as repairs continued.\n"
        "The mayor said the pumping station would be working again by Tuesday.\n"
        "Residents of the eastern districts queued for water on Sunday as repairs continued."
    )
    ctx = ctx_for(text)
    found = DET.detect(ctx)
    assert [(f.sentence, f.related) for f in found] == [(2, [0])]
    assert "word for word" in found[0].explanation


def test_reworded_paragraph_split_differently(ctx_embedded, det):
    text = (
        "Flood waters rose overnight in the southern districts of the city.\n"
        "Emergency services evacuated about 300 people from homes along the river on Saturday night, "
        "and they opened two shelters in school gyms. The regional governor said the army would help "
        "build sandbag walls.\n"
        "Forecasters expect more rain on Tuesday.\n"
        "About 300 people were evacuated on Saturday night by emergency services from their homes along the river "
        "and two shelters were opened in school gyms, while the army will help to build sandbag walls, the regional governor said."
    )
    ctx = ctx_embedded(text)
    found = det.detect(ctx)
    assert found, "the reworded paragraph must be flagged"
    assert all(ctx.sentences[f.sentence].paragraph == 3 for f in found)


def test_headline_restated_in_lead_is_not_a_duplicate(ctx_embedded, det):
    text = (
        "Thirteen coronavirus patients die in Moscow\n"
        "MOSCOW — Thirteen patients with the coronavirus have died in Moscow in the past 24 hours, the city's "
        "task force said on Sunday."
    )
    assert det.detect(ctx_embedded(text)) == []


def test_same_template_different_figures_is_not_a_duplicate(ctx_embedded, det):
    text = (
        "In the Kharkiv region, 158 new cases of the infection were recorded over the past day.\n"
        "In the city of Kharkiv itself, 135 new cases of the infection were recorded over the past day.\n"
        "Officials urged residents to wear masks on public transport."
    )
    assert det.detect(ctx_embedded(text)) == []


def test_repeated_name_and_short_phrases_are_not_duplicates(ctx_embedded, det):
    text = (
        "Kovalenko said the council would meet on Friday.\n"
        "The council approved the budget in March.\n"
        "Kovalenko said the council would vote.\n"
        "“We are ready,” Kovalenko said.\n"
        "“We are ready,” Kovalenko said."
    )
    assert det.detect(ctx_embedded(text)) == []


def test_related_topic_sentences_are_not_duplicates(ctx_embedded, det):
    text = (
        "Russian forces shelled the outskirts of Kharkiv overnight, damaging a substation and two schools.\n"
        "Ukrainian air defences shot down 14 of 17 drones launched at the region, the air force said.\n"
        "The regional governor said repairs to the substation would take at least three days.\n"
        "Schools in the city have switched to online classes until the end of the month."
    )
    assert det.detect(ctx_embedded(text)) == []


def test_word_changes_lists_replacements():
    changes = word_changes("the talks would resume on Monday", "the negotiations would restart on Monday")
    assert changes == [("talks", "negotiations"), ("resume", "restart")]


def test_headline_with_an_abbreviation_restated_in_lead_is_not_a_duplicate(ctx_embedded, det):
    # "U.S." and "St." keep the segmenter from marking these headlines standalone
    for headline, lead in [
        ("U.S. envoy arrives in Kyiv for talks on air defence and grain exports",
         "The U.S. special envoy arrived in Kyiv on Tuesday for talks on air defence and grain exports."),
        ("Putin arrives in St. Petersburg for the main Navy Day parade",
         "Russian President Vladimir Putin arrived in St. Petersburg on Sunday for the main Navy Day parade."),
    ]:
        text = f"{headline}\n{lead}\nThe visit had not been announced in advance, officials said."
        assert det.detect(ctx_embedded(text)) == [], headline


def test_reworded_sentence_after_a_headline_is_still_flagged(ctx_embedded, det):
    text = "Talks on grain corridor to resume in St. Petersburg\n" + STITCHED.split("\n", 1)[1]
    found = det.detect(ctx_embedded(text))
    assert [f.text[:40] for f in found] == ["According to the ministry, the negotiati"]


def test_headline_printed_twice_and_glued_to_the_lede(ctx_for):
    from detector.detectors.duplicates import NearDuplicateDetector

    text = ("Kharkiv reopens its metro stations\n"
            "Kharkiv reopens its metro stations\n"
            "Trains ran again on Monday after three months in which the stations served as shelters.\n\n"
            "City lights dim across Lviv\n"
            "City lights dim across LvivResidents said the streets were darker than at any time since March.")
    found = NearDuplicateDetector().detect(ctx_for(text))
    assert sorted(f.text for f in found) == ["City lights dim across Lviv", "Kharkiv reopens its metro stations"]
    glued = next(f for f in found if f.text.startswith("City"))
    assert glued.start == text.rindex("City lights")
    assert {f.axis for f in found} == {"residue"}


def test_short_labels_and_a_lede_that_starts_like_the_headline_are_not_repeats(ctx_for):
    from detector.detectors.duplicates import NearDuplicateDetector

    text = ("Kharkiv reopens its metro stations\n"
            "Kharkiv reopens its metro stations on Monday after three months of shelter use, the mayor said.\n"
            "Read more\n"
            "The first trains left at six in the morning.\n"
            "Read more")
    assert NearDuplicateDetector().detect(ctx_for(text)) == []


def test_reworded_pair_confidence_means_something_on_real_copy():
    from detector.detectors.duplicates import NearDuplicateDetector

    det = NearDuplicateDetector()
    # a restatement as careful copy makes it (the lead again later, other words) ...
    assert det._confidence(det.cosine + 0.05, 0.67) < 0.5
    # ... against a stitched second rendering of the same sentence
    assert det._confidence(det.cosine + 0.15, 0.9) > 0.8
    assert det._confidence(0.99, 0.99) == 0.98


def test_title_repeated_word_for_word_is_residue(ctx_for):
    from detector.detectors.duplicates import NearDuplicateDetector

    text = ("Will the new bridge be ready before the floods of next spring?\n"
            "The city council voted on Tuesday to spend another 40 million hryvnias on the bridge.\n"
            "Will the new bridge be ready before the floods of next spring?\n"
            "Engineers say the answer depends on the weather in March.")
    found = NearDuplicateDetector().detect(ctx_for(text))
    assert [(f.sentence, f.axis) for f in found] == [(2, "residue")]
    # a sentence of the body repeated is a copied block, on the rewriting axis
    body = text.replace("Engineers say the answer depends on the weather in March.",
                        "The city council voted on Tuesday to spend another 40 million hryvnias on the bridge.")
    found = NearDuplicateDetector().detect(ctx_for(body))
    assert sorted((f.sentence, f.axis) for f in found) == [(2, "residue"), (3, "rewriting")]


RUN = """Talks on grain corridor to resume in Istanbul
ISTANBUL — Negotiators from Ukraine and Russia will meet in Istanbul next week to discuss extending the Black Sea grain corridor, Turkey's foreign ministry said on Thursday.
The ministry said the talks would resume on Monday after a two-week pause caused by disagreements over insurance for ships.
Shipping companies have asked for guarantees that vessels will not be targeted while they are in port.
The United Nations said it welcomed the resumption and urged both sides to reach a deal before the harvest.
According to the ministry, the negotiations will restart on Monday after a pause of two weeks caused by disagreements over ship insurance.
Shipping firms have requested guarantees that their vessels will not be targeted while they are in port."""


def test_a_sentence_restated_alone_is_weaker_evidence_than_a_run_of_copies(ctx_embedded, det, encoder):
    # news restates a sentence on its own; stitched copies come in runs, in the original's order
    flat = NearDuplicateDetector(encoder=encoder, isolated_factor=1.0)
    (alone,) = det.detect(ctx_embedded(STITCHED))
    (alone_flat,) = flat.detect(ctx_embedded(STITCHED))
    assert alone.confidence == pytest.approx(alone_flat.confidence * det.isolated_factor)
    assert alone.confidence < 0.5
    run = det.detect(ctx_embedded(RUN))
    assert [f.sentence for f in run] == [5, 6]
    assert [f.confidence for f in run] == [f.confidence for f in flat.detect(ctx_embedded(RUN))]
