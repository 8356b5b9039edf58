"""Save and load model directories.

A model is a directory, never a bare pickle:
    model.joblib    the fitted scikit-learn estimator
    metadata.json   format version, sha256 of model.joblib, training data (files, sha256,
                    rows), package and dependency versions, git commit, metrics, thresholds,
                    feature list, embedding model
    MODEL_CARD.md   a short human-readable card

Loading verifies the sha256 recorded in metadata.json before unpickling: a joblib file
is code. Directories are written under a temporary name and renamed into place, so an
interrupted save leaves no half-written model, and an existing model is never overwritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ModelError

FORMAT_VERSION = 1
ESTIMATOR_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
CARD_FILE = "MODEL_CARD.md"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Model:
    """A loaded model: the estimator plus what it needs to score."""

    estimator: Any
    metadata: dict[str, Any]
    path: Path | None = None
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.metadata.get("name", "unnamed")

    @property
    def version(self) -> str:
        return self.metadata.get("version", "0")

    @property
    def feature_names(self) -> list[str]:
        return list(self.metadata.get("features", []))


def default_model_dir() -> Path:
    """The model shipped inside the package."""
    return Path(str(resources.files("detector") / "models" / "default"))


def active_model_dir() -> Path:
    """The model to use when none is named: the user's promoted model, else the shipped default."""
    from .registry import active_model

    return active_model() or default_model_dir()


def load_model(path: str | os.PathLike | None = None) -> Model:
    """Load a model directory, verifying the estimator's sha256 first.

    Raises:
        ModelError: [E021] missing or unreadable; [E020] integrity check failed.
    """
    p = Path(path) if path is not None else active_model_dir()
    meta_path = p / METADATA_FILE
    est_path = p / ESTIMATOR_FILE
    if not meta_path.is_file() or not est_path.is_file():
        raise ModelError("E021", f"not a model directory (needs {METADATA_FILE} and {ESTIMATOR_FILE})",
                         source=str(p))
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError("E021", f"{METADATA_FILE} cannot be read ({exc})", source=str(p)) from exc
    if not isinstance(metadata, dict):
        raise ModelError("E021", f"{METADATA_FILE} is not a JSON object", source=str(p))
    if metadata.get("format_version") != FORMAT_VERSION:
        raise ModelError("E021", f"model format {metadata.get('format_version')!r} is not supported "
                         f"(this version reads {FORMAT_VERSION})", source=str(p))
    hashes = metadata.get("sha256")
    expected = hashes.get(ESTIMATOR_FILE) if isinstance(hashes, dict) else None
    actual = sha256_file(est_path)
    if not expected or expected != actual:
        raise ModelError(
            "E020",
            f"{ESTIMATOR_FILE} does not match the sha256 recorded in {METADATA_FILE} "
            f"(recorded {str(expected)[:12]}…, found {actual[:12]}…); refusing to load it, "
            "since unpickling runs code",
            source=str(p),
        )
    import joblib

    estimator = joblib.load(est_path)
    return Model(estimator=estimator, metadata=metadata, path=p, thresholds=dict(metadata.get("thresholds", {})))


def save_model(estimator: Any, metadata: dict[str, Any], out_dir: str | os.PathLike, card: str = "") -> Path:
    """Write a new model directory atomically. Refuses to overwrite an existing one."""
    import joblib

    out = Path(out_dir)
    if out.exists():
        raise ModelError("E021", "the model directory already exists; models are never overwritten",
                         source=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        joblib.dump(estimator, tmp / ESTIMATOR_FILE, compress=3)
        meta = dict(metadata)
        meta["format_version"] = FORMAT_VERSION
        # a new dict: the caller's nested "sha256" is not changed
        meta["sha256"] = {**meta.get("sha256", {}), ESTIMATOR_FILE: sha256_file(tmp / ESTIMATOR_FILE)}
        (tmp / METADATA_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (tmp / CARD_FILE).write_text(card or f"# {meta.get('name', 'model')}\n", encoding="utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a model is shared read-only data
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
