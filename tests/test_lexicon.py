"""The word-list loader shared by the detectors and the training-data generator."""

from __future__ import annotations

import pytest

from detector import lexicon


def test_parse_reads_comments_header_roles_and_short_rows():
    lex = lexicon.parse("demo", "# what it is for\n\nword\trole\tnote\nthe\ttail\nand\ttail\tjoins\nof\thead\n")
    assert lex.columns == ("word", "role", "note")
    assert lex.words(role="tail") == {"the", "and"}
    assert lex.column(role="tail") == ("the", "and")  # file order
    assert lex.column("note", role="tail") == ("", "joins")  # a missing trailing cell is empty
    assert lex.records(role="head") == [{"word": "of", "role": "head", "note": ""}]
    with pytest.raises(KeyError, match="no column 'kind'"):
        lex.words(kind="x")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# only a comment\n", "no header"),
        ("word\tword\nx\tx\n", "distinct"),
        ("word\trole\nthe\ttail\textra\n", "line 2: 3 cells"),
        ("word\trole\n\ttail\n", "first cell is empty"),
    ],
)
def test_parse_refuses_malformed_files(text, message):
    with pytest.raises(lexicon.LexiconError, match=message):
        lexicon.parse("demo", text)


def test_every_shipped_lexicon_parses_and_has_entries():
    names = lexicon.available()
    assert {"splice_words", "navigation"} <= set(names)
    for name in names:
        assert lexicon.load(name).rows, name


def test_unknown_lexicon_is_a_clear_error():
    with pytest.raises(lexicon.LexiconError, match="no lexicon 'nonesuch'"):
        lexicon.load("nonesuch")


def test_splice_detector_reads_its_lists_from_the_lexicon():
    from detector.detectors import splice

    assert "while" in splice.TAIL_WORDS and "had" not in splice.TAIL_WORDS_CAPITALISED
    assert splice.FUNCTION_PAIRS["ofthe"] == ("of", "the")
    assert {"Home", "News", "Europe"} <= splice.NAV_WORDS
