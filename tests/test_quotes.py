"""unbalanced_quote: quotations closed without opening, or opened and never closed."""

from detector.detectors.quotes import UnbalancedQuoteDetector

DET = UnbalancedQuoteDetector()


def spans(ctx):
    return [ctx.text[f.start : f.end] for f in DET.detect(ctx)]


def test_closing_quote_never_opened(ctx_for):
    ctx = ctx_for("Our soldiers will not retreat from the river,” the general told reporters on Monday.")
    assert spans(ctx) == ["Our soldiers will not retreat from the river,”"]


def test_opening_quote_never_closed(ctx_for):
    ctx = ctx_for("“We are ready to rebuild the bridge within a month, the mayor said.\nRepairs begin Monday.")
    assert spans(ctx) == ["“We are ready to rebuild the bridge within a month, the mayor said."]


def test_straight_quote_orphans(ctx_for):
    ctx = ctx_for('The minister said the decision was "final and will not be revisited.\nHe left without questions.')
    found = DET.detect(ctx)
    assert len(found) == 1 and found[0].text.startswith('"final')
    assert found[0].confidence < 0.9  # a straight quote's side is inferred


def test_attribution_inside_unclosed_quote_beats_continuation(ctx_for):
    ctx = ctx_for("“We are ready to fight, the mayor said on Monday.\n“The city is calm,” she said.")
    assert spans(ctx) == ["“We are ready to fight, the mayor said on Monday."]


def test_balanced_quotes_are_fine(ctx_for):
    text = (
        "“We will not stop,” said Oksana Hnatiuk. “This is our land.”\n"
        'He called the plan "a step forward" and said talks would go on.\n'
        "The pipe was 12\" wide, engineers said.\n"
        "The film «Winter on Fire» was shown in Kyiv."
    )
    assert DET.detect(ctx_for(text)) == []


def test_quotation_continued_across_paragraphs_is_news_style(ctx_for):
    text = (
        "“The first convoy left at dawn, and more will follow as long as the weather holds.\n"
        "“If we keep this pace, we will move 60,000 tons this week,” Hnatiuk said."
    )
    assert DET.detect(ctx_for(text)) == []


def test_speech_reported_inside_a_continued_quotation_is_no_attribution(ctx_for):
    # the speaker tells what others asked and said: "asked if", "said that" take a clause and end
    # no quotation, so the quotation still runs on into the next paragraph
    text = (
        "“The water was at the door by midnight. A volunteer, a boy of about sixteen, waded over and asked if "
        "we had a boat. My wife said that we had a canoe in the shed.\n"
        "“We paddled out at two in the morning, and nobody was hurt,” the farmer said."
    )
    assert DET.detect(ctx_for(text)) == []
    # nor is the speaker's own "we asked" or "I said"
    speech = text.replace("asked if we had a boat", "shouted, and we said we had a boat")
    assert DET.detect(ctx_for(speech)) == []
    # its attribution proper, the quotation's own speaker named after a comma, still ends it
    cut = text.replace("asked if we had a boat", "waded over, the farmer said")
    assert spans(ctx_for(cut))[0].startswith("“The water was at the door")


def test_breadcrumb_separator_is_not_a_quote(ctx_for):
    assert DET.detect(ctx_for("Home » World » Europe\nThe council met on Monday.")) == []


# -- quotations over several lines (feeds and aligned translations: one sentence a line) ------

def test_quotation_over_consecutive_lines_is_balanced(ctx_for):
    text = (
        "KHERSON — Water will be back in the left-bank districts by the end of the month, the head of the "
        "city's water utility said on Tuesday.\n"
        '"The damage to the main pipeline is worse than we first thought.\n'
        "Two sections have to be replaced, and the parts are coming from Lviv.\n"
        'Until then, the districts will get water for four hours a day," Serhiy Kovalchuk told reporters.\n'
        "Ovechkin said the team still had work to do: “We have not played a power play since March.\n"
        "We need the practice.”\n"
        "The mayor’s office called the plan «a first step.\n"
        "Nothing more»."
    )
    assert DET.detect(ctx_for(text)) == []


def test_quotation_over_lines_with_news_style_reopening(ctx_for):
    text = (
        "“The first convoy left at dawn.\n"
        "More will follow as long as the weather holds.\n"
        "“If we keep this pace, we will move 60,000 tons this week.\n"
        "The port is ready,” Hnatiuk said."
    )
    assert DET.detect(ctx_for(text)) == []


def test_quotation_never_closed_in_its_run_of_lines(ctx_for):
    text = (
        '"We will finish the embankment before the autumn rains.\n'
        "The contractor has already moved its equipment to the site.\n"
        "The council approved “emergency funds” for the work on Monday.\n"
        "Residents can expect noise at night."
    )
    assert spans(ctx_for(text)) == ['"We will finish the embankment before the autumn rains.']


def test_closing_quote_with_no_opener_after_balanced_lines(ctx_for):
    text = (
        "The council met on Monday to discuss the budget.\n"
        '"We need more time," the mayor said.\n'
        'The vote was postponed until the auditors report in May," she added.'
    )
    assert spans(ctx_for(text)) == ['The vote was postponed until the auditors report in May,"']


def test_blank_line_ends_the_run_of_lines(ctx_for):
    text = (
        "“We will finish the embankment before the autumn rains.\n"
        "\n"
        "The contractor has already moved its equipment,” the mayor said."
    )
    assert spans(ctx_for(text)) == [
        "“We will finish the embankment before the autumn rains.",
        "The contractor has already moved its equipment,”",
    ]


def test_attribution_inside_a_quotation_closed_lines_later(ctx_for):
    # on the opening line
    text = (
        "“We will finish the embankment before the autumn rains, the mayor said on Monday.\n"
        "The contractor has moved its equipment to the site.\n"
        "Work will go on at night,” she added."
    )
    assert spans(ctx_for(text)) == [
        "“We will finish the embankment before the autumn rains, the mayor said on Monday.",
        "Work will go on at night,”",
    ]
    # on a line in between
    text = (
        "“We will finish the embankment before the autumn rains.\n"
        "The contractor has moved its equipment, the mayor told reporters.\n"
        "Work will go on at night,” she added."
    )
    assert spans(ctx_for(text)) == [
        "“We will finish the embankment before the autumn rains.",
        "Work will go on at night,”",
    ]


def test_opener_and_closer_too_many_lines_apart(ctx_for):
    det = UnbalancedQuoteDetector(max_quote_lines=2)
    lines = ["“Repairs will take a month.", "The bridge is closed.", "Ferries run hourly.",
             "Buses are diverted.", "Tolls are suspended,” the ministry said."]
    found = [f.text for f in det.detect(ctx_for("\n".join(lines)))]
    assert found == ["“Repairs will take a month.", "Tolls are suspended,”"]
    lines_close = lines[:2] + ["Ferries run hourly,” the ministry said."]
    assert det.detect(ctx_for("\n".join(lines_close))) == []


def test_a_quotation_ending_in_a_number_is_closed(ctx_for):
    for text in ('"The plant has not been modernised since 1998", the director said.',
                 'The council said turnout was "the highest since 2004." Counting ends on Monday.',
                 '"We lost 40", he said.'):
        assert spans(ctx_for(text)) == [], text


def test_inch_marks_are_not_quotes(ctx_for):
    assert spans(ctx_for('Crews laid a 12" pipe under the road on Tuesday.')) == []
    assert spans(ctx_for('The centre, who is 6\'11", signed a two-year deal.')) == []


def test_a_mark_after_a_number_with_nothing_open_is_read_as_an_inch_mark(ctx_for):
    # a lost opener before a quotation ending in a number is not caught: the known cost of
    # letting 12" and 6'11" pass
    assert spans(ctx_for('The plant has not been modernised since 1998", the director said.')) == []


def _quotes(ctx_for, text):
    from detector.detectors.quotes import UnbalancedQuoteDetector

    return UnbalancedQuoteDetector().detect(ctx_for(text))


def test_low_high_quotes_and_a_reversed_closer_are_balanced(ctx_for):
    # „...“ as Czech and German print it, and “ typed where ” belongs
    text = ("„We are worried about the bridge,“ the mayor of Brno said on Saturday.\n\n"
            "“The pumps were switched off at midnight and nobody checked them,“ he said in a statement.")
    assert _quotes(ctx_for, text) == []


def test_quotation_continued_over_paragraphs_set_off_by_blank_lines(ctx_for):
    text = ("“Hanna had a generous heart and an open door for anyone who needed a bed,” her sister said.\n\n"
            "“She cared about the river long before anyone else in the village did.\n\n"
            "“We will miss her every spring.”")
    assert _quotes(ctx_for, text) == []


def test_quotation_interrupted_by_a_dash_attribution_resumes(ctx_for):
    text = ("\"Sales grew faster than prices — hence the higher revenue, explained the analyst Maria Orlova. —\n"
            "Chinese brands grew even faster this year.\"\n"
            "The market is expected to grow again next year.")
    assert _quotes(ctx_for, text) == []


def test_quotation_cut_by_the_end_of_an_excerpt_is_not_flagged_but_one_left_open_is(ctx_for):
    cut = "The governor spoke on Monday.\n\n“Prices have cooled sooner than our forecast said, and we will keep the rate wh"
    assert _quotes(ctx_for, cut) == []
    ended = "The governor spoke on Monday.\n\n“Prices have cooled sooner than our forecast said.\n\nRates will stay."
    assert [f.text[0] for f in _quotes(ctx_for, ended)] == ["“"]


def test_reversed_closer_with_nothing_open_still_counts(ctx_for):
    text = "The council met on Monday. The plan was approved,“ he said, without saying who had voted."
    assert len(_quotes(ctx_for, text)) == 1


def test_one_orphan_mark_is_weak_evidence(ctx_for):
    found = _quotes(ctx_for, "The council met on Monday. “The plan was approved, he said, and left.")
    assert len(found) == 1 and found[0].confidence <= 0.55


def test_nested_quotation_with_the_same_marks_is_balanced(ctx_for):
    # translators from languages that nest with the same marks write it this way
    text = "“Everyone can guess who “paid for” this leak,” the spokeswoman said.\nThe talks went on."
    assert _quotes(ctx_for, text) == []


def test_quotation_reopened_before_it_closed_is_not_carried_to_the_next_line(ctx_for):
    text = ("The minister on the one hand “regrets the decision. “And on the other hand,” she added, "
            "the plan stays.\nThe vote was close.\n“We will see,” he said.")
    found = _quotes(ctx_for, text)
    assert [f.text[:9] for f in found] == ["“regrets "]
    # the same with the quotation closed later in the line: the new sentence's quotation still
    # shows that the first one lost its end
    text = ("The minister on the one hand “regrets the decision. “And on the other hand,” she added, "
            "“the plan stays.”\nThe vote was close.")
    assert [f.text[:9] for f in _quotes(ctx_for, text)] == ["“regrets "]


def test_two_quotations_glued_together(ctx_for):
    found = _quotes(ctx_for, "The minister said, “We are ready.”  “Are you?” Reporters left.")
    assert [f.text for f in found] == ["“Are you?”"]
    assert found[0].confidence < 0.5
    # separated by words, or one quotation per list item: not glued
    assert _quotes(ctx_for, "The report spoke of “war” and of “peace” in the same breath.") == []
    assert _quotes(ctx_for, "He said “yes.”\n“No,” she said.") == []


def test_a_stray_mark_ending_the_paragraph_closes_the_quotation(ctx_for):
    assert _quotes(ctx_for, "“The harvest was the best in a decade. “\nFarmers agreed.") == []
    assert _quotes(ctx_for, '"The harvest was the best in a decade. "\nFarmers agreed.') == []


def test_nested_straight_quotes_in_even_number_are_balanced(ctx_for):
    text = ('Analysts cited the May 3 article "Why "made in Japan" is back in the "post-crisis" world" '
            'and the June 1 article "Jobs" as signs of change.\nThe market agreed.')
    assert _quotes(ctx_for, text) == []
    # an odd number still shows a mark is missing
    odd = ('Analysts cited the May 3 article "Why "made in Japan" is back in the post-crisis world '
           'and the June 1 article "Jobs" as signs of change.\nThe market agreed.')
    assert len(_quotes(ctx_for, odd)) >= 1

    # a quotation opening a new sentence inside an open one is no nesting: the first lost its end
    reopened = ('The coach said after the game, "It was a good match for us. We lost it ourselves. '
                '"Kohli said," We knew the dew would come. "Kohli added," It was hard. " The crowd left.')
    assert len(_quotes(ctx_for, reopened)) >= 1


# -- the conventions of professional translations ------------------------------------------

def test_inward_guillemets_are_balanced(ctx_for):
    # German, Danish and Czech set »...«; a paragraph opened with « is still read the French way
    text = (
        "»We have approved a plan, not a tram«, said Herr Keller, the committee's deputy chair.\n"
        "One shopkeeper said: «It will bring people back to the street.»"
    )
    assert DET.detect(ctx_for(text)) == []


def test_inward_guillemet_left_open_still_fires(ctx_for):
    # a » before a word opens a quotation even with no « in the paragraph; a breadcrumb's » stands apart
    text = "Herr Keller said the plan was »only a plan, not a tram, and the council knows it.\nThe vote passed."
    assert [s[:3] for s in spans(ctx_for(text))] == ["»on"]
    assert DET.detect(ctx_for("Home » Politics » Berlin\nThe vote passed.")) == []
    text = "Herr Keller said the plan was »only a plan«, and »the council knows it.\nThe vote passed."
    assert [s[:3] for s in spans(ctx_for(text))] == ["»th"]


def test_quoted_list_items_are_no_lost_attribution(ctx_for):
    text = ('The co-op packs its apples in four steps: "sorting," "washing," "grading by size," and '
            '"boxing."')
    assert DET.detect(ctx_for(text)) == []
    text = "Her novels “Harbour,” “Salt” and “The Ferryman” were reissued."
    assert DET.detect(ctx_for(text)) == []


def test_glued_statements_still_fire(ctx_for):
    # two statements, the first a whole clause: the attribution between them was lost
    text = "She answered “I think that was an unkind thing to ask anyone today,”  “Are you serious?”"
    assert spans(ctx_for(text)) == ["“Are you serious?”"]


def test_title_ending_in_a_digit_closes_its_quotation(ctx_for):
    assert DET.detect(ctx_for('He raced in the "Formula 1" season for three years.')) == []
    assert DET.detect(ctx_for('The film "Rocky 2" (1979) was shown again on Sunday.')) == []
    assert DET.detect(ctx_for('Engineers fitted a 12" pipe under the road.')) == []


def test_quotation_run_without_opener_in_one_sentence_lines_is_weak(ctx_for):
    # an aligned translation: a long quotation set apart in the source reaches us with only its
    # closing mark and the attribution after it
    text = (
        "Flour has doubled in price since the spring.\n"
        "Our millers now want to be paid before they deliver.\n"
        "We have already cut the night shift.\n"
        "If this goes on, the second shop will close by March,” the baker Marta Krejčí says.\n"
        "The bakery employs eleven people.\n"
        "We bake at a loss on every loaf,” her husband added.\n"
        "Butter and sugar have risen too."
    )
    found = DET.detect(ctx_for(text))
    assert len(found) == 2 and all(f.confidence <= 0.25 for f in found)
    # the same orphan in a paragraph of prose, or with a sentence after the attribution, keeps its weight
    prose = "Our millers want to be paid first. We bake at a loss on every loaf,” her husband added."
    assert [f.confidence for f in DET.detect(ctx_for(prose))] == [0.55]
    run_on = text.replace("her husband added.", "her husband added. He left.")
    assert sorted(f.confidence for f in DET.detect(ctx_for(run_on))) == [0.25, 0.55]


TESTIMONY = [
    "Halyna left the village with her two grandsons in the second week of March.",
    "“The soldiers came to our street on the third day.",
    "They took our phones and told us to stay inside.",
    "I hid the boys in the cellar under the potatoes.",
    "We ate what was in the jars for two weeks.",
    "My neighbour, a retired teacher, said we should walk to the river.",
    "The bridge was gone, so we crossed on a fishing boat.",
    "A man on the other bank gave us bread and a blanket.",
    "I did not know if my son was alive.",
    "He found us at the station in Zhytomyr four days later.",
    "We cried for an hour, all of us.",
    "Now the boys go to school here, and I work in a bakery.",
    "I still dream of our garden.”",
    "The village was taken back in April.",
]


def test_a_long_testimony_in_the_first_person_stays_one_quotation(ctx_for):
    # a witness's story quoted over a dozen one-sentence lines, opened once and closed once
    assert spans(ctx_for("\n".join(TESTIMONY))) == []


def test_a_long_run_told_by_a_narrator_is_two_lost_marks(ctx_for):
    # the same shape told in the third person: an opener and a closer a dozen lines apart are two losses
    third = [
        "Halyna left the village with her two grandsons in the second week of March.",
        "“The soldiers came to the street on the third day.",
        "They took the phones and told the family to stay inside.",
        "She hid the boys in the cellar under the potatoes.",
        "The family ate what was in the jars for two weeks.",
        "A neighbour, a retired teacher, told them to walk to the river.",
        "The bridge was gone, so they crossed on a fishing boat.",
        "A man on the other bank gave them bread and a blanket.",
        "She did not know if her son was alive.",
        "He found them at the station in Zhytomyr four days later.",
        "They cried for an hour, all of them.",
        "Now the boys go to school in the city, and she works in a bakery.",
        "She still dreams of the garden.”",
        "The village was taken back in April.",
    ]
    assert len(spans(ctx_for("\n".join(third)))) == 2


def test_a_roman_numeral_closing_a_name_is_no_first_person(ctx_for):
    # a narrator's run about a war memorial: "World War I" and "King George I" are names, so the
    # opener and the closer a dozen lines apart are still two lost marks
    lines = [
        "The memorial in the square was unveiled in 1921 by the county's mayor.",
        "“The names of 112 men who died in World War I are cut into its base.",
        "A second panel lists those of World War II.",
        "The stone came from a quarry that King George I had once owned.",
        "The council cleaned it in 2014, for the centenary of World War I.",
        "Pupils read the names of the dead of World War I aloud that year.",
        "A local historian traced the families of most of the men of World War I.",
        "Some had emigrated to Canada after the war.",
        "The youngest of those named was sixteen.",
        "The panel for World War I was damaged by frost last winter.",
        "Masons will repair it in the spring.",
        "The cost is shared by the council and a veterans' charity.",
        "A service will be held when the work is done.”",
        "The square will be closed for two weeks.",
    ]
    assert len(spans(ctx_for("\n".join(lines)))) == 2
    # near-miss: the same run in a witness's first person stays one quotation
    told = [lines[0]] + [line.replace("The names", "My grandfather's name and those") for line in lines[1:2]] + [
        "I found his name there when I was a boy.",
        "My mother took me to see it every November.",
        "We laid flowers under the panel for World War I.",
        "I still go, though my knees are bad now.",
        "My son came with me last year.",
        "We read the names aloud together.",
        "I think of the men every time I pass it.",
        "Our village lost eleven of them.",
        "My grandfather was the youngest.",
        "He was sixteen.",
        "I hope the masons keep the old letters.”",
        "The square will be closed for two weeks.",
    ]
    assert spans(ctx_for("\n".join(told))) == []
