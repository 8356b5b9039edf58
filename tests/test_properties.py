"""Property tests: segmentation offsets and detector findings hold for arbitrary text.

The invariants checked here are the contract every output format relies on:
``text[start:end]`` of a sentence or finding is its ``text``, confidences are in 0..1,
finding types are public codes, a finding lies inside its sentence and its related
sentence indices exist.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from detector.data import FINDING_TYPES
from detector.detectors import REGISTRY, load_detector
from detector.detectors.base import Context
from detector.segment import MAX_SENTENCE_CHARS, segment

# -- strategies ------------------------------------------------------------------------------

FRAGMENTS = [
    # names, titles, pronouns
    "Maria Kovacs", "Maria Kovach", "Mr. Petrenko", "Gen. Olena Hrytsenko", "Dr. Samuel Adeyemi",
    "he", "she", "his", "her", "they", "He said", "She told reporters", "which it", "who he",
    "the minister", "the minister, who he", "Ivan Shevchuk's", "Ms. Dale",
    # quotes
    '"', "“", "”", "'", "’", '"We will not stop," he said.', "“The port is closed,” she said.",
    "“Unfinished quote", 'he said "the talks failed',
    # boilerplate and layout
    "- Advertisement -", "ADVERTISEMENT", "Share this article", "Read more:", "Home » World » Europe",
    "By Staff Reporter", "KYIV, May 2 (Wire) -", "© 2024 All rights reserved", "Leave a comment",
    # glued words, doubled words, splices
    "governmentofficials", "the the", "said said", "in in the", "councilmeeting", "wasannounced",
    # foreign scripts and words
    "Привет мир", "Верховна Рада", "Bundesregierung", "señor", "日本語", "مرحبا", "Ελλάδα",
    # mojibake
    "â€™", "â€œ", "â€\x9d", "Ã©", "Ã¼ber", "Ð¼Ð¸Ñ€", "Ã",
    # numbers and abbreviations
    "3.5%", "U.S.", "$1.2 billion", "No. 10", "e.g.", "etc.",
    # punctuation and whitespace
    ".", "?", "!", "…", ",", ";", ":", "(", ")", "-", "—", " ", "  ", "\n", "\n\n", "\r\n", "\t",
    "\u00a0", "\u2028", "\x0c", "\x0b", "\u200b", "\ufeff",
    # numbered lists and the ASCII separators of wire feeds (pysbd once crashed on "\x1f2.")
    "1. ", "2. ", "(a) ", "iii. ", "\x1c", "\x1d", "\x1e", "\x1f",
]

SENTENCES = [
    "The ministry said the talks would resume on Monday.",
    "Officials in the capital declined to comment on the report.",
    "Maria Kovacs, the mayor, said he would not resign.",
    "The minister, who he was appointed last year, spoke to reporters.",
    "Prices rose 3.5% in March, the statistics office said.",
    "Gen. Olena Hrytsenko said the U.S. delegation arrived late.",
    "Farmers said they were worried about the harvest.",
    "The storm cut power to 40,000 homes on Tuesday night.",
    "the storm cut power to 40,000 homes on tuesday night",
]


def _piece():
    return st.one_of(
        st.sampled_from(FRAGMENTS),
        st.sampled_from(SENTENCES),
        st.text(max_size=30),
        st.text(alphabet=st.characters(codec="utf-8"), max_size=15),
        st.text(alphabet="abcdefghij \n.\"'“”", max_size=40),
        # a very long word, and a long unbroken run
        st.integers(min_value=30, max_value=3000).map(lambda n: "x" * n),
        st.just("Supercalifragilisticexpialidocious" * 40),
    )


@st.composite
def article_text(draw):
    pieces = draw(st.lists(_piece(), min_size=draw(st.sampled_from([0, 1, 5, 15])), max_size=40))
    seps = draw(st.lists(st.sampled_from(["", " ", " ", "\n", "\n\n", ". ", "\r\n"]),
                         min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, seps, strict=True))


texts = st.one_of(article_text(), st.text(max_size=400))

# Found by these tests: a unit longer than MAX_SENTENCE_CHARS is cut in two, and a detector
# that scans the whole text must not report a match that straddles the cut.
_LONG_NAME = "Kovacs" + "zeta" * 300
STRADDLING_CUT = [
    "x" * 500 + " " + "x" * 500,  # a doubled word whose two halves land in two units
    "Officials met " + _LONG_NAME + " today. They later talked with "
    + _LONG_NAME[:600] + "q" + _LONG_NAME[601:] + " about grain.",  # a name variant across a cut
]

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- detectors -------------------------------------------------------------------------------

def _detectors():
    """Every registered detector. A module another helper has not committed yet is skipped,
    but every module that exists must import and instantiate."""
    out = []
    for entry in REGISTRY:
        module = entry.split(":")[0]
        try:
            importlib.import_module(f"detector.detectors.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"detector.detectors.{module}":
                continue
            raise
        out.append(load_detector(entry)())
    return out


DETECTORS = _detectors()


def test_registry_covers_every_finding_type():
    if len(DETECTORS) < len(REGISTRY):
        pytest.skip("some detector modules are not present yet")
    codes = set()
    for d in DETECTORS:
        codes.update(d.codes)
    assert codes == set(FINDING_TYPES)


def _check_sentences(text, paragraphs, sentences):
    prev_end = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= prev_end, f"sentence {i} overlaps the previous one"
        assert s.text == text[s.start:s.end]
        assert s.text.strip(), f"sentence {i} is blank"
        assert len(s.text) <= MAX_SENTENCE_CHARS
        prev_end = s.end
    # paragraphs: ordered, cover their sentences, every sentence in exactly one paragraph
    listed = []
    prev_end = 0
    for j, p in enumerate(paragraphs):
        assert p.index == j
        assert prev_end <= p.start < p.end <= len(text)
        prev_end = p.end
        for si in p.sentences:
            s = sentences[si]
            assert s.paragraph == j
            assert p.start <= s.start and s.end <= p.end
        listed.extend(p.sentences)
    assert listed == list(range(len(sentences)))


@PROPS
@given(texts)
def test_segment_offsets(text):
    paragraphs, sentences = segment(text)
    _check_sentences(text, paragraphs, sentences)
    # nothing but whitespace is left out of the sentences
    covered = [False] * len(text)
    for s in sentences:
        for k in range(s.start, s.end):
            covered[k] = True
    missing = "".join(ch for ch, c in zip(text, covered, strict=True) if not c)
    assert not missing.strip(), f"text outside every sentence: {missing.strip()[:60]!r}"


def _check_findings(ctx, findings):
    n = len(ctx.sentences)
    for f in findings:
        assert f.type in FINDING_TYPES
        assert 0 <= f.start < f.end <= len(ctx.text)
        assert ctx.text[f.start:f.end] == f.text
        assert 0.0 <= f.confidence <= 1.0
        assert 0 <= f.sentence < n
        sent = ctx.sentences[f.sentence]
        assert sent.start <= f.start and f.end <= sent.end, (f, sent)
        assert f.explanation.strip()
        for r in f.related:
            assert 0 <= r < n
            assert r != f.sentence


@pytest.mark.parametrize("det", DETECTORS, ids=lambda d: type(d).__name__)
@PROPS
@given(text=texts)
@example(text=STRADDLING_CUT[0])
@example(text=STRADDLING_CUT[1])
def test_detector_findings_are_well_formed(det, text):
    paragraphs, sentences = segment(text)
    ctx = Context(text=text, paragraphs=paragraphs, sentences=sentences)
    findings = det.detect(ctx)
    assert isinstance(findings, list)
    _check_findings(ctx, findings)
    for f in findings:
        assert f.type in det.codes, f"{type(det).__name__} emitted undeclared type {f.type}"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text(), st.integers(min_value=0, max_value=2**32 - 1))
def test_detectors_with_random_embeddings(text, seed):
    """Detectors that use embeddings keep the invariants too, even when every vector is nearly equal."""
    paragraphs, sentences = segment(text)
    rng = np.random.default_rng(seed)
    n = len(sentences)
    base = rng.normal(size=(1, 16))
    emb = base + 0.05 * rng.normal(size=(n, 16))  # all near-duplicates of each other
    emb = (emb / np.linalg.norm(emb, axis=1, keepdims=True)).astype(np.float32)
    for det in DETECTORS:
        if det.needs_embeddings:
            ctx = Context(text=text, paragraphs=paragraphs, sentences=sentences, embeddings=emb)
            _check_findings(ctx, det.detect(ctx))


def test_fragments_produce_findings():
    """The strategy's realistic fragments do reach the detectors: a fixed mix yields findings."""
    text = ("Flooding Forces Evacuations\n"
            "The ministry said the the talks would resume â€™on Monday.\n"
            "- Advertisement -\n"
            "“The port is closed, she said.\n")
    paragraphs, sentences = segment(text)
    types = set()
    for det in DETECTORS:
        ctx = Context(text=text, paragraphs=paragraphs, sentences=sentences)
        found = det.detect(ctx)
        _check_findings(ctx, found)
        types.update(f.type for f in found)
    present = {c for d in DETECTORS for c in d.codes}
    expected = {"boilerplate", "doubled_word", "mojibake", "unbalanced_quote"} & present
    assert expected <= types
