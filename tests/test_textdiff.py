"""Word diffs: difflib's own opcodes for prose, a bounded cost for a page that repeats a word."""

from __future__ import annotations

import difflib

import pytest

from detector import textdiff
from detector.detectors.duplicates import word_changes
from detector.report import word_diff


def _difflib(a, b):
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@pytest.mark.parametrize(("a", "b"), [
    ("The council said on Monday that the bridge would open by Friday.",
     "According to the council, the bridge will reopen on Friday."),
    ("Police said the the road was closed.", "Police said the road was closed overnight."),
    ("", "A sentence added."),
    ("A sentence dropped.", ""),
    ("the " * 150, "the " * 149 + "a"),  # a word repeated, still under the bound: difflib as it is
])
def test_prose_gets_difflibs_own_opcodes(a, b):
    wa, wb = a.split(), b.split()
    assert textdiff.opcodes(wa, wb) == _difflib(wa, wb)


def _apply(ops, a, b):
    """b rebuilt from a and the opcodes: every word of both is covered, in order."""
    out, i_at, j_at = [], 0, 0
    for op, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i_at, j_at)
        out += a[i1:i2] if op == "equal" else b[j1:j2]
        if op == "equal":
            assert a[i1:i2] == b[j1:j2]
        i_at, j_at = i2, j2
    assert (i_at, j_at) == (len(a), len(b))
    return out


@pytest.mark.parametrize("n", [5_000, 200_000])
def test_one_token_repeated_is_diffed_by_its_ends(n):
    # 200,000 words is a 400,000-character sentence: cubic in difflib, linear here
    a = ["farmers"] * n
    b = ["farmers"] * (n // 2) + ["said"] + ["farmers"] * (n // 2)
    ops = textdiff.opcodes(a, b)
    assert _apply(ops, a, b) == b
    assert ops == [("equal", 0, n // 2, 0, n // 2), ("insert", n // 2, n // 2, n // 2, n // 2 + 1),
                   ("equal", n // 2, n, n // 2 + 1, n + 1)]
    assert textdiff.opcodes(a, a) == [("equal", 0, n, 0, n)]
    # what differs in the middle, repeated too, is one replacement
    c = ["farmers", "said"] * (n // 2)
    ops = textdiff.opcodes(a, c)
    assert _apply(ops, a, c) == c and [op for op, *_ in ops] == ["equal", "replace"]


def test_word_changes_and_the_reports_diff_stay_quick_on_a_repeated_token():
    long = " ".join(["farmers"] * 60_000)
    assert word_changes(long, long + " said") == [("", "said")]
    left, right = word_diff(long, long + " said")
    assert "<ins>said</ins>" in right and "<del>" not in left
