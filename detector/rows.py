"""The flat rows of a result: one row per article, shared by the articles-csv format,
``score_dataframe`` and the Parquet writer, so every table names a field the same way."""

from __future__ import annotations

from typing import Any


def axis_columns(record: dict[str, Any]) -> dict[str, Any]:
    """``translation_score``, ``translation_label``... for each verdict axis of a result."""
    out: dict[str, Any] = {}
    for name, axis in (record.get("axes") or {}).items():
        out[f"{name}_score"], out[f"{name}_label"] = axis.get("score"), axis.get("label")
    return out


#: the verdict axes of every result (the result contract), in the order they are shown
AXES = ("translation", "rewriting", "residue")


def reasons_text(axis: dict[str, Any]) -> str:
    """An axis's reasons as one cell: '1 × boilerplate (sentence 3); 1 × mojibake (sentence 5)',
    empty when it has none, so a spreadsheet says why without the JSON."""
    return "; ".join(str(r).rstrip(".") if str(r).endswith(".") and not str(r).endswith("...") else str(r)
                     for r in axis.get("reasons") or [] if r)


def article_row(record: dict[str, Any]) -> dict[str, Any]:
    """One flat row per article (the articles-csv format and ``score_dataframe``): the verdict,
    the translation verdict, each axis's score, label and reasons, a count per finding type, the model, the error; fields passed through
    from the input (url, topic...) come last."""
    from .findings import codes

    row: dict[str, Any] = {"id": record.get("id"), "source": record.get("source"), "title": record.get("title")}
    err = record.get("error") or {}
    if err:
        row.update({"score": None, "label": None})
    else:
        row.update({"score": record["score"], "label": record["label"]})
    mt = record.get("mt_style") or {}
    row["translation_probability"] = mt.get("probability")
    row["translation_flagged"] = mt.get("flagged")
    for name in AXES:
        axis = (record.get("axes") or {}).get(name) or {}
        row[f"{name}_score"], row[f"{name}_label"] = axis.get("score"), axis.get("label")
        row[f"{name}_reasons"] = reasons_text(axis) if axis else None
    row["n_sentences"] = len(record.get("sentences", [])) if not err else None
    row["n_findings"] = len(record.get("findings", [])) if not err else None
    counts = record.get("counts") or {}
    for t in codes():
        row[f"n_{t}"] = counts.get(t, 0) if not err else None
    model = record.get("model") or {}
    row["model"] = f"{model['name']}-{model['version']}" if model else None
    row["error_code"], row["error_message"] = err.get("code"), err.get("message")
    for k, v in (record.get("meta") or {}).items():
        if k not in row:
            row[k] = v
    return row
