"""Residue and seam findings on clean professional copy, per rule.

    .venv/bin/python benchmarks/residue_false_alarms.py               # counts per label and rule
    .venv/bin/python benchmarks/residue_false_alarms.py --verbose     # + every finding on a human translation

Data: the WMT news test sets kept outside the package (``../shared/data/wmt21_ruen_news.jsonl`` and
``../shared/data/wmt_into_en_news.jsonl.gz``, as for ``human_translations.py``) and the English
originals of ``data/corpus/``. These are news texts with no page around them, so a ``boilerplate``,
``spliced_fragment`` or ``mojibake`` finding on them is a false alarm, with two exceptions worth
reading for: the WMT sources keep some of their pages' captions, "Read more" links and credits (the
ru-en file marks a few), and machine translations have real seams of their own (a stray full stop,
a quotation mark glued to a word, two segments run together). The human translations are the
cleaner measure.

Only the detectors of those types run (no encoder, no model), so the whole set takes about two
minutes. A rule is the finding's explanation with its quoted words taken out. Results go to stdout
and, atomically, to ``benchmarks/results/residue_false_alarms.json`` (counts and record ids only:
never the text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from human_translations import FILES, default_data_dir  # noqa: E402

TYPES = ("boilerplate", "spliced_fragment", "mojibake")
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "residue_false_alarms.json"
# a quotation's opening mark (not an apostrophe inside a word: "headline's", "O'Brien") and the
# mark that closes it, followed by no letter; quoted text may hold other marks ('said.” Then')
_OPENING = re.compile(r"(?<![^\W\d_])(['\"“‘])")
_CLOSER = {"'": "'", '"': '"', "“": "”", "‘": "’"}


def rule(explanation: str) -> str:
    """The rule behind a finding: its explanation without the words it quotes (a quotation left
    open takes the rest with it, so no quoted word of the text gets through)."""
    out, pos = [], 0
    while (m := _OPENING.search(explanation, pos)) is not None:
        close = re.compile(re.escape(_CLOSER[m.group(1)]) + r"(?![^\W\d_])").search(explanation, m.end())
        out.append(explanation[pos : m.start()] + "X")
        if close is None:
            return "".join(out)[:90]
        pos = close.end()
    out.append(explanation[pos:])
    return "".join(out)[:90]


def records(data_dir: Path):
    """(id, label, text) of every WMT record (``human`` or ``mt``) and every corpus original."""
    for name in FILES:
        opener = gzip.open if name.endswith(".gz") else open
        with opener(data_dir / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                yield r["id"], r["label"], r["text"]
    for path in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                yield r["id"], "original", r["text"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=None, help=f"WMT files (default: {default_data_dir()})")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file (written atomically)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every finding on a human translation")
    args = ap.parse_args(argv)
    data_dir = args.data_dir or default_data_dir()
    if not (data_dir / FILES[0]).is_file():
        print(f"error: {data_dir / FILES[0]} not found; pass --data-dir DIR.", file=sys.stderr)
        return 2

    from detector.detectors import all_detectors
    from detector.detectors.base import Context
    from detector.fileio import write_text_atomic
    from detector.scoring import run_detectors
    from detector.segment import segment

    # the residue detectors, and the quotation detector whose roles the seam rules read
    detectors = [d for d in all_detectors() if set(d.codes) & {*TYPES, "unbalanced_quote"}]
    n_records: Counter = Counter()
    per_type: Counter = Counter()
    per_rule: Counter = Counter()
    ids: dict[str, list[str]] = defaultdict(list)
    for rid, label, text in records(data_dir):
        n_records[label] += 1
        paragraphs, sentences = segment(text)
        ctx = Context(text=text, paragraphs=paragraphs, sentences=sentences)
        for f in run_detectors(detectors, ctx):
            if f.type not in TYPES:
                continue
            per_type[(label, f.type)] += 1
            per_rule[(label, f.type, rule(f.explanation))] += 1
            if label != "mt":
                ids[f"{label} {f.type}"].append(rid)
                if args.verbose:
                    print(f"{rid} {f.type} conf {f.confidence:.2f} {f.text[:80]!r}")
    print(f"records: {dict(n_records)}")
    for label in ("human", "original", "mt"):
        for t in TYPES:
            print(f"{label:<9} {t:<17} {per_type[(label, t)]:>5}")
    print("\nrules (human translations and originals first):")
    for (label, t, r), n in sorted(per_rule.items(), key=lambda kv: (kv[0][0] == "mt", -kv[1])):
        print(f"{n:>5}  {label:<9} {t:<17} {r}")
    record = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "records": dict(n_records),
              "findings": {f"{label} {t}": per_type[(label, t)] for label in ("human", "original", "mt") for t in TYPES},
              "rules": [{"label": label, "type": t, "rule": r, "n": n} for (label, t, r), n in per_rule.most_common()],
              "ids": dict(ids)}
    write_text_atomic(args.out, json.dumps(record, indent=2) + "\n")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
