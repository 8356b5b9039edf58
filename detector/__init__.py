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
    """Score one article given as a string."""
    from .scoring import score_text as _score_text

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
    """Score a DataFrame of articles; returns one row per input row, in order.

    Columns: id, score, label, n_sentences, n_findings, one ``n_<type>`` count per finding
    type, error_code, error_message. The full results are in ``df.attrs["results"]``.
    """
    return _dataframe_scores(df, lambda records: score_articles(records, model=model), text_column=text_column,
                             id_column=id_column, title_column=title_column)


def _dataframe_scores(df, score, *, text_column: str, id_column: str, title_column: str):
    """score_dataframe with ``score(records)`` yielding the results (a worker passes its own scorer)."""
    import pandas as pd

    from .findings import codes

    records = []
    cols = list(df.columns)
    for i, row in enumerate(df.itertuples(index=False, name=None)):
        d = dict(zip(cols, row, strict=True))
        rid = d.get(id_column)
        records.append({"id": str(rid) if rid is not None else str(i), "text": d.get(text_column),
                        "title": d.get(title_column) or ""})
    rows, results = [], []
    for r in score(records):
        d = r.to_dict()
        results.append(d)
        row = {"id": d["id"], "score": d.get("score"), "label": d.get("label"),
               "n_sentences": len(d.get("sentences", [])), "n_findings": len(d.get("findings", []))}
        for t in codes():
            row[f"n_{t}"] = d.get("counts", {}).get(t, 0)
        err = d.get("error") or {}
        row["error_code"], row["error_message"] = err.get("code"), err.get("message")
        rows.append(row)
    out = pd.DataFrame(rows, index=df.index)
    out.attrs["results"] = results
    return out


def score_dask_dataframe(ddf, *, text_column: str = "text", id_column: str = "id", title_column: str = "title",
                         model: str | None = None, encoder: str | None = None):
    """Score a ``dask.dataframe`` partition by partition on the cluster of the current Dask
    client (models load once per worker process); returns a lazy dask DataFrame with the
    columns of :func:`score_dataframe`, one row per article, same index and partitions."""
    from .parallel import score_dask_dataframe as _score

    return _score(ddf, text_column=text_column, id_column=id_column, title_column=title_column, model=model,
                  encoder=encoder)


__all__ = [
    "FINDING_TYPES", "Article", "ArticleResult", "ErrorRecord", "Finding", "Sentence", "__version__",
    "load_model", "score_article", "score_articles", "score_dask_dataframe", "score_dataframe", "score_text",
]
