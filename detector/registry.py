"""Which model is active for this user.

A user's trained models can be promoted; the promoted one is recorded in
``$DETECTOR_HOME/active.json`` (default ``~/.local/share/translation-artifact-detector``).
Without a promotion, the model shipped with the package is used.

A damaged record (not JSON, not an object, no path, a path that is no longer a model, or not
a regular file) is an error, E028, that names the file and says how to fix it: scoring with
another model than the one the user promoted, without a word, would be worse.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ModelError

ACTIVE_FILE = "active.json"
#: the record is one short JSON object; anything longer is not one
MAX_ACTIVE_BYTES = 64 * 1024


def home() -> Path:
    env = os.environ.get("DETECTOR_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "translation-artifact-detector"


def active_model(strict: bool = True) -> Path | None:
    """The promoted model's directory, or None when no model was promoted.

    Raises:
        ModelError: [E028] the record exists but is damaged (only when ``strict``; otherwise
            a damaged record counts as none, for listings).
    """
    from .safeio import JSONError, UnreadableFile, json_loads, read_regular

    f = home() / ACTIVE_FILE
    if not os.path.lexists(f):
        return None

    def damaged(why: str) -> Path | None:
        if not strict:
            return None
        raise ModelError("E028", f"the active-model record is damaged: {why}. Promote a model again "
                         f"(detector retrain), delete {f} to use the shipped model, or pass --model",
                         source=str(f))

    try:
        data = json_loads(read_regular(f, MAX_ACTIVE_BYTES))
    except UnreadableFile as exc:
        return damaged(f"it cannot be read ({exc.reason})")
    except JSONError as exc:
        return damaged(f"it is not valid JSON ({exc})")
    path = data.get("path") if isinstance(data, dict) else None
    if not isinstance(path, str) or not path.strip() or "\0" in path:
        return damaged('it should be a JSON object like {"path": "/path/to/model"}')
    p = Path(path)
    try:
        is_model = (p / "metadata.json").is_file()
    except OSError:
        is_model = False
    if not is_model:
        return damaged(f"{path} is not a model directory (moved or deleted?)")
    return p


def set_active(model_dir: Path) -> None:
    """Record ``model_dir`` as the active model (written to a temporary file, then renamed)."""
    import json

    h = home()
    h.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".active.", dir=h)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"path": str(Path(model_dir).resolve())}, fh)
        os.replace(tmp, h / ACTIVE_FILE)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
