"""Shared HTML plumbing: the Jinja environment, inlined assets, the CSP and JSON data islands."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from datetime import UTC, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from ..findings import registry

#: Article labels with a CSS class; anything else renders with the "unknown" class.
LABEL_CLASSES = {"clean": "clean", "suspect": "suspect", "artifacted": "artifacted"}


def type_class(type_: str) -> str:
    """CSS class for a finding type; unknown (or hostile) type strings share one class."""
    return f"t-{type_}" if type_ in registry() else "t-other"


def type_tag(type_: str) -> str:
    """The short tag shown inside the text: the non-colour cue every highlight carries."""
    ft = registry().get(type_)
    return ft.tag if ft else str(type_).replace("_", " ")


def type_name(type_: str) -> str:
    """The heading used in lists and legends."""
    ft = registry().get(type_)
    return ft.heading if ft else str(type_).replace("_", " ")


def type_sort_key(type_: str) -> tuple[int, str]:
    order = list(registry())
    return (order.index(type_) if type_ in order else len(order), str(type_))


_CSS_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")
_CSS_UNDERLINE = {"solid", "double", "dotted", "dashed", "wavy"}


def type_css() -> str:
    """Each finding type's colours and underline as CSS, from the finding-type registry."""
    rules = []
    for code, ft in registry().items():
        if not (_CSS_COLOUR.fullmatch(ft.colour) and _CSS_COLOUR.fullmatch(ft.tint)
                and ft.underline in _CSS_UNDERLINE and re.fullmatch(r"\w+", code)):
            raise ValueError(f"finding type {code!r}: colours must be #hex and underline a CSS style")
        rules.append(f".t-{code} {{ --d: {ft.colour}; --l: {ft.tint}; --u: {ft.underline}; }}")
    return "\n".join(rules)


def label_class(label: Any) -> str:
    return LABEL_CLASSES.get(label, "unknown") if isinstance(label, str) else "unknown"


def as_score(value: Any) -> float:
    """A score clamped to 0..1; anything unusable becomes 0."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return 0.0
    if math.isnan(x):
        return 0.0
    return min(max(x, 0.0), 1.0)


def mt_style(value: Any) -> dict[str, Any] | None:
    """A result's ``mt_style`` verdict, checked field by field (the input is untrusted): None
    when absent or unusable."""
    if not isinstance(value, dict) or not isinstance(value.get("probability"), int | float):
        return None

    def phrases(key: str) -> list[str]:
        raw = value.get(key)
        return [as_text(p.get("text")) for p in raw[:8] if isinstance(p, dict)] if isinstance(raw, list) else []

    sents = value.get("sentences")
    return {
        "probability": as_score(value.get("probability")),
        "threshold": as_score(value.get("threshold")),
        "flagged": value.get("flagged") is True,
        "explanation": as_text(value.get("explanation")),
        "phrases": phrases("phrases"),
        "counter": phrases("counter_phrases"),
        "sentences": [int(i) for i in sents[:10] if isinstance(i, int) and not isinstance(i, bool) and i >= 0]
        if isinstance(sents, list) else [],
    }


AXIS_NAMES = {"translation": "Machine translation", "rewriting": "Rewriting (stitched or spun)",
              "residue": "Scraping residue"}
AXIS_LABELS = {"clean", "suspect", "flagged"}
#: the axes as the index's filter names them, short as its column headings
AXIS_FILTER_NAMES = {"translation": "Translation", "rewriting": "Rewriting", "residue": "Residue"}


def axes(value: Any, mt: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A result's verdict axes, checked field by field (the input is untrusted). A result from
    before the axes existed shows its translation verdict only, from ``mt``."""
    raw = value if isinstance(value, dict) else {}
    out = []
    for name, heading in AXIS_NAMES.items():
        a = raw.get(name)
        if not isinstance(a, dict) or not isinstance(a.get("score"), int | float):
            if name == "translation" and mt is not None:
                a = {"score": mt["probability"], "label": "flagged" if mt["flagged"] else "clean"}
            else:
                continue
        label = a.get("label") if a.get("label") in AXIS_LABELS else "clean"
        reasons = a.get("reasons")
        sents = a.get("sentences")
        out.append({
            "name": name, "heading": heading, "score": as_score(a.get("score")), "label": label,
            "reasons": [as_text(r) for r in reasons[:8]] if isinstance(reasons, list) else [],
            "sentences": [int(i) for i in sents[:50] if isinstance(i, int) and not isinstance(i, bool) and i >= 0]
            if isinstance(sents, list) else [],
        })
    return out


def score_bucket(score: float) -> int:
    """0..9, the shading class of a score (``sc0`` .. ``sc9``)."""
    return min(9, int(score * 10))


def as_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def format_time(when: datetime) -> tuple[str, str]:
    """(machine-readable ISO string, human string) of a timestamp."""
    if when.tzinfo is None:
        return when.isoformat(timespec="seconds"), when.strftime("%Y-%m-%d %H:%M")
    utc = when.astimezone(UTC)
    return utc.isoformat(timespec="seconds"), utc.strftime("%Y-%m-%d %H:%M UTC")


def now() -> datetime:
    return datetime.now(UTC)


_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_island(data: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no string in the data can
    close the element or open a comment; ``JSON.parse`` restores them.
    """
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES))


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(styles: list[str], scripts: list[str]) -> str:
    """A policy that allows exactly the given inline blocks and nothing from anywhere else."""
    parts = [
        "default-src 'none'",
        "style-src " + " ".join(csp_hash(s) for s in styles),
        "script-src " + (" ".join(csp_hash(s) for s in scripts) if scripts else "'none'"),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(parts)


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


@cache
def static(name: str) -> str:
    """An asset from ``detector/report/static``, with comments and indentation stripped to keep pages small."""
    text = resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")
    if name.endswith(".css"):
        text = _CSS_COMMENT.sub("", text)
        text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    elif name.endswith(".js"):
        # indentation and whole-line comments only; line breaks stay, so nothing can change meaning
        text = "\n".join(s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("//"))
    return text


@cache
def page_assets(page: str) -> tuple[Markup, Markup, str]:
    """(css, js, csp) for ``page`` ("article" or "index"); the CSP hashes these exact strings."""
    css = static("report.css") + "\n" + type_css() + "\n" + static(f"{page}.css")
    js = static(f"{page}.js")
    return Markup(css), Markup(js), csp([css], [js])


@lru_cache(maxsize=1)
def env() -> Environment:
    return Environment(
        loader=PackageLoader(__package__, "templates"),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
