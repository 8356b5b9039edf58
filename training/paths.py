"""Where the project's files are, and how a training file is named in a model's metadata."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The checkout this module lives in (holds ``data/`` when run from source)."""
    return Path(__file__).resolve().parent.parent


def recorded_path(path: str | os.PathLike) -> str:
    """How a training file is named in metadata: relative to the checkout when inside it (the
    shipped model then names ``data/train/generated.jsonl`` wherever it was built), else absolute."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(project_root()))
    except ValueError:
        return str(p)


def resolve_recorded_path(recorded: str) -> Path | None:
    """The file a metadata ``training_data`` path names: as written (absolute, or relative to the
    working directory), else relative to the checkout. None when it is nowhere."""
    p = Path(recorded)
    candidates = [p] if p.is_absolute() else [p, project_root() / p]
    return next((c for c in candidates if c.is_file()), None)
