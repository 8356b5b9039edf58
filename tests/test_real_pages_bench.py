"""The real-pages benchmark's matching rule, on a page written here (the real pages stay outside)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from detector.data import Finding
from detector.segment import segment

_spec = importlib.util.spec_from_file_location(
    "real_pages", Path(__file__).resolve().parent.parent / "benchmarks" / "real_pages.py")
real_pages = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("real_pages", real_pages)  # dataclasses look their module up
_spec.loader.exec_module(real_pages)

PAGE = (
    "Share on Facebook\n"
    "The ferry resumed service on Monday.Officials said the pier was repaired.\n"
    "Tags: ferry, harbour\n"
    "Passengers welcomed the news, and the operator promised extra sailings for the busy summer weeks ahead."
)


def _finding(text: str, sentences, type_: str, needle: str) -> Finding:
    s = text.index(needle)
    k = next(i for i, x in enumerate(sentences) if x.start <= s < x.end)
    return Finding(type_, k, s, s + len(needle), needle, 0.9, "")


def _marks():
    page = {"id": "p", "text": PAGE, "artifacts": [
        {"type": "boilerplate", "sentence": "Share on Facebook", "start": 0, "note": ""},
        {"type": "splice", "sentence": "The ferry resumed service on Monday.Off",
         "start": PAGE.index("The ferry"), "note": ""},
        {"type": "boilerplate", "sentence": "Tags: ferry", "start": PAGE.index("Tags"), "note": ""},
    ]}
    return real_pages.page_marks(page)


def test_marks_map_splice_to_our_code_and_match_by_sentence():
    marks = _marks()
    assert [m.type for m in marks] == ["boilerplate", "spliced_fragment", "boilerplate"]
    _, sents = segment(PAGE)
    findings = [
        _finding(PAGE, sents, "boilerplate", "Share on Facebook"),          # correct
        _finding(PAGE, sents, "spliced_fragment", "Monday.Officials"),      # correct: in the marked sentence
        _finding(PAGE, sents, "spliced_fragment", "Tags: ferry"),           # on a boilerplate mark only
        _finding(PAGE, sents, "unbalanced_quote", "Passengers"),            # away from every mark
    ]
    pm = real_pages.match_page(marks, sents, findings)
    assert [m.text for m in pm.found] == ["Share on Facebook", "The ferry resumed service on Monday.Off"]
    assert [m.text for m in pm.missed] == ["Tags: ferry"]  # a finding of another type does not find it
    assert [f.type for f in pm.correct] == ["boilerplate", "spliced_fragment"]
    assert [f.text for f in pm.other_mark] == ["Tags: ferry"]
    assert [f.text for f in pm.false_alarms] == ["Passengers"]


def test_a_mark_not_at_its_offset_is_refused():
    page = {"id": "p", "text": PAGE, "artifacts": [{"type": "boilerplate", "sentence": "Tags", "start": 0}]}
    try:
        real_pages.page_marks(page)
    except SystemExit as exc:
        assert "not at offset 0" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a misplaced mark was accepted")


def test_missing_data_exits_with_a_message(tmp_path, capsys):
    assert real_pages.main(["--data", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "o.json")]) == 2
    assert "not found" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


def test_load_pages_checks_labels(tmp_path):
    f = tmp_path / "pages.jsonl"
    f.write_text(json.dumps({"id": "x", "text": "t", "label": "maybe"}) + "\n", encoding="utf-8")
    try:
        real_pages.load_pages(f)
    except SystemExit as exc:
        assert "line 1" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("a page without a valid label was accepted")


def test_a_mark_that_begins_its_line_covers_the_line():
    text = ("Intro line.\n• FILE PHOTO: a crane lifts a beam. REUTERS/Jane Roe\n"
            "The builders said the new tower would open next spring, two years later than first planned.")
    page = {"id": "p", "text": text, "artifacts": [
        {"type": "boilerplate", "sentence": "FILE PHOTO: a crane", "start": text.index("FILE")},
        {"type": "splice", "sentence": "a crane", "start": text.index("a crane")},
    ]}
    line_mark, inner_mark = real_pages.page_marks(page)
    assert text[line_mark.start : line_mark.end] == "FILE PHOTO: a crane lifts a beam. REUTERS/Jane Roe"
    assert text[inner_mark.start : inner_mark.end] == "a crane"  # not at its line's start: its own span


def test_a_boilerplate_mark_covers_the_short_lines_of_its_block():
    text = ("Share on Facebook\nShare on X\nEmail this story\n\nThe ferry resumed service on Monday.\n"
            "Tags: ferry\nThe pier, closed since a storm in March, reopened after repairs costing millions.")
    page = {"id": "p", "text": text, "artifacts": [
        {"type": "boilerplate", "sentence": "Share on Facebook", "start": 0},
        {"type": "boilerplate", "sentence": "Tags: ferry", "start": text.index("Tags")},
    ]}
    share, tags = real_pages.page_marks(page)
    assert text[share.start : share.end] == "Share on Facebook\nShare on X\nEmail this story"  # stops at the blank line
    assert text[tags.start : tags.end] == "Tags: ferry"  # the long prose line after it is not residue
