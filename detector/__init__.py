"""Find the fingerprints of machine translation and automated rewriting in news articles.

Public API::

    from detector import score_text, score_articles, score_dataframe, load_model
    result = score_text(text)          # ArticleResult (or ErrorRecord for unusable text)

Heavy dependencies (torch, scikit-learn) load on first use, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .data import Article, ArticleResult, ErrorRecord, Finding, Sentence

__version__ = "0.2.0"

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def __getattr__(name: str):
    # the finding codes come from the detector registry: imported on first use, not with the package
    if name == "FINDING_TYPES":
        from .findings import codes

        return codes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_model(path=None):
    """Load a model directory (default: the active model, else the shipped one), verifying its sha256."""
    from .model_store import load_model as _load

    return _load(path)


def score_text(text: str, *, id: str = "text", title: str = "", model=None):
    """Score one article given as a string.

    Raises:
        TypeError: ``text`` is not a str (bytes must be decoded first).
    """
    from .scoring import score_text as _score_text

    if isinstance(text, bytes | bytearray):
        raise TypeError("score_text takes the article as str, not bytes: decode it first "
                        "(text.decode('utf-8')), or give the file to `detector score`, which finds its encoding")
    if not isinstance(text, str):
        raise TypeError(f"score_text takes the article as str, not {type(text).__name__}")

    return _score_text(text, id=id, title=title, model=model)


def score_article(article: Article, model=None):
    """Score one Article."""
    from .scoring import score_article as _score_article

    return _score_article(article, model)


def score_articles(articles, model=None):
    """Score many articles (Article objects, dicts with id/text/title, or strings), batched,
    yielding results or error records in input order."""
    from .scoring import score_articles as _score_articles

    return _score_articles(articles, model)


def score_dataframe(df: pd.DataFrame, *, text_column: str = "text", id_column: str = "id",
                    title_column: str = "title", model=None) -> pd.DataFrame:
    """Score a DataFrame of articles: a copy of ``df`` (every input column, same index and order)
    with the verdict columns added.

    Added columns (``verdict_columns()``): score, label, translation_probability,
    translation_flagged, ``<axis>_score``, ``<axis>_label`` and ``<axis>_reasons`` for each
    verdict axis (translation, rewriting, residue), n_sentences, n_findings, one ``n_<type>`` count per finding type, model,
    error_code, error_message; an input column of the same name is kept and the added one gets a
    ``_detector`` suffix. The full results are in ``out.attrs["results"]``.
    """
    return _dataframe_scores(df, lambda records: score_articles(records, model=model), text_column=text_column,
                             id_column=id_column, title_column=title_column)


def verdict_columns() -> dict[str, str]:
    """The columns score_dataframe adds, with their pandas dtypes.

    Text is ``string`` and the flag ``boolean`` (missing on an error row, which a mask reads as
    False), never ``object``: Dask cannot tell Parquet the type of an ``object`` column it has not
    computed, so ``score_dask_dataframe(...).to_parquet(...)`` would fail before it started."""
    from .findings import codes

    axes = {f"{a}_{k}": ("float64" if k == "score" else "string")
            for a in ("translation", "rewriting", "residue") for k in ("score", "label", "reasons")}
    return {"score": "float64", "label": "string", "translation_probability": "float64",
            "translation_flagged": "boolean", **axes, "n_sentences": "int64", "n_findings": "int64",
            **{f"n_{t}": "int64" for t in codes()}, "model": "string", "error_code": "string",
            "error_message": "string"}


def added_name(column: str, input_columns) -> str:
    """The name a verdict column gets beside ``input_columns``: its own, or with ``_detector``."""
    return f"{column}_detector" if column in input_columns else column


def _dataframe_scores(df, score, *, text_column: str, id_column: str, title_column: str):
    """score_dataframe with ``score(records)`` yielding the results (a worker passes its own scorer)."""
    import pandas as pd

    from .rows import article_row

    if text_column not in df.columns:
        raise KeyError(f"the DataFrame has no {text_column!r} column (columns: {', '.join(map(str, df.columns))})")
    n = len(df)
    ids = df[id_column].tolist() if id_column in df.columns else [None] * n
    titles = df[title_column].tolist() if title_column in df.columns else [""] * n
    records = [{"id": str(rid) if rid is not None else str(i), "text": text,
                "title": title if isinstance(title, str) else ""}
               for i, (rid, text, title) in enumerate(zip(ids, df[text_column].tolist(), titles, strict=True))]
    columns = verdict_columns()
    rows, results = [], []
    for r in score(records):
        d = r.to_dict()
        d.pop("meta", None)
        results.append(d)
        row = article_row(d)
        rows.append({c: (row.get(c) if row.get(c) is not None or dtype != "int64" else 0)
                     for c, dtype in columns.items()})
    added = pd.DataFrame(rows, index=df.index, columns=list(columns)).astype(columns)
    added.columns = [added_name(c, df.columns) for c in added.columns]
    out = pd.concat([df, added], axis=1)
    out.attrs["results"] = results
    return out


def score_dask_dataframe(ddf, *, text_column: str = "text", id_column: str = "id", title_column: str = "title",
                         model: str | None = None, encoder: str | None = None):
    """Score a ``dask.dataframe`` partition by partition on the cluster of the current Dask
    client (models load once per worker process); returns a lazy dask DataFrame like
    :func:`score_dataframe`'s: the input's columns and the verdict columns, same index and partitions."""
    from .parallel import score_dask_dataframe as _score

    return _score(ddf, text_column=text_column, id_column=id_column, title_column=title_column, model=model,
                  encoder=encoder)


__all__ = [
    "FINDING_TYPES", "Article", "ArticleResult", "ErrorRecord", "Finding", "Sentence", "__version__",
    "load_model", "score_article", "score_articles", "score_dask_dataframe", "score_dataframe", "score_text",
    "verdict_columns",
]
