"""The article verdict: three axes, a label that always has reasons, a score that ranks."""

from __future__ import annotations

import itertools

import pytest

from detector.data import Finding
from detector.findings import AXES, FindingType, codes, default_axis, registry
from detector.mt_style import MTStyle
from detector.verdict import BANDS, decide


def finding(type_: str, sentence: int, confidence: float = 0.9, axis: str = "") -> Finding:
    return Finding(type=type_, sentence=sentence, start=0, end=1, text="x", confidence=confidence,
                   explanation="", axis=axis)


def mt(p: float, threshold: float = 0.6) -> MTStyle:
    return MTStyle(probability=p, threshold=threshold, typical=0.2, phrases=[("it is", 0.2)], counter=[],
                   sentences=[1], shares=[0.0, 1.0, 0.0])


P = [0.9] * 12  # the classifier's sentence probabilities


def test_every_finding_type_is_registered_once_with_an_axis():
    reg = registry()
    assert list(reg) == list(codes())
    assert {ft.axis for ft in reg.values()} <= set(AXES)
    assert default_axis("boilerplate") == "residue" and default_axis("near_duplicate") == "rewriting"
    assert default_axis("untranslated") == "translation"
    assert all(ft.weight > 0 and ft.tag and ft.heading for ft in reg.values())


def test_a_finding_type_with_an_unknown_axis_is_refused():
    with pytest.raises(ValueError, match="axis"):
        FindingType("x", "", tag="x", heading="X", colour="#000", tint="#fff", underline="solid", axis="style")


def test_a_finding_takes_its_types_axis_unless_given_one(ctx_for):
    assert finding("mojibake", 0).axis == "residue"
    ctx = ctx_for("HomeNewsWorld: Talks resume in Geneva\n\nDelegates met on Monday.")
    f = ctx.finding("spliced_fragment", 0, 13, 0.8, "navigation run into the headline", axis="residue")
    assert f.axis == "residue" and f.to_dict()["axis"] == "residue"
    assert ctx.finding("spliced_fragment", 0, 13, 0.8, "seam").axis == "rewriting"
    with pytest.raises(ValueError):
        ctx.finding("spliced_fragment", 0, 13, 0.8, "seam", axis="other")


def test_no_findings_and_no_translation_model_is_clean_and_low():
    v = decide([], P[:5])
    assert v.label == "clean" and v.score < 0.1
    assert all(a.label == "clean" and not a.reasons for a in v.axes.values())
    assert list(v.axes) == list(AXES)


def test_residue_alone_never_makes_an_article_suspect_but_ranks_it_above_a_clean_one():
    page = [finding("boilerplate", i, 0.95) for i in range(8)]
    v = decide(page, P)
    assert v.axes["residue"].label == "flagged" and v.axes["residue"].findings == list(range(8))
    assert v.label == "clean" and v.score < BANDS["suspect"]
    assert v.score > decide([], P).score + 0.2


def test_one_confident_rewriting_scar_is_suspect_and_two_are_artifacted():
    one = decide([finding("near_duplicate", 3, 0.95)], P)
    two = decide([finding("near_duplicate", 3, 0.95), finding("gender_mismatch", 5, 0.9)], P)
    assert one.label == "suspect" and one.axes["rewriting"].label == "suspect"
    assert two.label == "artifacted" and two.axes["rewriting"].label == "flagged"
    assert "near-duplicate sentence" in one.axes["rewriting"].reasons[0]
    assert BANDS["suspect"] <= one.score < BANDS["artifacted"] <= two.score <= 1.0


def test_six_scars_outrank_one_doubled_word_and_scores_do_not_saturate():
    doubled = decide([finding("doubled_word", 2, 0.9)], P)
    kinds = ["near_duplicate", "gender_mismatch", "resumptive_pronoun", "name_variant", "spliced_fragment",
             "unbalanced_quote"]
    six = decide([finding(k, i) for i, k in enumerate(kinds)], P)
    many = decide([finding(k, i) for i, k in enumerate(kinds * 2)], P)
    assert six.score > doubled.score
    assert round(many.score, 4) > round(six.score, 4)  # still ranks after rounding
    assert many.score < 1.0


def test_the_score_grows_with_confidence_and_number_and_stays_in_its_band():
    scores = []
    for n, c in itertools.product((1, 2, 3), (0.6, 0.8, 1.0)):
        v = decide([finding("near_duplicate", i, c) for i in range(n)], P)
        lo = {"clean": 0.0, "suspect": BANDS["suspect"], "artifacted": BANDS["artifacted"]}[v.label]
        assert lo <= v.score <= 1.0
        scores.append((n, c, v.score))
    for (n1, c1, s1), (n2, c2, s2) in itertools.combinations(scores, 2):
        if n1 <= n2 and c1 <= c2 and (n1, c1) != (n2, c2):
            assert s1 < s2


def test_several_findings_in_one_sentence_count_less_than_in_several():
    same = decide([finding("near_duplicate", 4), finding("name_variant", 4)], P)
    spread = decide([finding("near_duplicate", 4), finding("name_variant", 7)], P)
    assert same.axes["rewriting"].evidence < spread.axes["rewriting"].evidence


def test_a_sentence_the_classifier_reads_as_clean_weighs_less():
    sure = decide([finding("near_duplicate", 0)], [0.95])
    doubted = decide([finding("near_duplicate", 0)], [0.05])
    assert doubted.axes["rewriting"].evidence < sure.axes["rewriting"].evidence
    assert doubted.label == "clean" and sure.label == "suspect"


def test_a_flagged_translation_is_suspect_with_its_explanation_never_artifacted():
    v = decide([], [0.1, 0.1, 0.1], mt(0.93))
    axis = v.axes["translation"]
    assert axis.label == "flagged" and axis.score == 0.93 and axis.threshold == 0.6
    assert axis.sentences == [1] and "machine-translated" in axis.reasons[0]
    assert v.label == "suspect"
    below = decide([], [0.1, 0.1, 0.1], mt(0.4))
    assert below.label == "clean" and below.axes["translation"].label == "clean"
    assert not below.axes["translation"].reasons
    assert below.score < v.score


def test_too_little_prose_is_not_judged_whatever_the_probability():
    from detector.mt_style import MIN_JUDGED_WORDS

    short, enough = mt(0.93), mt(0.93)
    short.words, enough.words = MIN_JUDGED_WORDS - 1, MIN_JUDGED_WORDS
    v = decide([], [0.1, 0.1, 0.1], short)
    axis = v.axes["translation"]
    assert v.label == "clean" and axis.label == "clean" and not short.flagged
    assert axis.score == 0.93  # the probability is still reported
    assert axis.reasons == [short.explanation()] and "Too little prose to judge" in axis.reasons[0]
    assert short.to_dict()["flagged"] is False and short.to_dict()["words"] == MIN_JUDGED_WORDS - 1
    # no rank from a verdict that was not made: as low as an article with no translation model
    assert v.score == decide([], [0.1, 0.1, 0.1], None).score
    assert decide([], [0.1, 0.1, 0.1], enough).label == "suspect"


def test_a_short_article_is_never_read_as_machine_translated_end_to_end():
    """Scoring counts the prose words itself: a two-line note stays clean and says why."""
    from detector import score_text

    d = score_text("Hello there. This is text.").to_dict()
    assert d["mt_style"]["words"] == 5 and d["mt_style"]["flagged"] is False
    assert d["axes"]["translation"]["label"] == "clean" and d["label"] == "clean"


def test_a_list_written_to_one_template_counts_its_phrasing_once():
    """Twelve lines of one sentence with other places are one phrasing: too little to judge."""
    from detector import score_text
    from detector.mt_style import MIN_JUDGED_WORDS

    places = ("Ludlow Hereford Bewdley Ledbury Tenbury Pershore Evesham Upton Malvern Bromyard Kington "
              "Leominster").split()
    listed = "\n".join(f"The road through {p} is closed because of flooding, the police said." for p in places)
    d = score_text("Roads closed by the floods\n" + listed).to_dict()
    assert d["mt_style"]["words"] < MIN_JUDGED_WORDS and d["axes"]["translation"]["label"] == "clean"
    # a long page can fall short too: the reason speaks of distinct prose, not of length
    assert "words of distinct prose" in d["axes"]["translation"]["reasons"][0]
    # the same number of lines in phrasings of their own is judged
    told = "\n".join(f"The road through {p} is closed because of flooding {w}, the police said."
                      for p, w in zip(places, "since dawn|near the bridge|by the school|at the ford|past the mill|"
                                      "under the railway|beside the church|round the square|along the quay|"
                                      "over the common|up the hill|across the meadows".split("|"), strict=True))
    assert score_text("Roads closed by the floods\n" + told).to_dict()["mt_style"]["words"] >= MIN_JUDGED_WORDS


def test_untranslated_words_speak_to_translation():
    v = decide([finding("untranslated", 2, 0.9)], P, mt(0.3))
    assert v.axes["translation"].label == "suspect" and v.axes["translation"].findings == [0]
    assert v.label == "suspect" and v.axes["translation"].reasons


def test_every_label_but_clean_names_its_reasons():
    types = list(codes())
    for combo in itertools.combinations(types, 2):
        for p in (0.2, 0.9):
            v = decide([finding(t, i) for i, t in enumerate(combo)], P, mt(p))
            if v.label != "clean":
                assert v.axes["rewriting"].reasons or v.axes["translation"].reasons


def test_a_models_thresholds_override_the_defaults():
    bands = {"suspect": 0.4, "artifacted": 0.8}
    strict = {"rewriting": {"suspect": 5.0, "flagged": 9.0}}
    v = decide([finding("near_duplicate", 0), finding("gender_mismatch", 1)], P, None, bands, strict)
    assert v.label == "clean" and v.score < 0.4
    assert decide([finding("near_duplicate", 0), finding("gender_mismatch", 1)], P).label == "artifacted"
