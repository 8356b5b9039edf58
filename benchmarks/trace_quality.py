"""Copy-tracing quality: WMT translation families and generated spun copies.

WMT news test sets give natural families: every human and machine translation of one source
document tells the same text, and different documents are different families, even on the
same event. The whole file is traced as one batch (every version against every other):

* link precision and recall: the linked pairs (the ``copies`` lists) against the pairs of
  versions of one document;
* family precision and recall: pairs of articles put in one family against the same truth;
* family purity: the share of each found family's members that belong to its largest
  document, weighted by family size; and every found family that mixes documents, listed.

Spun copies of ``data/corpus`` articles (``training.spin``: synonym swaps and rewrites,
reordered paragraphs, dropped and added sentences, page furniture; and a heavy setting: every
sentence through the rewriter three times, a quarter dropped, up to four added, paragraphs
swapped three times as often) give the alignment truth:
alignment recall is the share of a copy's sentences that render an original sentence and
are aligned to exactly that sentence; precision the share of aligned pairs that are right.

    .venv/bin/python benchmarks/trace_quality.py                   # both WMT files and spun copies
    .venv/bin/python benchmarks/trace_quality.py --wmt ../shared/data/wmt21_ruen_news.jsonl
    .venv/bin/python benchmarks/trace_quality.py --spun-only --copies 3

Needs the WMT files beside the checkout (``../shared/data``); they are not part of the project.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detector.data import Article  # noqa: E402
from detector.trace import TraceStats, trace_records  # noqa: E402

WMT_NAMES = ("wmt21_ruen_news.jsonl", "wmt_into_en_news.jsonl.gz")


def wmt_files() -> list[Path]:
    """The WMT files in ``shared/data`` beside the checkout, or beside one of its parent
    directories (a git worktree lives a level deeper than the main checkout)."""
    out = []
    for name in WMT_NAMES:
        found = [d / "shared" / "data" / name for d in ROOT.parents if (d / "shared" / "data" / name).is_file()]
        out.append(found[0] if found else ROOT.parent / "shared" / "data" / name)
    return out


def _read(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _pairs(groups: dict[str, list[int]]) -> set[tuple[int, int]]:
    return {p for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def _pr(found: set, truth: set) -> tuple[float, float]:
    hit = len(found & truth)
    return (hit / len(found) if found else 1.0), (hit / len(truth) if truth else 1.0)


def evaluate_families(records: list[dict], truth_of: list[str], workers: int = 1,
                      group_of: list[str] | None = None, system_of: list[str] | None = None) -> tuple[dict, list[dict]]:
    """Trace ``records`` ({"id", "text"}) as one batch; compare with the truth labels.
    Returns the figures and the trace records. ``group_of`` (a year and language pair per
    record) adds the family and link figures of each group: its pairs of versions, and every
    found pair that touches one of its records. ``system_of`` (who made each version; human
    translations start with ``ref``) adds the systems whose versions are linked least, and says
    for each family that mixes documents whether the documents' human translations are linked
    to each other: two professional translations made apart align only when the source texts
    share text."""
    from detector import parallel

    arts = [Article(id=r["id"], text=r["text"], meta={"date": r["date"]} if r.get("date") else {}) for r in records]
    stats = TraceStats()
    start = time.perf_counter()
    with parallel.processes(workers) as ex:
        out = list(trace_records(arts, executor=ex, stats=stats))
    seconds = time.perf_counter() - start
    index = {r["id"]: k for k, r in enumerate(records)}
    truth_groups: dict[str, list[int]] = {}
    for k, t in enumerate(truth_of):
        truth_groups.setdefault(t, []).append(k)
    truth = _pairs(truth_groups)
    links = {tuple(sorted((index[o["id"]], index[c["id"]]))) for o in out for c in o.get("copies", [])}
    fams: dict[str, list[int]] = {}
    for k, o in enumerate(out):
        fams.setdefault(o["family"], []).append(k)
    fam_pairs = _pairs(fams)
    link_p, link_r = _pr(links, truth)
    fam_p, fam_r = _pr(fam_pairs, truth)
    found = [m for m in fams.values() if len(m) > 1]
    purity_num = sum(Counter(truth_of[k] for k in m).most_common(1)[0][1] for m in found)
    mixed = []
    for m in found:
        docs = Counter(truth_of[k] for k in m)
        if len(docs) > 1:
            # the links that join two documents, with the sentences they aligned
            joins = []
            for k in m:
                for c in out[k]["copies"]:
                    j = index[c["id"]]
                    if truth_of[j] != truth_of[k] and k < j:
                        joins.append((records[k]["id"], c["id"], len(c["aligned"]), c["copy_ratio"], c["other_ratio"]))
            entry = {"documents": dict(docs), "joins": joins[:6]}
            if system_of:
                refs = [k for k in m if system_of[k].startswith("ref")]
                ref_pairs = [(a, b) for a, b in itertools.combinations(sorted(refs), 2) if truth_of[a] != truth_of[b]]
                entry["human_translations_linked"] = f"{sum(1 for p in ref_pairs if p in links)} of {len(ref_pairs)}"
            mixed.append(entry)
    by_group = {}
    for g in sorted(set(group_of or ())):
        truth_g = {p for p in truth if group_of[p[0]] == g}
        found_g = {p for p in fam_pairs if group_of[p[0]] == g or group_of[p[1]] == g}
        p_g, r_g = _pr(found_g, truth_g)
        lp_g, lr_g = _pr({p for p in links if group_of[p[0]] == g or group_of[p[1]] == g}, truth_g)
        docs_g = {d: members for d, members in truth_groups.items() if group_of[members[0]] == g}
        by_group[g] = {
            "articles": sum(len(m) for m in docs_g.values()), "documents": len(docs_g),
            "link_precision": round(lp_g, 4), "link_recall": round(lr_g, 4),
            "family_precision": round(p_g, 4), "family_recall": round(r_g, 4),
            "documents_split": sum(1 for members in docs_g.values() if len({out[k]["family"] for k in members}) > 1),
            "documents_merged_with_another": sum(
                1 for members in docs_g.values()
                if any(truth_of[j] != truth_of[members[0]] for j in fams[out[members[0]]["family"]])),
        }
    res = {
        "articles": len(records), "documents": len(truth_groups), "seconds": round(seconds, 1),
        "candidate_pairs": stats.candidate_pairs, "minhash_pairs": stats.minhash_pairs,
        "neighbour_pairs": stats.neighbour_pairs, "linked_pairs": stats.linked_pairs,
        "link_precision": round(link_p, 4), "link_recall": round(link_r, 4),
        "family_precision": round(fam_p, 4), "family_recall": round(fam_r, 4),
        "families_found": len(found),
        "purity": round(purity_num / sum(len(m) for m in found), 4) if found else 1.0,
        "documents_split": sum(1 for d, members in truth_groups.items()
                               if len({out[k]["family"] for k in members}) > 1),
        "families_mixing_documents": mixed,
    }
    if by_group:
        res["by_group"] = by_group
    if system_of:
        # per system (and group): the share of its versions' same-document pairs not linked
        def who(k: int) -> str:
            return f"{group_of[k]} {system_of[k]}" if group_of else system_of[k]

        missed, total = Counter(), Counter()
        for p in truth:
            for k in p:
                total[who(k)] += 1
                missed[who(k)] += p not in links
        least = sorted(total, key=lambda x: (-missed[x] / total[x], x))[:6]
        res["systems_linked_least"] = [{"system": x, "pairs": total[x], "not_linked": missed[x]} for x in least]
        # link recall once the least linked system's versions are left out
        rest = [p for p in truth if least[0] not in {who(k) for k in p}]
        res["link_recall_without_" + least[0]] = round(sum(1 for p in rest if p in links) / len(rest), 4)
    return res, out


def wmt(path: Path, workers: int) -> dict:
    recs = _read(path)
    truth = [f"{r.get('year', '')}/{r.get('pair', '')}/{r['doc']}" for r in recs]
    groups = [f"{r.get('year', 2021)} {r.get('pair', 'ru-en')}" for r in recs]
    res, _ = evaluate_families(recs, truth, workers, groups, [r.get("system", "") for r in recs])
    res["file"] = path.name
    return res


def spun(n_articles: int, copies: int, seed: int, workers: int, heavy: bool = False) -> dict:
    """Spun copies of corpus articles: family figures and alignment recall and precision."""
    from training.spin import load_articles, spin

    articles = load_articles(ROOT / "data" / "corpus")[:n_articles]
    rng = random.Random(seed)
    extra = [s for a in articles for s in a["text"].split("\n")[1:] if len(s.split()) >= 8]
    records, truth, source_of, original_of = [], [], {}, {}
    for a in articles:
        records.append({"id": a["id"], "text": a["text"]})
        truth.append(a["id"])
        for c in range(copies):
            # other articles' lines as the added sentences, never the article's own
            own = set(a["text"].split("\n"))
            settings = dict(reword_share=1.0, passes=3, drop_share=0.25, added=(1, 4), swap_share=0.3) if heavy else {}
            s = spin(a["text"], rng, extra_sentences=[x for x in rng.sample(extra, 40) if x not in own], **settings)
            cid = f"{a['id']}-spun{c}"
            records.append({"id": cid, "text": s.text})
            truth.append(a["id"])
            source_of[cid] = s.source_of
            original_of[cid] = a["id"]
    fam, traced = evaluate_families(records, truth, workers)
    out = {o["id"]: o for o in traced}
    expected = found = right = 0
    missing_links = 0
    for cid, src in source_of.items():
        copy = out[cid]
        link = next((c for c in copy["copies"] if c["id"] == original_of[cid]), None)
        truth_pairs = {(i, j) for i, j in enumerate(src) if j is not None
                       and len(copy["sentences"][i].split()) >= 4}
        expected += len(truth_pairs)
        if link is None:
            missing_links += 1
            continue
        got = {tuple(p) for p in link["aligned"]}
        found += len(got)
        right += len(got & truth_pairs)
    fam.update({
        "copies": len(source_of),
        "copies_not_linked_to_their_original": missing_links,
        "alignment_recall": round(right / expected, 4) if expected else 1.0,
        "alignment_precision": round(right / found, 4) if found else 1.0,
    })
    return fam


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wmt", action="append", type=Path, help="WMT JSONL file(s) (default: both beside the checkout)")
    ap.add_argument("--spun-only", action="store_true")
    ap.add_argument("--copies", type=int, default=3, help="spun copies per corpus article")
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    results = {}
    if not args.spun_only:
        for path in args.wmt or wmt_files():
            if not path.exists():
                print(f"skipping {path}: not found", file=sys.stderr)
                continue
            results[path.name] = r = wmt(path, args.workers)
            print(json.dumps({k: v for k, v in r.items() if k != "families_mixing_documents"}))
            for m in r["families_mixing_documents"]:
                print("  mixed family:", json.dumps(m, ensure_ascii=False))
    for heavy in (False, True):
        name = "spun-heavy" if heavy else "spun"
        results[name] = r = spun(args.articles, args.copies, args.seed, args.workers, heavy)
        print(name, json.dumps({k: v for k, v in r.items() if k != "families_mixing_documents"}))
        for m in r["families_mixing_documents"]:
            print("  mixed family:", json.dumps(m, ensure_ascii=False))
    if args.json:
        from detector.fileio import write_text_atomic

        write_text_atomic(args.json, json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
