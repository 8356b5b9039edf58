"""Shared fixtures."""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import pytest
from hypothesis import settings

from detector.detectors.base import Context
from detector.segment import segment

# CI runs the property tests on a fixed sequence of examples, so a run is repeatable and a
# failure there is a failure of the change, not of the draw; locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def make_context(text: str, embeddings=None) -> Context:
    paragraphs, sentences = segment(text)
    return Context(text=text, paragraphs=paragraphs, sentences=sentences, embeddings=embeddings)


@pytest.fixture
def ctx_for():
    """``ctx_for(text)`` -> a detector Context for ``text`` (no embeddings)."""
    return make_context


@pytest.fixture(scope="session")
def embedder():
    """The encoder the shipped model was trained on (real weights), loaded once per test session."""
    import json

    from detector.embed import encoder_key, get_embedder
    from detector.model_store import METADATA_FILE
    from detector.registry import default_model_dir

    meta = json.loads((default_model_dir() / METADATA_FILE).read_text(encoding="utf-8"))
    return get_embedder(encoder_key(meta.get("embedding_model")))


@pytest.fixture
def ctx_embedded(embedder):
    """``ctx_embedded(text)`` -> a Context with real sentence embeddings."""

    def make(text: str) -> Context:
        ctx = make_context(text)
        ctx.embeddings = embedder.encode([s.text for s in ctx.sentences])
        return ctx

    return make
