"""The README's examples, run as a newcomer runs them: every ``console`` block's command prints
what the block shows (at 80 columns, a block's ``...`` lines standing for output left out), and
every ``python`` block runs on small files of the names it reads (a Dask cluster is a local
in-process one here)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from detector.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(kind: str) -> list[str]:
    return re.findall(rf"^```{kind}\n(.*?)^```", README, re.S | re.M)


def segments(shown: list[str]) -> list[list[str]]:
    """A block's lines cut at its '...' lines: each part must appear, in order, in the output."""
    parts: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "...":
            parts.append([])
        else:
            parts[-1].append(line)
    return [p for p in parts if p]


def in_order(parts: list[list[str]], lines: list[str]) -> list[str] | None:
    """The first part not found as a run of ``lines`` after the one before it, else None."""
    at = 0
    for part in parts:
        for i in range(at, len(lines) - len(part) + 1):
            if lines[i:i + len(part)] == part:
                at = i + len(part)
                break
        else:
            return part
    return None


CONSOLE = blocks("console")


def test_the_readme_has_its_console_examples():
    assert [b.split("\n", 1)[0] for b in CONSOLE] == [
        "$ .venv/bin/detector score data/examples/farm_article.txt",
        "$ .venv/bin/detector score data/examples/mt_article.txt",
        "$ .venv/bin/detector trace data/examples/copies.jsonl",
    ]


@pytest.mark.parametrize("block", CONSOLE, ids=[b.split("\n", 1)[0].split("/")[-1] for b in CONSOLE])
def test_a_console_example_prints_what_the_readme_shows(block, monkeypatch, tmp_path):
    monkeypatch.setenv("DETECTOR_HOME", str(tmp_path / "home"))  # the shipped model, not a user's active one
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.chdir(ROOT)
    command, *shown = block.rstrip("\n").split("\n")
    args = shlex.split(command.removeprefix("$ .venv/bin/detector "))
    # a terminal's default format, without its colours
    result = CliRunner().invoke(main, [*args, "--format", "table", "--no-color"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert max(len(line) for line in lines) <= 80
    assert in_order(segments(shown), lines) is None, result.stdout


def test_the_in_order_match_fails_on_a_changed_line():
    assert in_order([["a", "b"], ["d"]], ["a", "b", "c", "d"]) is None
    assert in_order([["a", "c"]], ["a", "b", "c"]) == ["a", "c"]
    assert in_order([["d"], ["a"]], ["a", "d"]) == ["a"]


PYTHON = blocks("python")
EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture
def newcomer_dir(tmp_path, monkeypatch):
    """A folder holding the files the README's Python reads: an article, a crawl with url and
    title fields, its scores as `detector score` writes them, the articles CSV and a Parquet crawl."""
    import pandas as pd

    monkeypatch.setenv("DETECTOR_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text((EXAMPLES / "farm_article.txt").read_text(encoding="utf-8"),
                                          encoding="utf-8")
    rows = [{"id": name, "url": f"https://news.example/{name}", "title": name.replace("_", " "),
             "text": (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")}
            for name in ("farm_article", "wire_article", "mt_article")]
    (tmp_path / "crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for args in (["-o", "scores.jsonl"], ["-o", "articles.csv", "--format", "articles-csv"]):
        assert CliRunner().invoke(main, ["score", "crawl.jsonl", "-q", *args]).exit_code == 0
    (tmp_path / "crawl").mkdir()
    pd.DataFrame(rows).to_parquet(tmp_path / "crawl" / "part-0.parquet")
    return tmp_path


def test_the_readme_has_its_python_examples():
    assert len(PYTHON) == 3
    assert "score_dask_dataframe" in PYTHON[2]


@pytest.mark.parametrize("k", range(len(PYTHON)))
def test_a_python_example_runs(k, newcomer_dir):
    code = PYTHON[k]
    if "Client(" in code:
        address = 'Client("tcp://SCHEDULER:8786")'
        assert address in code
        code = code.replace(address, "Client(processes=False, n_workers=1, threads_per_worker=1, "
                                     "dashboard_address=None)")
        code += "\nclient.close()\n"
    names: dict = {}
    exec(compile(code, f"README.md python block {k + 1}", "exec"), names)
    if "df" in names:  # the examples' frames hold the three articles, in input order
        assert list(names["df"]["id"]) == ["farm_article", "wire_article", "mt_article"]
        assert names["df"].set_index("id").loc["farm_article", "label"] == "artifacted"
    if "scores" in names and k == 2:
        import pandas as pd

        assert list(pd.read_parquet(newcomer_dir / "scores")["id"]) == ["farm_article", "wire_article",
                                                                        "mt_article"]


def _commands_in_bash_blocks() -> list[str]:
    out = []
    for block in blocks("bash"):
        for line in block.replace("\\\n", " ").splitlines():
            for part in line.split("#")[0].split("&&"):
                part = part.strip()
                if part.startswith((".venv/bin/detector ", "detector ")):
                    out.append(part)
    return out


def test_every_documented_command_line_names_options_its_command_has():
    # a README that names an option or a subcommand the tool does not have sends a stranger to
    # 'No such option'; the commands' own runs are above and in the CLI tests
    import click

    lines = _commands_in_bash_blocks()
    assert len(lines) > 30
    wrong = []
    for line in lines:
        words = shlex.split(line)[1:]
        cmd: click.Command = main
        while isinstance(cmd, click.Group) and words and words[0] in cmd.commands:
            cmd = cmd.commands[words.pop(0)]
        known = {name for p in cmd.params for name in (*p.opts, *p.secondary_opts)} | {"--help", "-h", "-V"}
        wrong += [(line, w.split("=")[0]) for w in words if w.startswith("-") and w != "-"
                  and w.split("=")[0] not in known]
    assert wrong == []
