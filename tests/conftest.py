"""Shared fixtures."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest

from detector.detectors.base import Context
from detector.segment import segment


def make_context(text: str, embeddings=None) -> Context:
    paragraphs, sentences = segment(text)
    return Context(text=text, paragraphs=paragraphs, sentences=sentences, embeddings=embeddings)


@pytest.fixture
def ctx_for():
    """``ctx_for(text)`` -> a detector Context for ``text`` (no embeddings)."""
    return make_context


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 encoder, loaded once per test session."""
    from detector.embed import SentenceEmbedder

    return SentenceEmbedder()


@pytest.fixture
def ctx_embedded(embedder):
    """``ctx_embedded(text)`` -> a Context with real sentence embeddings."""

    def make(text: str) -> Context:
        ctx = make_context(text)
        ctx.embeddings = embedder.encode([s.text for s in ctx.sentences])
        return ctx

    return make
