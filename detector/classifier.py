"""What the project needs from a fitted scikit-learn classifier, shared by scoring and training."""

from __future__ import annotations

import numpy as np


def positive_proba(estimator, X) -> np.ndarray:
    """P(class 1) for each row of ``X`` (an array, a sparse matrix or a list of texts for a
    text pipeline), read through ``classes_``."""
    if (X.shape[0] if hasattr(X, "shape") else len(X)) == 0:
        return np.zeros(0)
    return estimator.predict_proba(X)[:, list(estimator.classes_).index(1)]
