"""Errors with stable codes. A code, once published, keeps its meaning."""

from __future__ import annotations

CODES: dict[str, str] = {
    "E001": "empty input",
    "E002": "binary input",
    "E003": "undecodable text",
    "E004": "invalid JSON",
    "E005": "missing or invalid text field",
    "E006": "missing column",
    "E007": "input too large",
    "E008": "not English",
    "E009": "unreadable input",
    "E010": "unsupported input type",
    "E011": "no article text found",
    "E012": "invalid record",
    "E020": "model integrity check failed",
    "E021": "model not found or unreadable",
    "E027": "model refused: it could run code (untrusted type, or a pickle not trusted)",
    "E028": "the active-model record (active.json) is damaged",
    "E030": "invalid scores file",
    "E040": "the output cannot be written",
    "E099": "internal error while scoring",
}


class DetectorError(Exception):
    """An error a user can act on: it carries a stable code and names the input."""

    def __init__(self, code: str, message: str, *, source: str = "", line: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where = f"{where}, line {self.line}" if where else f"line {self.line}"
        return f"[{self.code}] {self.message}" + (f" ({where})" if where else "")


class ModelError(DetectorError):
    """A model directory is missing, unreadable, or fails its integrity check."""
