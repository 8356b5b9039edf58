"""boilerplate: scraping residue lines."""

import pytest

from detector.detectors.boilerplate import BoilerplateDetector

DET = BoilerplateDetector()

RESIDUE = [
    "- Advertisement -",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Share this:",
    "Click to share on Telegram (Opens in new window)",
    "Facebook Twitter WhatsApp Telegram",
    "Subscribe to our newsletter",
    "Related Articles",
    "Latest Posts",
    "You may also like",
    "We use cookies to give you the best experience on our website.",
    "Stay Connected",
    "Home » World » Europe",
    "Home » News",
    "Posted by admin | March 3, 2024",
    "By News Desk - 14 March 2024",
    "Read more: Kyiv says grain talks stalled",
    "Tags: Ukraine, Kharkiv, energy",
    "Print this page",
]

PROSE = [
    "KYIV, Ukraine (AP) — Russian forces shelled the city on Monday, officials said.",
    "The company said it would share the data with regulators next week.",
    "Subscribers to the service complained about outages, the regulator said.",
    "Related talks are expected in Geneva next month, officials said.",
    "The cookie maker said sales rose 4% in the quarter.",
    "By the end of the week, the army had retaken the village.",
    "Home prices rose 2.1% in March, the statistics office said.",
    "Share prices fell 3% on the news.",
    "Latest figures show inflation slowed to 4.1% in October.",
    "Sponsored by the government, the program funds 300 schools.",
    "The 24/7 hotline opened on Friday.",
    "By Monday",
]


@pytest.mark.parametrize("line", RESIDUE)
def test_residue_lines_are_flagged(line, ctx_for):
    text = f"The council met on Monday to approve the budget.\n{line}\nThe vote is expected on Friday."
    ctx = ctx_for(text)
    found = DET.detect(ctx)
    assert found, line
    assert {ctx.text[f.start : f.end] for f in found} <= set(s.text for s in ctx.sentences)
    assert all(line.startswith(f.text) or f.text in line for f in found)


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_not_flagged(line, ctx_for):
    assert DET.detect(ctx_for(line + "\nThe vote is expected on Friday.")) == []


def test_inline_ad_marker_inside_prose(ctx_for):
    ctx = ctx_for("The mayor said repairs would take a week. - Advertisement - Residents were told to boil water.")
    found = DET.detect(ctx)
    assert [f.text for f in found] == ["- Advertisement -"]


def test_kind_is_in_explanation(ctx_for):
    (f,) = DET.detect(ctx_for("Leave a Reply"))
    assert "comment form" in f.explanation
