"""Scale benchmark: throughput on 1 and 2 workers and on Dask, cold start, memory on a long stream,
each next to the bare MiniLM transformer encoder measured in the same run.

    .venv/bin/python benchmarks/bench_scale.py                      # about 10 minutes on 2 cores
    .venv/bin/python benchmarks/bench_scale.py --articles 60 --skip memory
    .venv/bin/python benchmarks/bench_scale.py --stream-articles 100000   # the long stream (about an hour)

1. articles: news documents of about 30 sentences (the project's wire-style corpus,
   data/corpus/*.jsonl, ~580 words each), cycled to --articles with distinct ids;
2. bare MiniLM: SentenceTransformer.encode (torch, batch 64, both cores) on exactly the
   sentences the pipeline scores, warm: the reference every other figure is divided by;
3. pipeline: `detector.parallel.score_records` over the same articles with the shipped model
   (its encoder), on 1 process, 2 local processes and a 2-process Dask LocalCluster; warm (the
   workers have loaded their models), plus the start-up each executor costs;
4. cold start: `detector score <one article>` in a fresh process (median of --cold-repeats, wall
   and CPU seconds), and which heavy packages it imported (torch, scikit-learn, skops, scipy, pandas);
5. memory: `detector score stream.jsonl --format jsonl -q -o /dev/null` on a stream of articles in
   a child process: peak RSS, and RSS at each quarter. The stream cycles the wire-style corpus
   (its first 3 paragraphs) and, when the WMT21 ru-en file is beside the checkout
   (../shared/data/wmt21_ruen_news.jsonl, --wmt), its documents whole.

The load of the machine (os.getloadavg) is recorded before and after each timed pass.
Results are printed and written as JSON (atomically) to --out.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COLD_ARTICLE = "data/examples/farm_article.txt"
#: the figures the work is measured against
TARGET_ARTICLES_PER_S = 20.0
TARGET_RATIO = 3.0
TARGET_COLD_S = 2.0
TARGET_RSS_MB = 600.0


def load() -> float:
    return round(os.getloadavg()[0], 2)


def read_articles(n: int) -> list[dict]:
    rows = []
    for path in sorted(glob.glob(str(ROOT / "data" / "corpus" / "*.jsonl"))):
        with open(path, encoding="utf-8") as fh:
            rows += [json.loads(line) for line in fh if line.strip()]
    return [{"id": f"b{i}", "title": rows[i % len(rows)].get("title", ""), "text": rows[i % len(rows)]["text"]}
            for i in range(n)]


def bare_minilm(sentences: list[str], repeats: int) -> dict:
    from detector.embed import MAX_CHARS, SentenceEmbedder, get_model

    model = get_model()
    texts = [s[:MAX_CHARS] for s in sentences]
    model.encode(texts[:128], batch_size=64)  # warm
    times, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        model.encode(texts, batch_size=SentenceEmbedder().batch_size, convert_to_numpy=True,
                     normalize_embeddings=True, show_progress_bar=False)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"seconds": statistics.median(times), "cpu_seconds": statistics.median(cpu), "sentences": len(texts)}


def run_executor(name: str, make, records, warm_records, repeats: int) -> dict:
    from detector import parallel

    t0 = time.perf_counter()
    ex = make()
    # warm-up: enough chunks that every worker loads its scorer
    list(parallel.score_records(warm_records, ex, chunk_size=2))
    startup = time.perf_counter() - t0
    times, cpu, loads = [], [], []
    out = None
    for _ in range(repeats):
        l0 = load()
        t0, c0 = time.perf_counter(), time.process_time()
        out = list(parallel.score_records(records, ex))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        loads.append((l0, load()))
    ex.close()
    n_sent = sum(len(d.get("sentences", [])) for d in out)
    sec = statistics.median(times)
    # CPU seconds of this process: the whole cost for one process, only the coordination for workers
    cpu_s = statistics.median(cpu)
    return {"executor": name, "startup_seconds": round(startup, 2), "seconds": round(sec, 2),
            "cpu_seconds_here": round(cpu_s, 2), "articles_per_cpu_s": round(len(out) / cpu_s, 1),
            "articles": len(out), "sentences": n_sent, "articles_per_s": round(len(out) / sec, 2),
            "sentences_per_s": round(n_sent / sec, 1), "load": loads, "output": out}


def bench_throughput(n: int, repeats: int) -> dict:
    from detector import parallel
    from detector.data import Article
    from detector.ingest import record_to_article
    from detector.segment import segment

    arts = read_articles(n)
    records = [record_to_article(a, "bench", i + 1) for i, a in enumerate(arts)]
    assert all(isinstance(r, Article) for r in records)
    warm = records[:8]
    sentences = [s.text for r in records for s in segment(r.text)[1]]
    runs = [run_executor("1 process", parallel.serial, records, warm, repeats),
            run_executor("2 processes", lambda: parallel.processes(2), records, warm, repeats),
            run_executor("Dask LocalCluster, 2 workers", lambda: parallel.dask("local", 2), records, warm, repeats)]
    same = all(r["output"] == runs[0]["output"] for r in runs[1:])
    l0 = load()
    bare = bare_minilm(sentences, repeats)
    bare["load"] = (l0, load())
    bare_sps = bare["sentences"] / bare["seconds"]
    bare_aps = n / bare["seconds"]
    for r in runs:
        r.pop("output")
        r["ratio_to_bare_minilm"] = round(r["sentences_per_s"] / bare_sps, 2)
    return {"articles": n, "sentences_per_article": round(len(sentences) / n, 1),
            "bare_minilm": {"seconds": round(bare["seconds"], 2), "sentences_per_s": round(bare_sps, 1),
                            "articles_per_s": round(bare_aps, 2), "cpu_seconds": round(bare["cpu_seconds"], 2),
                            "articles_per_cpu_s": round(n / bare["cpu_seconds"], 2), "load": bare["load"]},
            "runs": runs, "identical_output": same}


HEAVY = ("torch", "sentence_transformers", "sklearn", "skops", "scipy", "pandas")


def bench_cold(repeats: int) -> dict:
    import resource

    cmd = [sys.executable, "-m", "detector", "score", str(ROOT / COLD_ARTICLE), "--format", "json", "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times, cpus, loads = [], [], []
    for _ in range(repeats):
        l0 = load()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        loads.append((l0, load()))
    trace = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    imported = {line.split("|")[-1].strip() for line in trace.splitlines() if line.startswith("import time:")}
    return {"seconds": round(statistics.median(times), 2), "all": [round(t, 2) for t in times],
            "cpu_seconds": round(statistics.median(cpus), 2), "all_cpu": [round(t, 2) for t in cpus], "load": loads,
            "torch_imported": "torch" in imported, "sentence_transformers_imported": "sentence_transformers" in imported,
            "heavy_imported": [m for m in HEAVY if m in imported]}


def stream_texts(wmt: Path | None) -> list[str]:
    """The texts a stream cycles: the corpus articles' first 3 paragraphs, and the WMT21 documents."""
    texts = ["\n\n".join(a["text"].split("\n\n")[:3]) for a in read_articles(60)]
    if wmt is not None and wmt.is_file():
        with open(wmt, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def bench_memory(n: int, workers: int, wmt: Path | None = None) -> dict:
    from detector.segment import segment  # noqa: F401  (fail early outside a checkout)

    texts = stream_texts(wmt)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        path = Path(tmp) / "stream.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps({"id": f"s{i}", "text": texts[i % len(texts)]}) + "\n")
        cmd = [sys.executable, "-m", "detector", "score", str(path), "--format", "jsonl", "-q", "-o", os.devnull]
        if workers > 1:
            cmd += ["--workers", str(workers)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env)
        samples = []

        def tree_rss(pid: int) -> int:
            total = 0
            pids = [pid]
            try:
                out = subprocess.run(["ps", "-o", "pid=,rss=", "--ppid", str(pid)], capture_output=True, text=True)
                pids += [int(x.split()[0]) for x in out.stdout.splitlines() if x.strip()]
            except OSError:
                pass
            for p in pids:
                try:
                    with open(f"/proc/{p}/status") as fh:
                        for line in fh:
                            if line.startswith("VmRSS:"):
                                total += int(line.split()[1])
                except OSError:
                    pass
            return total

        def watch():
            while proc.poll() is None:
                samples.append((time.perf_counter() - t0, tree_rss(proc.pid)))
                time.sleep(1.0)

        th = threading.Thread(target=watch, daemon=True)
        th.start()
        proc.wait()
        th.join()
        elapsed = time.perf_counter() - t0
    peak = max(r for _, r in samples) if samples else 0
    quarters = []
    for q in (0.25, 0.5, 0.75, 1.0):
        upto = [r for t, r in samples if t <= q * elapsed]
        quarters.append(round(max(upto) / 1024, 1) if upto else None)
    return {"articles": n, "texts_cycled": len(texts), "workers": workers, "seconds": round(elapsed, 1),
            "articles_per_s": round(n / elapsed, 1), "peak_rss_mb": round(peak / 1024, 1),
            "peak_rss_mb_by_quarter": quarters, "exit_code": proc.returncode, "load_after": load()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=120)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--stream-articles", type=int, default=20000)
    ap.add_argument("--stream-workers", type=int, default=1)
    ap.add_argument("--cold-repeats", type=int, default=5)
    wmt = next((p / "shared" / "data" / "wmt21_ruen_news.jsonl" for p in (ROOT.parent, ROOT.parent.parent)
                if (p / "shared" / "data" / "wmt21_ruen_news.jsonl").is_file()), None)
    ap.add_argument("--wmt", type=Path, default=wmt,
                    help="WMT21 ru-en JSONL whose documents join the memory stream (skipped if absent)")
    ap.add_argument("--skip", action="append", default=[], choices=["throughput", "cold", "memory"])
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scale.json")
    args = ap.parse_args(argv)

    result: dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(), "load_at_start": load()}
    if "throughput" not in args.skip:
        t = result["throughput"] = bench_throughput(args.articles, args.repeats)
        b = t["bare_minilm"]
        print(f"{t['articles']} articles, {t['sentences_per_article']} sentences each")
        print(f"  bare MiniLM (torch)              {b['articles_per_s']:7.2f} articles/s {b['sentences_per_s']:8.1f} "
              f"sentences/s  ({b['articles_per_cpu_s']} articles per CPU-second)  load {b['load']}")
        for r in t["runs"]:
            print(f"  {r['executor']:32} {r['articles_per_s']:7.2f} articles/s {r['sentences_per_s']:8.1f} sentences/s"
                  f"  x{r['ratio_to_bare_minilm']:.2f} of bare  start-up {r['startup_seconds']} s  load {r['load']}")
        serial = t["runs"][0]
        print(f"  1 process: {serial['articles_per_cpu_s']} articles per CPU-second, "
              f"x{serial['articles_per_cpu_s'] / b['articles_per_cpu_s']:.1f} of bare MiniLM's")
        print(f"  output identical across executors: {t['identical_output']}")
    if "cold" not in args.skip:
        c = result["cold"] = bench_cold(args.cold_repeats)
        print(f"cold start: {c['seconds']} s, {c['cpu_seconds']} CPU-s (runs {c['all']}, CPU {c['all_cpu']}; "
              f"load {c['load']}); heavy packages imported: {c['heavy_imported'] or 'none'}")
    if "memory" not in args.skip:
        m = result["memory"] = bench_memory(args.stream_articles, args.stream_workers, args.wmt)
        print(f"stream of {m['articles']} short articles, {m['workers']} worker(s): peak RSS {m['peak_rss_mb']} MB "
              f"(by quarter {m['peak_rss_mb_by_quarter']}), {m['articles_per_s']} articles/s, exit {m['exit_code']}")
    from detector.fileio import write_text_atomic

    write_text_atomic(args.out, json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
