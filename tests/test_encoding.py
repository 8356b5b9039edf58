"""mojibake: UTF-8 decoded with the wrong character set."""

from detector.detectors.encoding import MojibakeDetector

DET = MojibakeDetector()


def test_mojibake_sequences_are_flagged_with_a_fix_hint(ctx_for):
    ctx = ctx_for("Residents donâ€™t know where to go, the cafÃ© owner said.\nâ€œWe will stay,â€ she said.")
    found = DET.detect(ctx)
    assert [f.text for f in found][:2] == ["donâ€™t", "cafÃ©"]
    assert "don't" in found[0].explanation or "don’t" in found[0].explanation
    assert all(ctx.text[f.start : f.end] == f.text for f in found)
    assert any(f.sentence == 1 for f in found)


def test_correct_unicode_is_not_mojibake(ctx_for):
    text = (
        "The café in Kraków reopened — and Nebojša Radosavljević, 54, said prices rose 3%.\n"
        "“It’s a new start,” he said, quoting Goethe: «Über allen Gipfeln ist Ruh».\n"
        "São Paulo and Zürich, naïve résumé, Łódź, Ümraniye, Ñuñoa."
    )
    assert DET.detect(ctx_for(text)) == []


import pytest  # noqa: E402


@pytest.mark.parametrize(("text", "shown"), [
    # a character the target encoding lacked, written as "?"
    ("Officials don?t expect the bridge to reopen before May.", "don?t"),
    # (the sentence splitter cuts after "said.": the finding is the "?" that opens the next sentence)
    ('The mayor said.? "We will rebuild the school by winter."', "?"),
    ("?Stop the cuts? read the banners at the rally.", "?Stop"),
    # a grave accent typed for an apostrophe
    ("The region`s governor visited the site on Monday.", "region`s"),
    ("\"We`re still waiting for news,\" she said.", "\"We`re"),
    # a dash lost, leaving quotation marks between two words
    ("The case is solid \u201c\u201d and the data back it up.", "\u201c\u201d"),
    ("The report said: \u201cThe bridge can carry heavy lorries \u201d and buses, if the speed limit is "
     "kept.\u201d", "\u201d"),
])
def test_lossy_conversions_are_mojibake(ctx_for, text, shown):
    ctx = ctx_for(text)
    found = DET.detect(ctx)
    assert [f.text for f in found] == [shown]
    assert found[0].confidence < DET.confidence


@pytest.mark.parametrize("text", [
    "Why? Because the contract was never signed, the mayor said.",
    "What did they expect? Nobody knows.",
    "See https://example.org/search?q=harbour&page=2 for the list.",
    "He said: \u201cWe will stay.\u201d Then he left \u2014 quickly.",
    "The code uses `make build` to compile.",
    "``Quoted'' text in an old style.",
    # "!?" written on purpose, in a headline or in speech
    "Snow in May!? The hills above the town turned white overnight.",
    "\u201cYou closed the road again!?\u201d one driver shouted at the workers.",
])
def test_question_marks_backticks_and_quotes_in_their_place(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


@pytest.mark.parametrize(("text", "shown", "whole"), [
    # an HTML character reference never decoded
    ("The union&#039;s leader said the deal was fair.", "union&#039;s", True),
    ("They called the deal &quot;a fair one&quot; on Monday.", "&quot;a", True),
    ("Q&amp;A: what the new pay deal means for dock workers", "Q&amp;A:", True),
    ("Prices fell&nbsp;sharply on Monday, traders said.", "fell&nbsp;sharply", True),
    # a feed's arrows, bullets and signs, whole: only ever a reference with its "&" and ";"
    ("Read the full ruling on the court's site &rarr;", "&rarr;", True),
    ("Temperatures fell to minus 12&deg;C overnight in the valley.", "12&deg;C", True),
    # its remains, once a cleaner stripped the "&" or the "&#"
    ("The union039;s leader said the deal was fair.", "union039;s", False),
    ("The union #8217;s leader said the deal was fair.", "#8217;s", False),
])
def test_html_character_references_left_in_the_text_are_mojibake(ctx_for, text, shown, whole):
    found = DET.detect(ctx_for(text))
    assert [f.text for f in found] == [shown]
    assert (found[0].confidence == DET.confidence) is whole
    assert "HTML character reference" in found[0].explanation


@pytest.mark.parametrize("text", [
    "See https://example.org/search?q=harbour&amp;page=2 for the list.",
    "Supporters chanted #1 and #MeToo; the rally went on into the night.",
    "The index rose 10.039; the bond yield fell to 4.2%.",
    "She was paid in euro; he was paid in pounds, the court heard.",
    "Marks & Spencer; Procter & Gamble and AT&T all reported on Tuesday.",
])
def test_ampersands_hashes_and_semicolons_in_their_place(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []


@pytest.mark.parametrize("text", [
    "SÃO PAULO (Reuters) - The central bank held its key rate on Wednesday.",
    "JOÃO PESSOA, Brazil — Fishing boats stayed in port as the storm passed.",
    "The mayor of CONCEIÇÃO DO ARAGUAIA said the bridge would reopen in May.",
])
def test_portuguese_capitals_in_a_dateline_are_not_mojibake(ctx_for, text):
    # UTF-8's second byte is never an ASCII letter: "Ã" before "O" is the letter itself
    assert DET.detect(ctx_for(text)) == []


def test_the_same_city_mis_decoded_is_still_mojibake(ctx_for):
    found = DET.detect(ctx_for("SÃ£o Paulo's port reopened on Friday, and VoilÃ\xa0 was sold out."))
    assert [f.text for f in found] == ["SÃ£o", "VoilÃ\xa0"]


@pytest.mark.parametrize(("text", "shown"), [
    # Turkish and Polish letters of Latin Extended-A, UTF-8 read as cp1252
    ("Ä°zmir's port authority said the ferries would run again on Monday.", "Ä°zmir's"),
    ("The council of Ä°BB approved the loan, the mayor's office said.", "Ä°BB"),
    ("The ferry reached Ã‡anakkale after a delay of three hours.", "Ã‡anakkale"),
    ("Fans in PoznaÅ„ waited outside the stadium for more than two hours.", "PoznaÅ„"),
    ("The mayor said the road to KÄ™pno would reopen in the spring.", "KÄ™pno"),
])
def test_latin_extended_letters_mis_decoded_are_mojibake(ctx_for, text, shown):
    assert [f.text for f in DET.detect(ctx_for(text))] == [shown]


@pytest.mark.parametrize("text", [
    "ÄRZTE OHNE GRENZEN, the German section of the charity, said the clinic had closed.",
    "The Ärztekammer said 40 doctors had left Ägypten's embassy clinic, with Äpfel and °C listed.",
    "The Äland ferry and İzmir, Kępno, Poznań and Çanakkale were all named in the report.",
])
def test_capital_a_umlaut_and_correct_extended_letters_are_not_mojibake(ctx_for, text):
    assert DET.detect(ctx_for(text)) == []
