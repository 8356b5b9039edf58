"""Word lists as data: ``detector/resources/lexicon/<name>.tsv``, read once per process.

The detectors and the training-data generator (``training/generate.py``) read the same lists
through this module, so a word added to a list reaches both.

File format (UTF-8, tab-separated):

* lines starting with ``#`` are comments: say what the list is for and where its entries came
  from; blank lines are skipped;
* the first other line is the header, naming the columns;
* every following line is one entry; missing trailing cells are empty strings.

A list whose entries have a role (a splice's head or tail word, a residue line's kind) carries
it in a column, and ``words(name, role="tail")`` picks those rows; a word with two roles is on
two rows. Entries are kept in file order (``column``) or as a set (``words``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

#: Where the lists live inside the package.
LEXICON_DIR = Path(str(resources.files("detector") / "resources" / "lexicon"))


class LexiconError(ValueError):
    """A lexicon file that cannot be read as described in this module (a packaging bug)."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One list: its column names and rows (tuples of strings, one per column), in file order."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def _index(self, column: str) -> int:
        try:
            return self.columns.index(column)
        except ValueError:
            raise KeyError(f"lexicon {self.name!r} has no column {column!r} (it has {', '.join(self.columns)})") \
                from None

    def select(self, **where: str) -> list[tuple[str, ...]]:
        """Rows whose cells equal the given values: ``select(role="tail")``."""
        checks = [(self._index(k), v) for k, v in where.items()]
        return [r for r in self.rows if all(r[i] == v for i, v in checks)]

    def column(self, column: str | None = None, **where: str) -> tuple[str, ...]:
        """One column (default: the first) of the rows matching ``where``, in file order."""
        i = self._index(column) if column else 0
        return tuple(r[i] for r in self.select(**where))

    def words(self, column: str | None = None, **where: str) -> frozenset[str]:
        """The set of one column's values (default: the first column) over the rows matching ``where``."""
        return frozenset(self.column(column, **where))

    def records(self, **where: str) -> list[dict[str, str]]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.columns, r, strict=True)) for r in self.select(**where)]


def parse(name: str, text: str) -> Lexicon:
    """Parse the text of one lexicon file (see the module docstring)."""
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = tuple(c.strip() for c in raw.rstrip("\r\n").split("\t"))
        if header is None:
            header = cells
            if len(set(header)) != len(header) or not all(header):
                raise LexiconError(f"{name}.tsv, line {n}: the header needs distinct, non-empty column names")
            continue
        if len(cells) > len(header):
            raise LexiconError(f"{name}.tsv, line {n}: {len(cells)} cells, but the header names {len(header)}")
        if not cells[0]:
            raise LexiconError(f"{name}.tsv, line {n}: the first cell is empty")
        rows.append(cells + ("",) * (len(header) - len(cells)))
    if header is None:
        raise LexiconError(f"{name}.tsv has no header line")
    return Lexicon(name, header, tuple(rows))


@cache
def load(name: str) -> Lexicon:
    """The lexicon ``name`` (``resources/lexicon/<name>.tsv``), read on first use and cached."""
    path = LEXICON_DIR / f"{name}.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"no lexicon {name!r} (looked for {path})") from None
    return parse(name, text)


@cache
def words(name: str, column: str | None = None, **where: str) -> frozenset[str]:
    """Shorthand for ``load(name).words(column, **where)``, built once per process: a detector
    may ask for a list on every article."""
    return load(name).words(column, **where)


@cache
def column(name: str, column: str | None = None, **where: str) -> tuple[str, ...]:
    """Shorthand for ``load(name).column(column, **where)``, built once per process."""
    return load(name).column(column, **where)


def available() -> list[str]:
    """Names of every lexicon shipped with the package."""
    return sorted(p.stem for p in LEXICON_DIR.glob("*.tsv"))


@cache
def name_guessers() -> tuple:
    """gender-guesser's table of first names (a project dependency) as two ``Detector``s, case-
    sensitive and not, parsed from one read of its data file.

    Its constructor reads that file a line at a time through ``codecs`` (about 0.15 s of a cold
    start, twice: the splice detector wants the names as written, the gender detector looks them
    up in lower case). Reading the file once and feeding each line to both detectors' own line
    parser gives the same tables.
    """
    import os

    from gender_guesser import detector as gd

    guessers = []
    for case_sensitive in (True, False):
        g = gd.Detector.__new__(gd.Detector)
        g.case_sensitive = case_sensitive
        g.names = {}
        guessers.append(g)
    path = os.path.join(os.path.dirname(gd.__file__), "data", "nam_dict.txt")
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for line in lines:
        line = line.strip()
        for g in guessers:
            g._eat_name_line(line)
    return tuple(guessers)
