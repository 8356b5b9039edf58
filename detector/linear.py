"""Linear models as plain numpy arrays: scoring without importing scikit-learn.

The sentence classifier ([evidence, PCA of the embedding] -> StandardScaler -> calibrated
logistic regression) and the MT-style head (TF-IDF -> logistic regression, or a head that is
already plain parameters) are chains of linear maps and a few element-wise functions. Importing
scikit-learn and skops to rebuild them costs seconds of a cold start; their numbers fit in one
``.npz`` file that numpy reads with ``allow_pickle=False`` (data only, no code).

``export`` turns a fitted object into named arrays, or returns None when it holds a piece this
module cannot reproduce (a tree ensemble, isotonic calibration, a multi-class model): such a
model is loaded from its ``.skops`` file as before. ``build`` turns the arrays back into a
predictor with the same interface the scorer uses (``predict_proba``, ``classes_``,
``transform``, ``steps``). Every operation repeats scikit-learn's own, in the same order and
dtypes (float32 where scikit-learn computes in float32, sums in the order its sparse kernels
add), so probabilities agree with the scikit-learn object to the last bits or within a few
units of the last place (tests/test_linear.py compares them).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

#: the file beside ``<name>.skops`` that holds the object's arrays
SUFFIX = ".npz"
#: the layout of the arrays; a file of another layout is ignored (the .skops file is loaded)
FORMAT = 1


class NotLinear(ValueError):
    """The object holds a piece this module does not reproduce."""


# -- export --------------------------------------------------------------------------------
def export(obj: Any) -> dict[str, np.ndarray] | None:
    """The arrays that ``build`` turns back into an equivalent predictor, or None when ``obj``
    is not made only of supported linear pieces (or plain data)."""
    out: dict[str, np.ndarray] = {"format": np.array(FORMAT)}
    try:
        _export(obj, "", out)
    except NotLinear:
        return None
    return out


def _put(out: dict, prefix: str, kind: str, **arrays) -> None:
    out[prefix + "kind"] = np.array(kind)
    for k, v in arrays.items():
        out[prefix + k] = np.asarray(v)


def _export(obj: Any, p: str, out: dict) -> None:
    name = f"{type(obj).__module__}.{type(obj).__qualname__}"
    if isinstance(obj, dict):
        _export_params(obj, p, out)
    elif name == "sklearn.pipeline.Pipeline":
        steps = [s for s in obj.steps if s[1] not in (None, "passthrough")]
        _put(out, p, "pipeline", names=np.array([n for n, _ in steps], dtype=str),
             n_features=int(getattr(obj, "n_features_in_", -1)))
        for i, (_, step) in enumerate(steps):
            _export(step, f"{p}{i}.", out)
    elif name == "sklearn.compose._column_transformer.ColumnTransformer":
        if getattr(obj, "sparse_output_", False):
            raise NotLinear("sparse output")
        parts = []
        for tname, trans, cols in obj.transformers_:
            if trans == "drop":
                continue
            sl = obj.output_indices_.get(tname)
            if sl is None or sl.stop == sl.start:
                continue
            if not isinstance(cols, slice) or cols.step not in (None, 1):
                raise NotLinear("columns other than a slice")
            parts.append((tname, trans, cols))
        _put(out, p, "columns", names=np.array([t for t, _, _ in parts], dtype=str),
             starts=np.array([c.start or 0 for _, _, c in parts], dtype=np.int64),
             stops=np.array([-1 if c.stop is None else c.stop for _, _, c in parts], dtype=np.int64))
        for i, (_, trans, _) in enumerate(parts):
            _export(trans, f"{p}{i}.", out)
    elif name == "sklearn.preprocessing._function_transformer.FunctionTransformer" or obj == "passthrough":
        if obj != "passthrough" and (obj.func is not None or obj.validate):
            raise NotLinear("a function transformer that is not the identity")
        _put(out, p, "identity")
    elif name == "sklearn.decomposition._pca.PCA":
        _put(out, p, "pca", components=obj.components_, mean=obj.mean_, whiten=bool(obj.whiten),
             variance=obj.explained_variance_)
    elif name == "sklearn.preprocessing._data.StandardScaler":
        _put(out, p, "scaler", with_mean=obj.mean_ is not None and bool(obj.with_mean),
             with_std=obj.scale_ is not None and bool(obj.with_std),
             mean=obj.mean_ if obj.mean_ is not None else np.zeros(0),
             scale=obj.scale_ if obj.scale_ is not None else np.zeros(0))
    elif name in ("sklearn.linear_model._logistic.LogisticRegression",
                  "sklearn.linear_model._stochastic_gradient.SGDClassifier",
                  "sklearn.svm._classes.LinearSVC", "sklearn.linear_model._ridge.RidgeClassifier"):
        if len(obj.classes_) != 2 or obj.coef_.shape[0] != 1:
            raise NotLinear("not a binary classifier")
        probabilistic = name.endswith("LogisticRegression")
        _put(out, p, "linear", coef=obj.coef_, intercept=np.atleast_1d(obj.intercept_), classes=obj.classes_,
             probabilistic=probabilistic)
    elif name == "sklearn.calibration.CalibratedClassifierCV":
        if obj.method != "sigmoid" or len(obj.classes_) != 2:
            raise NotLinear("calibration other than a binary sigmoid")
        members = obj.calibrated_classifiers_
        _put(out, p, "calibrated", classes=obj.classes_, n=len(members))
        for i, member in enumerate(members):
            if len(member.calibrators) != 1 or type(member.calibrators[0]).__name__ != "_SigmoidCalibration":
                raise NotLinear("a calibrator other than a sigmoid")
            cal = member.calibrators[0]
            out[f"{p}{i}.a"] = np.asarray(cal.a_, dtype=np.float64)
            out[f"{p}{i}.b"] = np.asarray(cal.b_, dtype=np.float64)
            _export(member.estimator, f"{p}{i}.", out)
            if out[f"{p}{i}.kind"].item() != "linear":
                raise NotLinear("a calibrated estimator that is not linear")
    elif name == "sklearn.feature_extraction.text.TfidfVectorizer":
        _export_tfidf(obj, p, out)
    else:
        raise NotLinear(name)


def _export_tfidf(vec, p: str, out: dict) -> None:
    from .mt_style import normalize

    if (vec.analyzer != "word" or vec.tokenizer is not None or vec.stop_words is not None or vec.binary
            or vec.input != "content" or vec.norm not in ("l2", None) or not vec.use_idf
            or vec.strip_accents is not None):
        raise NotLinear("a TF-IDF configuration this module does not reproduce")
    if vec.preprocessor is normalize:
        preprocessor = "normalize"
    elif vec.preprocessor is None and vec.lowercase:
        preprocessor = "lower"
    else:
        raise NotLinear("a TF-IDF preprocessor other than normalize or lower-casing")
    vocab = sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])
    if [i for _, i in vocab] != list(range(len(vocab))):
        raise NotLinear("a vocabulary with gaps")
    _put(out, p, "tfidf", vocabulary=np.array([t for t, _ in vocab], dtype=str), idf=vec.idf_,
         token_pattern=np.array(vec.token_pattern), ngram_range=np.array(vec.ngram_range, dtype=np.int64),
         preprocessor=np.array(preprocessor), sublinear_tf=bool(vec.sublinear_tf), norm=np.array(vec.norm or ""),
         dtype=np.array(np.dtype(vec.dtype).str))


def _export_params(params: dict, p: str, out: dict) -> None:
    """A head that is already plain data: str keys, values str, number, bool, list or array."""
    keys = []
    for k, v in params.items():
        if not isinstance(k, str) or "." in k:
            raise NotLinear("a key that is not a plain name")
        if isinstance(v, bool | int | float | str | np.ndarray | np.generic):
            kind = "scalar" if not isinstance(v, np.ndarray) else "array"
            arr = np.asarray(v)
        elif isinstance(v, list | tuple):
            kind = "list"
            arr = np.asarray(v)
            if arr.dtype == object:
                raise NotLinear("a list of mixed values")
        else:
            raise NotLinear(f"a value of type {type(v).__name__}")
        if arr.dtype == object:
            raise NotLinear("an object array")
        keys.append((k, kind))
        out[f"{p}v.{k}"] = arr
    _put(out, p, "params", keys=np.array([k for k, _ in keys], dtype=str),
         kinds=np.array([t for _, t in keys], dtype=str))


def agrees(obj: Any, built: Any, tolerance: float = 1e-9) -> bool:
    """Whether ``built`` gives ``obj``'s probabilities (within ``tolerance``) on probe rows: random
    feature rows for a classifier, a few sentences for a text pipeline; plain parameters are
    compared as they are."""
    if isinstance(obj, dict):
        return isinstance(built, dict) and set(obj) == set(built) and all(
            np.array_equal(np.asarray(obj[k]), np.asarray(built[k])) for k in obj)
    if not hasattr(obj, "predict_proba"):
        return False
    first = obj.steps[0][1] if hasattr(obj, "steps") else obj
    if type(first).__name__ == "TfidfVectorizer":
        vocabulary = list(first.vocabulary_)[:200]
        probe = ["It is reported that the minister of the region said there is no reason for concern.",
                 "“Don’t worry,” she said — the city's mayor — and left.", "", " ".join(vocabulary)]
    else:
        n = int(getattr(obj, "n_features_in_", 0))
        if not n:
            return False
        rng = np.random.default_rng(0)
        probe = np.vstack([np.zeros((1, n)), rng.normal(0.0, 1.0, (64, n)), rng.normal(0.0, 5.0, (16, n))])
    try:
        a, b = np.asarray(obj.predict_proba(probe)), np.asarray(built.predict_proba(probe))
    except Exception:
        return False
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= tolerance))


# -- build -----------------------------------------------------------------------------------
def build(arrays: dict[str, np.ndarray]) -> Any:
    """The predictor (or plain parameters) that ``export`` wrote.

    Raises:
        ValueError: arrays of another format, or missing or malformed entries.
    """
    if "format" not in arrays or arrays["format"].shape != () or int(arrays["format"]) != FORMAT:
        raise ValueError(f"not a linear export of format {FORMAT}")
    try:
        return _build(arrays, "")
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ValueError(f"a malformed linear export ({type(exc).__name__}: {exc})") from exc


def _s(a: np.ndarray) -> str:
    return str(a.item())


def _build(a: dict, p: str) -> Any:
    kind = _s(a[p + "kind"])
    if kind == "pipeline":
        names = [str(n) for n in a[p + "names"]]
        return LinearPipeline([(n, _build(a, f"{p}{i}.")) for i, n in enumerate(names)],
                              int(a[p + "n_features"]) if p + "n_features" in a else -1)
    if kind == "columns":
        return Columns([(_build(a, f"{p}{i}."), int(s), None if int(e) < 0 else int(e))
                        for i, (s, e) in enumerate(zip(a[p + "starts"], a[p + "stops"], strict=True))])
    if kind == "identity":
        return Identity()
    if kind == "pca":
        return PCAStep(a[p + "components"], a[p + "mean"], bool(a[p + "whiten"]), a[p + "variance"])
    if kind == "scaler":
        return Scaler(a[p + "mean"] if bool(a[p + "with_mean"]) else None,
                      a[p + "scale"] if bool(a[p + "with_std"]) else None)
    if kind == "linear":
        return LinearClassifier(a[p + "coef"], a[p + "intercept"], a[p + "classes"], bool(a[p + "probabilistic"]))
    if kind == "calibrated":
        members = [(_build(a, f"{p}{i}."), np.float64(a[f"{p}{i}.a"]), np.float64(a[f"{p}{i}.b"]))
                   for i in range(int(a[p + "n"]))]
        return SigmoidEnsemble(members, a[p + "classes"])
    if kind == "tfidf":
        return Tfidf(a[p + "vocabulary"], a[p + "idf"], _s(a[p + "token_pattern"]),
                     tuple(int(x) for x in a[p + "ngram_range"]), _s(a[p + "preprocessor"]),
                     bool(a[p + "sublinear_tf"]), _s(a[p + "norm"]), np.dtype(_s(a[p + "dtype"])))
    if kind == "params":
        out: dict[str, Any] = {}
        for k, t in zip(a[p + "keys"], a[p + "kinds"], strict=True):
            v = a[f"{p}v.{k}"]
            out[str(k)] = v.tolist() if t == "list" else v.item() if t == "scalar" else v
        return out
    raise ValueError(f"unknown piece {kind!r}")


_expf = None


def _libm_expf():
    """The C library's single-precision exp (scipy's expit calls it for float32), or None."""
    global _expf
    if _expf is None:
        import ctypes

        try:
            f = ctypes.CDLL("libm.so.6").expf
        except OSError:
            import ctypes.util

            try:
                f = ctypes.CDLL(ctypes.util.find_library("m")).expf
            except (OSError, TypeError, AttributeError):
                f = False
        if f:
            f.restype, f.argtypes = ctypes.c_float, [ctypes.c_float]
        _expf = f
    return _expf or None


def _expit(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) as scipy.special.expit computes it: with the C library's exp in the
    array's precision (numpy's vectorised exp can differ in the last bit)."""
    z = np.asarray(z)
    if z.dtype == np.float32:
        expf = _libm_expf()
        if expf is not None:
            t = np.array([expf(-v) for v in z.ravel().tolist()], dtype=np.float32).reshape(z.shape)
        else:  # pragma: no cover - no libm: within one unit of the last place
            t = np.exp(-z)
        return np.float32(1.0) / (np.float32(1.0) + t)
    return np.array([1.0 / (1.0 + math.exp(-v)) if v > -709.0 else 0.0 for v in z.ravel().tolist()],
                    dtype=np.float64).reshape(z.shape)


class Identity:
    def transform(self, X):
        return X


class Columns:
    """ColumnTransformer over column slices: each part's output, side by side."""

    def __init__(self, parts: list[tuple[Any, int, int | None]]):
        self.parts = parts

    def transform(self, X: np.ndarray) -> np.ndarray:
        return np.hstack([step.transform(X[:, start:stop]) for step, start, stop in self.parts])


class PCAStep:
    def __init__(self, components: np.ndarray, mean: np.ndarray, whiten: bool, variance: np.ndarray):
        self.components_, self.mean_, self.whiten, self.explained_variance_ = components, mean, whiten, variance

    def transform(self, X: np.ndarray) -> np.ndarray:
        out = X @ self.components_.T
        out -= np.reshape(self.mean_, (1, -1)) @ self.components_.T
        if self.whiten:
            scale = np.sqrt(self.explained_variance_)
            scale[scale < np.finfo(scale.dtype).eps] = np.finfo(scale.dtype).eps
            out /= scale
        return out


class Scaler:
    def __init__(self, mean: np.ndarray | None, scale: np.ndarray | None):
        self.mean_, self.scale_ = mean, scale

    def transform(self, X: np.ndarray) -> np.ndarray:
        X = np.array(X, dtype=X.dtype if X.dtype in (np.float32, np.float64) else np.float64)
        if self.mean_ is not None:
            X -= self.mean_.astype(X.dtype)
        if self.scale_ is not None:
            X /= self.scale_.astype(X.dtype)
        return X


class LinearClassifier:
    """A binary linear classifier: decision = X · coef + intercept; probability by the logistic."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, classes: np.ndarray, probabilistic: bool = True):
        self.coef_, self.intercept_, self.classes_ = coef, intercept, classes
        self.probabilistic = probabilistic

    def decision_function(self, X) -> np.ndarray:
        if isinstance(X, SparseRows):
            return X.matvec(self.coef_[0]) + self.intercept_
        X = np.asarray(X)
        if X.dtype not in (np.float32, np.float64):
            X = X.astype(np.float64)
        return np.reshape(X @ self.coef_.T + self.intercept_, (-1,))

    def predict_proba(self, X) -> np.ndarray:
        if not self.probabilistic:
            raise AttributeError("this classifier gives no probabilities")
        prob = _expit(self.decision_function(X))
        return np.stack([1 - prob, prob], axis=1)


class SigmoidEnsemble:
    """CalibratedClassifierCV(method="sigmoid") of a binary linear classifier: the mean of its
    members' Platt-scaled probabilities."""

    def __init__(self, members: list[tuple[LinearClassifier, np.float64, np.float64]], classes: np.ndarray):
        self.members, self.classes_ = members, classes

    def predict_proba(self, X) -> np.ndarray:
        n = X.shape[0]
        mean = np.zeros((n, len(self.classes_)))
        for clf, a, b in self.members:
            proba = np.zeros((n, 2))
            proba[:, 1] = _expit(-(a * clf.decision_function(X) + b))
            proba[:, 0] = 1.0 - proba[:, 1]
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            mean += proba
        mean /= len(self.members)
        return mean


class LinearPipeline:
    """A chain of the steps above, used like a scikit-learn Pipeline."""

    def __init__(self, steps: list[tuple[str, Any]], n_features: int = -1):
        self.steps = steps
        self._n_features = n_features

    @property
    def classes_(self) -> np.ndarray:
        return self.steps[-1][1].classes_

    @property
    def n_features_in_(self) -> int:
        if self._n_features < 0:
            raise AttributeError("the number of input features was not recorded")
        return self._n_features

    def transform(self, X):
        for _, step in self.steps:
            X = step.transform(X)
        return X

    def predict_proba(self, X) -> np.ndarray:
        for _, step in self.steps[:-1]:
            X = step.transform(X)
        return self.steps[-1][1].predict_proba(X)

    def decision_function(self, X) -> np.ndarray:
        for _, step in self.steps[:-1]:
            X = step.transform(X)
        return self.steps[-1][1].decision_function(X)


class SparseRows:
    """Rows of a sparse matrix in CSR layout, with what the MT-style head reads: ``shape``,
    ``getrow(i)`` (``indices``, ``data``) and a product with a dense vector."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, n_cols: int):
        self.data, self.indices, self.indptr = data, indices, indptr
        self.shape = (len(indptr) - 1, n_cols)

    def getrow(self, i: int) -> SparseRows:
        a, b = int(self.indptr[i]), int(self.indptr[i + 1])
        return SparseRows(self.data[a:b], self.indices[a:b], np.array([0, b - a]), self.shape[1])

    def matvec(self, v: np.ndarray) -> np.ndarray:
        """X · v as scipy's csr_matvec computes it: in the common dtype, each row summed left to
        right."""
        v = np.asarray(v).ravel()
        dtype = np.result_type(self.data.dtype, v.dtype)
        prod = self.data.astype(dtype) * v.astype(dtype)[self.indices]
        out = np.zeros(self.shape[0], dtype=dtype)
        for i in range(self.shape[0]):
            a, b = self.indptr[i], self.indptr[i + 1]
            if b > a:
                out[i] = np.cumsum(prod[a:b])[-1]
        return out

    def __matmul__(self, v) -> np.ndarray:
        v = np.asarray(v)
        out = self.matvec(v)
        return out.reshape(-1, 1) if v.ndim == 2 else out


class Tfidf:
    """TfidfVectorizer(analyzer="word") with a fixed vocabulary, as scikit-learn computes it:
    n-gram counts, optionally 1 + log(count), times idf, rows scaled to unit length."""

    def __init__(self, vocabulary: np.ndarray, idf: np.ndarray, token_pattern: str, ngram_range: tuple[int, int],
                 preprocessor: str, sublinear_tf: bool, norm: str, dtype: np.dtype):
        import re

        self.names = vocabulary
        self.vocabulary_ = {str(t): i for i, t in enumerate(vocabulary.tolist())}
        self.idf_ = idf
        self._findall = re.compile(token_pattern).findall
        self.ngram_range = ngram_range
        if preprocessor == "normalize":
            from .mt_style import normalize

            self._pre = normalize
        else:
            self._pre = str.lower
        self.sublinear_tf, self.norm, self.dtype = sublinear_tf, norm, dtype

    def get_feature_names_out(self) -> np.ndarray:
        return self.names.astype(object)

    def _ngrams(self, tokens: list[str]) -> list[str]:
        lo, hi = self.ngram_range
        out = list(tokens) if lo == 1 else []
        for n in range(max(lo, 2), min(hi + 1, len(tokens) + 1)):
            out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
        return out

    def transform(self, texts: list[str]) -> SparseRows:
        vocab = self.vocabulary_
        indices: list[int] = []
        counts: list[int] = []
        indptr = [0]
        for text in texts:
            seen: dict[int, int] = {}
            for gram in self._ngrams(self._findall(self._pre(text))):
                j = vocab.get(gram)
                if j is not None:
                    seen[j] = seen.get(j, 0) + 1
            for j in sorted(seen):
                indices.append(j)
                counts.append(seen[j])
            indptr.append(len(indices))
        data = np.asarray(counts, dtype=np.intc).astype(self.dtype)
        idx = np.asarray(indices, dtype=np.int32)
        ptr = np.asarray(indptr, dtype=np.int32)
        if self.sublinear_tf:
            np.log(data, data)
            data += 1.0
        data *= self.idf_[idx]
        if self.norm == "l2":
            sq = (data * data).astype(np.float64)  # float products, summed in double (sklearn's kernel)
            for i in range(len(ptr) - 1):
                a, b = ptr[i], ptr[i + 1]
                if b > a:
                    total = float(np.cumsum(sq[a:b])[-1])
                    if total != 0.0:
                        data[a:b] = (data[a:b].astype(np.float64) / math.sqrt(total)).astype(data.dtype)
        elif self.norm == "l1":  # pragma: no cover - export refuses it
            raise ValueError("l1 norm")
        return SparseRows(data, idx, ptr, len(self.names))
