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

from ..data import FINDING_TYPES

#: Finding type -> (short tag shown inside the text, heading used in lists and legends).
#: The tag is the non-colour cue: every highlight carries it as visible text.
TYPE_INFO: dict[str, tuple[str, str]] = {
    "near_duplicate": ("near-duplicate", "Near-duplicate sentence"),
    "gender_mismatch": ("gender", "Pronoun gender mismatch"),
    "spliced_fragment": ("splice", "Spliced fragment"),
    "resumptive_pronoun": ("resumptive", "Resumptive pronoun"),
    "unbalanced_quote": ("quote", "Unbalanced quotation mark"),
    "boilerplate": ("boilerplate", "Boilerplate"),
    "doubled_word": ("doubled", "Doubled word"),
    "name_variant": ("name variant", "Name spelled two ways"),
    "untranslated": ("untranslated", "Untranslated text"),
    "mojibake": ("mojibake", "Mojibake (broken encoding)"),
}
assert tuple(TYPE_INFO) == FINDING_TYPES

#: Article labels with a CSS class; anything else renders with the "unknown" class.
LABEL_CLASSES = {"clean": "clean", "suspect": "suspect", "artifacted": "artifacted"}

_TYPE_ORDER = {t: i for i, t in enumerate(FINDING_TYPES)}


def type_class(type_: str) -> str:
    """CSS class for a finding type; unknown (or hostile) type strings share one class."""
    return f"t-{type_}" if type_ in TYPE_INFO else "t-other"


def type_tag(type_: str) -> str:
    info = TYPE_INFO.get(type_)
    return info[0] if info else str(type_).replace("_", " ")


def type_name(type_: str) -> str:
    info = TYPE_INFO.get(type_)
    return info[1] if info else str(type_).replace("_", " ")


def type_sort_key(type_: str) -> tuple[int, str]:
    return (_TYPE_ORDER.get(type_, len(_TYPE_ORDER)), str(type_))


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
        "phrases": phrases("phrases"),
        "counter": phrases("counter_phrases"),
        "sentences": [int(i) for i in sents[:10] if isinstance(i, int) and not isinstance(i, bool) and i >= 0]
        if isinstance(sents, list) else [],
    }


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
    css = static("report.css") + "\n" + static(f"{page}.css")
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
