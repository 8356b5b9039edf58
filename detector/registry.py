"""Which models this user has, and which one is active.

Everything lives in ``$DETECTOR_HOME`` (default ``~/.local/share/translation-artifact-detector``):

    models.jsonl   one line per model ever trained or retrained, wherever it was written
                   (``--out`` anywhere): path, name, version, when, how (train/retrain), base
    active.json    the active model's path and the models active before it (for rollback)
    models/        where models are written when no ``--out`` is given

Without an active model, the model shipped with the package is used. Nothing here unpickles
a model: this module reads and writes small JSON files only.

A damaged active.json (not JSON, not an object, no path, a path that is no longer a model, or
not a regular file) is an error, E028, that names the file and says how to fix it: scoring with
another model than the one the user promoted, without a word, would be worse.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import resources
from pathlib import Path

from .errors import DetectorError, Errors, ModelError

REGISTRY_FILE = "models.jsonl"
ACTIVE_FILE = "active.json"
#: how many earlier active models `detector models rollback` can go back through
HISTORY = 20
#: the record is one short JSON object; anything longer is not one
MAX_ACTIVE_BYTES = 64 * 1024


def home() -> Path:
    env = os.environ.get("DETECTOR_HOME")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "translation-artifact-detector"


def default_model_dir() -> Path:
    """The model shipped inside the package."""
    return Path(str(resources.files("detector") / "models" / "default"))


def _is_model(p: Path) -> bool:
    try:
        return (p / "metadata.json").is_file()
    except OSError:
        return False


def _read_active(strict: bool = False) -> dict:
    """active.json as a dict ({} when there is none). A damaged one raises ModelError [E028] when
    ``strict``, else counts as none (listings and rollback show what is there)."""
    from .safeio import JSONError, UnreadableFile, json_loads, read_regular

    f = home() / ACTIVE_FILE
    if not os.path.lexists(f):
        return {}

    def damaged(why: str) -> dict:
        if strict:
            raise ModelError(Errors.E028, why=why, path=f, source=str(f))
        return {}

    try:
        data = json_loads(read_regular(f, MAX_ACTIVE_BYTES))
    except UnreadableFile as exc:
        return damaged(f"it cannot be read ({exc.reason})")
    except JSONError as exc:
        return damaged(f"it is not valid JSON ({exc})")
    path = data.get("path") if isinstance(data, dict) else None
    if not isinstance(path, str) or not path.strip() or "\0" in path:
        return damaged('it should be a JSON object like {"path": "/path/to/model"}')
    if not _is_model(Path(path)):
        return damaged(f"{path} is not a model directory (moved or deleted?)")
    return data


def active_model(strict: bool = True) -> Path | None:
    """The promoted model's directory, or None when no model was promoted.

    Raises:
        ModelError: [E028] the record exists but is damaged (only when ``strict``; otherwise
            a damaged record counts as none, for listings).
    """
    path = _read_active(strict).get("path")
    return Path(path) if path else None


def active_model_dir() -> Path:
    """The model to use when none is named: the user's promoted model, else the shipped default."""
    return active_model() or default_model_dir()


def set_active(model_dir: str | os.PathLike) -> Path:
    """Make ``model_dir`` the active model, remembering the one active before it."""
    from .fileio import write_text_atomic

    new = Path(model_dir).resolve()
    data = _read_active()
    history = [h for h in data.get("history", []) if isinstance(h, str)]
    current = data.get("path")
    if current and current != str(new):
        history = [current, *[h for h in history if h != current]][:HISTORY]
    write_text_atomic(home() / ACTIVE_FILE, json.dumps({"path": str(new), "history": history}, indent=2) + "\n")
    return new


def rollback() -> tuple[Path | None, Path]:
    """Make the model active before the current one active again (the shipped model when there
    was none); returns (the model left, the model now active). Models that no longer exist are
    passed over."""
    from .fileio import write_text_atomic

    data = _read_active()
    left = active_model(strict=False)
    history = [h for h in data.get("history", []) if isinstance(h, str)]
    while history and not _is_model(Path(history[0])):
        history.pop(0)
    if history:
        back = history.pop(0)
        write_text_atomic(home() / ACTIVE_FILE, json.dumps({"path": back, "history": history}, indent=2) + "\n")
        return left, Path(back)
    (home() / ACTIVE_FILE).unlink(missing_ok=True)
    return left, default_model_dir()


def register(model_dir: str | os.PathLike, *, how: str, base: str | os.PathLike | None = None) -> None:
    """Record a newly written model in models.jsonl, so `detector models` lists it wherever it is."""
    meta = _metadata(Path(model_dir))
    entry = {"path": str(Path(model_dir).resolve()), "name": meta.get("name"), "version": meta.get("version"),
             "registered": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "how": how}
    if base is not None:
        entry["base"] = str(Path(base).resolve())
    h = home()
    h.mkdir(parents=True, exist_ok=True)
    # one short line appended in one write: concurrent trainings do not interleave
    with open(h / REGISTRY_FILE, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")


def registered() -> list[dict]:
    """The entries of models.jsonl, oldest first, one per path (the last entry for a path wins)."""
    from .fileio import read_jsonl

    by_path: dict[str, dict] = {}
    try:
        for rec in read_jsonl(home() / REGISTRY_FILE):
            if isinstance(rec.value, dict) and isinstance(rec.value.get("path"), str):
                by_path.pop(rec.value["path"], None)
                by_path[rec.value["path"]] = rec.value
    except OSError:
        return []
    return list(by_path.values())


def _metadata(p: Path) -> dict:
    try:
        meta = json.loads((p / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def known_models(extra: tuple[str | os.PathLike, ...] = ()) -> list[tuple[Path, str]]:
    """Every model directory this user has, as (path, where it was found): the shipped one, the
    active one, those registered in models.jsonl, those under $DETECTOR_HOME/models/, and those in
    ``extra`` directories. Registered models that were deleted are listed too (their path is gone)."""
    found: list[tuple[Path, str]] = [(default_model_dir(), "shipped")]
    act = active_model(strict=False)  # a listing shows what is there, even with a damaged record
    if act:
        found.append((act, "active"))
    found += [(Path(e["path"]), "registered") for e in registered()]
    for root in [home() / "models", *map(Path, extra)]:
        if _is_model(root):
            found.append((root, "--dir"))
        elif root.is_dir():
            found += [(d, str(root)) for d in sorted(root.iterdir())
                      if d.is_dir() and not d.name.startswith(".") and _is_model(d)]
    out, seen = [], set()
    for d, why in found:
        key = d.resolve()
        if key not in seen:
            seen.add(key)
            out.append((d, why))
    return out


def model_label(p: Path, meta: dict | None = None) -> str:
    """How a model is named on the command line: ``name-version``."""
    meta = _metadata(p) if meta is None else meta
    return f"{meta.get('name', '?')}-{meta.get('version', '?')}"


def resolve_model(ref: str | os.PathLike | None) -> Path:
    """The model directory ``ref`` names: None is the active model; a directory is itself; else a
    registered model's ``name-version``, its ``name`` (the newest of that name) or its ``version``;
    ``shipped`` (or ``default``) is the model shipped with the package.

    Raises:
        DetectorError: [E026] nothing by that name.
    """
    if ref is None:
        return active_model_dir()
    p = Path(ref)
    if p.is_dir() or os.sep in str(ref) or str(ref).startswith("."):
        return p
    ref = str(ref)
    if ref in ("shipped", "default"):
        return default_model_dir()
    candidates = [(d, _metadata(d)) for d, _ in known_models() if _is_model(d)]
    for match in (lambda m, d: model_label(d, m) == ref, lambda m, d: m.get("version") == ref,
                  lambda m, d: m.get("name") == ref):
        hits = [(d, m) for d, m in candidates if match(m, d)]
        if hits:
            return max(hits, key=lambda h: str(h[1].get("created") or ""))[0]
    raise DetectorError(Errors.E026, name=ref)
