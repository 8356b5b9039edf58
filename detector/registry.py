"""Which model is active for this user.

A user's trained models can be promoted; the promoted one is recorded in
``$DETECTOR_HOME/active.json`` (default ``~/.local/share/translation-artifact-detector``).
Without a promotion, the model shipped with the package is used.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def home() -> Path:
    env = os.environ.get("DETECTOR_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "translation-artifact-detector"


def active_model() -> Path | None:
    f = home() / "active.json"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    p = Path(data.get("path", ""))
    return p if (p / "metadata.json").is_file() else None


def set_active(model_dir: Path) -> None:
    h = home()
    h.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".active.", dir=h)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"path": str(Path(model_dir).resolve())}, fh)
    os.replace(tmp, h / "active.json")
