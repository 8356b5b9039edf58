"""detector.model_store: model directories are written atomically and verified before unpickling."""

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
    METADATA_FILE,
    load_model,
    save_model,
)

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
    assert sorted(p.name for p in out.iterdir()) == sorted([ESTIMATOR_FILE, METADATA_FILE, CARD_FILE])
    meta = json.loads((out / METADATA_FILE).read_text(encoding="utf-8"))
    assert meta["format_version"] == FORMAT_VERSION
    assert meta["sha256"] == {ESTIMATOR_FILE: sha256(out / ESTIMATOR_FILE)}
    assert {k: meta[k] for k in META} == META
    assert (out / CARD_FILE).read_text(encoding="utf-8") == "# Wire test model\n\nFor tests.\n"
    # nothing else is left in the parent: the temporary directory was renamed into place
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["m1"]


def test_default_card_names_the_model(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    assert (out / CARD_FILE).read_text(encoding="utf-8") == "# wire-test\n"


def test_save_does_not_change_the_callers_metadata(tmp_path, estimator):
    given = {**META, "sha256": {"train.jsonl": "ab" * 32}}
    meta = json.loads(json.dumps(given))
    out = save_model(estimator, meta, tmp_path / "m")
    assert meta == given
    saved = json.loads((out / METADATA_FILE).read_text())["sha256"]
    assert saved == {"train.jsonl": "ab" * 32, ESTIMATOR_FILE: sha256(out / ESTIMATOR_FILE)}


def test_round_trip(tmp_path, estimator):
    out = save_model(estimator, META, tmp_path / "m")
    model = load_model(out)
    assert isinstance(model.estimator, LogisticRegression)
    np.testing.assert_allclose(model.estimator.predict_proba(X), estimator.predict_proba(X))
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
    assert exc.value.code == "E021"
    assert exc.value.source == str(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_refuses_an_existing_empty_directory_or_file(tmp_path, estimator):
    (tmp_path / "empty").mkdir()
    (tmp_path / "file").write_text("x")
    for target in ("empty", "file"):
        with pytest.raises(ModelError) as exc:
            save_model(estimator, META, tmp_path / target)
        assert exc.value.code == "E021"
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
    assert seen == {"src": sorted([CARD_FILE, ESTIMATOR_FILE, METADATA_FILE]), "dst_exists": False}
    assert list(tmp_path.iterdir()) == []


def test_hostile_pickle_runs_code_when_loaded_directly(tmp_path):
    """The control for the next test: this file really does run code when unpickled."""
    flag = tmp_path / "flag"
    joblib.dump(PlantFlag(flag), tmp_path / "evil.joblib")
    assert not flag.exists()
    joblib.load(tmp_path / "evil.joblib")
    assert flag.read_text() == "unpickled"


def test_tampered_estimator_is_refused_before_unpickling(tmp_path, estimator):
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


def test_one_flipped_byte_is_refused(tmp_path, estimator, monkeypatch):
    out = save_model(estimator, META, tmp_path / "m")
    data = bytearray((out / ESTIMATOR_FILE).read_bytes())
    data[len(data) // 2] ^= 0x01
    (out / ESTIMATOR_FILE).write_bytes(bytes(data))

    def no_unpickling(*args, **kwargs):
        raise AssertionError("joblib.load was called")

    monkeypatch.setattr(joblib, "load", no_unpickling)
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E020"


DELETE = object()


@pytest.mark.parametrize("recorded", [
    DELETE,                                 # no "sha256" at all
    {},                                     # no entry for the estimator
    {ESTIMATOR_FILE: ""},
    {ESTIMATOR_FILE: "0" * 64},             # a wrong hash
    {"other.joblib": "0" * 64},
    "not-a-dict",
    7,
], ids=["absent", "empty", "blank", "wrong", "other-file", "string", "number"])
def test_missing_or_wrong_recorded_hash_is_e020(tmp_path, estimator, recorded):
    out = save_model(estimator, META, tmp_path / "m")
    flag = tmp_path / "flag"
    joblib.dump(PlantFlag(flag), out / ESTIMATOR_FILE)
    meta = json.loads((out / METADATA_FILE).read_text())
    if recorded is DELETE:
        del meta["sha256"]
    else:
        meta["sha256"] = recorded
    (out / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E020"
    assert not flag.exists()


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


@pytest.mark.parametrize("version", [None, 0, 2, "1", FORMAT_VERSION + 1])
def test_wrong_format_version_is_e021(tmp_path, estimator, version):
    out = save_model(estimator, META, tmp_path / "m")
    flag = tmp_path / "flag"
    meta = json.loads((out / METADATA_FILE).read_text())
    # a consistent hash: only the format version is wrong, and the estimator is not unpickled
    joblib.dump(PlantFlag(flag), out / ESTIMATOR_FILE)
    meta["sha256"][ESTIMATOR_FILE] = sha256(out / ESTIMATOR_FILE)
    if version is None:
        del meta["format_version"]
    else:
        meta["format_version"] = version
    (out / METADATA_FILE).write_text(json.dumps(meta))
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E021"
    assert "not supported" in exc.value.message
    assert not flag.exists()


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2, 3]", b'"a string"', b"\xff\xfe\x00garbage"])
def test_unreadable_metadata_is_e021(tmp_path, estimator, content):
    out = save_model(estimator, META, tmp_path / "m")
    (out / METADATA_FILE).write_bytes(content)
    with pytest.raises(ModelError) as exc:
        load_model(out)
    assert exc.value.code == "E021"


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
