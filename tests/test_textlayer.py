"""Tests for the shared text layer (detector/detectors/textlayer.py). Texts written for these tests."""

from __future__ import annotations

from conftest import make_context
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.detectors.lexical import UntranslatedDetector


def test_context_builds_the_layer_once(ctx_for):
    ctx = ctx_for("Mayor Ilona Hrytsenko visited Lutsk. She met the rescuers.")
    assert ctx.layer is ctx.layer


def test_tokens_words_possessives_and_hyphens(ctx_for):
    ctx = ctx_for("Kovalenko's 45-year-old deputy, Jean-Pierre O'Brien, read d'état notes aloud.")
    toks = ctx.layer.tokens
    words = [t.word for t in toks]
    assert words[:2] == ["Kovalenko", "45-year-old"]
    assert "Jean-Pierre" in words and "O'Brien" in words and "d'état" in words
    kov = toks[0]
    assert kov.possessive and ctx.text[kov.start:kov.raw_end] == "Kovalenko's"
    for t in toks:
        assert ctx.text[t.start:t.end] == t.word
        assert t.lower == t.word.lower()


def test_tokens_in_keeps_the_word_when_the_span_cuts_its_possessive(ctx_for):
    ctx = ctx_for("It was Hrytsenko's plan.")
    cut = ctx.text.index("'s")
    toks = ctx.layer.tokens_in(0, cut)
    assert [t.word for t in toks] == ["It", "was", "Hrytsenko"]
    assert toks[-1].raw_end == cut


def test_quote_spans_per_paragraph(ctx_for):
    text = ('Svitlana Moroz said: “The water is back in two districts,” and left.\n'
            '“The rest will take a week\n'
            'She did not say more.')
    ctx = ctx_for(text)
    layer = ctx.layer
    assert layer.in_quote(text.index("water"))
    assert not layer.in_quote(text.index("and left"))
    # a quotation left open is closed at the end of its paragraph, not carried on
    assert layer.in_quote(text.index("rest"))
    assert not layer.in_quote(text.index("She did"))
    assert len(layer.quote_marks) == 3


def test_cap_runs_stay_inside_a_sentence(ctx_for):
    ctx = ctx_for("The talks were in Lviv. Maria Bondar said little. Deputy Minister Oleh Savchuk agreed.")
    runs = [" ".join(t.word for t in r) for r in ctx.layer.cap_runs]
    assert "Maria Bondar" in runs
    assert "Deputy Minister Oleh Savchuk" in runs
    assert not any("Lviv Maria" in r for r in runs)


def test_protected_spans(ctx_for):
    text = "Write to press@rada-news.example.org or see https://example.com/kyiv and #StandWithKyiv today."
    ctx = ctx_for(text)
    layer = ctx.layer
    assert layer.is_protected(text.index("press"), text.index("press") + 5)
    assert layer.is_protected(text.index("https"), text.index("https") + 5)
    assert layer.is_protected(text.index("#Stand"), text.index("#Stand") + 3)
    assert not layer.is_protected(text.index("today"), text.index("today") + 5)


def test_untranslated_words_read_the_layer_hyphen_parts(ctx_for):
    # "según" inside a hyphenated token still counts as a word of its own
    ctx = ctx_for("The budget, según-el ministry spokesman, would grow by a tenth next year.")
    found = UntranslatedDetector().detect(ctx)
    assert any("según" in f.text for f in found)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Ké'’-\"“”.\n0,s")), max_size=80))
def test_offsets_hold_on_arbitrary_text(text):
    ctx = make_context(text)
    layer = ctx.layer
    for t in layer.tokens:
        assert text[t.start:t.end] == t.word and t.start < t.end <= t.raw_end
    for a, b in layer.quote_spans:
        assert 0 <= a < b <= len(text)
    for run in layer.cap_runs:
        assert all(t.is_cap for t in run)


def test_a_run_of_thousands_of_digits_is_tokenised_as_a_short_one_is():
    # the number-and-word token ("12-year-old") was retried from every digit of a long run of
    # digits; it starts at the run's first digit now, where the match always started
    from detector.detectors.textlayer import TextLayer

    digits = "7" * 20_000
    ctx = make_context(f"A crowd {digits}-strong met a 12-year-old and {digits} others in 2024.")
    words = [t.word for t in TextLayer(ctx.text, ctx.paragraphs, ctx.sentences).tokens]
    assert words == ["A", "crowd", f"{digits}-strong", "met", "a", "12-year-old", "and", "others", "in"]


_PIECES = ["-", "-", "a", "abcdef", ".", "@", "#", " ", "_", "1", "+", ":", "/", "www", "http", "https", "://",
           ".com", ".ru", "com", ".рф", "ü", "(", "'", "\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_protected_spans_are_those_of_the_pattern_from_every_place(text):
    # the layer's scan steps over a run of letters and hyphens once no span can start in it:
    # the spans are those the pattern finds trying every place
    from detector.detectors.textlayer import PROTECTED_RE, TextLayer

    layer = TextLayer(text, [], [])
    assert list(zip(*layer.protected, strict=True)) == [m.span() for m in PROTECTED_RE.finditer(text)]


def test_long_runs_of_hyphens_in_a_record_leave_the_protected_spans_found_at_once():
    # a bare domain was tried again after every hyphen of a run, each try reading to the run's
    # end: 50,000 hyphens cost 30 CPU-seconds, 200,000 several minutes
    import subprocess
    import sys

    code = ("from detector.detectors.textlayer import TextLayer\n"
            "text = 'A run ' + '-' * 200_000 + ' then ' + '-ab' * 70_000 + ' and ' + '-a' * 100_000 "
            "+ ' see news-site-' + '-x' * 5_000 + '.com/page now'\n"
            "print([(text[a:a + 10], text[b - 9:b]) for a, b in zip(*TextLayer(text, [], []).protected)])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[('news-site-', '.com/page')]"
