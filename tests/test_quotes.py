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


def test_breadcrumb_separator_is_not_a_quote(ctx_for):
    assert DET.detect(ctx_for("Home » World » Europe\nThe council met on Monday.")) == []
