"""The spinner that makes copy-tracing test data: its copies and its alignment truth."""

from __future__ import annotations

import random
from pathlib import Path

from detector.segment import segment
from training.spin import load_articles, spin, synthetic_corpus

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def test_a_spun_copy_knows_which_original_sentence_each_of_its_sentences_renders():
    article = load_articles(CORPUS)[0]
    _, original = segment(article["text"])
    extra = ["Officials in a neighbouring province said the measures would be reviewed next month."]
    copy = spin(article["text"], random.Random(3), extra_sentences=extra, added=(1, 1))
    _, sentences = segment(copy.text)
    assert len(copy.source_of) == len(sentences)
    kept = [k for k in copy.source_of if k is not None]
    assert len(set(kept)) == len(kept) and 0.6 * len(original) <= len(kept) < len(original) + 1
    for s, k in zip(sentences, copy.source_of, strict=True):
        if k is None:
            continue
        a, b = set(s.text.lower().split()), set(original[k].text.lower().split())
        assert len(a & b) / len(a | b) > 0.3, (s.text, original[k].text)  # reworded, not replaced
    assert any(s.text == extra[0] for s, k in zip(sentences, copy.source_of, strict=True) if k is None)
    assert copy.text != article["text"]
    assert spin(article["text"], random.Random(3), extra_sentences=extra, added=(1, 1)) == copy


def test_the_synthetic_corpus_is_reproducible_and_groups_copies_by_story():
    articles = load_articles(CORPUS)
    a = list(synthetic_corpus(articles, 40, seed=5))
    assert a == list(synthetic_corpus(articles, 40, seed=5))
    assert len(a) == 40 and len({r["id"] for r in a}) == 40
    copies = [r for r in a if not r["id"].endswith("-0")]
    assert copies and all(r["story"] == r["id"].rsplit("-", 1)[0] for r in a)
