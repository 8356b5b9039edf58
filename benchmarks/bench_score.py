"""Speed benchmark: pipeline throughput against the bare embedding model, in the same run.

    .venv/bin/python benchmarks/bench_score.py                 # full run (about half an hour on 2 cores)
    .venv/bin/python benchmarks/bench_score.py --quick         # small run (a few minutes)
    .venv/bin/python benchmarks/bench_score.py --articles 400 --repeats 5 --out /tmp/bench.json

Measures, with the numbers explained in benchmarks/README.md:

1. articles: ~600-word wire-style articles from data/corpus/*.jsonl and
   data/train/generated.jsonl, cycled to --articles with distinct ids;
2. bare encoder: SentenceTransformer.encode on exactly the sentences the pipeline encodes,
   with the pipeline's batch size, warm;
3. pipeline: Scorer().score_stream over the same articles, warm, with per-stage seconds and
   the ratio pipeline / bare (sentences per second);
4. cold start: `detector score <one article>`, `import detector.cli`, `detector --help`, each in
   a fresh process;
5. peak memory: `detector score big.jsonl --format jsonl -q` in a child process on a stream of
   N/4 and N articles (--stream-articles N), ru_maxrss of the child and its RSS at 1/4, 1/2,
   3/4 and the end of the stream;
6. report rendering: detector.report.write_reports for one 2,000-sentence article and for
   10,000 small results.

Timed measurements run --repeats times and report the median; bare and pipeline passes are
interleaved so that load from other processes affects both alike. The results are printed
as a table and written as JSON (atomically) to --out.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import gc
import itertools
import json
import os
import platform
import shutil
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

CORPUS_GLOB = "data/corpus/*.jsonl"
GENERATED = "data/train/generated.jsonl"
COLD_ARTICLE = "data/examples/farm_article.txt"
REPORT_FIXTURE = "tests/fixtures/report_result.json"
#: Ratio pipeline / bare encoder (sentences per second) the pipeline should reach.
TARGET_RATIO = 0.8
#: Memory counts as flat when the peak RSS of the N-article stream exceeds the N/4 stream's
#: peak by at most this share.
FLAT_TOLERANCE = 0.10
#: A pass is "quiet" when other processes used less than this share of the CPUs during it.
QUIET_SHARE = 0.10


# -- helpers ---------------------------------------------------------------------------------
def median(xs):
    return statistics.median(xs) if xs else None


def mb(kib: float | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


def detector_cmd() -> list[str]:
    """The installed `detector` script beside this interpreter, else `python -m detector`."""
    script = Path(sys.executable).parent / "detector"
    return [str(script)] if script.exists() else [sys.executable, "-m", "detector"]


def read_rows() -> list[dict]:
    """Articles from the hand-written corpus and the generated training set, in file order."""
    rows: list[dict] = []
    for path in sorted(ROOT.glob(CORPUS_GLOB)) + [ROOT / GENERATED]:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    obj = json.loads(line)
                    rows.append({"id": obj["id"], "title": obj.get("title", ""), "text": obj["text"],
                                 "origin": path.name})
    if not rows:
        raise SystemExit(f"no articles found under {CORPUS_GLOB} and {GENERATED}")
    return rows


def cycled_records(rows: list[dict], n: int, prefix: str):
    """``n`` input records cycling through ``rows``, each with a distinct id."""
    for i, row in zip(range(n), itertools.cycle(rows)):
        yield {"id": f"{prefix}-{i:05d}-{row['id']}", "title": row["title"], "text": row["text"]}


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (KiB) of a live process, {} once it has exited."""
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            f = [int(x) for x in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return 0, 0
    user, nice, system, idle, iowait, irq, softirq, steal = f
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


class CpuWatch:
    """Share of the machine's CPU time used by other processes while the block ran.

    Other processes (test runs, other jobs) slow the encoder's thread team down far more than
    their share suggests, so every timed pass records how busy the machine was besides us.
    Children's CPU time counts as ours once they have been waited for.
    """

    def __enter__(self):
        self._busy, self._total = _cpu_jiffies()
        self._own = sum(os.times()[:4])
        return self

    def __exit__(self, *exc):
        busy, total = _cpu_jiffies()
        own = sum(os.times()[:4])
        hz = os.sysconf("SC_CLK_TCK")
        span = (total - self._total) / hz
        self.own_cpu_seconds = own - self._own
        self.other_share = (max(0.0, (busy - self._busy) / hz - self.own_cpu_seconds) / span) if span > 0 else None
        return False


def atomic_write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    from detector.output import atomic_output

    with atomic_output(str(path)) as fh:
        json.dump(data, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


def _pct(x: float | None) -> str:
    return "?" if x is None else f"{x:.0%}"


def _round(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(x, nd)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# -- machine ---------------------------------------------------------------------------------
def machine_info() -> dict:
    import numpy
    import sentence_transformers
    import sklearn
    import torch
    import transformers

    cpu_model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu_model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_total = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    mem_total = int(line.split()[1])
    except OSError:
        pass
    info = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu_model,
        "mem_total_mb": mb(mem_total),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "sentence_transformers": sentence_transformers.__version__,
        "transformers": transformers.__version__,
        "scikit_learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "loadavg_start": list(os.getloadavg()),
    }
    info.update(git_info())
    return info


def git_info() -> dict:
    """Commit and whether the working tree differs from it (read-only git commands)."""
    out: dict = {}
    try:
        out["git_commit"] = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                                           text=True, timeout=20).stdout.strip() or None
        status = subprocess.run(["git", "--no-optional-locks", "-C", str(ROOT), "status", "--porcelain",
                                 "--untracked-files=no"], capture_output=True, text=True, timeout=20).stdout
        out["git_dirty"] = [line[3:] for line in status.splitlines()]
    except (OSError, subprocess.SubprocessError):
        out["git_commit"] = None
    return out


# -- 1-3: bare encoder and pipeline ------------------------------------------------------------
def bench_throughput(rows: list[dict], n_articles: int, repeats: int) -> dict:
    import numpy as np

    from detector.data import Article
    from detector.embed import MAX_CHARS, SentenceEmbedder, get_model
    from detector.ingest import record_to_article
    from detector.scoring import Scorer, Stats
    from detector.segment import segment

    articles = [record_to_article(r, "bench", i + 1) for i, r in enumerate(cycled_records(rows, n_articles, "bench"))]
    bad = [a for a in articles if not isinstance(a, Article)]
    if bad:
        raise SystemExit(f"{len(bad)} benchmark articles failed ingestion, first: {bad[0]}")
    words = [len(a.text.split()) for a in articles]

    t0 = time.perf_counter()
    sentences = [s.text for a in articles for s in segment(a.text)[1]]
    segment_s = time.perf_counter() - t0
    # what SentenceEmbedder.encode hands to the model
    encoded = [s[:MAX_CHARS] for s in sentences]
    n_sent = len(sentences)

    log("loading the embedding model and the scorer")
    t0 = time.perf_counter()
    model = get_model()
    model_load_s = time.perf_counter() - t0
    embedder = SentenceEmbedder()  # the bare MiniLM encoder, the yardstick
    batch_size = embedder.batch_size
    t0 = time.perf_counter()
    # the pipeline with the encoder its model was trained on (the shipped model reads the static
    # one): handing it MiniLM would score with embeddings the model never saw, or fail E025
    scorer = Scorer()
    scorer_load_s = time.perf_counter() - t0

    def encode(texts):
        return model.encode(texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
                            show_progress_bar=False)

    # warm-up: one encoder call, one article through the pipeline
    encode(encoded[:batch_size])
    list(scorer.score_stream(articles[:1]))

    bare_s: list[float] = []
    pipe_s: list[float] = []
    bare_other: list[float | None] = []
    pipe_other: list[float | None] = []
    stages: list[dict[str, float]] = []

    def bare_pass(rep: int) -> None:
        gc.collect()
        with CpuWatch() as cw:
            t0 = time.perf_counter()
            vecs = encode(encoded)
            bare_s.append(time.perf_counter() - t0)
        bare_other.append(cw.other_share)
        assert vecs.shape == (n_sent, embedder.dim), vecs.shape
        log(f"  pass {rep + 1}/{repeats}: bare encoder {bare_s[-1]:.1f} s ({n_sent / bare_s[-1]:.1f} sentences/s; "
            f"other processes used {_pct(bare_other[-1])} of the CPUs)")

    def pipeline_pass(rep: int) -> None:
        gc.collect()
        scorer.stats = Stats()
        n_out = n_err = 0
        with CpuWatch() as cw:
            t0 = time.perf_counter()
            for res in scorer.score_stream(iter(articles)):
                n_out += 1
                n_err += not hasattr(res, "sentences")
            pipe_s.append(time.perf_counter() - t0)
        pipe_other.append(cw.other_share)
        if n_out != n_articles or n_err or scorer.stats.sentences != n_sent:
            raise SystemExit(f"pipeline scored {n_out} records ({n_err} errors, {scorer.stats.sentences} sentences); "
                             f"expected {n_articles} articles and {n_sent} sentences")
        stages.append(dict(scorer.stats.seconds))
        log(f"  pass {rep + 1}/{repeats}: pipeline {pipe_s[-1]:.1f} s ({n_sent / pipe_s[-1]:.1f} sentences/s; "
            f"other processes used {_pct(pipe_other[-1])} of the CPUs)")

    # adjacent pairs in alternating order (bare, pipeline, pipeline, bare, ...) so that a
    # change in the machine's load does not always hit the same side
    for rep in range(repeats):
        first, second = (bare_pass, pipeline_pass) if rep % 2 == 0 else (pipeline_pass, bare_pass)
        first(rep)
        second(rep)
        log(f"  pass {rep + 1}/{repeats}: ratio {bare_s[-1] / pipe_s[-1]:.2f}")

    bare_med, pipe_med = median(bare_s), median(pipe_s)
    stage_names = list(dict.fromkeys(k for s in stages for k in s))  # pipeline order
    stage_med = {k: round(median([s.get(k, 0.0) for s in stages]), 3) for k in stage_names}
    accounted = sum(stage_med.values())
    out = {
        "articles": n_articles,
        "sentences": n_sent,
        "sentences_per_article": round(n_sent / n_articles, 1),
        "words_per_article": {"mean": round(float(np.mean(words)), 1), "min": min(words), "max": max(words)},
        "sources": sorted({r["origin"] for r in rows}),
        "batch_size": batch_size,
        "pipeline_encoder": scorer.embedder.name,
        "batch_sentences": scorer.batch_sentences,
        "repeats": repeats,
        "model_load_seconds": round(model_load_s, 2),
        "scorer_load_seconds": round(scorer_load_s, 2),
        "segment_only_seconds": round(segment_s, 2),
        "bare": {
            "seconds": [round(x, 2) for x in bare_s],
            "median_seconds": round(bare_med, 2),
            "sentences_per_second": round(n_sent / bare_med, 1),
            "best_sentences_per_second": round(n_sent / min(bare_s), 1),
            "other_cpu_share": [_round(x) for x in bare_other],
        },
        "pipeline": {
            "seconds": [round(x, 2) for x in pipe_s],
            "median_seconds": round(pipe_med, 2),
            "articles_per_second": round(n_articles / pipe_med, 2),
            "sentences_per_second": round(n_sent / pipe_med, 1),
            "best_sentences_per_second": round(n_sent / min(pipe_s), 1),
            "other_cpu_share": [_round(x) for x in pipe_other],
            "stage_seconds": stage_med,
            "stage_seconds_per_pass": [{k: round(v, 3) for k, v in st.items()} for st in stages],
            "unaccounted_seconds": round(pipe_med - accounted, 3),
        },
        # bare time / pipeline time == pipeline sentences/s / bare sentences/s
        "ratio": round(bare_med / pipe_med, 3),
        "ratio_per_pass": [round(b / p, 3) for b, p in zip(bare_s, pipe_s, strict=True)],
        "target_ratio": TARGET_RATIO,
    }
    return add_quiet(out)


def add_quiet(t: dict) -> dict:
    """Figures of the pairs in which neither pass shared the machine with other work."""
    bare, pipe = t["bare"], t["pipeline"]
    n = len(bare["seconds"])
    shares = zip(bare.get("other_cpu_share") or [None] * n, pipe.get("other_cpu_share") or [None] * n, strict=True)
    quiet = [i for i, (x, y) in enumerate(shares)
             if x is not None and y is not None and x < QUIET_SHARE and y < QUIET_SHARE]
    t["quiet_passes"] = [i + 1 for i in quiet]
    if quiet:
        b = median([bare["seconds"][i] for i in quiet])
        p = median([pipe["seconds"][i] for i in quiet])
        t["quiet"] = {
            "bare_sentences_per_second": round(t["sentences"] / b, 1),
            "pipeline_sentences_per_second": round(t["sentences"] / p, 1),
            "pipeline_articles_per_second": round(t["articles"] / p, 2),
            "ratio": round(median([bare["seconds"][i] / pipe["seconds"][i] for i in quiet]), 3),
            "pipeline_seconds": p,
        }
        per_pass = pipe.get("stage_seconds_per_pass")
        if per_pass:
            t["quiet"]["stage_seconds"] = {k: round(median([per_pass[i].get(k, 0.0) for i in quiet]), 3)
                                           for k in pipe["stage_seconds"]}
    else:
        t["quiet"] = None
    return t


# -- 4: cold start ---------------------------------------------------------------------------
def bench_cold(repeats: int) -> dict:
    cmds = {
        "import_detector_cli": [sys.executable, "-c", "import detector.cli"],
        "detector_help": detector_cmd() + ["--help"],
        "score_one_article": detector_cmd() + ["score", COLD_ARTICLE, "--format", "json", "-q"],
    }
    out = {}
    for name, cmd in cmds.items():
        runs = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            runs.append(time.perf_counter() - t0)
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-2000:]}")
        out[name] = {"command": " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd)),
                     "seconds": [round(x, 2) for x in runs], "median_seconds": round(median(runs), 2)}
        log(f"  cold {name}: {median(runs):.2f} s")
    return out


# -- 5: peak memory while streaming ---------------------------------------------------------------
def stream_run(path: Path, n: int) -> dict:
    """Score ``path`` with the CLI in a child process; RSS at each quarter of the stream and its peak.

    The child writes JSONL to a pipe read here line by line, so the stream position is exact.
    """
    cmd = detector_cmd() + ["score", str(path), "--format", "jsonl", "-q"]
    checkpoints = {max(1, round(n * q / 4)): f"{q}/4" for q in (1, 2, 3, 4)}
    at: dict[str, dict] = {}
    stderr_chunks: list[bytes] = []
    watch = CpuWatch().__enter__()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    drain = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    drain.start()
    first_line_s = None
    lines = errors = 0
    for line in proc.stdout:
        lines += 1
        if first_line_s is None:
            first_line_s = time.perf_counter() - t0
        errors += "error" in json.loads(line)
        if lines in checkpoints:
            st = proc_status(proc.pid)
            at[checkpoints[lines]] = {"articles": lines, "seconds": round(time.perf_counter() - t0, 1),
                                      "rss_mb": mb(st.get("VmRSS")), "hwm_mb": mb(st.get("VmHWM"))}
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    watch.__exit__(None, None, None)
    drain.join(timeout=10)
    if proc.returncode != 0 or lines != n:
        err = b"".join(stderr_chunks).decode(errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode} after {lines}/{n} lines: {err}")
    return {
        "articles": n,
        "wall_seconds": round(wall, 1),
        "first_result_seconds": round(first_line_s or 0.0, 1),
        "articles_per_second": round(n / wall, 2),
        "error_records": errors,
        "peak_rss_mb": mb(usage.ru_maxrss),  # KiB on Linux
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "other_cpu_share": _round(watch.other_share),
        "at": at,
    }


def bench_memory(rows: list[dict], n_big: int) -> dict:
    n_small = max(1, n_big // 4)
    tmp = Path(tempfile.mkdtemp(prefix="bench-stream-"))
    try:
        out = {}
        for n in (n_small, n_big):
            path = tmp / f"stream-{n}.jsonl"
            with path.open("w", encoding="utf-8") as fh:
                for rec in cycled_records(rows, n, "stream"):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            size = path.stat().st_size
            log(f"  streaming {n} articles ({size / 1e6:.1f} MB) through `detector score`")
            run = stream_run(path, n)
            run["input_mb"] = round(size / 1e6, 1)
            out[str(n)] = run
            log(f"  {n} articles: peak RSS {run['peak_rss_mb']} MB, {run['wall_seconds']} s")
        small, big = out[str(n_small)], out[str(n_big)]
        growth = big["peak_rss_mb"] - small["peak_rss_mb"]
        return {
            "small": n_small,
            "large": n_big,
            "runs": out,
            "peak_growth_mb": round(growth, 1),
            "peak_growth_share": round(growth / small["peak_rss_mb"], 3),
            "flat": growth <= FLAT_TOLERANCE * small["peak_rss_mb"],
            "flat_tolerance": FLAT_TOLERANCE,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# -- 6: report rendering ---------------------------------------------------------------------------
def tiled_result(base: dict, n_sentences: int) -> dict:
    """One scored-article dict of ``n_sentences`` sentences: ``base`` repeated with shifted offsets."""
    sents, finds = base["sentences"], base["findings"]
    span = max(s["end"] for s in sents) + 2
    n_par = max(int(s["paragraph"]) for s in sents) + 1
    k = len(sents)
    out = copy.deepcopy(base)
    out["id"] = f"{base['id']}-x{n_sentences}"
    out["sentences"], out["findings"] = [], []
    copies = -(-n_sentences // k)
    for c in range(copies):
        for s in sents:
            if len(out["sentences"]) == n_sentences:
                break
            out["sentences"].append(dict(s, index=s["index"] + c * k, start=s["start"] + c * span,
                                         end=s["end"] + c * span, paragraph=s["paragraph"] + c * n_par))
        for f in finds:
            if f["sentence"] + c * k < n_sentences:
                out["findings"].append(dict(f, sentence=f["sentence"] + c * k, start=f["start"] + c * span,
                                            end=f["end"] + c * span,
                                            related=[r + c * k for r in f["related"] if r + c * k < n_sentences]))
    counts: dict[str, int] = {}
    for f in out["findings"]:
        counts[f["type"]] = counts.get(f["type"], 0) + 1
    out["counts"] = dict(sorted(counts.items()))
    return out


def bench_reports(n_big_sentences: int, n_small: int, repeats: int) -> dict:
    from detector.report import write_reports

    base = json.loads((ROOT / REPORT_FIXTURE).read_text(encoding="utf-8"))
    big = tiled_result(base, n_big_sentences)

    def small_results():
        for i in range(n_small):
            yield dict(base, id=f"small-{i:05d}")

    def timed(make, expect_pages):
        runs, size = [], 0
        for _ in range(repeats):
            tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
            try:
                gc.collect()
                t0 = time.perf_counter()
                written = write_reports(make(), tmp)
                runs.append(time.perf_counter() - t0)
                if len(written) != expect_pages + 1:
                    raise SystemExit(f"write_reports wrote {len(written)} files, expected {expect_pages + 1}")
                size = sum(p.stat().st_size for p in written)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        return {"seconds": [round(x, 2) for x in runs], "median_seconds": round(median(runs), 2),
                "files": expect_pages + 1, "output_mb": round(size / 1e6, 1)}

    out = {
        "fixture": REPORT_FIXTURE,
        "big_article": {"sentences": len(big["sentences"]), "findings": len(big["findings"]),
                        **timed(lambda: iter([big]), 1)},
    }
    log(f"  one {n_big_sentences}-sentence article: {out['big_article']['median_seconds']} s")
    out["small_results"] = {"results": n_small, "sentences_each": len(base["sentences"]),
                            "findings_each": len(base["findings"]), **timed(small_results, n_small)}
    out["small_results"]["results_per_second"] = round(n_small / out["small_results"]["median_seconds"], 1)
    log(f"  {n_small} small results: {out['small_results']['median_seconds']} s")
    return out


# -- output ----------------------------------------------------------------------------------------
def print_table(r: dict) -> None:
    m, t = r["machine"], r["throughput"]
    p, b = t["pipeline"], t["bare"]
    w = sys.stdout.write
    w(f"\nBenchmark {m['date']}  ({m['cpu_count']} CPUs {m['cpu_model']}; python {m['python']}, torch {m['torch']} "
      f"[{m['torch_threads']} threads], sentence-transformers {m['sentence_transformers']})\n")
    w(f"load average at start {m['loadavg_start'][0]:.2f}, at end {m.get('loadavg_end', [0])[0]:.2f}\n\n")
    w(f"Throughput: {t['articles']} articles, {t['sentences']} sentences ({t['sentences_per_article']}/article, "
      f"{t['words_per_article']['mean']:.0f} words/article), batch size {t['batch_size']}, "
      f"median of {t['repeats']}\n")
    w(f"  {'bare encoder':<28}{b['sentences_per_second']:>10.1f} sentences/s   {b['median_seconds']:>8.2f} s"
      f"   (best {b['best_sentences_per_second']})\n")
    w(f"  {'pipeline (score_stream)':<28}{p['sentences_per_second']:>10.1f} sentences/s   {p['median_seconds']:>8.2f} s"
      f"   (best {p['best_sentences_per_second']})   {p['articles_per_second']:.2f} articles/s\n")
    verdict = "ok" if t["ratio"] >= t["target_ratio"] else "BELOW TARGET"
    w(f"  {'ratio pipeline / bare':<28}{t['ratio']:>10.3f}  (target >= {t['target_ratio']}: {verdict}; "
      f"per pass {t['ratio_per_pass']})\n")
    w(f"  other processes' share of the CPUs per pass: bare {_shares(b['other_cpu_share'])}, "
      f"pipeline {_shares(p['other_cpu_share'])}\n")
    if t.get("quiet"):
        qt = t["quiet"]
        w(f"  quiet passes {t['quiet_passes']} (other processes < {QUIET_SHARE:.0%}): bare "
          f"{qt['bare_sentences_per_second']} sentences/s, pipeline {qt['pipeline_sentences_per_second']} "
          f"sentences/s ({qt['pipeline_articles_per_second']} articles/s), ratio {qt['ratio']}\n\n")
    else:
        w(f"  no quiet pass (other processes used >= {QUIET_SHARE:.0%} of the CPUs in every pair)\n\n")
    qs = (t.get("quiet") or {}).get("stage_seconds")
    w("  pipeline stages (median s)      seconds   share" + ("   quiet passes   share" if qs else "") + "\n")
    for k, v in p["stage_seconds"].items():
        w(f"    {k:<30}{v:>8.2f}  {v / p['median_seconds']:>6.1%}")
        if qs:
            w(f"   {qs[k]:>12.2f}  {qs[k] / t['quiet']['pipeline_seconds']:>6.1%}")
        w("\n")
    w(f"    {'(unaccounted: loop, results)':<30}{p['unaccounted_seconds']:>8.2f}  "
      f"{p['unaccounted_seconds'] / p['median_seconds']:>6.1%}\n\n")
    if "cold_start" in r:
        print_cold(r["cold_start"], w)
    if "memory" in r:
        print_memory(r["memory"], w)
    if "reports" in r:
        print_reports(r["reports"], w)


def _shares(xs) -> str:
    return "[" + ", ".join(_pct(x) for x in xs) + "]"


def print_cold(cold: dict, w) -> None:
    w("Cold start (fresh process, median)\n")
    for v in cold.values():
        w(f"  {v['command']:<62}{v['median_seconds']:>6.2f} s   {v['seconds']}\n")


def print_memory(mem: dict, w) -> None:
    w(f"\nPeak memory streaming JSONL through `detector score --format jsonl` (flat: growth <= "
      f"{mem['flat_tolerance']:.0%})\n")
    for n, run in mem["runs"].items():
        pos = "  ".join(f"{k} {v['rss_mb']}" for k, v in run["at"].items())
        w(f"  {n:>6} articles: peak RSS {run['peak_rss_mb']:>7.1f} MB   RSS MB at {pos}   "
          f"{run['wall_seconds']} s ({run['articles_per_second']} articles/s; other processes "
          f"{_pct(run['other_cpu_share'])})\n")
    w(f"  growth {mem['peak_growth_mb']:+.1f} MB ({mem['peak_growth_share']:+.1%}): "
      f"{'flat' if mem['flat'] else 'NOT FLAT'}\n\n")


def print_reports(rep: dict, w) -> None:
    w("Report rendering (write_reports into a temp dir, median)\n")
    ba, sm = rep["big_article"], rep["small_results"]
    w(f"  one article, {ba['sentences']} sentences, {ba['findings']} findings{'':<8}{ba['median_seconds']:>7.2f} s"
      f"   {ba['output_mb']} MB\n")
    w(f"  {sm['results']} results of {sm['sentences_each']} sentences{'':<14}{sm['median_seconds']:>7.2f} s"
      f"   {sm['results_per_second']} results/s, {sm['files']} files, {sm['output_mb']} MB\n\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=None, help="articles for the throughput passes (default 200; "
                    "--quick 20)")
    ap.add_argument("--stream-articles", type=int, default=None, help="articles in the large streaming run; the "
                    "small one has a quarter (default 2000; --quick 300)")
    ap.add_argument("--repeats", type=int, default=None, help="passes per timed measurement (default 3; --quick 2)")
    ap.add_argument("--report-results", type=int, default=None, help="small results rendered (default 10000; "
                    "--quick 1000)")
    ap.add_argument("--report-sentences", type=int, default=2000, help="sentences in the big report article")
    ap.add_argument("--show", type=Path, default=None, metavar="JSON",
                    help="print the table of a saved results file and exit")
    ap.add_argument("--quick", action="store_true", help="a small run: fewer articles, passes and results")
    ap.add_argument("--skip", action="append", default=[], choices=["cold", "memory", "reports"],
                    help="leave a measurement out (repeatable)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json",
                    help="JSON results file, written atomically")
    args = ap.parse_args(argv)
    if args.show:
        saved = json.loads(args.show.read_text(encoding="utf-8"))
        add_quiet(saved["throughput"])
        print_table(saved)
        return 0
    q = args.quick
    n_articles = args.articles or (20 if q else 200)
    n_stream = args.stream_articles or (300 if q else 2000)
    repeats = args.repeats or (2 if q else 3)
    n_report = args.report_results or (1000 if q else 10000)
    os.chdir(ROOT)

    started = time.perf_counter()
    results: dict = {"machine": machine_info(),
                     "settings": {"articles": n_articles, "stream_articles": n_stream, "repeats": repeats,
                                  "report_results": n_report, "report_sentences": args.report_sentences,
                                  "quick": q}}
    rows = read_rows()
    log(f"throughput: {n_articles} articles, {repeats} passes each (bare encoder, pipeline)")
    results["throughput"] = bench_throughput(rows, n_articles, repeats)
    if "cold" not in args.skip:
        log("cold start")
        results["cold_start"] = bench_cold(3)
    if "memory" not in args.skip:
        log(f"memory: streams of {max(1, n_stream // 4)} and {n_stream} articles")
        results["memory"] = bench_memory(rows, n_stream)
    if "reports" not in args.skip:
        log("report rendering")
        results["reports"] = bench_reports(args.report_sentences, n_report, repeats)
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    results["total_seconds"] = round(time.perf_counter() - started, 1)

    out = args.out if args.out.is_absolute() else ROOT / args.out
    atomic_write_json(out, results)
    print_table(results)
    log(f"wrote {out} ({results['total_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
