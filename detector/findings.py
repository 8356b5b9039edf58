"""Finding types: each defined once, beside the detector that emits it, and registered here.

A detector class lists the types it emits (``types``, a tuple of ``FindingType``); this
module collects them in registry order. The report (tags, headings, colours), the
``detector detectors`` listing, the feature list, the training-data generator and the
verdict (which axis a finding speaks to, and how much it weighs) all read this registry, so
a new detector touches its own module, its tests and its injector.

Every finding speaks to one of three verdict axes:

- ``translation``: was the article machine-translated?
- ``rewriting``: was it stitched or spun (two versions joined, words swapped, seams inside prose)?
- ``residue``: does it carry scraping leftovers (ads, widgets, navigation, encoding damage)?

A type has a default axis; a detector may give one finding another one (a seam where a
navigation line is glued to the headline is residue, a seam inside a sentence is rewriting).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

AXES: tuple[str, ...] = ("translation", "rewriting", "residue")


@dataclass(frozen=True, slots=True)
class FindingType:
    """One public finding code and everything shown or weighed about it.

    Attributes:
        code: the public code (never renamed, never reused for another meaning).
        description: one line for ``detector detectors`` and the README.
        tag: the short tag shown inside highlighted text (the non-colour cue).
        heading: the name used in lists, legends and counts.
        colour: tag colour (white text is drawn on it), a CSS colour.
        tint: highlight background, a CSS colour light enough for dark text.
        underline: CSS text-decoration-style of the highlight (a second non-colour cue).
        axis: the verdict axis its findings speak to unless the detector says otherwise.
        weight: evidence one finding of confidence 1.0 adds to its axis (see detector.verdict).
    """

    code: str
    description: str
    tag: str
    heading: str
    colour: str
    tint: str
    underline: str
    axis: str
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.axis not in AXES:
            raise ValueError(f"finding type {self.code!r}: axis {self.axis!r} is not one of {AXES}")


@cache
def registry() -> dict[str, FindingType]:
    """Every finding type, in the order of the detector registry (the feature order)."""
    from .detectors import REGISTRY, load_detector

    out: dict[str, FindingType] = {}
    for entry in REGISTRY:
        for ft in load_detector(entry).types:
            if ft.code in out:
                raise ValueError(f"finding type {ft.code!r} is defined twice")
            out[ft.code] = ft
    return out


def finding_type(code: str) -> FindingType | None:
    return registry().get(code)


def codes() -> tuple[str, ...]:
    return tuple(registry())


def default_axis(code: str) -> str:
    ft = registry().get(code)
    return ft.axis if ft is not None else "rewriting"
