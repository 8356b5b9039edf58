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


def all_detectors() -> list[Detector]:
    """One instance of every registered detector, with default thresholds."""
    return [load_detector(entry)() for entry in REGISTRY]


__all__ = ["Context", "Detector", "REGISTRY", "all_detectors", "load_detector"]
