"""The model registry: every model ever written is listed, any can be activated, a promotion can be undone."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from detector import registry
from detector.cli import main
from detector.errors import DetectorError


def fake_model(path, name="custom", version="1", created="2025-01-01T00:00:00"):
    path.mkdir(parents=True)
    (path / "metadata.json").write_text(json.dumps({"name": name, "version": version, "created": created}))
    return path


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("DETECTOR_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_models_written_anywhere_are_registered_and_resolved_by_name(home, tmp_path):
    a = fake_model(tmp_path / "elsewhere" / "a", "newsroom", "1", "2025-01-01")
    b = fake_model(tmp_path / "b", "newsroom", "2", "2025-02-01")
    registry.register(a, how="train")
    registry.register(b, how="retrain", base=a)
    paths = [p for p, _ in registry.known_models()]
    assert a in paths and b in paths
    assert registry.resolve_model("newsroom-1") == a
    assert registry.resolve_model("newsroom") == b  # a bare name: its newest version
    assert registry.resolve_model("2") == b
    assert registry.resolve_model(str(a)) == a
    assert registry.resolve_model("shipped") == registry.default_model_dir()
    with pytest.raises(DetectorError) as exc:
        registry.resolve_model("nosuch")
    assert exc.value.code == "E026"


def test_rollback_walks_back_through_the_active_models(home, tmp_path):
    a, b = fake_model(tmp_path / "a"), fake_model(tmp_path / "b", version="2")
    assert registry.active_model_dir() == registry.default_model_dir()
    registry.set_active(a)
    registry.set_active(b)
    assert registry.active_model() == b.resolve()
    assert registry.rollback() == (b.resolve(), a.resolve())
    assert registry.active_model() == a.resolve()
    assert registry.rollback()[1] == registry.default_model_dir()
    assert registry.active_model() is None


def test_rollback_skips_models_that_were_deleted(home, tmp_path):
    a, b, c = (fake_model(tmp_path / n, version=n) for n in "abc")
    for m in (a, b, c):
        registry.set_active(m)
    (b / "metadata.json").unlink()
    assert registry.rollback()[1] == a.resolve()


def test_active_json_is_readable_by_others(home, tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        registry.set_active(fake_model(tmp_path / "a"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(home / "active.json").st_mode) == 0o644


def run(*args):
    r = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def test_models_activate_and_rollback_commands(home, tmp_path):
    import shutil

    from detector.registry import default_model_dir

    copy = tmp_path / "copy"
    shutil.copytree(default_model_dir(), copy)
    code, out, err = run("models", "activate", copy)
    assert code == 0, err
    meta = json.loads((copy / "metadata.json").read_text())
    shipped = f"{meta['name']}-{meta['version']}"
    assert f"Active model is now {shipped} ({copy}); was {shipped}." in out
    assert registry.active_model() == copy.resolve()
    code, out, _ = run("models", "--format", "json")
    rows = json.loads(out)
    assert [r["active"] for r in rows if r["path"] == str(copy)] == [True]
    code, out, _ = run("models", "rollback")
    assert code == 0 and "shipped model" in out or "Active model is now" in out
    assert registry.active_model() is None


def test_activating_a_broken_model_is_refused_and_changes_nothing(home, tmp_path):
    broken = fake_model(tmp_path / "broken")
    code, _, err = run("models", "activate", broken)
    assert code == 2 and "Error: [E023] metadata.json names no model format" in err
    assert registry.active_model() is None
    code, _, err = run("models", "activate", "no-such-model")
    assert code == 2 and "Error: [E026] no model named 'no-such-model'" in err


def test_models_table_fits_80_columns(home, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    deep = tmp_path / ("very-long-directory-name-" * 4) / "m"
    registry.register(fake_model(deep, "newsroom-with-a-long-name", "2025.01.31.120000"), how="train")
    code, out, _ = run("models")
    assert code == 0
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "newsroom-with-a-long-name-2025.01.31.120000" in out and "train" in out
    code, out, _ = run("models", "-o", tmp_path / "models.csv")
    assert (tmp_path / "models.csv").read_text().startswith("model,path,active,")
