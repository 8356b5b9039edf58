"""detector.model_store: model directories are written atomically, verified, and loaded without
running code from them (skops with an explicit list of trusted types; pickles only when trusted)."""

from __future__ import annotations

import hashlib
import json
import os

import joblib
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from detector import model_store
from detector.errors import ModelError
from detector.model_store import (
    CARD_FILE,
    ESTIMATOR_FILE,
    FORMAT_VERSION,
    LEGACY_ESTIMATOR_FILE,
    METADATA_FILE,
    TRUSTED_TYPES,
    ModelTrustWarning,
    load_model,
    save_model,
)

#: the arrays file save_model writes beside model.skops for a linear estimator
ARRAYS = "model.npz"

X = np.array([[0.0, 0.1], [0.2, 0.0], [0.9, 1.0], [1.0, 0.8], [0.1, 0.3], [0.8, 0.9]])
Y = np.array([0, 0, 1, 1, 0, 1])


@pytest.fixture(scope="module")
def estimator():
    return LogisticRegression().fit(X, Y)


META = {
    "name": "wire-test",
    "version": "0.0.1",
    "features": ["dup_max", "pronoun_gap"],
    "thresholds": {"suspect": 0.4, "artifacted": 0.7},
}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class PlantFlag:
    """Unpickling this runs code: it writes ``path``. A stand-in for a hostile model file."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (exec, (f"open({self.path!r}, 'w').write('unpickled')",))


def test_save_writes_the_three_files(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "models" / "m1", card="# Wire test model\n\nFor tests.\n")
    assert out == tmp_path / "models" / "m1"
    assert sorted(p.name for p in out.iterdir()) == sorted([ESTIMATOR_FILE, ARRAYS, METADATA_FILE, CARD_FILE])
    meta = json.loads((out / METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["sha256"] == {ESTIMATOR_FILE: sha256(out / ESTIMATOR_FILE), ARRAYS: sha256(out / ARRAYS)}
    assert {k: meta[k] for k in META} == META
    assert (out / CARD_FILE).read_text(encoding="utf-8") == "# Wire test model\n\nFor tests.\n"
    # nothing else is left in the parent: the temporary directory was renamed into place
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["m1"]


def test_arrays_false_writes_the_skops_file_alone_and_it_loads(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m", arrays=False)
    assert sorted(p.name for p in out.iterdir()) == sorted([ESTIMATOR_FILE, METADATA_FILE, CARD_FILE])
    model = load_model(out)
    assert isinstance(model.estimator, LogisticRegression)
    np.testing.assert_allclose(model.estimator.predict_proba(X), estimator.predict_proba(X))


def test_default_card_names_the_model(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    assert (out / CARD_FILE).read_text(encoding="utf-8") == "# wire-test\n"


def test_save_does_not_change_the_callers_metadata(tmp_path, estimator):
    given = {**META, "sha256": {"train.jsonl": "ab" * 32}}
    meta = json.loads(json.dumps(given))
    out = save_model(estimator, meta, tmp_path / "m")
    assert meta == given
    saved = json.loads((out / METADATA_FILE).read_text())["sha256"]
    assert saved == {"train.jsonl": "ab" * 32, ESTIMATOR_FILE: sha256(out / ESTIMATOR_FILE),
                     ARRAYS: sha256(out / ARRAYS)}


def test_round_trip(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    model = load_model(out)
    # scored from the arrays, without scikit-learn; the estimator itself stays within reach
    assert not isinstance(model.estimator, LogisticRegression)
    assert isinstance(model_store.original(model.estimator), LogisticRegression)
    np.testing.assert_array_equal(model.estimator.predict_proba(X), estimator.predict_proba(X))
    assert (model.name, model.version) == ("wire-test", "0.0.1")
    assert model.feature_names == ["dup_max", "pronoun_gap"]
    assert model.thresholds == {"suspect": 0.4, "artifacted": 0.7}
    assert model.path == out
    assert load_model(str(out)).metadata == model.metadata


def test_refuses_to_overwrite(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    other = LogisticRegression(C=0.01).fit(X, 1 - Y)
    with pytest.raises(ModelError) as exc:
        save_model(other, {**META, "version": "2"}, out)
    assert exc.value.code == "E024"
    assert exc.value.source == str(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_refuses_an_existing_empty_directory_or_file(tmp_path, estimator):
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("x")
    for target in ("empty", "file"):
        with pytest.raises(ModelError) as exc:
            save_model(estimator, META, tmp_path / target)
        assert exc.value.code == "E024"
    assert list((tmp_path / "empty").iterdir()) == []


def test_failed_save_leaves_nothing(tmp_path):
    unpicklable = lambda x: x  # noqa: E731 - a lambda cannot be pickled
    with pytest.raises(Exception):  # noqa: B017 - pickling raises PicklingError or AttributeError
        save_model(unpicklable, META, tmp_path / "m")
    assert list(tmp_path.iterdir()) == []


def test_failed_metadata_write_leaves_nothing(tmp_path, estimator):
    with pytest.raises(TypeError):
        save_model(estimator, {**META, "bad": object()}, tmp_path / "m")  # not JSON-serialisable
    assert list(tmp_path.iterdir()) == []


def test_interrupted_save_leaves_no_model(tmp_path, estimator, monkeypatch):
    """Files are written under a temporary name; the model appears only with the final rename."""
    seen = {}

    def crash(src, dst):
        seen["src"] = sorted(p.name for p in os.scandir(src))
        seen["dst_exists"] = os.path.exists(dst)
        raise KeyboardInterrupt

    monkeypatch.setattr(model_store.os, "rename", crash)
    with pytest.raises(KeyboardInterrupt):
        save_model(estimator, META, tmp_path / "m")
    assert seen == {"src": sorted([CARD_FILE, ESTIMATOR_FILE, ARRAYS, METADATA_FILE]), "dst_exists": False}
    assert list(tmp_path.iterdir()) == []


def test_hostile_pickle_runs_code_when_loaded_directly(tmp_path):
    """The control for the tests below: this file really does run code when unpickled."""
    flag = tmp_path / "flag"
    joblib.dump(PlantFlag(flag), tmp_path / "evil.joblib")
    assert not flag.exists()
    joblib.load(tmp_path / "evil.joblib")
    assert flag.read_text() == "unpickled"


def _rehash(out, name=ESTIMATOR_FILE):
    """Record ``name``'s current sha256 in the metadata, as anyone who can write the directory can."""
    meta = json.loads((out / METADATA_FILE).read_text())
    meta["sha256"][name] = sha256(out / name)
    (out / METADATA_FILE).write_text(json.dumps(meta))


def test_tampered_estimator_is_refused_by_its_hash(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    recorded = json.loads((out / METADATA_FILE).read_text())["sha256"][ESTIMATOR_FILE]
    flag = tmp_path / "flag"
    joblib.dump(PlantFlag(flag), out / ESTIMATOR_FILE)  # different bytes, same name
    assert sha256(out / ESTIMATOR_FILE) != recorded

    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E020"
    assert exc.value.source == str(out)
    assert recorded[:12] in exc.value.message
    assert str(exc.value).startswith("[E020] ")
    assert not flag.exists(), "the tampered estimator was unpickled"


def test_a_pickle_with_a_matching_hash_is_still_never_unpickled(tmp_path, estimator, monkeypatch):
    """The hash only catches corruption: rewriting both is easy. The format is what protects."""
    out = save_model(estimator, META, tmp_path / "m", arrays=False)
    flag = tmp_path / "flag"
    joblib.dump(PlantFlag(flag), out / ESTIMATOR_FILE)
    _rehash(out)

    def no_unpickling(*args, **kwargs):
        raise AssertionError("joblib.load was called")

    monkeypatch.setattr(joblib, "load", no_unpickling)
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E029" and "not a skops file" in exc.value.message
    assert not flag.exists()


class Planter:
    """Building this from saved state runs code (writes ``path``): a crafted object a model
    file could name. Only its class name is in the file; the code is in this module."""

    def __init__(self, path):
        self.path = str(path)

    def __setstate__(self, state):
        open(state["path"], "w").write("constructed")
        self.__dict__.update(state)


def test_crafted_skops_file_runs_code_when_its_type_is_trusted(tmp_path):
    """The control: skops itself builds this object, running its code, when told to trust it."""
    import skops.io as sio

    flag = tmp_path / "flag"
    data = sio.dumps(Planter(flag))
    assert not flag.exists()
    sio.loads(data, trusted=sio.get_untrusted_types(data=data))
    assert flag.read_text() == "constructed"


def test_crafted_skops_model_is_refused_and_runs_no_code(tmp_path, estimator):
    import skops.io as sio

    out = save_model(estimator, META, tmp_path / "m", arrays=False)
    flag = tmp_path / "flag"
    (out / ESTIMATOR_FILE).write_bytes(sio.dumps(Planter(flag)))
    _rehash(out)  # an attacker who can write the directory fixes the hash too
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E027"
    assert "test_model_store.Planter" in exc.value.message and "could run code" in exc.value.message
    assert not flag.exists()


def test_a_trusted_estimator_holding_an_untrusted_function_is_refused(tmp_path, estimator):
    """Wrapping a dangerous function in a trusted class does not get it through."""
    import skops.io as sio
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    out = save_model(estimator, META, tmp_path / "m", arrays=False)
    (out / ESTIMATOR_FILE).write_bytes(sio.dumps(make_pipeline(FunctionTransformer(os.system), estimator)))
    _rehash(out)
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E027" and "system" in exc.value.message


def test_save_refuses_an_object_that_would_not_load(tmp_path, estimator):
    with pytest.raises(ValueError, match="TRUSTED_TYPES"):
        save_model(estimator, META, tmp_path / "m", extra_objects={"extra.skops": Planter(tmp_path / "x")})
    assert list(tmp_path.iterdir()) == []


def test_the_shipped_model_needs_only_trusted_types():
    from detector.model_store import untrusted_types
    from detector.registry import default_model_dir

    model = default_model_dir()
    for f in sorted(model.glob("*.skops")):
        assert untrusted_types(f.read_bytes()) == [], f.name
    assert not list(model.glob("*.joblib")), "the shipped model must not hold pickles"
    assert "builtins.exec" not in TRUSTED_TYPES and "builtins.eval" not in TRUSTED_TYPES


def test_extra_objects_round_trip_and_joblib_names_are_stored_as_skops(tmp_path, estimator):
    """Code written for joblib names keeps working: 'x.joblib' is stored as 'x.skops'."""
    other = LogisticRegression(C=0.5).fit(X, 1 - Y)
    out = save_model(estimator, META, tmp_path / "m", extra_objects={"second.joblib": other})
    assert sorted(p.name for p in out.iterdir()) == sorted([CARD_FILE, ESTIMATOR_FILE, ARRAYS, METADATA_FILE,
                                                            "second.skops", "second.npz"])
    model = load_model(out)
    np.testing.assert_allclose(model.objects["second.skops"].predict_proba(X), other.predict_proba(X))


def test_one_flipped_byte_is_refused(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    data = bytearray((out / ESTIMATOR_FILE).read_bytes())
    data[len(data) // 2] ^= 0x01
    (out / ESTIMATOR_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E020"


DELETE = object()


@pytest.mark.parametrize("recorded", [
    DELETE,                                 # no "sha256" at all
    {},                                     # no entry for the estimator
    {ESTIMATOR_FILE: ""},
    {ESTIMATOR_FILE: "0" * 64},             # a wrong hash
    {"other.skops": "0" * 64},
    "not-a-dict",
    7,
], ids=["absent", "empty", "blank", "wrong", "other-file", "string", "number"])
def test_missing_or_wrong_recorded_hash_is_e020(tmp_path, estimator, recorded):
    out = save_model(estimator, META, tmp_path / "m")
    meta = json.loads((out / METADATA_FILE).read_text())
    if recorded is DELETE:
        del meta["sha256"]
    else:
        meta["sha256"] = recorded
    (out / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E020"


# -- models saved as pickles (format 1) ------------------------------------------------------
def _legacy_model(tmp_path, estimator, payload=None):
    """A format-1 model directory as older versions wrote it: model.joblib and its hash."""
    out = tmp_path / "legacy"
    out.mkdir()
    joblib.dump(payload if payload is not None else estimator, out / LEGACY_ESTIMATOR_FILE)
    meta = {**META, "format_version": 1, "sha256": {LEGACY_ESTIMATOR_FILE: sha256(out / LEGACY_ESTIMATOR_FILE)}}
    (out / METADATA_FILE).write_text(json.dumps(meta))
    return out


def test_a_pickled_model_is_refused_without_trust(tmp_path, estimator, monkeypatch):
    monkeypatch.delenv("DETECTOR_TRUST_PICKLE", raising=False)
    flag = tmp_path / "flag"
    out = _legacy_model(tmp_path, estimator, PlantFlag(flag))
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E027"
    assert "--trust-model-code" in exc.value.message and "DETECTOR_TRUST_PICKLE=1" in exc.value.message
    assert not flag.exists()


@pytest.mark.parametrize("how", ["argument", "environment"])
def test_a_trusted_pickled_model_loads_with_a_warning(tmp_path, estimator, monkeypatch, how):
    monkeypatch.delenv("DETECTOR_TRUST_PICKLE", raising=False)
    out = _legacy_model(tmp_path, estimator)
    if how == "environment":
        monkeypatch.setenv("DETECTOR_TRUST_PICKLE", "1")
    with pytest.warns(ModelTrustWarning, match="pickle"):
        model = load_model(out, trust_pickle=True if how == "argument" else None)
    np.testing.assert_allclose(model.estimator.predict_proba(X), estimator.predict_proba(X))


def test_upgrade_re_saves_a_pickled_model_safely(tmp_path, estimator):
    from detector.model_store import upgrade_model

    with pytest.warns(ModelTrustWarning):
        new = upgrade_model(_legacy_model(tmp_path, estimator), tmp_path / "upgraded")
    assert (new / ESTIMATOR_FILE).is_file() and not (new / LEGACY_ESTIMATOR_FILE).exists()
    meta = json.loads((new / METADATA_FILE).read_text())
    assert meta["format_version"] == FORMAT_VERSION and set(meta["sha256"]) == {ESTIMATOR_FILE, ARRAYS}
    np.testing.assert_allclose(load_model(new, trust_pickle=False).estimator.predict_proba(X),
                               estimator.predict_proba(X))


def test_missing_directory_is_e021(tmp_path):
    with pytest.raises(ModelError) as exc:
        load_model(tmp_path / "no-such-model")
    assert exc.value.code == "E021"
    assert exc.value.source == str(tmp_path / "no-such-model")


@pytest.mark.parametrize("remove", [ESTIMATOR_FILE, METADATA_FILE])
def test_incomplete_directory_is_e021(tmp_path, estimator, remove):
    out = save_model(estimator, META, tmp_path / "m")
    os.remove(out / remove)
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E021"


@pytest.mark.parametrize("version", [None, 0, "2", True, 2.5, FORMAT_VERSION + 1])
def test_wrong_format_version_is_e023(tmp_path, estimator, version):
    out = save_model(estimator, META, tmp_path / "m")
    meta = json.loads((out / METADATA_FILE).read_text())
    if version is None:
        del meta["format_version"]
    else:
        meta["format_version"] = version
    (out / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E023"
    assert "not supported" in exc.value.message
    # a foreign metadata.json was 'model format None is not supported'
    assert "None" not in exc.value.message
    if version is None:
        assert "names no model format" in exc.value.message and "detector train" in exc.value.message


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2, 3]", b'"a string"', b"\xff\xfe\x00garbage", b"",
                                     b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000])
def test_unreadable_metadata_is_e022(tmp_path, estimator, content):
    out = save_model(estimator, META, tmp_path / "m")
    (out / METADATA_FILE).write_bytes(content)
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E022"


def test_no_path_uses_the_active_model(tmp_path, estimator, monkeypatch):
    out = save_model(estimator, META, tmp_path / "m")
    monkeypatch.setattr(model_store, "active_model_dir", lambda: out)
    assert load_model().path == out


def test_active_model_from_registry(tmp_path, estimator, monkeypatch):
    from detector import registry

    monkeypatch.setenv("DETECTOR_HOME", str(tmp_path / "home"))
    assert registry.active_model() is None
    out = save_model(estimator, META, tmp_path / "m")
    registry.set_active(out)
    assert registry.active_model() == out.resolve()
    assert model_store.active_model_dir() == out.resolve()
    assert load_model().name == "wire-test"


@pytest.mark.parametrize("field, value", [
    ("thresholds", "high"), ("thresholds", [0.5]), ("thresholds", {"suspect": "0.5"}),
    ("thresholds", {"suspect": 2}), ("thresholds", {"suspect": True}), ("thresholds", {"suspect": None}),
    ("features", "dup_max"), ("features", [1, 2]), ("name", {"x": 1}), ("version", 3),
    ("embedding_model", ["a"]), ("mt_style", "yes"), ("mt_style", {"threshold": 0.5}),
    ("mt_style", {"threshold": "0.5", "typical": 0.4}), ("mt_style", {"threshold": 1.0, "typical": 0.4}),
])
def test_metadata_with_wrong_types_is_a_clear_e022(tmp_path, estimator, field, value):
    out = save_model(estimator, META, tmp_path / "m")
    meta = json.loads((out / METADATA_FILE).read_text())
    meta[field] = value
    (out / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E022"
    assert field in exc.value.message or "mt_style" in exc.value.message


def test_metadata_with_nan_threshold_is_refused(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    text = (out / METADATA_FILE).read_text().replace('"suspect": 0.4', '"suspect": NaN')
    (out / METADATA_FILE).write_text(text)
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E022" and "suspect" in exc.value.message


def test_an_estimator_that_does_not_fit_the_features_is_refused(tmp_path, estimator):
    """A type-safe but wrong estimator (three features where the model lists two) fails at load
    time with E029, not later in the middle of a batch."""
    three = LogisticRegression().fit(np.hstack([X, X[:, :1]]), Y)
    out = save_model(three, META, tmp_path / "m")
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E029" and "does not work" in exc.value.message


@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink-loop", "dev-zero"])
def test_model_files_that_are_not_regular_files_are_refused_without_hanging(tmp_path, estimator, kind):
    out = save_model(estimator, META, tmp_path / "m")
    target = out / (METADATA_FILE if kind != "dev-zero" else ESTIMATOR_FILE)
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "directory":
        target.mkdir()
    elif kind == "symlink-loop":
        target.symlink_to(target)
    else:
        target.symlink_to("/dev/zero")
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E021"


def test_a_killed_save_leaves_a_hidden_directory_the_next_save_removes(tmp_path, estimator):
    stale = tmp_path / ".m.999999999.abcd"  # no such process
    stale.mkdir()
    (stale / "model.skops").write_bytes(b"half")
    running = tmp_path / f".m.{os.getpid()}.efgh"  # a save still in progress: left alone
    running.mkdir()
    save_model(estimator, META, tmp_path / "m")
    assert not stale.exists() and running.exists()


@pytest.mark.parametrize("content", [
    b"[1, 2]", b'"path"', b"null", b"{not json", b'{"path": 7}', b'{"path": ""}', b"{}", b"\xff\xfe\x00\x01",
    b'{"path": "/no/such/model"}', b"[" * 100_000, b'{"path": "a\\u0000b"}', b"",
], ids=lambda c: repr(c[:16]))
def test_a_damaged_active_record_is_a_clear_e023(tmp_path, monkeypatch, content):
    from detector import registry

    monkeypatch.setenv("DETECTOR_HOME", str(tmp_path))
    (tmp_path / "active.json").write_bytes(content)
    with pytest.raises(ModelError) as exc:
        load_model()
    assert exc.value.code == "E028"
    assert str(tmp_path / "active.json") in str(exc.value) and "delete" in exc.value.message
    assert registry.active_model(strict=False) is None  # listings still work


@pytest.mark.parametrize("kind", ["fifo", "directory", "dev-zero", "symlink-loop"])
def test_an_active_record_that_is_not_a_file_is_refused_without_hanging(tmp_path, monkeypatch, kind):
    monkeypatch.setenv("DETECTOR_HOME", str(tmp_path))
    f = tmp_path / "active.json"
    if kind == "fifo":
        os.mkfifo(f)
    elif kind == "directory":
        f.mkdir()
    elif kind == "dev-zero":
        f.symlink_to("/dev/zero")
    else:
        f.symlink_to(f)
    with pytest.raises(ModelError) as exc:
        load_model()
    assert exc.value.code == "E028"
