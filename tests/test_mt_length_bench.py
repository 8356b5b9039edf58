"""The length benchmark's cuts: a part of an article reads as the same sentences featurised alone,
and long documents split into chunks that cover every sentence once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

from detector.mt_style import featurize

_spec = importlib.util.spec_from_file_location(
    "mt_length", Path(__file__).resolve().parent.parent / "benchmarks" / "mt_length.py")
mt_length = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("mt_length", mt_length)
_spec.loader.exec_module(mt_length)

WORDS = frozenset("the a of to in and was is said by for on that it with at he she".split())
SENTENCES = [
    "The council said on Tuesday that the bridge would reopen in the spring.",
    "Engineers found cracks in two of its supports during an inspection last year.",
    "\u201cWe cannot take risks with people's lives,\u201d the mayor told reporters.",
    "Traffic has been diverted through the old town since October.",
    "Shop owners there say their takings have doubled.",
    "The repairs are expected to cost about 4.5 million euros.",
]


def test_a_part_reads_as_its_sentences_featurised_alone():
    whole = featurize(SENTENCES, WORDS)
    for lo, hi in [(0, 2), (0, 5), (2, 6), (3, 4)]:
        part = mt_length.part(whole, lo, hi, WORDS)
        alone = featurize(SENTENCES[lo:hi], WORDS)
        assert part.counts == alone.counts
        assert part.tokens == alone.tokens and part.masked == alone.masked
        np.testing.assert_allclose(part.stats, alone.stats)
    # near miss: the whole article's statistics are not a part's
    assert not np.allclose(mt_length.part(whole, 0, 2, WORDS).stats, whole.stats)


def test_long_documents_split_into_chunks_that_cover_every_sentence_once():
    assert mt_length.chunk_bounds(17) == [(0, 17)]          # under MIN_SPLIT: whole
    assert mt_length.chunk_bounds(0) == [(0, 0)]
    for n in (18, 24, 30, 41, 144):
        bounds = mt_length.chunk_bounds(n)
        assert len(bounds) >= 2
        assert bounds[0][0] == 0 and bounds[-1][1] == n
        assert all(a == b for (_, a), (b, _) in zip(bounds, bounds[1:], strict=False))
        sizes = [b - a for a, b in bounds]
        assert max(sizes) - min(sizes) <= 1 and 9 <= min(sizes) and max(sizes) <= 18


_sig_spec = importlib.util.spec_from_file_location(
    "mt_signals", Path(__file__).resolve().parent.parent / "benchmarks" / "mt_signals.py")
mt_signals = importlib.util.module_from_spec(_sig_spec)
sys.modules.setdefault("mt_signals", mt_signals)
_sig_spec.loader.exec_module(mt_signals)


def test_frequency_classes_replace_content_word_shapes_only():
    classes = {"inspection": 4, "cracks": 3, "supports": 4}
    toks = ["Engineers", "found", "cracks", "in", "its", "supports", "during", "an", "inspection", "in", "2021", "."]
    f = featurize([" ".join(toks)], WORDS | {"its", "during", "an", "found"})
    zm = mt_signals.zipf_mask(f.tokens[0], f.masked[0], classes, with_shape=False)
    assert zm[2] == "<z3>" and zm[5] == "<z4>" and zm[8] == "<z4>"
    # names, numbers, function words and punctuation keep their mask
    assert zm[0] == "<Cap>" and zm[10] == "<num>" and zm[3] == "in" and zm[-1] == "."
    joined = mt_signals.zipf_mask(f.tokens[0], f.masked[0], classes, with_shape=True)
    assert joined[8] == "<-tion:z4>" and joined[2] == "<-s:z3>"
    # a word wordfreq does not know is class 0
    assert mt_signals.zipf_mask(["zzyzx"], ["<w>"], classes, with_shape=False) == ["<z0>"]


def test_encoder_dynamics_of_sentence_vectors():
    same = np.tile([1.0, 0.0, 0.0], (4, 1))
    np.testing.assert_allclose(mt_signals.dynamics(same), [1.0, 0.0, 1.0, 0.0], atol=1e-12)
    turning = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    d = mt_signals.dynamics(turning)
    assert d[0] == 0.0 and d[2] < 1.0
    # too few sentences to speak of neighbours: zeros
    assert not mt_signals.dynamics(same[:2]).any()


def test_naive_bayes_ratios_point_to_the_side_an_ngram_occurs_on():
    import scipy.sparse as sp
    from mt_regimes import nb_ratios

    ng = sp.csr_matrix(np.array([[1.0, 0.0, 1.0], [1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]))
    y = np.array([1, 1, 0, 0])
    r = nb_ratios(ng, y, np.ones(4))
    assert r[0] > 0 > r[1] and abs(r[2]) < 1e-12


def test_register_is_read_from_the_human_translations_personal_words():
    from types import SimpleNamespace as Rec

    news = featurize(SENTENCES, WORDS)
    message = featurize(["I am writing to ask you for help with my rent.",
                         "We lost our jobs when the factory closed, and my son is ill.",
                         "Please tell me where we can apply."], WORDS)
    assert mt_length.personal_rate(news) < mt_length.CONVERSATIONAL <= mt_length.personal_rate(message)
    every = [Rec(original=False, mt=False, group="a"), Rec(original=False, mt=True, group="a"),
             Rec(original=False, mt=False, group="b"), Rec(original=True, mt=False, group="c")]
    # the machine translation's words do not count, nor an English original's
    feats = [news, message, message, message]
    assert mt_length.registers(every, feats) == {"a": "news-like", "b": "conversational"}
