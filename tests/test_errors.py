"""Error codes are named members with message templates; a code means one thing."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from detector.errors import CODES, DetectorError, ErrorCode, Errors, ModelError

ROOT = Path(__file__).resolve().parent.parent


def test_members_are_their_codes_and_format_like_spacy():
    assert Errors.E011 == "E011" and isinstance(Errors.E011, ErrorCode)
    assert Errors.E011.format() == "[E011] no article text found in the HTML page"
    assert Errors.E026.format(name="x") == "[E026] no model named 'x'; `detector models` lists them"
    assert pickle.loads(pickle.dumps(Errors.E020)).template == Errors.E020.template
    assert all(re.fullmatch(r"E\d{3}", c) for c in CODES) and len(set(CODES.values())) == len(CODES)


def test_an_error_fills_its_template_and_names_the_input():
    exc = ModelError(Errors.E022, detail="is not a JSON object", source="m/")
    assert exc.code == "E022" and str(exc) == "[E022] metadata.json is not a JSON object (m/)"
    assert str(DetectorError("E009", "gone", source="a.txt", line=3)) == "[E009] gone (a.txt, line 3)"


def test_no_code_is_a_literal_in_the_code():
    """Every code is used by name (Errors.E0xx): a literal could be reused for another failure."""
    literal = re.compile(r"""["']E0\d\d["']""")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for folder in ("detector", "training")
                 for p in (ROOT / folder).rglob("*.py") if p.name != "errors.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert offenders == []


def test_the_readme_documents_every_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [c for c in CODES if f"`{c}`" not in readme] == []
