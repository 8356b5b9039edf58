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
        "Eleven fishing boats missing after storm off Varna\n"
        "VARNA — Eleven fishing boats have gone missing off Varna since the storm on Friday night, the coast "
        "guard said on Sunday."
    )
    assert det.detect(ctx_embedded(text)) == []


def test_same_template_different_figures_is_not_a_duplicate(ctx_embedded, det):
    text = (
        "In the Kharkiv region, 158 new cases of the infection were recorded over the past day.\n"
        "In the city of Kharkiv itself, 135 new cases of the infection were recorded over the past day.\n"
        "Officials urged residents to wear masks on public transport."
    )
    assert det.detect(ctx_embedded(text)) == []


def test_a_court_lists_sentences_sharing_one_figure_are_not_copies(ctx_embedded, det):
    # a magistrates' court round-up: one template, the standard costs the same, the fines not
    text = (
        "Cases heard at the magistrates' court this week:\n"
        "A driver from Bedale admitted speeding on the A684. She was fined £320, ordered to pay £90 costs "
        "and a £128 surcharge, and had five points added to her licence.\n"
        "A driver from Thirsk admitted using a phone at the wheel. She was fined £200, ordered to pay £90 "
        "costs and an £80 surcharge, and had six points added to her licence."
    )
    assert det.detect(ctx_embedded(text)) == []
    # a copy of the first fine reworded, its figures kept and the date added, is still a copy
    text += ("\nOn 3 March she was fined £320 and ordered to pay £90 in costs and a surcharge of £128, and five "
             "points were added to her licence.")
    assert [f.text[:20] for f in det.detect(ctx_embedded(text))] == ["On 3 March she was f"]


def test_the_same_sentence_about_other_places_is_a_list_not_a_copy(ctx_embedded, det):
    # a list written to one template: another place (and its figures) in the same words
    text = (
        "Councils counted the votes overnight.\n"
        "Harwich: the Greens won 34% of the vote and Labour 28%, with turnout at 41%.\n"
        "Colchester: the Greens won 31% of the vote and Labour 28%, with turnout at 39%.\n"
        "The road through Dedham is closed because of flooding, the police said.\n"
        "The road through Sudbury is closed because of flooding, the police said."
    )
    assert det.detect(ctx_embedded(text)) == []
    # one of the list's lines said again in other words about the same place is still a copy
    text += "\nThe road through Sudbury has been closed due to flooding, police said."
    assert [f.text[:30] for f in det.detect(ctx_embedded(text))] == ["The road through Sudbury has b"]


def test_a_sentence_said_again_with_its_first_word_swapped_is_a_copy(ctx_embedded, det):
    # the first word of a sentence is capitalised by its place, not because it is a name: a spun
    # copy that swaps "Police" for "Officials" is the same sentence, not a list's next line
    text = (
        "Bridge to reopen\n"
        "Police said the bridge over the river would reopen on Friday after the repairs.\n"
        "Residents have complained about the long detour through the town for months.\n"
        "Officials said the bridge over the river would reopen on Friday after the repairs."
    )
    assert [f.text[:20] for f in det.detect(ctx_embedded(text))] == ["Officials said the b"]
    # a list's label at the start of its line ("Ludlow:" / "Hereford:") is a name in its place
    text = (
        "Roads closed by the floods\n"
        "Ludlow: the road through the town centre is closed because of flooding, the police said.\n"
        "Hereford: the road through the town centre is closed because of flooding, the police said."
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
        ("Premier arrives in St. Moritz for the winter economic forum",
         "Prime Minister Anna Keller arrived in St. Moritz on Sunday for the winter economic forum."),
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



def test_a_question_subheading_printed_twice_is_residue(ctx_for):
    # a feature puts its subheading as a question on a line of its own, above a box and above its
    # section: a line repeated, as a headline is, not a block of prose copied twice
    from detector.detectors.duplicates import NearDuplicateDetector

    text = ("Who pays the bills at home now?\n"
            "A bank asked 600 couples how they share the cost of food, rent and holidays.\n"
            "Who pays the bills at home now?\n"
            "In four homes of ten the wife keeps the accounts, the survey found.")
    found = NearDuplicateDetector().detect(ctx_for(text))
    assert [(f.sentence, f.axis) for f in found] == [(2, "residue")]
    # a question inside a paragraph of prose, asked twice, stays a copied sentence
    prose = ("The council met on Monday. Who will pay for the new bridge over the river now? "
             "Nobody knew.\nThe mayor spoke next. Who will pay for the new bridge over the river now? "
             "She did not say.")
    found = NearDuplicateDetector().detect(ctx_for(prose))
    assert [f.axis for f in found] == ["rewriting"]


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


def test_a_headline_turned_into_a_sentence_is_a_repeat(ctx_for):
    # a feed or listing prints the teaser's headline, then the same words as a sentence
    text = ("Regional airline fined over cancelled winter flights to the Carpathians\n"
            "A regional airline has been fined over its cancelled winter flights to the Carpathians.\n"
            "The aviation authority said the carrier had sold tickets for routes it never meant to fly.\n\n"
            "Kyiv school canteens to serve free breakfasts from January\n"
            "By Olena Marchenko\n"
            "Kyiv school canteens are to serve free breakfasts from January.\n"
            "The city council approved the plan on Thursday.")
    found = NearDuplicateDetector().detect(ctx_for(text))
    assert [(f.text[:30], f.related, f.axis) for f in found] == [
        ("A regional airline has been fi", [0], "residue"), ("Kyiv school canteens are to se", [3], "residue")]
    assert "'has been' added" in found[0].explanation


def test_a_headline_with_the_site_name_turned_into_a_sentence_is_a_repeat(ctx_for):
    # the page title carries the site's name, the teaser's sentence does not
    for headline in ("Kyiv school canteens to serve free breakfasts from January | Kyiv Daily",
                     "Kyiv school canteens to serve free breakfasts from January - The Kyiv Herald"):
        text = (f"{headline}\nKyiv school canteens are to serve free breakfasts from January.\n"
                "The city council approved the plan on Thursday.")
        (found,) = NearDuplicateDetector().detect(ctx_for(text))
        assert found.sentence == 1 and found.axis == "residue" and "'are' added" in found.explanation
    # a lead under such a title says who and when
    text = ("Kyiv school canteens to serve free breakfasts from January | Kyiv Daily\n"
            "Kyiv school canteens will serve free breakfasts from January, the city council decided on Thursday.\n"
            "The plan costs 90 million hryvnias a year.")
    assert NearDuplicateDetector().detect(ctx_for(text)) == []


@pytest.mark.parametrize("lede", [
    # a reporter's lead: the headline's facts, and who, when, where
    "The state aviation authority fined a regional airline on Monday over its cancelled winter flights to "
    "the Carpathians, saying it had sold tickets for routes it never meant to fly.",
    # the same words with a content word added or changed is a lead, not a copy
    "A regional airline has been fined heavily over cancelled winter flights to the Carpathians.",
    "A regional airline was fined over cancelled winter charter flights to the Carpathians.",
    "Regional airline fined over cancelled winter flights to the Carpathian mountains.",
    # when, or who says so, is news the headline left out
    "A regional airline was fined over cancelled winter flights to the Carpathians today.",
    "A regional airline was fined over cancelled winter flights to the Carpathians, the ministry said.",
    # the headline's words in another order
    "Over cancelled winter flights to the Carpathians, a regional airline has been fined.",
])
def test_a_lead_that_restates_its_headline_is_not_a_repeat(ctx_for, lede):
    text = (f"Regional airline fined over cancelled winter flights to the Carpathians\n{lede}\n"
            "The aviation authority said the carrier had sold tickets for routes it never meant to fly.")
    assert NearDuplicateDetector().detect(ctx_for(text)) == []


def test_a_pull_quote_above_the_sentence_that_quotes_it_is_not_a_repeat(ctx_for):
    # the page's own repeat: the quotation is attributed, and "said" is no small word
    text = ("Bakery chain opens night shelters in Lviv\n"
            "The ovens keep the buildings warm at night\n"
            "“The ovens keep the buildings warm at night,” the founder said.\n"
            "The shelters will open in stages from the first week of December.")
    assert NearDuplicateDetector().detect(ctx_for(text)) == []


def test_a_summary_box_before_the_story_is_not_a_repeat(ctx_for):
    # the bullets of a summary box restate the story; the story says more than each bullet
    text = ("Key points\n"
            "Council approves 40 million hryvnias for the river bridge\n"
            "Work to start in March and last two years\n"
            "Opposition calls the cost too high\n"
            "The city council approved 40 million hryvnias for repairs to the river bridge on Tuesday, "
            "the mayor's office said.\n"
            "Work will start in March and is expected to last two years.\n"
            "Opposition members said the cost was too high for a city still paying for its new tram line.")
    assert NearDuplicateDetector().detect(ctx_for(text)) == []


def test_a_byline_block_printed_twice_is_a_repeat_a_share_row_is_not(ctx_embedded):
    from detector.detectors import all_detectors
    from detector.scoring import run_detectors

    story = ("KHARKIV — Power returned to most of the city's eastern districts on Friday, a day earlier "
             "than the regional council had promised.\n"
             "Engineers worked through the night to replace two transformers at the Saltivka substation.\n")
    header = "Published by Anna Lysenko\nPosted on March 14, 2026\n"
    dets = [d for d in all_detectors() if d.name in ("near_duplicate", "boilerplate")]

    def found(text):
        return [(f.type, f.text, f.axis) for f in run_detectors(dets, ctx_embedded(text)) if f.type == "near_duplicate"]

    # the page's header scraped twice: a byline and a stamp appear once on a page
    assert found("Power returns to Kharkiv\n" + header + "\n" + header + "\n" + story) == [
        ("near_duplicate", "Published by Anna Lysenko", "residue"),
        ("near_duplicate", "Posted on March 14, 2026", "residue")]
    # a share row and an ad marker repeat on purpose: boilerplate only
    first, second = story.splitlines()
    page = (f"Power returns to Kharkiv\n{header}Share this article on Facebook\n{first}\nAdvertisement\n"
            f"{second}\nAdvertisement\nShare this article on Facebook\n")
    assert found(page) == []


JOINED = """Dock strike ends in Rotterdam after pay deal
ROTTERDAM — Dock workers in Rotterdam ended a five-day strike on Friday after accepting a pay offer from the port's employers. The dockers' union approved the deal on Thursday evening. It said members would receive a raise of 6% this year and another 4% in 2026.
Ships that had waited at anchor off the coast began entering the port on Friday morning, the port authority said.
The dockers' union backed the deal on Thursday evening, saying its members would receive a 6% raise this year and a further 4% in 2026. The port authority said it expected the backlog of containers to clear within a week."""


def test_one_sentence_joining_two_earlier_ones_is_flagged(ctx_embedded, det):
    ctx = ctx_embedded(JOINED)
    found = det.detect(ctx)
    assert [f.sentence for f in found] == [5], [(f.sentence, f.text) for f in found]
    assert found[0].related == [2, 3]
    assert "joined into one" in found[0].explanation


def test_a_sentence_restating_a_figure_of_two_earlier_ones_is_not_a_joined_copy(ctx_embedded, det):
    text = JOINED.replace(
        "The dockers' union backed the deal on Thursday evening, saying its members would receive a 6% raise "
        "this year and a further 4% in 2026.",
        "The raise of 6% is the largest the port's dockers have won since 2008, when the last strike ended.")
    assert det.detect(ctx_embedded(text)) == []


def test_a_speakers_parallel_with_one_shared_content_word_is_not_a_copy(ctx_embedded, det):
    # a quotation run on across paragraphs: two sentences alike in shape, sharing only "ready"
    text = ("Port to reopen in March, minister says\n"
            "Asked about the timing, the minister said: “We are ready. We have been ready for a year …\n"
            "“… and we will be ready next year too.”\n"
            "The port has been closed since a fire in its grain terminal in October.")
    assert det.detect(ctx_embedded(text)) == []


SUMMARY_ABOVE_LEDE = """Seattle approves budget with more for buses
In brief: The city council approved a $4.2 billion budget on Monday night. It raises spending on buses and light rail by 11 percent.
SEATTLE — The city council approved a $4.2 billion budget late on Monday that raises spending on buses and light rail by 11 percent, after a debate that ran past midnight.
The vote was 7-2. Two members said the plan did too little for the south of the city."""


def test_the_dateline_lede_restating_a_summary_above_it_is_not_a_copy(ctx_embedded, det):
    assert det.detect(ctx_embedded(SUMMARY_ABOVE_LEDE)) == []
    one = SUMMARY_ABOVE_LEDE.replace(
        "on Monday night. It raises spending", "on Monday night that raises spending")
    assert det.detect(ctx_embedded(one)) == []


def test_a_later_copy_of_the_dateline_lede_is_still_flagged(ctx_embedded, det):
    text = SUMMARY_ABOVE_LEDE + (
        "\nThe city council passed a $4.2 billion budget late on Monday that lifts spending on buses and "
        "light rail by 11 percent, after a debate that went past midnight.")
    found = det.detect(ctx_embedded(text))
    assert [f.sentence for f in found] == [len(make_context(text).sentences) - 1]


def test_one_phrase_shared_by_two_different_statements_is_not_a_copy(ctx_embedded, det):
    # what the two sentences share is one noun phrase (an instrument, a law's title), said again
    # inside a different statement about it
    text = ("Museum opens a laboratory to the public\n"
            "The museum says every school should be able to look through a scanning electron microscope at least once.\n"
            "Its curators spent the winter preparing samples of moths, pollen and sand from the local beach.\n"
            "Under the scanning electron microscope, the wing of a moth looks like the tiled roof of a house.\n"
            "Parliament will debate changes to the Act on Public Procurement by Regional Authorities next week.\n"
            "Tenders are currently run under the Act on Public Procurement by Regional Authorities, "
            "which dates from 2009.")
    assert det.detect(ctx_embedded(text)) == []


def test_a_reworded_copy_sharing_names_and_nouns_in_several_places_is_still_flagged(ctx_embedded, det):
    # the same statement twice: its shared words lie apart, not in one phrase
    text = ("Ferry link to the islands restored\n"
            "The ferry between Split and the island of Hvar resumed on Monday after storms halted it for four days, "
            "the port authority said.\n"
            "Hotels on the island had reported cancellations over the weekend.\n"
            "According to the port authority, the Split to Hvar ferry started again on Monday after storms "
            "had stopped it for four days.")
    found = det.detect(ctx_embedded(text))
    assert [f.sentence for f in found] == [3]


def test_two_cases_stated_side_by_side_are_no_copy(ctx_embedded, det):
    # a rule's two cases differ by words of opposite sense; a reworded copy swaps in synonyms
    # (both pairs are linked when the opposites are not read)
    text = ("Which fishing permits still count?\n"
            "• A permit the harbour office issued after 1 March 2024 stays valid for the whole season.\n"
            "• A permit the harbour office issued before 1 March 2024 is invalid for the whole season.")
    assert det.detect(ctx_embedded(text)) == []
    text = ("Parking on the seafront\n"
            "Cars parked on the north side of the promenade after 6 p.m. will be towed away at the owner's cost.\n"
            "Cars parked on the south side of the promenade after 6 p.m. will not be towed away at the owner's cost.")
    assert det.detect(ctx_embedded(text)) == []
    copy = ("Which fishing permits still count?\n"
            "• Permits the harbour office issued after 1 March 2024 stay in force for the whole season.\n"
            "• Permits that the harbour office granted after 1 March 2024 remain in force for all the season.")
    assert [f.text[:14] for f in det.detect(ctx_embedded(copy))] == ["• Permits that"]


LOOSE_RUN = """Dock strike leaves fruit on the quay
Growers in the valley, which produces most of the region's apples, said the fruit could stay in cold rooms for a month at most. Some have begun sending lorries to a port across the border, which adds about 400 euros to the cost of every container.
The union said it would meet the port operator on Wednesday.
Apple growers in the valley, where most of the region's fruit is grown, warned that it would keep in cold storage for only about a month more. A few of them are already trucking their containers to a foreign port, a detour costing roughly 400 euros more per box.
Talks are due to resume next week."""


def test_a_loosely_reworded_sentence_beside_a_copied_one_is_part_of_the_run(ctx_embedded, det):
    found = det.detect(ctx_embedded(LOOSE_RUN))
    assert [f.text[:14] for f in found] == ["Apple growers ", "A few of them "]
    assert found[1].related == [2]  # the second sentence of the first version


def test_a_sentence_beside_a_copied_one_that_says_something_else_is_not_drawn_in(ctx_embedded, det):
    text = LOOSE_RUN.replace("A few of them are already trucking their containers to a foreign port, a detour costing "
                       "roughly 400 euros more per box.",
                       "A few of them have switched to pears, which need less cold storage and sell for more.")
    found = det.detect(ctx_embedded(text))
    assert [f.text[:14] for f in found] == ["Apple growers "]


SYNONYM_SWAP = (
    "Saffron growers expect a thin harvest\n"
    "HERAT — Farmers in western Afghanistan expect to pick less saffron than last year after a dry spring.\n"
    "Growers near Herat have sown saffron corms on fields that used to carry poppies and cumin, and "
    "traders fear the crocus flowers will be smaller as the young plots mature.\n"
    "Buyers from Iran and India usually arrive in November, when the stigmas are dried.\n"
    "Farmers around Herat put saffron corms in ground where they once raised poppies or cumin, and "
    "dealers are worried that the crocus blooms could shrink as the new plots come of age.\n"
    "The government has promised cheaper loans for drip irrigation."
)


def test_a_paragraph_reworded_with_synonyms_keeps_its_rare_nouns(ctx_embedded, det, encoder):
    # the rewording swaps most words, so the overlap of content words is low; the uncommon nouns
    # (saffron, corms, poppies, cumin, crocus) stay
    found = det.detect(ctx_embedded(SYNONYM_SWAP))
    assert [f.sentence for f in found] == [4]


def test_two_statements_sharing_rare_nouns_in_other_senses_are_not_a_copy(ctx_embedded, det):
    # the same uncommon nouns, two different facts about them
    text = SYNONYM_SWAP.replace(
        "Farmers around Herat put saffron corms in ground where they once raised poppies or cumin, and "
        "dealers are worried that the crocus blooms could shrink as the new plots come of age.",
        "A kilogram of saffron sells for more than a tonne of cumin, and crocus bulbs cost twice what poppies "
        "fetched before the ban.")
    assert det.detect(ctx_embedded(text)) == []


def _every_pair(det, ctx, ii, jj, cosines, found):
    """The pair search as a plain loop over every candidate pair: for each later sentence, the
    passing pair of highest cosine, the first on a tie, in the order a pass by i then j finds them."""
    best = {}
    for i, j, cos in zip(ii.tolist(), jj.tolist(), cosines.tolist(), strict=True):
        if j in found:
            continue
        ok, lexical = det._similar(ctx, (ctx.sentences[i].start, ctx.sentences[i].end),
                                   (ctx.sentences[j].start, ctx.sentences[j].end), cos)
        if ok and (j not in best or cos > best[j][0]):
            best[j] = (cos, i, lexical)
    return best


DISTRICTS = ["Northfield", "Ashby", "Kirkton", "Elmwood", "Stonebridge", "Harwich", "Millbrook", "Fairhaven",
             "Redcliff", "Oakham", "Westmere", "Brackley"]


def _results_page(rows: int) -> str:
    # every line's figures its own: the ward's number, the turnout, the votes
    lines = [f"In ward {n + 1} of {DISTRICTS[n % len(DISTRICTS)]}, turnout was {30 + n / 10:.1f}% and the council "
             f"candidate won {1000 + 37 * n:,} votes." for n in range(rows)]
    return "Council election results by ward\n" + "\n".join(lines)


def test_a_page_of_lines_of_one_template_is_no_duplicate_but_a_copy_among_them_is(ctx_embedded, det):
    # hundreds of lines written to one template are all candidates of each other; their figures
    # differ, so none repeats another, and the one sentence restated among them is still found
    copy = ("The returning officer said the count would be checked again on Friday after complaints "
            "from two parties.")
    reworded = ("According to the returning officer, the count will be checked again on Friday following "
                "complaints from two parties.")
    lines = _results_page(120).split("\n")
    text = "\n".join([*lines[:40], copy, *lines[40:100], reworded, *lines[100:]])
    ctx = ctx_embedded(text)
    found = det.detect(ctx)
    assert [f.text for f in found] == [reworded]
    assert ctx.sentences[found[0].related[0]].text == copy


def test_the_closest_passing_pair_is_chosen_as_every_pair_tried_would_choose_it(ctx_embedded, det):
    # a sentence copied three times, reworded differently each time, among the template's lines
    import numpy as np

    original = "The regional council approved a new budget for road repairs on Tuesday after a long debate."
    copies = ["The regional council approved the new budget for road repairs on Tuesday after a long debate.",
              "On Tuesday, after a long debate, the regional council approved a new budget for road repairs.",
              "The regional council has approved a new road repair budget on Tuesday after a lengthy debate."]
    lines = _results_page(30).split("\n")
    text = "\n".join([lines[0], original, *lines[1:10], copies[0], *lines[10:20], copies[1], *lines[20:], copies[2],
                      STITCHED])
    ctx = ctx_embedded(text)
    emb = ctx.embeddings
    eligible = np.array([len(s.text.split()) >= det.min_words for s in ctx.sentences])
    sim = emb @ emb.T
    np.fill_diagonal(sim, 0.0)
    sim[~eligible, :] = 0.0
    sim[:, ~eligible] = 0.0
    ii, jj = np.nonzero(np.triu(sim >= min(det.cosine, det.spun_cosine, det.fact_cosine), k=1))
    chosen = det._best_pairs(ctx, [(ii, jj, sim[ii, jj])], {})
    assert list(chosen.items()) == list(_every_pair(det, ctx, ii, jj, sim[ii, jj], {}).items())
    assert {ctx.sentences[j].text for j in chosen} >= set(copies)


def test_a_headline_glued_to_its_lede_is_found_below_thousands_of_lines(ctx_for):
    # a listing page: thousands of lines, many opening with the same words as the headline; the
    # headline printed again and run into the lede is found, the lines that only share its first
    # words are not, and neither is a headline whose repeat goes on with a space
    listing = [f"City {w} notice number {n} for the {w} district" for n in range(1_500)
               for w in ("council", "lights") if (n + len(w)) % 3]
    text = "\n".join([*listing, "City lights dim across Lviv", "Opening hours of the city archive",
                      *[f"Ferry times for pier {n} this week" for n in range(1_000)],
                      "City lights dim across LvivResidents said the streets were darker than at any time since March.",
                      "Opening hours of the city archive are longer this winter, the council said."])
    found = NearDuplicateDetector().detect(ctx_for(text))
    assert [(f.text, f.start) for f in found] == [("City lights dim across Lviv", text.rindex("City lights dim"))]
    assert [ctx_for(text).sentences[j].text for j in found[0].related] == ["City lights dim across Lviv"]


def _long_page(n_paragraphs: int) -> str:
    """Paragraphs of five distinct sentences of prose, long enough to be compared for rewording."""
    words = ("council river bridge water farmers minister report village market school budget plan "
             "city region police hospital price grain border harbour").split()
    return "\n\n".join(" ".join(f"The {words[(p + k) % 20]} of ward {p} reported {k} new {words[(p * 7 + k) % 20]} "
                                f"cases to the {words[(p * 3 + k) % 20]} office on day {p * 5 + k}."
                                for k in range(5)) for p in range(n_paragraphs))


def test_a_page_of_ten_thousand_sentences_holds_no_matrix_of_all_their_cosines(monkeypatch):
    # near_duplicate built the n x n matrix of cosines and a boolean copy of it: 400 MB and
    # 100 MB at 10,000 sentences, the most an article may have
    import tracemalloc

    import numpy as np

    ctx = make_context(_long_page(2_000))
    assert len(ctx.sentences) == 10_000
    rng = np.random.default_rng(0)
    emb = rng.standard_normal((10_000, 256)).astype(np.float32)
    ctx.embeddings = emb / np.linalg.norm(emb, axis=1, keepdims=True)
    tracemalloc.start()
    try:
        found = NearDuplicateDetector().detect(ctx)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == []  # unrelated sentences
    assert peak < 120e6, f"{peak / 1e6:.0f} MB"


def test_cosines_in_blocks_find_what_the_whole_matrix_finds(ctx_embedded, monkeypatch):
    # a long page's cosines come in blocks of rows: every pair, run, merged sentence and
    # paragraph restatement is found as from the whole matrix, blocks cutting anywhere
    import detector.embed as embed

    original = "The regional council approved a new budget for road repairs on Tuesday after a long debate."
    copies = ["The regional council approved the new budget for road repairs on Tuesday after a long debate.",
              "On Tuesday, after a long debate, the regional council approved a new budget for road repairs."]
    lines = _results_page(30).split("\n")
    text = "\n".join([lines[0], original, *lines[1:10], copies[0], *lines[10:20], copies[1], *lines[20:],
                      STITCHED, _long_page(3)])
    ctx = ctx_embedded(text)
    det = NearDuplicateDetector()

    def found():
        return [(f.start, f.end, f.related, f.axis, round(f.confidence, 5), f.explanation) for f in det.detect(ctx)]

    whole = found()
    assert len(whole) >= 5 and len(ctx.sentences) > 40
    for block in (1, 7, 16):
        monkeypatch.setattr(embed, "FULL_COSINE_ROWS", 0)
        monkeypatch.setattr(embed, "COSINE_BLOCK_ROWS", block)
        assert found() == whole, block


RESTATED_LEAD = (
    "Port town orders battery ferries\n"
    "BERGEN, Norway — The harbour board of a Norwegian port town will buy 14 battery ferries over the next "
    "three years to replace its diesel boats, the county transport office said on Monday.\n"
    "The boats will carry cars and foot passengers across the fjord, a crossing of about twenty minutes.\n"
    "Charging stations will be built at both landings, and crews will be trained to handle the batteries.\n"
    "Fishermen welcomed the plan but asked the board to keep the old timetable in winter.\n"
    "According to the county transport office, the diesel boats will be replaced by the purchase of 14 "
    "battery ferries spread across three years, a deal worth around 950 million kroner.\n"
    "The first ferry is due to sail in the spring."
)


def test_a_lead_restated_with_its_figures_and_its_clauses_turned_round(ctx_embedded, det):
    # synonyms and a new clause order take the encoder's cosine down to a loose paraphrase's; the
    # same figure and most of the same vocabulary around it say one fact told twice
    found = det.detect(ctx_embedded(RESTATED_LEAD))
    assert [(f.sentence, f.related) for f in found] == [(5, [1])]
    assert found[0].confidence < 0.5  # one restatement alone: news restates its lead too


@pytest.mark.parametrize("later", [
    # the same words around other figures: two facts
    "According to the county transport office, the diesel boats will be replaced by the purchase of eight "
    "battery ferries spread across five years, a deal worth around 950 million kroner.",
    # the same figure with little else in common
    "The 14 battery ferries will be built abroad, the transport office said, and the deal was "
    "financed by a loan.",
])
def test_the_same_vocabulary_with_other_figures_or_a_figure_alone_is_no_restatement(ctx_embedded, det, later):
    text = RESTATED_LEAD.replace(RESTATED_LEAD.split("\n")[5], later)
    assert det.detect(ctx_embedded(text)) == []


_BODY = ("Five villages along the river were cut off on Monday after the bridge collapsed, the regional "
         "council said.\nEngineers will inspect the other bridges of the valley this week.\n")


def test_a_headline_printed_again_under_its_copy_with_a_section_label_run_in(ctx_for):
    # the page's label glued to the first copy of the headline, then the headline alone again
    text = ("LOCALValley bridge collapse cuts off five villages\n2.4k views\n"
            "Valley bridge collapse cuts off five villages\n" + _BODY)
    found = DET.detect(ctx_for(text))
    assert [(f.text, f.axis) for f in found] == [("Valley bridge collapse cuts off five villages", "residue")]


def test_a_label_run_into_a_headline_and_another_headline_are_no_repeat(ctx_for):
    text = ("LOCALValley bridge collapse cuts off five villages\n2.4k views\n"
            "Valley road collapse cuts off five villages\n" + _BODY)
    assert DET.detect(ctx_for(text)) == []
