"""Recall and precision on real web pages, annotated by hand.

    .venv/bin/python benchmarks/real_pages.py                   # the active (else the shipped) model
    .venv/bin/python benchmarks/real_pages.py --verbose         # + every page's misses and false alarms
    .venv/bin/python benchmarks/real_pages.py --data pages.jsonl --model ~/models/v2

Data: ``../shared/data/web_pages_dev.jsonl`` beside the checkout (or beside a parent directory) by default (development data
kept outside the package; format in that directory's README): real English pages from content
farms, aggregators and machine-translated sites (label ``artifact``, every artifact marked by
hand with its type, the first 30-60 characters of the artifact's line or sentence as ``sentence``
and its offset ``start``) and clean professional pages (label ``clean``). The data's type
``splice`` is our ``spliced_fragment``; the other types are our finding codes.

Matching rule (sentence level, since a mark gives where an artifact starts, not where it ends):

* a mark's span is ``[start, start + len(sentence))``, and when the mark begins its line (only
  blanks or a list bullet before it) the span runs to the end of that line: the data marks a
  residue line by its first 30-60 characters, and the line is the artifact. A ``boilerplate``
  mark that begins its line also covers the short lines (at most 12 words) that follow it with
  no blank line between, up to the next mark: a block of residue (a share row, a login widget,
  a bulleted menu) is marked on its first line. The sentences a mark touches are those of our
  segmentation that overlap its span;
* a mark is **found** when a finding of its type lies in one of the sentences it touches;
* a finding is **correct** when its sentence touches a mark of its type; it is a **false alarm**
  when it lies on a clean page, or on an artifact page in a sentence that touches no mark at all;
* a finding whose sentence touches marks of other types only is **on another mark**: it points
  at a real artifact under another name (navigation run together flagged as a splice and marked
  as boilerplate, a credit glued to a sentence marked as a splice and flagged as boilerplate).
  It neither finds that mark nor counts against precision; it is counted in its own column, and
  the overall "any type" precision counts it as correct;
* per-type precision = correct / (correct + false alarms). Annotation is one person's single pass,
  and a residue block is often marked on its first line only, so some "false alarms" on artifact
  pages are unmarked residue: read them with ``--verbose`` before tuning against them.

Article figures: ROC-AUC of the article score, artifact pages (positive) against clean pages;
the labels of both kinds of page, overall and per verdict axis (translation, rewriting,
residue); the clean pages labelled anything but ``clean``; and the share of the clean pages'
sentences that carry a finding or score at least 0.5.

Results go to stdout and, atomically, to ``benchmarks/results/real_pages.json`` (figures, page
ids and counts only: never the pages' text, which stays outside the project).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_NAME = Path("shared") / "data" / "web_pages_dev.jsonl"


def default_data() -> Path:
    """``shared/data/web_pages_dev.jsonl`` beside the checkout, or beside one of its parent
    directories (a git worktree lives a level deeper than the main checkout)."""
    for d in ROOT.parents:
        if (d / DATA_NAME).is_file():
            return d / DATA_NAME
    return ROOT.parent / DATA_NAME


DEFAULT_OUT = ROOT / "benchmarks" / "results" / "real_pages.json"

#: The data's type names that differ from our finding codes.
TYPE_MAP = {"splice": "spliced_fragment"}
#: What may stand before a mark on its line for the mark to begin the line.
BULLETS = " \t•·*-–—>»"
#: A line of a residue block after a boilerplate mark has at most this many words.
BLOCK_LINE_WORDS = 12
#: A clean page's sentence at or above this probability counts as flagged.
SENTENCE_FLAG = 0.5


@dataclass
class Mark:
    type: str
    start: int
    end: int
    text: str
    note: str = ""
    sentences: set[int] = field(default_factory=set)


@dataclass
class PageMatch:
    """One page's marks and findings, matched."""

    found: list[Mark]
    missed: list[Mark]
    correct: list  # findings on a mark of their type
    other_mark: list  # findings on marks of other types only
    false_alarms: list  # findings away from every mark (or anywhere on a clean page)


def load_pages(path: Path) -> list[dict]:
    pages = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        r = json.loads(line)
        if r.get("label") not in ("artifact", "clean") or not isinstance(r.get("text"), str):
            raise SystemExit(f"{path}, line {n}: a page needs label artifact|clean and a text")
        pages.append(r)
    return pages


def page_marks(page: dict) -> list[Mark]:
    """The page's marks with their spans checked against its text."""
    out = []
    text = page["text"]
    starts = {int(a["start"]) for a in page.get("artifacts") or []}
    for a in page.get("artifacts") or []:
        s, t = int(a["start"]), a["sentence"]
        if text[s : s + len(t)] != t:
            raise SystemExit(f"{page['id']}: mark {t!r} is not at offset {s}")
        type_ = TYPE_MAP.get(a["type"], a["type"])
        end = s + len(t)
        line_start = text.rfind("\n", 0, s) + 1
        if not text[line_start:s].strip(BULLETS):
            end = max(end, _line_end(text, s))
            while type_ == "boilerplate" and end < len(text):
                nxt = _line_end(text, end + 1)
                line = text[end + 1 : nxt]
                if not line.strip() or len(line.split()) > BLOCK_LINE_WORDS or \
                        any(end < x <= nxt for x in starts):
                    break
                end = nxt
        out.append(Mark(type_, s, end, t, a.get("note", "")))
    return out


def _line_end(text: str, pos: int) -> int:
    i = text.find("\n", pos)
    return len(text) if i < 0 else i


def match_page(marks: list[Mark], sentences, findings) -> PageMatch:
    """Apply the matching rule (module docstring) to one page.

    ``sentences`` need ``start``/``end``; ``findings`` need ``type`` and ``sentence``.
    """
    for m in marks:
        m.sentences = {i for i, s in enumerate(sentences) if s.start < m.end and m.start < s.end}
    by_sentence: dict[int, set[str]] = defaultdict(set)
    for m in marks:
        for i in m.sentences:
            by_sentence[i].add(m.type)
    flagged = {(f.type, f.sentence) for f in findings}
    found = [m for m in marks if any((m.type, i) in flagged for i in m.sentences)]
    missed = [m for m in marks if m not in found]
    correct, other, false = [], [], []
    for f in findings:
        types = by_sentence.get(f.sentence, set())
        (correct if f.type in types else other if types else false).append(f)
    return PageMatch(found, missed, correct, other, false)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def evaluate(pages: list[dict], results: dict) -> tuple[dict, dict[str, PageMatch]]:
    """Figures over all pages; ``results`` maps page id -> ArticleResult (missing: unscored)."""
    from sklearn.metrics import roc_auc_score

    types: dict[str, Counter] = defaultdict(Counter)
    matches: dict[str, PageMatch] = {}
    per_page = []
    clean = {"pages": 0, "non_clean": 0, "sentences": 0, "flagged_sentences": 0, "with_finding": 0,
             "labels": Counter(), "finding_types": Counter()}
    y, s = [], []
    labels: dict[str, Counter] = {"artifact": Counter(), "clean": Counter()}
    axes: dict[str, dict[str, Counter]] = defaultdict(lambda: {"artifact": Counter(), "clean": Counter()})
    for page in pages:
        res = results.get(page["id"])
        marks = page_marks(page)
        if res is None:
            for m in marks:
                types[m.type]["marks"] += 1
            per_page.append({"id": page["id"], "label": page["label"], "kind": page.get("kind"), "error": True})
            continue
        pm = match_page(marks, res.sentences, res.findings)
        matches[page["id"]] = pm
        for m in marks:
            types[m.type]["marks"] += 1
        for m in pm.found:
            types[m.type]["found"] += 1
        for key, fs in (("correct", pm.correct), ("other_mark", pm.other_mark), ("false_alarms", pm.false_alarms)):
            for f in fs:
                types[f.type][key] += 1
        y.append(int(page["label"] == "artifact"))
        s.append(res.score)
        labels[page["label"]][res.label] += 1
        for name, axis in (getattr(res, "axes", None) or {}).items():
            axes[name][page["label"]][axis.label] += 1
        if page["label"] == "clean":
            flagged = {f.sentence for f in res.findings} | {
                i for i, p in enumerate(res.sentence_scores) if p >= SENTENCE_FLAG}
            clean["pages"] += 1
            clean["non_clean"] += res.label != "clean"
            clean["labels"][res.label] += 1
            clean["sentences"] += len(res.sentences)
            clean["flagged_sentences"] += len(flagged)
            clean["with_finding"] += bool(res.findings)
            clean["finding_types"].update(f.type for f in res.findings)
        per_page.append({
            "id": page["id"], "label": page["label"], "kind": page.get("kind"),
            "score": round(float(res.score), 4), "verdict": res.label, "sentences": len(res.sentences),
            "marks": len(marks), "found": len(pm.found),
            "missed": dict(Counter(m.type for m in pm.missed)),
            "false_alarms": dict(Counter(f.type for f in pm.false_alarms)),
        })
    per_type = {}
    for t in sorted(types, key=lambda t: (-types[t]["marks"], t)):
        c = types[t]
        per_type[t] = {
            "marks": c["marks"], "found": c["found"], "recall": _ratio(c["found"], c["marks"]),
            "findings": c["correct"] + c["other_mark"] + c["false_alarms"],
            "correct": c["correct"], "on_other_mark": c["other_mark"], "false_alarms": c["false_alarms"],
            "precision": _ratio(c["correct"], c["correct"] + c["false_alarms"]),
        }
    tot = Counter()
    for c in types.values():
        tot.update(c)
    figures = {
        "pages": len(pages), "scored": len(matches),
        "artifact_pages": sum(p["label"] == "artifact" for p in pages),
        "clean_pages": sum(p["label"] == "clean" for p in pages),
        "overall": {
            "marks": tot["marks"], "found": tot["found"], "recall": _ratio(tot["found"], tot["marks"]),
            "precision": _ratio(tot["correct"], tot["correct"] + tot["false_alarms"]),
            "precision_any_type": _ratio(tot["correct"] + tot["other_mark"],
                                         tot["correct"] + tot["other_mark"] + tot["false_alarms"]),
        },
        "per_type": per_type,
        "article_roc_auc": round(float(roc_auc_score(y, s)), 4) if 0 < sum(y) < len(y) else None,
        "labels": {k: dict(v) for k, v in labels.items()},
        "axes": {name: {k: dict(v) for k, v in by.items()} for name, by in axes.items()},
        "clean": {
            "pages": clean["pages"], "non_clean": clean["non_clean"], "labels": dict(clean["labels"]),
            "pages_with_a_finding": clean["with_finding"], "sentences": clean["sentences"],
            "flagged_sentences": clean["flagged_sentences"],
            "flagged_share": _ratio(clean["flagged_sentences"], clean["sentences"]),
            "finding_types": dict(clean["finding_types"].most_common()),
        },
        "per_page": per_page,
    }
    return figures, matches


def print_figures(fig: dict, out=sys.stdout) -> None:
    def v(x):
        return "    –" if x is None else f"{x:5.2f}"

    print(f"{fig['pages']} pages ({fig['artifact_pages']} with artifacts, {fig['clean_pages']} clean), "
          f"{fig['scored']} scored", file=out)
    print(f"\n{'type':<20}{'marks':>6}{'found':>6}{'recall':>8}{'findings':>10}{'correct':>8}"
          f"{'other':>7}{'false':>7}{'precision':>10}", file=out)
    for t, c in fig["per_type"].items():
        print(f"{t:<20}{c['marks']:>6}{c['found']:>6}{v(c['recall']):>8}{c['findings']:>10}{c['correct']:>8}"
              f"{c['on_other_mark']:>7}{c['false_alarms']:>7}{v(c['precision']):>10}", file=out)
    o = fig["overall"]
    print(f"{'all':<20}{o['marks']:>6}{o['found']:>6}{v(o['recall']):>8}{'':>10}{'':>8}{'':>7}{'':>7}"
          f"{v(o['precision']):>10}   (any type: {v(o['precision_any_type']).strip()})", file=out)
    c = fig["clean"]
    auc = fig["article_roc_auc"]
    print(f"\narticle ROC-AUC (artifact vs clean pages): {'–' if auc is None else f'{auc:.3f}'}", file=out)
    print(f"labels: artifact pages {fig['labels']['artifact']}, clean pages {fig['labels']['clean']}", file=out)
    for name, by in fig["axes"].items():
        print(f"  {name + ' axis:':<18} artifact pages {by['artifact']}, clean pages {by['clean']}", file=out)
    print(f"clean pages labelled non-clean: {c['non_clean']} of {c['pages']} {c['labels']}; "
          f"with a finding: {c['pages_with_a_finding']}; sentences flagged (finding or p >= {SENTENCE_FLAG}): "
          f"{c['flagged_sentences']} of {c['sentences']} ({(c['flagged_share'] or 0):.1%})", file=out)
    if c["finding_types"]:
        print(f"findings on clean pages: {c['finding_types']}", file=out)
    print("\nother: findings on a mark of another type only (not counted against precision); "
          "false: on a clean page or away from every mark", file=out)


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def print_pages(pages: list[dict], results: dict, matches: dict[str, PageMatch], out=sys.stdout) -> None:
    """Every page's misses and false alarms, for an engineer tuning a detector."""
    for page in pages:
        pm = matches.get(page["id"])
        res = results.get(page["id"])
        if pm is None or res is None:
            print(f"\n{page['id']} ({page['label']}): not scored", file=out)
            continue
        if not (pm.missed or pm.false_alarms or pm.other_mark):
            continue
        print(f"\n{page['id']} {page['label']}/{page.get('kind')}  score {res.score:.2f} {res.label}  "
              f"found {len(pm.found)}/{len(pm.found) + len(pm.missed)}", file=out)
        for m in pm.missed:
            got = sorted({f.type for f in res.findings if f.sentence in m.sentences})
            print(f"  MISSED {m.type:<18} {_clip(m.text)!r}" + (f"  [has {', '.join(got)}]" if got else ""),
                  file=out)
            if m.note:
                print(f"         note: {_clip(m.note)}", file=out)
        for f in pm.false_alarms:
            print(f"  FALSE  {f.type:<18} {_clip(f.text)!r}  conf {f.confidence:.2f}", file=out)
        for f in pm.other_mark:
            print(f"  OTHER  {f.type:<18} {_clip(f.text)!r}", file=out)


def score_pages(pages: list[dict], model_dir: str | None) -> tuple[dict, object]:
    """Page id -> ArticleResult with the given (else the active/shipped) model."""
    from detector.data import Article, ArticleResult
    from detector.model_store import load_model
    from detector.scoring import Scorer

    model = load_model(model_dir)
    scorer = Scorer(model)
    arts = [Article(id=p["id"], text=p["text"], title=p.get("title") or "", source="real_pages") for p in pages]
    out = {}
    for res in scorer.score_stream(arts):
        if isinstance(res, ArticleResult):
            out[res.article.id] = res
        else:
            print(f"warning: {res.id}: {res.code} {res.message}", file=sys.stderr)
    return out, model


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help=f"annotated pages (default: {default_data()})")
    ap.add_argument("--model", default=None, help="model directory (default: the active model, else the shipped one)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file (written atomically)")
    ap.add_argument("--verbose", "-v", action="store_true", help="list every page's misses and false alarms")
    args = ap.parse_args(argv)
    args.data = args.data or default_data()
    if not args.data.is_file():
        print(f"error: {args.data} not found. The annotated real pages are development data kept outside "
              "the package (../shared/data/web_pages_dev.jsonl beside the checkout); pass --data FILE.",
              file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

    from detector.fileio import recorded_path
    from detector.model_store import sha256_file
    from detector.output import atomic_output

    pages = load_pages(args.data)
    results, model = score_pages(pages, args.model)
    figures, matches = evaluate(pages, results)
    print_figures(figures)
    if args.verbose:
        print_pages(pages, results, matches)
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data": {"path": recorded_path(args.data, ROOT), "sha256": sha256_file(args.data)},
        "model": {"name": model.name, "version": model.version, "path": recorded_path(model.path, ROOT)},
        "matching": "sentence overlap; see benchmarks/real_pages.py",
        **figures,
    }
    with atomic_output(str(args.out)) as fh:
        json.dump(record, fh, indent=2)
        fh.write("\n")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
