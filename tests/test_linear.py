"""detector.linear: linear models saved as numpy arrays give scikit-learn's probabilities, and a
model with them scores without importing scikit-learn."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from detector import linear, model_store
from detector.model_store import dumps_arrays, load_model, read_arrays, save_model, write_arrays
from detector.registry import default_model_dir

ROOT = Path(__file__).resolve().parent.parent
META = {"name": "linear-test", "version": "0.0.1"}


def _rows(n: int, n_features: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 1.0, (n, n_features))
    X[:, :21] = np.abs(X[:, :21]).round(1)  # evidence columns: small non-negative counts and scores
    return X


@pytest.fixture(scope="module")
def recipe():
    """The sentence classifier's recipe (training.train.make_estimator), fitted on synthetic rows."""
    from training.train import make_estimator

    X = _rows(600, 21 + 64, seed=1)
    y = (X[:, 0] + X[:, 30] - X[:, 40] + np.random.default_rng(2).normal(0, 0.5, 600) > 0.8).astype(int)
    return make_estimator(seed=13, n_detector_features=21, max_iter=300).fit(X, y)


def test_the_classifier_recipe_is_reproduced_to_the_last_bit(recipe):
    built = linear.build(linear.export(recipe))
    for X in (_rows(500, 85, seed=3), _rows(7, 85, seed=4) * 40, np.zeros((1, 85))):
        a, b = recipe.predict_proba(X), built.predict_proba(X)
        assert np.max(np.abs(a - b)) <= 1e-9
    assert list(built.classes_) == list(recipe.classes_) and built.n_features_in_ == 85


def test_the_shipped_model_scores_from_its_arrays_as_from_its_skops_files():
    model = load_model(default_model_dir())
    assert isinstance(model.estimator, linear.LinearPipeline)
    sk = model_store.original(model.estimator)
    assert type(sk).__name__ == "Pipeline"
    X = _rows(300, len(model.feature_names), seed=5)
    assert np.max(np.abs(sk.predict_proba(X) - model.estimator.predict_proba(X))) <= 1e-9
    # the MT-style head: same probabilities, same phrases, same sentence shares, whether it is
    # read from its arrays or from its .skops file
    from detector.mt_style import HEAD_FILE, load_head

    head = model.mt_style
    from_skops = model_store.load_object(default_model_dir(), HEAD_FILE)
    sk_head = load_head(from_skops, head.threshold, head.typical)
    assert type(sk_head) is type(head)
    texts = [json.loads(line)["text"] for line in
             (ROOT / "data" / "corpus").glob("*.jsonl").__next__().read_text(encoding="utf-8").splitlines()[:12]]
    sentences = [[s for s in t.split(". ") if s] for t in texts]
    ours, theirs = head.assess(texts, sentences), sk_head.assess(texts, sentences)
    for a, b in zip(ours, theirs, strict=True):
        assert abs(a.probability - b.probability) <= 1e-9
        assert a.phrases == b.phrases and a.counter == b.counter and a.sentences == b.sentences
        assert a.shares == b.shares


def test_a_non_linear_estimator_is_not_exported_and_loads_from_skops(tmp_path):
    from sklearn.ensemble import RandomForestClassifier

    X = _rows(40, 4)
    forest = RandomForestClassifier(n_estimators=3, random_state=0).fit(X, (X[:, 1] > 0).astype(int))
    assert linear.export(forest) is None
    out = save_model(forest, {**META, "features": ["a", "b", "c", "d"]}, tmp_path / "m")
    assert not list(out.glob("*.npz"))
    assert isinstance(load_model(out).estimator, RandomForestClassifier)


def test_plain_parameters_round_trip():
    params = {"format": 2, "function_words": ["the", "of"], "ngrams": ["of the", "<Cap> ,"],
              "idf": np.array([1.5, 2.0]), "intercept": -0.25, "calibration": [1.1, -0.2], "flag": True}
    built = linear.build(read_arrays(dumps_arrays(linear.export(params))))
    assert built == {**params, "idf": built["idf"]} and np.array_equal(built["idf"], params["idf"])
    assert type(built["intercept"]) is float and type(built["format"]) is int
    assert linear.export({"f": object()}) is None and linear.export({"f": [1, "a", None]}) is None


def test_arrays_are_the_same_bytes_every_time(recipe, tmp_path):
    assert dumps_arrays(linear.export(recipe)) == dumps_arrays(linear.export(recipe))
    a = save_model(recipe, META, tmp_path / "a")
    b = save_model(recipe, META, tmp_path / "b")
    assert (a / "model.npz").read_bytes() == (b / "model.npz").read_bytes()


def test_write_arrays_adds_them_to_a_model_saved_without(recipe, tmp_path):
    out = save_model(recipe, META, tmp_path / "m", arrays=False)
    assert isinstance(load_model(out).estimator, type(recipe))
    skops_before = (out / "model.skops").read_bytes()
    assert write_arrays(out) == ["model.npz"]
    first = (out / "model.npz").read_bytes()
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["sha256"]["model.npz"] == hashlib.sha256(first).hexdigest()
    assert (out / "model.skops").read_bytes() == skops_before
    model = load_model(out)
    assert isinstance(model.estimator, linear.LinearPipeline)
    X = _rows(50, 85, seed=8)
    assert np.max(np.abs(model.estimator.predict_proba(X) - recipe.predict_proba(X))) <= 1e-9
    write_arrays(out)  # again: the same bytes
    assert (out / "model.npz").read_bytes() == first


def test_a_predictor_saves_as_the_estimator_it_came_from(recipe, tmp_path):
    """Training code hands a loaded model's estimator or head back to save_model (retrain keeps the
    base model's head): it is saved as the scikit-learn object, arrays beside it."""
    first = load_model(save_model(recipe, META, tmp_path / "a"))
    again = save_model(first.estimator, META, tmp_path / "b")
    saved = model_store.load_object(again, "model.skops")
    assert type(saved) is type(recipe)
    X = _rows(40, 85, seed=9)
    np.testing.assert_allclose(saved.predict_proba(X), recipe.predict_proba(X), rtol=0, atol=1e-12)
    assert (again / "model.npz").read_bytes() == (tmp_path / "a" / "model.npz").read_bytes()


def test_arrays_of_another_layout_or_with_objects_fall_back_to_skops_and_run_no_code(recipe, tmp_path):
    out = save_model(recipe, META, tmp_path / "m")
    flag = tmp_path / "flag"

    class Plant:
        def __reduce__(self):
            return (exec, (f"open({str(flag)!r}, 'w').write('unpickled')",))

    buf = io.BytesIO()
    np.savez(buf, format=np.array(1), kind=np.array([Plant()], dtype=object))
    for data in (buf.getvalue(), dumps_arrays({"format": np.array(99)}), b"not a zip"):
        (out / "model.npz").write_bytes(data)
        meta = json.loads((out / "metadata.json").read_text())
        meta["sha256"]["model.npz"] = hashlib.sha256(data).hexdigest()
        (out / "metadata.json").write_text(json.dumps(meta))
        model = load_model(out)
        assert isinstance(model.estimator, type(recipe))
        assert not flag.exists()


def test_a_damaged_arrays_file_or_skops_file_is_refused(recipe, tmp_path):
    from detector.errors import ModelError

    for name in ("model.npz", "model.skops"):
        out = tmp_path / name
        shutil.copytree(save_model(recipe, META, tmp_path / f"src-{name}"), out)
        with open(out / name, "ab") as fh:
            fh.write(b"\0")
        with pytest.raises(ModelError) as err:
            load_model(out)
        assert err.value.code == "E020" and name in err.value.message


def test_scoring_an_article_imports_no_scikit_learn_skops_torch_or_pandas():
    code = ("import sys\nfrom detector import score_text\n"
            "r = score_text(open(sys.argv[1], encoding='utf-8').read())\n"
            "assert r.sentence_scores and r.mt_style is not None\n"
            "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops', 'torch', 'pandas', 'scipy'})\n"
            "assert not heavy, heavy\n")
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / "data" / "examples" / "farm_article.txt")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
