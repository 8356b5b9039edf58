"""Save and load model directories.

A model is a directory, never a bare pickle:
    model.joblib    the fitted scikit-learn estimator
    mt_style.joblib optional: the machine-translation style head (detector/mt_style.py)
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

import numpy as np

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
    #: the machine-translation style head (a detector.mt_style.Head), when the model has one
    mt_style: Any = None

    @property
    def name(self) -> str:
        return self.metadata.get("name", "unnamed")

    @property
    def version(self) -> str:
        return self.metadata.get("version", "0")

    @property
    def feature_names(self) -> list[str]:
        return list(self.metadata.get("features", []))


def positive_proba(estimator, X) -> np.ndarray:
    """P(class 1) for each row of ``X`` (an array, a sparse matrix or a list of texts for a
    text pipeline), read through ``classes_``."""
    if (X.shape[0] if hasattr(X, "shape") else len(X)) == 0:
        return np.zeros(0)
    return estimator.predict_proba(X)[:, list(estimator.classes_).index(1)]


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
    import joblib

    estimator = joblib.load(_verified(p, ESTIMATOR_FILE, metadata))
    head = None
    section = metadata.get("mt_style")
    if section:
        from .mt_style import HEAD_FILE, Head

        if not isinstance(section, dict) or "threshold" not in section or "typical" not in section:
            raise ModelError("E021", f"{METADATA_FILE}: the mt_style section lacks threshold or typical",
                             source=str(p))
        if not (p / HEAD_FILE).is_file():
            raise ModelError("E021", f"{METADATA_FILE} names an MT-style head but {HEAD_FILE} is missing",
                             source=str(p))
        head = Head(joblib.load(_verified(p, HEAD_FILE, metadata)), section["threshold"], section["typical"])
    return Model(estimator=estimator, metadata=metadata, path=p, thresholds=dict(metadata.get("thresholds", {})),
                 mt_style=head)


def _verified(model_dir: Path, name: str, metadata: dict) -> Path:
    """``model_dir/name`` after checking it against the sha256 recorded in the metadata."""
    hashes = metadata.get("sha256")
    expected = hashes.get(name) if isinstance(hashes, dict) else None
    actual = sha256_file(model_dir / name)
    if not expected or expected != actual:
        raise ModelError(
            "E020",
            f"{name} does not match the sha256 recorded in {METADATA_FILE} "
            f"(recorded {str(expected)[:12]}…, found {actual[:12]}…); refusing to load it, "
            "since unpickling runs code",
            source=str(model_dir),
        )
    return model_dir / name


def save_model(estimator: Any, metadata: dict[str, Any], out_dir: str | os.PathLike, card: str = "",
               extra_objects: dict[str, Any] | None = None) -> Path:
    """Write a new model directory atomically. Refuses to overwrite an existing one.

    ``extra_objects`` (file name -> object) are saved with joblib beside the estimator and
    their sha256 recorded too (the MT-style head).
    """
    import joblib

    out = Path(out_dir)
    if out.exists():
        raise ModelError("E021", "the model directory already exists; models are never overwritten",
                         source=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        objects = {ESTIMATOR_FILE: estimator, **(extra_objects or {})}
        for name, obj in objects.items():
            if name in (METADATA_FILE, CARD_FILE) or "/" in name or name.startswith("."):
                raise ValueError(f"cannot save {name!r} in a model directory")
            joblib.dump(obj, tmp / name, compress=3)
        meta = dict(metadata)
        meta["format_version"] = FORMAT_VERSION
        # a new dict: the caller's nested "sha256" is not changed
        meta["sha256"] = {**meta.get("sha256", {}), **{n: sha256_file(tmp / n) for n in objects}}
        (tmp / METADATA_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (tmp / CARD_FILE).write_text(card or f"# {meta.get('name', 'model')}\n", encoding="utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a model is shared read-only data
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out
