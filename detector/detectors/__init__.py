"""Detector registry. Each entry is "module:Class"; modules import lazily."""

from __future__ import annotations

import importlib

from .base import Context, Detector

REGISTRY: tuple[str, ...] = (
    "duplicates:NearDuplicateDetector",
    "gender:GenderMismatchDetector",
    "splice:SplicedFragmentDetector",
    "resumptive:ResumptivePronounDetector",
    "quotes:UnbalancedQuoteDetector",
    "boilerplate:BoilerplateDetector",
    "lexical:DoubledWordDetector",
    "names:NameVariantDetector",
    "lexical:UntranslatedDetector",
    "encoding:MojibakeDetector",
)


def load_detector(entry: str) -> type[Detector]:
    module, cls = entry.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


def all_detectors(encoder: str | None = None) -> list[Detector]:
    """One instance of every registered detector, with default thresholds; a detector that
    reads embeddings gets those of ``encoder`` (None: the default encoder)."""
    out = []
    for entry in REGISTRY:
        cls = load_detector(entry)
        out.append(cls(encoder=encoder) if encoder and cls.needs_embeddings else cls())
    return out


__all__ = ["Context", "Detector", "REGISTRY", "all_detectors", "load_detector"]
