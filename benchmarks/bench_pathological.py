"""Hostile shapes of article, each scored alone in a fresh process: CPU seconds, peak memory, stages.

    .venv/bin/python benchmarks/bench_pathological.py                    # every case (a few minutes)
    .venv/bin/python benchmarks/bench_pathological.py --case short_lines --case templated_lines
    .venv/bin/python benchmarks/bench_pathological.py --timeout 300 --out /tmp/hostile.json

Crawls carry pages no news article looks like: a paragraph of a million characters without a
full stop, one line of 50,000 words, thousands of one-word lines, a results page of thousands of
lines written to one template. Each case is written here (a 25-word vocabulary, so every sentence
is like every other: the worst case for the pair searches), checked and scored with the shipped model as
the command line does (``check_article``, then ``Scorer.score_stream``) in a child process of its own (warm: the scorer is built and has scored
one article before the clock starts), and reported with its CPU seconds, its stages' seconds
(``Scorer.stats``) and the child's peak RSS. A case that runs past ``--timeout`` is reported as
such and the run goes on: it is the finding. What the numbers mean is in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_WORDS = ("the council river bridge water farmers said minister report road village market school "
          "budget plan week month city region police hospital price grain border year people").split()
#: what a page of short lines holds: menus, labels, tags
_LABELS = "home news sport read more share this about the of for and in our your all latest city live".split()
_GIVEN = "Anna Maria Olena Peter Juan Ivan Sofia Jan Karel Mehmet Aisha Kwame Liu Hana Tomas".split()
_SURNAMES = "Kovalenko Novak Garcia Smith Mensah Yilmaz Tanaka Petrov Horvat Silva Chen Okafor Berg".split()


#: Every case opens with a paragraph of prose, as a page would, so that it passes the language check
#: (which reads the first 20,000 characters) and reaches the detectors
_LEDE = ("The regional council said on Monday that it would open the bridge over the river again by the end "
         "of the month, after the repairs that were started in the spring. It is the only road to the market "
         "for most of the villages in the valley, and the farmers have had to drive for an hour around it.\n\n")


def _cases(rnd: random.Random) -> dict:
    def words(n: int) -> str:
        return " ".join(rnd.choice(_WORDS) for _ in range(n))

    def sentences(n: int) -> str:
        return " ".join(words(rnd.randint(6, 20)).capitalize() + "." for _ in range(n))

    def name() -> str:
        return f"{rnd.choice(_GIVEN)} {rnd.choice(_SURNAMES)}"

    return {
        # over the length limit: refused before it is read (E007)
        "two_megabytes_without_full_stop": lambda: words(330_000)[:2_000_000 - len(_LEDE)],
        # one paragraph just under the length limit, no sentence end anywhere
        "paragraph_without_full_stop": lambda: words(160_000)[:990_000 - len(_LEDE)],
        "line_of_50000_words": lambda: words(50_000),
        "line_of_3800_sentences": lambda: sentences(3_800),
        "short_lines": lambda: "\n".join(" ".join(rnd.choice(_LABELS) for _ in range(rnd.randint(1, 3)))
                                          for _ in range(20_000)),
        "short_title_case_lines": lambda: "\n".join(words(rnd.randint(1, 4)).title() for _ in range(5_000)),
        "templated_lines": lambda: "\n".join(
            f"In ward {n + 1} turnout was {30 + n / 100:.2f}% and the candidate won {1000 + 37 * n:,} votes."
            for n in range(4_000)),
        "many_quotations": lambda: " ".join(f'"{words(5)}," {rnd.choice(_GIVEN)} said. “{words(4)}'
                                            for _ in range(3_000)),
        "quotations_never_closed": lambda: " ".join(f"“{words(3)}" for _ in range(20_000)),
        "many_names_and_pronouns": lambda: " ".join(
            f"{name()} {rnd.choice(['said', 'told reporters', 'added'])} {words(6)}. "
            f"{rnd.choice(['He', 'She', 'They'])} {words(5)}." for _ in range(3_000)),
        "names_without_full_stop": lambda: " ".join(name() for _ in range(40_000)),
        "title_case_run": lambda: " ".join(w.capitalize() for w in words(60_000).split()),
        "one_200000_letter_word": lambda: "The council said " + "a" * 200_000 + " on Monday.",
        "url_of_20000_words": lambda: "See https://example.com/" + "/".join(words(20_000).split()) + " now.",
        "punctuation_run": lambda: "The council met. " + "!?" * 100_000 + " It ended.",
        "full_stops_run": lambda: "The council met " + ". " * 200_000 + "and left.",
        "breadcrumb_of_30000_labels": lambda: "Home " + " » ".join(words(1).title() for _ in range(30_000)),
        "menu_of_30000_items": lambda: " | ".join(words(2).title() for _ in range(30_000)),
        "whitespace_run": lambda: "The council met on Monday." + " " * 300_000 + "\t" * 100_000 + "It ended.",
        "blank_lines_run": lambda: "The council met on Monday." + "\n" * 300_000 + "It ended.",
        "paragraph_repeated_3000_times": lambda: "\n\n".join([sentences(3)] * 3_000),
        "words_glued_together": lambda: "".join(w.capitalize() for w in words(60_000).split()),
        "nested_parentheses": lambda: "The council " + "(" * 50_000 + "met" + ")" * 50_000 + ".",
        # just under the sentence limit, every sentence long enough to be compared with every other
        "sentences_10000": lambda: "\n\n".join(sentences(5) for _ in range(1_999)),
        "hyphen_run": lambda: "The council met " + "-" * 200_000 + " and left.",
        "credits_line": lambda: sentences(400) + " The council met " + "Photo: AP " * 30_000 + "and left.",
        "hyphenated_run": lambda: sentences(400) + " The council met " + "-ab" * 100_000 + " and left.",
    }


#: Word diffs outside the scorer (whose sentences stop at 1,000 characters): a scores file given to
#: `detector report` or a trace's pages can hold a sentence of any length. Each pair is diffed the
#: three ways the package does: the near-duplicate and trace explanation (``word_changes``) and the
#: report's marked words (``word_diff``).
_DIFF_CASES = {
    # one token repeated over 400,000 characters, and the same with one word added in the middle
    "diff_400000_chars_of_one_token": lambda: ("farmers " * 50_000, "farmers " * 25_000 + "said " + "farmers " * 25_000),
}


def case_names() -> list[str]:
    return list(_cases(random.Random(0))) + list(_DIFF_CASES)


def _diff_child(name: str) -> dict:
    from detector.detectors.duplicates import word_changes
    from detector.report import word_diff

    a, b = _DIFF_CASES[name]()
    c0, t0 = time.process_time(), time.perf_counter()
    changes = word_changes(a, b)
    word_diff(a, b)
    return {"case": name, "chars": len(a) + len(b), "cpu_seconds": round(time.process_time() - c0, 2),
            "wall_seconds": round(time.perf_counter() - t0, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "label": f"{len(changes)} change(s)"}


def _child(name: str) -> dict:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from detector.data import Article, ErrorRecord
    from detector.ingest import check_article
    from detector.scoring import Scorer

    if name in _DIFF_CASES:
        return _diff_child(name)
    text = _LEDE + _cases(random.Random(1))[name]()
    # the cost of a case, however long or large, not the E016 or E017 of the limits for one record
    scorer = Scorer(time_limit=None, memory_limit_mb=None)
    list(scorer.score_stream([Article(id="warm", text="The council met on Monday. It voted.")]))
    scorer.stats.seconds.clear()
    c0, t0 = time.process_time(), time.perf_counter()
    article = Article(id=name, text=text)
    result = check_article(article) or next(scorer.score_stream([article]))
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    stages = sorted(scorer.stats.seconds.items(), key=lambda kv: -kv[1])
    out = {"case": name, "chars": len(text), "cpu_seconds": round(cpu, 2), "wall_seconds": round(wall, 2),
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
           "stages": {k: round(v, 3) for k, v in stages[:5]}}
    if isinstance(result, ErrorRecord):
        out.update(error=result.code)
    else:
        out.update(sentences=len(result.sentences), label=result.label, findings=len(result.findings))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", action="append", choices=case_names(), help="only this case (repeatable)")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds a case may run (default 180)")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.child)))
        return
    rows = []
    for name in args.case or case_names():
        try:
            done = subprocess.run([sys.executable, __file__, "--child", name], capture_output=True, text=True,
                                  timeout=args.timeout, check=False)
            row = (json.loads(done.stdout.strip().splitlines()[-1]) if done.returncode == 0
                   else {"case": name, "failed": done.stderr.strip().splitlines()[-1:]})
        except subprocess.TimeoutExpired:
            row = {"case": name, "timeout": args.timeout}
        rows.append(row)
        verdict = row.get("label") or row.get("error") or ("TIMEOUT" if "timeout" in row else "FAILED")
        print(f"{name:32s} {row.get('chars', 0):>9,} chars {row.get('sentences', 0):>6} sentences "
              f"{row.get('cpu_seconds', float('nan')):7.2f} CPU-s {row.get('peak_rss_mb', float('nan')):7.1f} MB "
              f"{verdict:11s} {', '.join(f'{k} {v:.2f}' for k, v in list(row.get('stages', {}).items())[:3])}",
              flush=True)
    if args.out:
        args.out.write_text(json.dumps({"date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "cases": rows}, indent=1))


if __name__ == "__main__":
    main()
