"""Copy tracing at scale: time and peak memory of `detector trace` on a synthetic corpus.

The corpus is made reproducibly from ``data/corpus`` by ``training.spin.synthetic_corpus``:
stories stitched from the corpus articles' paragraphs with names and figures changed (so
different stories share topics and phrasing, as a crawl's do), and spun copies of about a
third of them (1 to 4 each: rewordings, dropped, added and reordered sentences, page
furniture). It is written to a temporary file, never committed.

    nice -n 10 .venv/bin/python benchmarks/bench_trace.py --n 100000 --workers 2
    .venv/bin/python benchmarks/bench_trace.py --n 5000          # a quick look

Reports wall time per stage, articles per second, peak memory (resident set of this process
and its worker processes together, sampled every 0.2 s) and, since the corpus knows its
stories, family precision and recall. Note the machine's load (printed) beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class PeakMemory:
    """Peak of the summed resident memory of this process and all its children."""

    def __init__(self, interval: float = 0.2):
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self.peak_driver = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                driver = self.proc.memory_info().rss
                total = driver
                for child in self.proc.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                continue
            self.peak = max(self.peak, total)
            self.peak_driver = max(self.peak_driver, driver)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def make_corpus(n: int, seed: int, path: Path) -> None:
    from training.spin import load_articles, synthetic_corpus

    with path.open("w", encoding="utf-8") as fh:
        for rec in synthetic_corpus(load_articles(ROOT / "data" / "corpus"), n, seed):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--corpus", type=Path, help="reuse a corpus written before (else a temporary one)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from detector import parallel
    from detector.ingest import read_inputs
    from detector.trace import TraceStats, trace_records

    tmp = tempfile.TemporaryDirectory(prefix="bench-trace-")
    corpus = args.corpus or Path(tmp.name) / f"synthetic-{args.n}.jsonl"
    if not corpus.exists():
        t0 = time.perf_counter()
        make_corpus(args.n, args.seed, corpus)
        print(f"corpus: {args.n} articles in {time.perf_counter() - t0:.0f} s ({corpus.stat().st_size / 1e6:.0f} MB)",
              file=sys.stderr)
    load_before = os.getloadavg()
    stats = TraceStats()
    out_path = Path(tmp.name) / "trace.jsonl"
    story_of, family_of = [], []
    start = time.perf_counter()
    with PeakMemory() as mem, parallel.processes(args.workers) as ex, out_path.open("w", encoding="utf-8") as out:
        for rec in trace_records(read_inputs([str(corpus)]), executor=ex, stats=stats):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            family_of.append(rec.get("family"))
    seconds = time.perf_counter() - start
    load_after = os.getloadavg()
    with corpus.open(encoding="utf-8") as fh:
        story_of = [json.loads(line)["story"] for line in fh]
    # family precision and recall over pairs, counted per group without listing the pairs
    from collections import Counter

    joint = Counter(zip(story_of, family_of, strict=True))
    same_both = sum(c * (c - 1) // 2 for c in joint.values())
    same_story = sum(c * (c - 1) // 2 for c in Counter(story_of).values())
    same_family = sum(c * (c - 1) // 2 for c in Counter(family_of).values())
    figures = {
        "articles": stats.articles, "workers": args.workers, "seconds": round(seconds, 1),
        "articles_per_second": round(stats.articles / seconds, 1),
        "stage_seconds": {k: round(v, 1) for k, v in stats.seconds.items()},
        "peak_memory_mb": round(mem.peak / 2**20), "peak_driver_mb": round(mem.peak_driver / 2**20),
        "candidate_pairs": stats.candidate_pairs, "minhash_pairs": stats.minhash_pairs,
        "neighbour_pairs": stats.neighbour_pairs, "linked_pairs": stats.linked_pairs, "families": stats.families,
        "family_precision": round(same_both / same_family, 4) if same_family else 1.0,
        "family_recall": round(same_both / same_story, 4) if same_story else 1.0,
        "load_before": [round(x, 1) for x in load_before], "load_after": [round(x, 1) for x in load_after],
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures))
    if args.json:
        from detector.fileio import write_text_atomic

        write_text_atomic(args.json, json.dumps(figures, indent=2) + "\n")
    tmp.cleanup()


if __name__ == "__main__":
    main()
