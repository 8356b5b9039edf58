"""Errors with stable codes. A code, once published, keeps its meaning.

Every code is a named member of :class:`Errors` with a message template (spaCy's
``Errors.E001`` pattern), so a code is defined once and never reused for an unrelated
failure::

    raise ModelError(Errors.E024, source=str(out))                  # a fixed message
    raise ModelError(Errors.E022, detail=str(exc), source=str(p))   # a template's fields
    Errors.E011.format()  # '[E011] no article text found in the HTML page'

A member compares equal to its code string (``Errors.E011 == "E011"``), so records and
JSON keep plain codes.
"""

from __future__ import annotations

from typing import Any


class ErrorCode(str):
    """A stable code (the string itself, e.g. ``"E011"``) with a title and a message template."""

    title: str
    template: str

    def __new__(cls, code: str, title: str, template: str = "") -> ErrorCode:
        obj = super().__new__(cls, code)
        obj.title = title
        obj.template = template or title
        return obj

    @property
    def code(self) -> str:
        return str.__str__(self)

    def message(self, **fields: Any) -> str:
        """The message without its code: the template with ``fields`` filled in."""
        return self.template.format(**fields) if fields else self.template

    def format(self, *args: Any, **fields: Any) -> str:  # type: ignore[override]
        """``[E011] message``, as spaCy's ``Errors.E001.format(...)`` gives."""
        return f"[{self.code}] {self.message(**fields)}"

    def __reduce__(self):  # picklable, so records cross process boundaries
        return (ErrorCode, (self.code, self.title, self.template))


class Errors:
    """Every error code. Input codes (E0xx below E020) appear in error records of `score`;
    model codes (E02x) and command codes (E03x, E04x) end a command with exit status 2."""

    # -- inputs: one error record per unusable input, the batch goes on
    E001 = ErrorCode("E001", "empty input", "{what} is empty or whitespace only")
    E002 = ErrorCode("E002", "binary input", "{what} is binary, not {kind}")
    E003 = ErrorCode("E003", "undecodable text", "the line is not valid UTF-8 (byte {byte})")
    E004 = ErrorCode("E004", "invalid JSON", "the line is not valid JSON: {detail}")
    E005 = ErrorCode("E005", "missing or invalid text field", "{detail}")
    E006 = ErrorCode("E006", "missing column", "the CSV has no '{column}' column (columns: {columns})")
    E007 = ErrorCode("E007", "input too large", "{detail}")
    E008 = ErrorCode("E008", "not English", "{detail}")
    E009 = ErrorCode("E009", "unreadable input", "{detail}")
    E010 = ErrorCode("E010", "unsupported input type",
                     "unsupported file type '{suffix}'; use .txt, .md, .html, .jsonl, .csv, .parquet or .warc(.gz)")
    E011 = ErrorCode("E011", "no article text found", "no article text found in the HTML page")
    E012 = ErrorCode("E012", "invalid record", "{detail}")
    E013 = ErrorCode("E013", "no labels", "{detail}")
    E014 = ErrorCode("E014", "unusable training data", "{detail}")
    E015 = ErrorCode("E015", "not scored: the workers were lost",
                     "not scored: {reason}; score the records with this code again")
    E016 = ErrorCode("E016", "over the time limit",
                     "scoring it took more than {limit:g} CPU-seconds{where}, the limit for one record "
                     "(--time-limit), and it was stopped there; the rest of the batch went on. Raise the limit to "
                     "score it, or split it into articles")
    E017 = ErrorCode("E017", "over the memory limit",
                     "scoring it needed more than {limit:g} MB of memory{where}, the limit for one record "
                     "(--memory-limit), and it was stopped there; the rest of the batch went on. Raise the limit to "
                     "score it, or split it into articles")
    # -- models
    E020 = ErrorCode("E020", "model integrity check failed",
                     "{name} does not match the sha256 recorded in metadata.json (recorded {recorded}…, "
                     "found {found}…); refusing to load it, since unpickling runs code")
    E021 = ErrorCode("E021", "not a model directory, or a file of the model is missing",
                     "not a model directory (needs metadata.json and its model files)")
    E022 = ErrorCode("E022", "model metadata unreadable", "metadata.json {detail}")
    E023 = ErrorCode("E023", "model format not supported",
                     "model format {found!r} is not supported (this version reads {supported})")
    E024 = ErrorCode("E024", "model directory exists",
                     "the model directory already exists; models are never overwritten")
    E025 = ErrorCode("E025", "model incompatible with this version", "{detail}")
    E026 = ErrorCode("E026", "no such model",
                     "no model named {name!r}; `detector models` lists them")
    E027 = ErrorCode("E027", "model refused: it could run code (untrusted type, or a pickle not trusted)",
                     "{detail}")
    E028 = ErrorCode("E028", "the active-model record (active.json) is damaged",
                     "the active-model record is damaged: {why}. Promote a model again (detector retrain or "
                     "detector models activate), delete {path} to use the shipped model, or pass --model")
    E029 = ErrorCode("E029", "a model file cannot be loaded or does not work", "{detail}")
    # -- commands
    E030 = ErrorCode("E030", "invalid scores file", "not a scored-article record ({detail})")
    E040 = ErrorCode("E040", "the output cannot be written", "the output cannot be written there: {detail}")
    E031 = ErrorCode("E031", "invalid option", "{detail}")
    E032 = ErrorCode("E032", "Dask scheduler unreachable", "cannot reach the Dask scheduler {address} ({detail}); "
                     "is `dask scheduler` running there, with its port open to this machine? "
                     "A cluster still starting: wait longer with --scheduler-timeout SECONDS")
    E099 = ErrorCode("E099", "internal error while scoring", "internal error while scoring ({detail}); "
                     "please report it")


#: code -> title, for docs and tests
CODES: dict[str, str] = {v.code: v.title for k, v in vars(Errors).items() if isinstance(v, ErrorCode)}


class DetectorError(Exception):
    """An error a user can act on: it carries a stable code and names the input.

    ``DetectorError(Errors.E022, detail="...", source=path)`` fills the code's template;
    ``DetectorError(code, "message", source=...)`` gives the message itself.
    """

    def __init__(self, code: str, message: str | None = None, *, source: str = "", line: int | None = None,
                 **fields: Any):
        if message is None:
            message = code.message(**fields) if isinstance(code, ErrorCode) else str(code)
        super().__init__(message)
        self.code = code
        self.message = message
        self.source = source
        self.line = line

    @property
    def where(self) -> str:
        """'file, line 4', 'file' or ''."""
        if self.line is None:
            return self.source
        return f"{self.source}, line {self.line}" if self.source else f"line {self.line}"

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}" + (f" ({self.where})" if self.where else "")


class ModelError(DetectorError):
    """A model directory is missing, unreadable, or fails its integrity check."""
