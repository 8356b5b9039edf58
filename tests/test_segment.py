"""detector.segment.segment: paragraphs and sentences with exact character offsets."""

from __future__ import annotations

import pytest

from detector.segment import MAX_SENTENCE_CHARS, segment


def texts(sentences):
    return [s.text for s in sentences]


def assert_offsets(text, paragraphs, sentences):
    for i, s in enumerate(sentences):
        assert s.index == i
        assert s.text == text[s.start:s.end]
        assert s.text == s.text.strip() and s.text
    for j, p in enumerate(paragraphs):
        assert p.index == j
        for si in p.sentences:
            assert sentences[si].paragraph == j
            assert p.start <= sentences[si].start and sentences[si].end <= p.end


WIRE = (
    "Floodwaters Force Thousands From Homes Along the Oder\n"
    "FRANKFURT AN DER ODER, April 9 (Wire) -\n"
    "Rescue crews evacuated about 4,000 residents on Tuesday as the river rose to its highest level in a decade. "
    "Gen. Tomas Brandt said the army had sent 300 soldiers to reinforce the dikes.\n"
    "- Advertisement -\n"
    "The U.S. embassy advised citizens to avoid the area. Dr. Lena Vogt, who runs the regional hospital, "
    "said two people had been treated for hypothermia.\n"
    "Water levels rose 3.5% overnight, the state flood office said.\n"
    "\"We will not stop until every dike is secure,\" Brandt said. \"The next 48 hours are critical.\"\n"
)


def test_wire_article_units():
    paragraphs, sentences = segment(WIRE)
    assert_offsets(WIRE, paragraphs, sentences)
    assert texts(sentences) == [
        "Floodwaters Force Thousands From Homes Along the Oder",
        "FRANKFURT AN DER ODER, April 9 (Wire) -",
        "Rescue crews evacuated about 4,000 residents on Tuesday as the river rose to its highest level in a decade.",
        "Gen. Tomas Brandt said the army had sent 300 soldiers to reinforce the dikes.",
        "- Advertisement -",
        "The U.S. embassy advised citizens to avoid the area.",
        "Dr. Lena Vogt, who runs the regional hospital, said two people had been treated for hypothermia.",
        "Water levels rose 3.5% overnight, the state flood office said.",
        "\"We will not stop until every dike is secure,\" Brandt said.",
        "\"The next 48 hours are critical.\"",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 2, 2, 3, 4, 4, 5, 6, 6]
    assert [s.standalone for s in sentences] == [True, True, False, False, True, False, False, False, False, False]
    assert [p.sentences for p in paragraphs] == [[0], [1], [2, 3], [4], [5, 6], [7], [8, 9]]
    # paragraph spans are the trimmed lines
    assert [WIRE[p.start:p.end] for p in paragraphs] == WIRE.strip("\n").split("\n")


@pytest.mark.parametrize("line", [
    "- Advertisement -",
    "ADVERTISEMENT",
    "Ukraine Says Grain Corridor Will Stay Open",
    "KYIV, May 2 (Wire) -",
    "By Anna Keller",
])
def test_short_line_is_never_merged_with_the_next_sentence(line):
    text = f"The ministry said the corridor remained open.\n{line}\nShips continued to sail from Odesa on Sunday."
    paragraphs, sentences = segment(text)
    assert texts(sentences) == [
        "The ministry said the corridor remained open.",
        line,
        "Ships continued to sail from Odesa on Sunday.",
    ]
    assert sentences[1].standalone
    assert sentences[1].start == text.index(line)
    assert len(paragraphs) == 3


@pytest.mark.parametrize("marker", ["- Advertisement -", "ADVERTISEMENT", "Advertisement", "Sponsored content"])
def test_ad_marker_line_followed_by_lowercase_is_not_joined(marker):
    # an ad marker has no sentence punctuation; the next line may still start in lowercase:
    # a brand (eBay) or, where a scraper put the ad inside a sentence, its continuation
    text = f"The company reported record sales.\n{marker}\neBay shares rose 4% in early trading."
    paragraphs, sentences = segment(text)
    assert texts(sentences) == [
        "The company reported record sales.", marker, "eBay shares rose 4% in early trading."
    ]
    assert [p.sentences for p in paragraphs] == [[0], [1], [2]]

    text = f"The minister said that\n{marker}\nthe talks would resume next week."
    _, sentences = segment(text)
    assert texts(sentences) == ["The minister said that", marker, "the talks would resume next week."]


@pytest.mark.parametrize("sentence", [
    "Gen. Oleksandr Syrskyi visited the front line near Bakhmut on Saturday.",
    "The U.S. Treasury announced new sanctions against three shipping firms.",
    "Dr. Maria Lopez, a virologist, said the outbreak was under control.",
    "Inflation slowed to 3.5% in March from 4.1% in February.",
    "\"We will not stop,\" he said.",
    "Mr. Haddad and Mrs. Haddad arrived at 9 a.m. on Friday.",
])
def test_abbreviations_decimals_and_quotes_do_not_split(sentence):
    text = f"{sentence} The talks are scheduled to resume next week."
    _, sentences = segment(text)
    assert texts(sentences) == [sentence, "The talks are scheduled to resume next week."]
    assert [s.start for s in sentences] == [0, len(sentence) + 1]


def test_hard_wrapped_lines_are_joined():
    text = (
        "The mayor said the bridge would remain closed until\n"
        "engineers had finished inspecting the damaged span and\n"
        "the river had fallen below the warning level.\n"
        "Traffic was diverted through the city centre."
    )
    paragraphs, sentences = segment(text)
    assert len(sentences) == 2
    assert sentences[0].text == text[: text.index(" level.") + len(" level.")]
    assert sentences[0].text.count("\n") == 2
    assert sentences[1].text == "Traffic was diverted through the city centre."
    assert [p.sentences for p in paragraphs] == [[0], [1]]
    assert paragraphs[0].start == 0 and paragraphs[0].end == sentences[0].end


def test_line_starting_uppercase_is_a_new_paragraph():
    text = "Police said the suspect fled on foot\nWitnesses described a man in a grey coat."
    paragraphs, sentences = segment(text)
    assert texts(sentences) == ["Police said the suspect fled on foot", "Witnesses described a man in a grey coat."]
    assert len(paragraphs) == 2


def test_line_ending_a_sentence_is_not_joined_to_a_lowercase_line():
    text = "The vote was postponed.\nsome lawmakers walked out in protest."
    _, sentences = segment(text)
    assert texts(sentences) == ["The vote was postponed.", "some lawmakers walked out in protest."]
    assert [s.paragraph for s in sentences] == [0, 1]


def test_long_run_without_punctuation_is_cut_into_bounded_sentences():
    # (its speed is in benchmarks/; a backtracking pattern here would hang the suite, not pass)
    text = "a" * 200_000
    paragraphs, sentences = segment(text)
    assert len(sentences) == 200
    assert all(len(s.text) == MAX_SENTENCE_CHARS for s in sentences)
    assert "".join(texts(sentences)) == text
    assert len(paragraphs) == 1 and paragraphs[0].sentences == list(range(200))


def test_long_run_of_words_is_cut_at_spaces():
    text = "grain " * 35_000  # 210,000 characters, no sentence punctuation
    _, sentences = segment(text)
    assert all(0 < len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(s.text.startswith("grain") and s.text.endswith("grain") for s in sentences)
    assert_offsets(text, *segment(text))
    # every word is in exactly one unit
    assert sum(s.text.count("grain") for s in sentences) == 35_000


def test_long_sentence_inside_prose_is_cut():
    long = "officials " * 300  # 3,000 characters
    text = f"The minister spoke. Then {long}said nothing. The meeting ended."
    paragraphs, sentences = segment(text)
    assert_offsets(text, paragraphs, sentences)
    assert sentences[0].text == "The minister spoke."
    assert sentences[-1].text == "The meeting ended."
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE_CHARS
    assert len(sentences) >= 5


def test_crlf_line_endings():
    text = (
        "Port Strike Enters Third Day\r\n"
        "\r\n"
        "Dock workers in Rotterdam extended their strike on Wednesday. The union said talks had failed.\r\n"
        "- Advertisement -\r\n"
        "Shipping lines diverted vessels to Antwerp.\r\n"
    )
    paragraphs, sentences = segment(text)
    assert_offsets(text, paragraphs, sentences)
    assert texts(sentences) == [
        "Port Strike Enters Third Day",
        "Dock workers in Rotterdam extended their strike on Wednesday.",
        "The union said talks had failed.",
        "- Advertisement -",
        "Shipping lines diverted vessels to Antwerp.",
    ]
    assert all("\r" not in s.text for s in sentences)
    assert [p.sentences for p in paragraphs] == [[0], [1, 2], [3], [4]]


def test_crlf_hard_wrap_is_joined():
    text = "The court adjourned the hearing until\r\nnext month after the defence asked for time.\r\n"
    paragraphs, sentences = segment(text)
    assert len(sentences) == 1
    assert sentences[0].text == text.rstrip("\r\n")
    assert len(paragraphs) == 1


def test_paragraph_indices_across_blank_lines():
    text = (
        "\n\nFirst paragraph has one sentence.\n\n\n"
        "Second paragraph has two sentences. Here is the second.\n"
        "   \n"
        "Third paragraph."
    )
    paragraphs, sentences = segment(text)
    assert_offsets(text, paragraphs, sentences)
    assert [p.index for p in paragraphs] == [0, 1, 2]
    assert [p.sentences for p in paragraphs] == [[0], [1, 2], [3]]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
    assert text[paragraphs[1].start:paragraphs[1].end] == "Second paragraph has two sentences. Here is the second."


@pytest.mark.parametrize("text", ["", "   ", "\n\n\r\n", "\t \u00a0\n"])
def test_blank_text_has_no_units(text):
    assert segment(text) == ([], [])


def test_leading_and_trailing_whitespace_offsets():
    text = "   \t The council met on Monday.   \n"
    _, sentences = segment(text)
    assert len(sentences) == 1
    assert (sentences[0].start, sentences[0].end) == (5, 31)
    assert sentences[0].text == "The council met on Monday."


def test_unicode_offsets_are_code_points():
    text = "Zürich’s mayor, Corine Mauch, said the café would reopen. Prices rose €2 — or 5%."
    _, sentences = segment(text)
    assert_offsets(text, *segment(text))
    assert texts(sentences) == [
        "Zürich’s mayor, Corine Mauch, said the café would reopen.",
        "Prices rose €2 — or 5%.",
    ]


@pytest.mark.parametrize("sep", ["\x1c", "\x1d", "\x1e", "\x1f"])
def test_ascii_separators_from_wire_feeds_do_not_crash(sep):
    # wire feeds carry ASCII separator characters; pysbd passed "\x1f2" to int() and raised
    text = f"The agency listed three measures: 1. higher tariffs{sep}2. new quotas{sep}3. a review."
    paragraphs, sentences = segment(text)
    assert_offsets(text, paragraphs, sentences)
    assert sentences[0].start == 0 and sentences[-1].end == len(text)
    assert "".join(texts(sentences)).replace(sep, "").replace(" ", "") == text.replace(sep, "").replace(" ", "")


@pytest.mark.parametrize("stamp", ["03/11/2025 | 09:14am CET", "Published 12 March 2024, 14:05 CET",
                                   "The council raised its forecast for the budget 18:40"])
def test_a_stamp_line_is_not_wrapped_into_the_widget_below_it(stamp):
    text = f"Port Strike Enters Third Day\n{stamp}\nshare with friends\nshare on social media\nDock workers stayed out."
    _, sentences = segment(text)
    assert texts(sentences)[1:4] == [stamp, "share with friends", "share on social media"]


def test_a_wrapped_line_of_prose_with_few_words_is_still_joined():
    text = "“The expression that the\ngovernment has started the work is misleading,” the minister said."
    paragraphs, sentences = segment(text)
    assert len(paragraphs) == 1 and len(sentences) == 1


@pytest.mark.parametrize("text", ["Officials don?t expect the bridge to reopen soon.", "Banners reading ?Save the harbour went up on Monday."])
def test_a_question_mark_inside_or_before_a_word_ends_no_sentence(text):
    _, sentences = segment(text)
    assert texts(sentences) == [text]


@pytest.mark.parametrize("line", ["share with friends", "date 2025-04-02 The ministry said on Friday that fares rise."])
def test_a_widget_or_a_field_below_a_headline_is_its_own_unit(line):
    text = f"Regional trains run again after the storm\n{line}"
    paragraphs, _ = segment(text)
    assert len(paragraphs) == 2


@pytest.mark.parametrize("credit", ["AFP", "Reuters", "PA", "Getty Images"])
def test_a_bare_agency_credit_stays_with_the_sentence_it_was_glued_to(credit):
    text = f'The coach said they had a plan. "Now we rest." {credit}\nThe next match is on Sunday.'
    _, sentences = segment(text)
    assert texts(sentences) == ["The coach said they had a plan.", f'"Now we rest." {credit}', "The next match is on Sunday."]


def test_a_sentence_that_starts_with_an_agency_is_its_own():
    _, sentences = segment("The port reopened on Monday. Reuters reported it first.")
    assert texts(sentences) == ["The port reopened on Monday.", "Reuters reported it first."]


@pytest.mark.parametrize("mark", ['"', "”", "»", "’"])
def test_a_closing_mark_after_the_full_stop_stays_with_its_sentence(mark):
    # the paragraph never opened the quotation (it was opened in an earlier one, or lost), and the
    # splitter left the mark alone after the full stop
    text = f"He said the ferries would sail again by Monday.{mark}\nThe port authority did not comment."
    _, sentences = segment(text)
    assert texts(sentences) == [
        f"He said the ferries would sail again by Monday.{mark}",
        "The port authority did not comment.",
    ]


def test_a_paragraph_of_nothing_but_a_mark_is_still_one_sentence():
    # near-miss: with no sentence before it there is nothing to glue the mark to, and no text is lost
    _, sentences = segment("The vote was held on Sunday.\n”\nResults come on Monday.")
    assert texts(sentences) == ["The vote was held on Sunday.", "”", "Results come on Monday."]


PARAGRAPH_OF_ABBREVIATIONS = (
    "Gov. Lind said no. 4 platoon would plan a new street plan for St. Ann's. "
    "No. 7 was closed on Monday. The pl. form and the Pl. form are rare, the ST. form rarer. "
    "Dr. Ruiz, Mr. Cole and Prof. Ng met at 9 a.m. near Mt. Hood. "
)


def test_a_long_paragraph_full_of_abbreviations_is_marked_as_pysbd_marks_it():
    # pysbd rewrites the whole paragraph once per word that opens like an abbreviation ("no",
    # "plan", "street"); ours once per abbreviation: the marks must be the same
    from pysbd.lang.english import English

    from detector.segment import _segmenter

    _segmenter()  # installs the replacer
    ours, pysbds = English.AbbreviationReplacer, English.AbbreviationReplacer.__mro__[1]
    assert ours is not pysbds and pysbds.__module__.startswith("pysbd")
    para = PARAGRAPH_OF_ABBREVIATIONS * 80  # 18,000 characters, one paragraph for pysbd
    marked = ours(para, English).replace()
    assert marked == pysbds(para, English).replace()
    assert marked.count("∯") == 13 * 80  # every abbreviation's period (a.m. has two), no sentence's


def test_a_long_paragraph_full_of_abbreviations_keeps_its_sentences():
    _, sentences = segment(PARAGRAPH_OF_ABBREVIATIONS * 80)
    assert texts(sentences) == [
        "Gov. Lind said no. 4 platoon would plan a new street plan for St. Ann's.",
        "No. 7 was closed on Monday.",
        "The pl. form and the Pl. form are rare, the ST. form rarer.",
        "Dr. Ruiz, Mr. Cole and Prof. Ng met at 9 a.m. near Mt. Hood.",
    ] * 80
