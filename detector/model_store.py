"""Save and load model directories. Loading a model never runs code from it.

A model is a directory, never a bare pickle:
    model.skops     the fitted scikit-learn estimator (skops format: data, not code)
    mt_style.skops  optional: the machine-translation style head (detector/mt_style.py)
    <name>.skops    optional: any other object saved with ``extra_objects``
    <name>.npz      beside each .skops file whose object is linear (detector/linear.py): its
                    numbers as plain numpy arrays, loaded instead of the .skops file, so scoring
                    needs neither scikit-learn nor skops (a cold start seconds shorter)
    metadata.json   format version, sha256 of every .skops file, training data (files, sha256,
                    rows), package and dependency versions, git commit, metrics, thresholds,
                    feature list, embedding model
    MODEL_CARD.md   a short human-readable card

What protects what:
- **skops with an explicit list of trusted types** (``TRUSTED_TYPES``) is what keeps a
  model from running code. A .skops file is a zip of JSON and numpy arrays; loading builds
  only objects whose type is on the list (scikit-learn estimators, numpy arrays, plain
  containers, and this package's own ``normalize`` function), and refuses a file that names
  any other type or function (``E027``) before constructing anything. This holds whoever wrote
  the file.
- **.npz files are read with ``allow_pickle=False``**: numbers and strings only, never an
  object, so they cannot run code either. A model without them (saved by an earlier version,
  or holding a non-linear estimator) loads its .skops files as before.
- **the sha256** recorded in ``metadata.json`` catches corruption (a truncated copy, a flipped
  byte, a file from another model) (``E020``). It does not protect against anyone who can
  write the directory: they can rewrite the file and its recorded hash together.
- **checks after loading** refuse a model whose metadata has the wrong types or whose
  estimator does not produce probabilities for the documented features (``E021``): a
  tampered but type-safe model cannot crash scoring later.
A type-safe model can still be a *bad* model (its numbers are whatever its author chose): trust
the scores only as far as you trust where the model came from.

Models saved before format 2 hold joblib pickles (``model.joblib``), which run code when
loaded. They load only when the user says they trust them (``trust_pickle=True``, the
``--trust-model-code`` option or ``DETECTOR_TRUST_PICKLE=1``), with a warning;
``upgrade_model`` re-saves one in the safe format.

Directories are written under a temporary name and renamed into place, so an interrupted
save leaves no half-written model, and an existing model is never overwritten.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import sys
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import linear
from .classifier import positive_proba
from .errors import Errors, ModelError
from .registry import active_model_dir

#: 2: estimators in skops format; 1: joblib pickles (read only when trusted)
FORMAT_VERSION = 2
LEGACY_FORMAT_VERSION = 1
ESTIMATOR_FILE = "model.skops"
LEGACY_ESTIMATOR_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
CARD_FILE = "MODEL_CARD.md"
OBJECT_SUFFIX = ".skops"
TRUST_PICKLE_ENV = "DETECTOR_TRUST_PICKLE"

#: metadata.json is small (the default model's is 30 KB)
MAX_METADATA_BYTES = 16 * 1024 * 1024
#: one .skops file, compressed and uncompressed (the default model's estimator: 4 MB / 15 MB)
MAX_OBJECT_BYTES = 512 * 1024 * 1024
#: nesting of a skops schema (the default estimator's: 27); its loader recurses per level
MAX_SCHEMA_DEPTH = 200

#: Every type (and function) a model file may name. A file naming anything else is refused
#: before any object is built. Adding a type here is a security decision: list only classes
#: whose construction from data cannot run code (scikit-learn estimators, numpy/scipy data,
#: plain containers) and functions of this package that only compute. ``save_model`` refuses
#: to write an object that needs a type not listed, so a model that saves also loads.
TRUSTED_TYPES: frozenset[str] = frozenset({
    # containers and scalars
    "builtins.dict", "builtins.list", "builtins.tuple", "builtins.str", "builtins.int", "builtins.float",
    "builtins.bool", "builtins.NoneType", "builtins.slice", "builtins.bytes",
    "numpy.ndarray", "numpy.dtype", "numpy.float16", "numpy.float32", "numpy.float64", "numpy.int8",
    "numpy.int16", "numpy.int32", "numpy.int64", "numpy.uint8", "numpy.uint16", "numpy.uint32", "numpy.uint64",
    "numpy.bool_", "numpy.str_", "numpy.random._generator.Generator", "numpy.random.mtrand.RandomState",
    "scipy.sparse._csr.csr_matrix", "scipy.sparse._csc.csc_matrix", "scipy.sparse._csr.csr_array",
    "scipy.sparse._csc.csc_array",
    # composition
    "sklearn.pipeline.Pipeline", "sklearn.pipeline.FeatureUnion",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.preprocessing._function_transformer.FunctionTransformer",
    # preprocessing and text features
    "sklearn.preprocessing._data.StandardScaler", "sklearn.preprocessing._data.MaxAbsScaler",
    "sklearn.preprocessing._data.MinMaxScaler", "sklearn.preprocessing._data.Normalizer",
    "sklearn.preprocessing._label.LabelEncoder",
    "sklearn.feature_extraction.text.TfidfVectorizer", "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.CountVectorizer", "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.decomposition._pca.PCA", "sklearn.decomposition._truncated_svd.TruncatedSVD",
    # classifiers and calibration
    "sklearn.linear_model._logistic.LogisticRegression", "sklearn.linear_model._ridge.Ridge",
    "sklearn.linear_model._ridge.RidgeClassifier",
    "sklearn.linear_model._stochastic_gradient.SGDClassifier", "sklearn.svm._classes.LinearSVC",
    "sklearn.calibration.CalibratedClassifierCV", "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration", "sklearn.isotonic.IsotonicRegression",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "sklearn.ensemble._hist_gradient_boosting.binning._BinMapper",
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",
    "sklearn._loss._loss.CyHalfBinomialLoss", "sklearn._loss.loss.HalfBinomialLoss",
    "sklearn._loss.link.LogitLink", "sklearn._loss.link.Interval",
    "sklearn.ensemble._forest.RandomForestClassifier", "sklearn.tree._classes.DecisionTreeClassifier",
    "sklearn.tree._tree.Tree",
    # this package's pure functions that a fitted object refers to
    "detector.mt_style.normalize",
})


def sha256_file(path: Path) -> str:
    from .safeio import open_regular

    h = hashlib.sha256()
    with open_regular(path) as fh:
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
    #: every other object saved with ``extra_objects`` (file name -> object), loaded safely
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.metadata.get("name", "unnamed")

    @property
    def version(self) -> str:
        return self.metadata.get("version", "0")

    @property
    def axis_thresholds(self) -> dict[str, dict[str, float]]:
        """Per verdict axis, the evidence from which it is suspect and flagged (detector.verdict)."""
        return dict(self.metadata.get("axis_thresholds") or {})

    @property
    def feature_names(self) -> list[str]:
        return list(self.metadata.get("features", []))


class ModelTrustWarning(UserWarning):
    """A model was loaded from a pickle because the user said they trust it."""


def pickle_trusted_by_env() -> bool:
    return os.environ.get(TRUST_PICKLE_ENV, "").strip().lower() in ("1", "true", "yes")


# -- loading -----------------------------------------------------------------------------
def load_model(path: str | os.PathLike | None = None, *, trust_pickle: bool | None = None) -> Model:
    """Load a model directory: read its metadata, verify every file's sha256, build its
    objects from data only, and check that the estimator works.

    Args:
        path: the model directory (default: the active model, else the shipped one).
        trust_pickle: load a format-1 model (joblib pickles, which run code) anyway, with a
            warning. Default: the ``DETECTOR_TRUST_PICKLE`` environment variable.

    Raises:
        ModelError: [E021] missing, unreadable or unusable; [E020] a file does not match its
            recorded sha256; [E027] the model would run code (an untrusted type, or a pickle
            not trusted).
    """
    p = Path(path) if path is not None else active_model_dir()
    if trust_pickle is None:
        trust_pickle = pickle_trusted_by_env()
    metadata = read_metadata(p)
    version = metadata["format_version"]
    if version == LEGACY_FORMAT_VERSION:
        return _load_legacy(p, metadata, trust_pickle)
    estimator = load_scoring_object(p, ESTIMATOR_FILE, metadata)
    objects: dict[str, Any] = {}
    hashes = metadata.get("sha256") if isinstance(metadata.get("sha256"), dict) else {}
    for name in sorted(hashes):
        if name != ESTIMATOR_FILE and name.endswith(OBJECT_SUFFIX):
            objects[name] = load_scoring_object(p, name, metadata)
    return _assemble(p, metadata, estimator, objects)


def arrays_file(name: str) -> str:
    """The .npz file that holds the arrays of object file ``name`` (``model.skops`` -> ``model.npz``)."""
    return name.removesuffix(OBJECT_SUFFIX) + linear.SUFFIX


def load_scoring_object(model_dir: str | os.PathLike, name: str, metadata: dict) -> Any:
    """What scoring needs of object file ``name``: the numpy predictor built from its ``.npz``
    when the model has one (no scikit-learn import), else the object of the ``.skops`` file.

    The predictor remembers where it came from: ``original`` loads the scikit-learn object
    when training code needs it (saving it again, refitting). An ``.npz`` this version cannot
    build (another layout) is passed over for the ``.skops`` file.
    """
    p = Path(model_dir)
    hashes = metadata.get("sha256") if isinstance(metadata.get("sha256"), dict) else {}
    npz = arrays_file(name)
    if npz in hashes:
        # the .skops file is checked too (a millisecond): a damaged or missing file of the model
        # is refused whichever file scoring reads
        _read_verified(p, name, metadata)
        data = _read_verified(p, npz, metadata)
        try:
            built = linear.build(read_arrays(data))
        except ValueError:
            built = None
        if built is not None:
            if not isinstance(built, dict):
                built.origin = (str(p), name)
            return built
    return load_object(p, name, metadata)


def original(obj: Any) -> Any:
    """The scikit-learn object behind a predictor built from a model's ``.npz`` (loaded from
    its ``.skops`` file, verified); any other object as it is."""
    origin = getattr(obj, "origin", None)
    if isinstance(origin, tuple) and isinstance(obj, linear.LinearPipeline | linear.SigmoidEnsemble
                                                   | linear.LinearClassifier):
        return load_object(origin[0], origin[1])
    return obj


def read_arrays(data: bytes) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` file's bytes, read without unpickling anything.

    Raises:
        ValueError: not an .npz file, too large unpacked, or holding objects.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if sum(i.file_size for i in zf.infolist()) > MAX_OBJECT_BYTES:
                raise ValueError(f"it unpacks to more than {MAX_OBJECT_BYTES // 2**20} MB")
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files}
    except (zipfile.BadZipFile, EOFError, OSError, KeyError) as exc:
        raise ValueError(f"not an .npz file: {exc}") from exc


def dumps_arrays(arrays: dict[str, np.ndarray]) -> bytes:
    """``arrays`` as an .npz file, byte for byte the same for the same arrays (fixed member
    dates and order), so a model's sha256 does not depend on when it was written."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for key in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, member.getvalue(), compresslevel=6)
    return buf.getvalue()


def read_metadata(model_dir: Path) -> dict[str, Any]:
    """``metadata.json`` of a model directory, with the fields scoring relies on checked."""
    from .safeio import JSONError, TooLarge, UnreadableFile, json_loads, read_regular

    p = Path(model_dir)
    if not p.is_dir():
        raise ModelError(Errors.E021, "no model directory here" if not p.exists() else "not a directory",
                         source=str(p))
    try:
        raw = read_regular(p / METADATA_FILE, MAX_METADATA_BYTES)
        metadata = json_loads(raw)
    except TooLarge as exc:
        raise ModelError(Errors.E022, detail=f"is {exc.reason}", source=str(p)) from exc
    except UnreadableFile as exc:
        raise ModelError(Errors.E021, f"not a model directory: {METADATA_FILE} cannot be read ({exc.reason})",
                         source=str(p)) from exc
    except JSONError as exc:
        raise ModelError(Errors.E022, detail=f"is not valid JSON ({exc})", source=str(p)) from exc
    if not isinstance(metadata, dict):
        raise ModelError(Errors.E022, detail="is not a JSON object", source=str(p))
    if "format_version" not in metadata:  # another program's metadata.json, or a hand-written one
        raise ModelError(Errors.E023, f"{METADATA_FILE} names no model format: a directory not saved by "
                         f"`detector train` or `detector retrain` is not supported (this version reads formats "
                         f"{LEGACY_FORMAT_VERSION} and {FORMAT_VERSION})", source=str(p))
    version = metadata.get("format_version")
    if isinstance(version, bool) or version not in (FORMAT_VERSION, LEGACY_FORMAT_VERSION):
        raise ModelError(Errors.E023, found=version, supported=f"{LEGACY_FORMAT_VERSION} and {FORMAT_VERSION}",
                         source=str(p))
    _check_metadata(metadata, p)
    return metadata


def _check_metadata(meta: dict[str, Any], p: Path) -> None:
    """Refuse metadata whose fields have the wrong types or values (E022), naming the field."""
    def bad(what: str) -> ModelError:
        return ModelError(Errors.E022, f"{METADATA_FILE}: {what}", source=str(p))

    def unit_number(x: Any) -> bool:
        return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) and 0 <= x <= 1

    for key in ("name", "version", "embedding_model"):
        if key in meta and not isinstance(meta[key], str):
            raise bad(f"'{key}' must be a string, not {_json_type(meta[key])}")
    if "thresholds" in meta:
        th = meta["thresholds"]
        if not isinstance(th, dict):
            raise bad(f"'thresholds' must be an object of numbers, not {_json_type(th)}")
        for k, v in th.items():
            if not unit_number(v):
                raise bad(f"thresholds: '{k}' must be a number between 0 and 1, not {v!r}")
    if "axis_thresholds" in meta:
        ax = meta["axis_thresholds"]
        if not isinstance(ax, dict) or not all(isinstance(v, dict) for v in ax.values()):
            raise bad("'axis_thresholds' must be an object of objects of numbers")
        for a, v in ax.items():
            for k, x in v.items():
                if not (isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) and x > 0):
                    raise bad(f"axis_thresholds: '{a}.{k}' must be a positive number, not {x!r}")
    if "features" in meta:
        feats = meta["features"]
        if not isinstance(feats, list) or not all(isinstance(f, str) for f in feats):
            raise bad("'features' must be a list of strings")
    section = meta.get("mt_style")
    if section:
        if not isinstance(section, dict):
            raise bad(f"the mt_style section must be an object, not {_json_type(section)}")
        for key in ("threshold", "typical"):
            if key not in section:
                raise bad("the mt_style section lacks threshold or typical")
            # the head's term takes a logit of both: 0 and 1 are out
            if not unit_number(section[key]) or section[key] in (0, 1):
                raise bad(f"mt_style '{key}' must be a number strictly between 0 and 1, not {section[key]!r}")


def _json_type(x: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null",
             int: "a number", float: "a number"}
    return names.get(type(x), type(x).__name__)


def _read_verified(model_dir: Path, name: str, metadata: dict) -> bytes:
    """The bytes of ``model_dir/name`` after checking them against the recorded sha256.

    The bytes checked are the bytes loaded: a file swapped after the check is never read.
    """
    from .safeio import TooLarge, UnreadableFile, read_regular

    try:
        data = read_regular(model_dir / name, MAX_OBJECT_BYTES)
    except TooLarge as exc:
        raise ModelError(Errors.E021, f"{name} is {exc.reason}", source=str(model_dir)) from exc
    except UnreadableFile as exc:
        if not os.path.lexists(model_dir / name):
            raise ModelError(Errors.E021, f"{name} is missing (the metadata lists it)", source=str(model_dir)) from exc
        raise ModelError(Errors.E021, f"{name} cannot be read ({exc.reason})", source=str(model_dir)) from exc
    hashes = metadata.get("sha256")
    expected = hashes.get(name) if isinstance(hashes, dict) else None
    actual = hashlib.sha256(data).hexdigest()
    if not expected or expected != actual:
        raise ModelError(
            Errors.E020,
            f"{name} does not match the sha256 recorded in {METADATA_FILE} "
            f"(recorded {str(expected)[:12]}…, found {actual[:12]}…); the file is damaged or "
            "comes from another model",
            source=str(model_dir),
        )
    return data


def load_object(model_dir: str | os.PathLike, name: str, metadata: dict | None = None) -> Any:
    """One object of a model directory (``model.skops``, ``mt_style.skops``...), verified
    against its recorded sha256 and built from data only.

    Raises:
        ModelError: E020 (sha256), E021 (missing, unreadable, not a skops file), E027 (names a
            type outside TRUSTED_TYPES).
    """
    p = Path(model_dir)
    meta = metadata if metadata is not None else read_metadata(p)
    data = _read_verified(p, name, meta)
    return loads_trusted(data, source=str(p), name=name)


def untrusted_types(data: bytes) -> list[str]:
    """The types a skops file names that are not in TRUSTED_TYPES (checked without loading).

    Raises:
        ValueError: not a skops file this version can read (the message says why).
    """
    return sorted(_named_types(_read_schema(data)) - TRUSTED_TYPES)


def _read_schema(data: bytes) -> Any:
    from .safeio import JSONError, json_loads

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > MAX_OBJECT_BYTES:
                raise ValueError(f"it unpacks to more than {MAX_OBJECT_BYTES // 2**20} MB")
            try:
                raw = zf.read("schema.json")
            except KeyError:
                raise ValueError("it has no schema.json") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise ValueError(f"not a skops file (a zip archive): {exc}") from exc
    except (OSError, RuntimeError) as exc:  # RuntimeError: an encrypted member
        raise ValueError(f"the archive cannot be read: {exc}") from exc
    try:
        schema = json_loads(raw, max_depth=MAX_SCHEMA_DEPTH)
    except JSONError as exc:
        raise ValueError(f"its schema.json is not valid: {exc}") from exc
    if not isinstance(schema, dict) or not isinstance(schema.get("protocol"), int):
        raise ValueError("its schema.json is not a skops schema")
    return schema


def _named_types(schema: Any) -> set[str]:
    """Every 'module.Class' (or 'module.function') that a skops schema asks the loader to import."""
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__module__" in node or "__class__" in node:
                found.add(f"{node.get('__module__')}.{node.get('__class__')}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def loads_trusted(data: bytes, *, source: str = "", name: str = "the file") -> Any:
    """Build the object a skops file holds, if it names only TRUSTED_TYPES.

    Two checks: ours (every type named anywhere in the schema must be listed) and skops'
    own audit (given only the listed types that it does not trust by default). Either one
    refuses before an object is constructed.
    """
    try:
        named = _named_types(_read_schema(data))
    except ValueError as exc:
        raise ModelError(Errors.E029, f"{name} cannot be loaded: {exc}", source=source) from exc
    outside = sorted(named - TRUSTED_TYPES)
    if outside:
        raise ModelError(Errors.E027, f"{name} names types this version does not trust, refusing to load it "
                         f"(loading could run code): {', '.join(outside[:8])}"
                         + (f" and {len(outside) - 8} more" if len(outside) > 8 else ""), source=source)
    sio = _skops_io()
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        return sio.loads(data, trusted=sorted(named))
    except UntrustedTypesFoundException as exc:  # pragma: no cover - our list is checked first
        raise ModelError(Errors.E027, f"{name} holds untrusted types ({exc}); refusing to load it",
                         source=source) from exc
    except RecursionError as exc:
        raise ModelError(Errors.E029, f"{name} cannot be loaded: nested too deep", source=source) from exc
    except Exception as exc:  # a damaged or crafted file makes skops raise many types
        raise ModelError(Errors.E029, f"{name} cannot be loaded ({type(exc).__name__}: {str(exc)[:200]})",
                         source=source) from exc


def _load_legacy(p: Path, metadata: dict, trust_pickle: bool) -> Model:
    """A format-1 model: joblib pickles, loaded only when the user trusts them."""
    names = [LEGACY_ESTIMATOR_FILE]
    hashes = metadata.get("sha256") if isinstance(metadata.get("sha256"), dict) else {}
    names += sorted(n for n in hashes if n != LEGACY_ESTIMATOR_FILE and n.endswith(".joblib"))
    if not trust_pickle:
        raise ModelError(
            Errors.E027,
            f"this model is stored as a pickle ({LEGACY_ESTIMATOR_FILE}, model format 1), and loading a pickle "
            "runs whatever code it holds. If you trust where it came from, load it once with "
            f"--trust-model-code (or {TRUST_PICKLE_ENV}=1) and re-save it in the safe format with "
            "detector.model_store.upgrade_model (README, Models)",
            source=str(p),
        )
    import joblib

    warnings.warn(f"loading {p} from a pickle (model format 1) because it is trusted; a pickle can run "
                  "any code. Re-save it in the safe format with detector.model_store.upgrade_model (README, Models).",
                  ModelTrustWarning, stacklevel=3)
    loaded = {}
    for name in names:
        data = _read_verified(p, name, metadata)
        try:
            loaded[name] = joblib.load(io.BytesIO(data))
        except Exception as exc:
            raise ModelError(Errors.E029, f"{name} cannot be loaded ({type(exc).__name__}: {str(exc)[:200]})",
                             source=str(p)) from exc
    estimator = loaded.pop(LEGACY_ESTIMATOR_FILE)
    objects = {n.removesuffix(".joblib") + OBJECT_SUFFIX: obj for n, obj in loaded.items()}
    return _assemble(p, metadata, estimator, objects)


def _assemble(p: Path, metadata: dict, estimator: Any, objects: dict[str, Any]) -> Model:
    """The Model, after checking that its estimator and head work on a probe (E021)."""
    from .mt_style import HEAD_FILE, load_head

    _probe_estimator(estimator, metadata, p)
    head = None
    section = metadata.get("mt_style")
    if section:
        pipeline = objects.pop(HEAD_FILE, None)
        if pipeline is None:
            raise ModelError(Errors.E021, f"{METADATA_FILE} names an MT-style head but {HEAD_FILE} is missing",
                             source=str(p))
        try:
            head = load_head(pipeline, section["threshold"], section["typical"])
            verdict = head.assess(["A probe sentence for the head."], [["A probe sentence for the head."]])
            if not (len(verdict) == 1 and 0 <= verdict[0].probability <= 1):
                raise ValueError("it gives no probability")
        except Exception as exc:
            raise ModelError(Errors.E029, f"the MT-style head in {HEAD_FILE} does not work "
                             f"({type(exc).__name__}: {str(exc)[:200]})", source=str(p)) from exc
    return Model(estimator=estimator, metadata=metadata, path=p, thresholds=dict(metadata.get("thresholds", {})),
                 mt_style=head, objects=objects)


def _probe_estimator(estimator: Any, metadata: dict, p: Path) -> None:
    """Refuse an estimator that cannot give P(class 1) for rows of the model's features."""
    n = len(metadata.get("features") or []) or getattr(estimator, "n_features_in_", 0)
    try:
        classes = list(estimator.classes_)
        if 1 not in classes:
            raise ValueError(f"its classes are {classes[:5]}, without 1")
        if not n:
            raise ValueError("the number of features is unknown")
        if isinstance(estimator, linear.LinearPipeline | linear.SigmoidEnsemble | linear.LinearClassifier):
            proba = positive_proba(estimator, np.zeros((2, int(n))))
        else:
            from threadpoolctl import threadpool_limits

            with threadpool_limits(limits=1, user_api="openmp"):  # as scoring does (see Scorer._predict)
                proba = positive_proba(estimator, np.zeros((2, int(n))))
        if proba.shape != (2,) or not np.all(np.isfinite(proba)) or proba.min() < 0 or proba.max() > 1:
            raise ValueError("its probabilities are not numbers between 0 and 1")
    except Exception as exc:
        raise ModelError(Errors.E029, f"the estimator does not work on this model's {n} features "
                         f"({type(exc).__name__}: {str(exc)[:200]})", source=str(p)) from exc


# -- saving ------------------------------------------------------------------------------
def _object_file(name: str) -> str:
    """The file an extra object is stored in: callers written for joblib pass 'x.joblib'."""
    if name.endswith(".joblib"):
        name = name.removesuffix(".joblib") + OBJECT_SUFFIX
    return name


def _skops_io():
    """``skops.io``, imported without building its default list of trusted types.

    skops builds that list at import from ``sklearn.utils.all_estimators()``, which imports
    every module of scikit-learn and, through its array-API shims, torch: most of the cold
    start of ``detector score``, for a list loading never consults beyond what it is given
    (``trusted=`` the types named in the file, all in TRUSTED_TYPES). During the import the
    function returns no estimators, so skops' defaults trust fewer types, never more.
    """
    if "skops.io" in sys.modules:
        return sys.modules["skops.io"]
    import sklearn.utils

    real = sklearn.utils.all_estimators
    sklearn.utils.all_estimators = lambda *args, **kwargs: []
    try:
        import skops.io
    finally:
        sklearn.utils.all_estimators = real
    return skops.io


def dumps_trusted(obj: Any, name: str = "the object") -> bytes:
    """``obj`` in skops format, refusing (ValueError) an object that would not load again
    because it needs a type outside TRUSTED_TYPES."""
    sio = _skops_io()

    data = sio.dumps(obj, compression=zipfile.ZIP_DEFLATED, compresslevel=6)
    outside = untrusted_types(data)
    if outside:
        raise ValueError(f"cannot save {name}: it needs types that loading does not trust ({', '.join(outside)}); "
                         "add them to detector.model_store.TRUSTED_TYPES only if building them from data "
                         "cannot run code")
    return data


def save_model(estimator: Any, metadata: dict[str, Any], out_dir: str | os.PathLike, card: str = "",
               extra_objects: dict[str, Any] | None = None, files: dict[str, str] | None = None,
               arrays: bool = True) -> Path:
    """Write a new model directory atomically (fileio.atomic_directory). Refuses to overwrite an
    existing one [E024].

    Every object is stored in skops format with its sha256 in the metadata: the estimator
    as ``model.skops``, each of ``extra_objects`` (file name -> object) under its name, with
    a ``.joblib`` suffix replaced by ``.skops``; ``files`` (file name -> text) are written as
    they are (a retrained model's comparison.json). Raises ValueError for an object that needs a
    type outside TRUSTED_TYPES.

    With ``arrays`` (the default), every object that ``detector.linear`` reproduces also gets
    its numbers in ``<name>.npz``, which loading reads instead of the .skops file; each is
    written only if its predictor gives the object's own probabilities (within 1e-9).
    ``arrays=False`` writes the .skops files alone, as versions before the arrays did.
    """
    from .fileio import atomic_directory

    objects = {ESTIMATOR_FILE: original(estimator)}
    for name, obj in (extra_objects or {}).items():
        obj = original(obj)
        fname = _object_file(name)
        if fname in (METADATA_FILE, CARD_FILE, ESTIMATOR_FILE) or "/" in fname or fname.startswith("."):
            raise ValueError(f"cannot save {name!r} in a model directory")
        objects[fname] = obj
    for fname in files or {}:
        if fname in (METADATA_FILE, CARD_FILE) or fname in objects or "/" in fname or fname.startswith("."):
            raise ValueError(f"cannot add {fname!r} to a model directory")
    with atomic_directory(out_dir, exists_error=ModelError(Errors.E024, source=str(out_dir))) as tmp:
        written = []
        for name, obj in objects.items():
            (tmp / name).write_bytes(dumps_trusted(obj, name))
            written.append(name)
            exported = linear.export(obj) if arrays else None
            if exported is not None and linear.agrees(obj, linear.build(exported)):
                (tmp / arrays_file(name)).write_bytes(dumps_arrays(exported))
                written.append(arrays_file(name))
        meta = dict(metadata)
        meta["format_version"] = FORMAT_VERSION
        # a new dict: the caller's nested "sha256" is not changed; joblib entries of a model
        # re-saved by upgrade_model, and arrays files of the objects written here, are replaced
        old = {k: v for k, v in (meta.get("sha256") or {}).items()
               if not k.endswith((".joblib", linear.SUFFIX))}
        meta["sha256"] = {**old, **{n: sha256_file(tmp / n) for n in written}}
        (tmp / METADATA_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True, allow_nan=False) + "\n",
                                         encoding="utf-8")
        (tmp / CARD_FILE).write_text(card or f"# {meta.get('name', 'model')}\n", encoding="utf-8")
        for fname, text in (files or {}).items():
            (tmp / fname).write_text(text, encoding="utf-8")
    return Path(out_dir)


def write_arrays(model_dir: str | os.PathLike) -> list[str]:
    """Add the ``.npz`` file of every linear object of a model directory saved without them (by an
    earlier version), and record their sha256 in its ``metadata.json``: the same model, scored
    without scikit-learn. The files are a function of the ``.skops`` files alone (the same bytes
    every time); each is written only if its predictor gives the object's own probabilities.

    Returns the files written. Raises ModelError as ``load_model`` does.
    """
    from .fileio import atomic_write, write_text_atomic

    p = Path(model_dir)
    meta = read_metadata(p)
    if meta["format_version"] != FORMAT_VERSION:
        raise ModelError(Errors.E023, found=meta["format_version"], supported=str(FORMAT_VERSION), source=str(p))
    hashes = dict(meta.get("sha256") or {})
    written = []
    for name in sorted(hashes):
        if not name.endswith(OBJECT_SUFFIX):
            continue
        obj = load_object(p, name, meta)
        arrays = linear.export(obj)
        if arrays is None or not linear.agrees(obj, linear.build(arrays)):
            continue
        data = dumps_arrays(arrays)
        with atomic_write(p / arrays_file(name), "wb") as fh:
            fh.write(data)
        hashes[arrays_file(name)] = hashlib.sha256(data).hexdigest()
        written.append(arrays_file(name))
    if written:
        meta["sha256"] = hashes
        write_text_atomic(p / METADATA_FILE, json.dumps(meta, indent=2, sort_keys=True, allow_nan=False) + "\n")
    return written


def upgrade_model(src: str | os.PathLike, out_dir: str | os.PathLike) -> Path:
    """Re-save a trusted format-1 (pickle) model in the safe format at ``out_dir``.

    The estimator and head are the same objects: their predictions do not change.
    """
    model = load_model(src, trust_pickle=True)
    meta = {k: v for k, v in model.metadata.items() if k != "format_version"}
    extra = dict(model.objects)
    if model.mt_style is not None:
        from .mt_style import HEAD_FILE

        extra[HEAD_FILE] = model.mt_style.params
    card_path = Path(src) / CARD_FILE
    card = card_path.read_text(encoding="utf-8") if card_path.is_file() else ""
    return save_model(model.estimator, meta, out_dir, card, extra)
