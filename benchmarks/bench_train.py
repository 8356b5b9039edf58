"""Training benchmark: time and peak memory of `training.train` with a cold and a warm embedding cache.

    .venv/bin/python benchmarks/bench_train.py                  # ~20,000 labelled sentences
    .venv/bin/python benchmarks/bench_train.py --variants 2     # a small run
    .venv/bin/python benchmarks/bench_train.py --threads 1      # OMP/BLAS threads of the trainer

1. data: `training.generate` over data/corpus with --variants artifacted variants per article
   plus the originals (60 articles, --variants 12: 780 labelled articles, about 20,000 sentences);
2. cold: `python -m training.train` in a fresh process with an empty embedding cache;
3. warm: the same again, the cache now holding every sentence.

Each run is a child process: wall time, and peak resident memory from the child's own
rusage (ru_maxrss); the stage seconds (segment, embed, features, fit) come from the saved
model's metadata. Results are printed and written to --out (JSON, atomically); the
figures in benchmarks/README.md ("Training") come from this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_measured(cmd: list[str], env: dict[str, str]) -> dict:
    """Run ``cmd`` as a child and reap it with wait4, which returns that child's own rusage."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        res = {"seconds": round(wall, 1), "returncode": proc.returncode, "stdout": out.read(), "stderr": err.read(),
               "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
               "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1)}
    if res["returncode"]:
        sys.stderr.write(res["stderr"])
        raise SystemExit(f"failed ({res['returncode']}): {' '.join(cmd)}")
    return res


def _cache_entries(cache: Path) -> int:
    import numpy as np

    return int(len(np.load(cache)["keys"])) if cache.exists() else 0


def _fit_threads() -> int:
    sys.path.insert(0, str(ROOT))
    from training.train import FIT_THREADS

    return FIT_THREADS


def machine() -> dict:
    from importlib.metadata import version

    info = {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            info["cpu"] = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    except OSError:
        pass
    for pkg in ("scikit-learn", "numpy", "torch", "sentence-transformers"):
        try:
            info[pkg] = version(pkg)
        except Exception:  # noqa: BLE001  (a missing package is just not listed)
            pass
    try:
        info["git_commit"] = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                            timeout=5).stdout.strip()
    except OSError:
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", type=int, default=12, help="artifacted variants per corpus article")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=None,
                    help="OMP_NUM_THREADS/OPENBLAS_NUM_THREADS for the trainer (default: unset, all cores)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "train.json")
    ap.add_argument("--keep", action="store_true", help="keep the work directory (data, cache, models)")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench_train."))
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", DETECTOR_HOME=str(work / "home"))
    if args.threads:
        env |= {"OMP_NUM_THREADS": str(args.threads), "OPENBLAS_NUM_THREADS": str(args.threads)}
    py = sys.executable
    try:
        data = work / "labels.jsonl"
        t0 = time.perf_counter()
        run_measured([py, "-m", "training.generate", "--corpus", "data/corpus", "--out", str(data),
                      "--seed", str(args.seed), "--variants", str(args.variants)], env)
        generate_s = time.perf_counter() - t0
        cache = work / "embeddings.npz"
        runs = {}
        for phase in ("cold", "warm"):
            print(f"{phase}: training ...", file=sys.stderr, flush=True)
            res = run_measured([py, "-m", "training.train", "--data", str(data), "--out", str(work / phase),
                                "--cache", str(cache), "--name", "bench", "--version", phase], env)
            meta = json.loads((work / phase / "metadata.json").read_text(encoding="utf-8"))
            runs[phase] = {"seconds": res["seconds"], "cpu_seconds": res["cpu_seconds"],
                           "peak_rss_mib": res["peak_rss_mib"], "stages": meta.get("timings", {}),
                           "rows": meta["rows"],
                           "held_out_ap": meta["metrics"]["held_out"].get("average_precision")}
        n_articles = sum(1 for line in data.open(encoding="utf-8") if line.strip())
        result = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "threads": args.threads,
            "variants": args.variants,
            "articles": n_articles,
            "sentences": runs["cold"]["rows"]["train"] + runs["cold"]["rows"]["held_out"],
            "cache_bytes": cache.stat().st_size if cache.exists() else 0,
            "cache_sentences": _cache_entries(cache),
            "fit_threads": _fit_threads(),
            "generate_seconds": round(generate_s, 1),
            "runs": runs,
        }
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}", file=sys.stderr)

    from detector.fileio import write_text_atomic

    write_text_atomic(args.out, json.dumps(result, indent=2) + "\n")

    print(f"{result['articles']} labelled articles, {result['sentences']} labelled sentences, "
          f"{result['cache_sentences']} distinct (generate: {result['generate_seconds']} s); "
          f"OMP/BLAS threads: {args.threads or 'unset'}, fit threads: {result['fit_threads']}")
    print(f"{'cache':<6}{'wall s':>8}{'cpu s':>8}{'peak MiB':>10}{'segment':>9}{'embed':>8}{'features':>10}"
          f"{'fit':>8}{'AP':>8}")
    for phase, r in runs.items():
        s = r["stages"]
        print(f"{phase:<6}{r['seconds']:>8.1f}{r['cpu_seconds']:>8.1f}{r['peak_rss_mib']:>10.0f}"
              f"{s.get('segment', 0):>9.1f}{s.get('embed', 0):>8.1f}{s.get('features', 0):>10.1f}"
              f"{s.get('fit', 0):>8.1f}{r['held_out_ap'] or 0:>8.4f}")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
