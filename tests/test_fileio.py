"""The one atomic-write helper and the one JSONL reader."""

from __future__ import annotations

import json
import os
import stat

import pytest

from detector.errors import DetectorError, Errors
from detector.fileio import (
    atomic_directory,
    atomic_write,
    first_json_record,
    read_json_objects,
    read_jsonl,
    recorded_path,
    write_jsonl,
    write_text_atomic,
)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_written_files_honour_the_umask_not_0600(tmp_path, umask_022):
    out = write_text_atomic(tmp_path / "a.txt", "x")
    assert mode(out) == 0o644
    os.umask(0o077)
    assert mode(write_text_atomic(tmp_path / "b.txt", "x")) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "scores.jsonl"
    out.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_write(out) as fh:
        fh.write("new, half written")
        raise RuntimeError("interrupted")
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.jsonl"]


def test_binary_mode_and_parent_directories(tmp_path):
    with atomic_write(tmp_path / "deep" / "x.bin", "wb") as fh:
        fh.write(b"\x00\x01")
    assert (tmp_path / "deep" / "x.bin").read_bytes() == b"\x00\x01"
    with pytest.raises(ValueError):
        with atomic_write(tmp_path / "y", "a"):
            pass


def test_a_directory_appears_whole_and_is_never_replaced(tmp_path, umask_022):
    with atomic_directory(tmp_path / "model") as d:
        (d / "f").write_text("1")
        assert not (tmp_path / "model").exists()
    assert (tmp_path / "model" / "f").read_text() == "1"
    assert mode(tmp_path / "model") == 0o755
    with pytest.raises(DetectorError) as exc:
        with atomic_directory(tmp_path / "model"):
            pass
    assert exc.value.code == Errors.E024
    with pytest.raises(RuntimeError):
        with atomic_directory(tmp_path / "other"):
            raise RuntimeError
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_read_jsonl_gives_each_line_its_value_or_its_error(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"a": 1}\n\n[1, 2]\n{broken\n\xff\xfe{}\n')
    got = list(read_jsonl(p))
    assert [r.line for r in got] == [1, 3, 4, 5]
    assert got[0].value == {"a": 1} and got[1].value == [1, 2]
    assert got[2].error.code == "E004" and "column" in got[2].error.message
    assert got[3].error.code == "E003" and got[3].error.where == f"{p}, line 5"
    long = list(read_jsonl([b'{"t": "' + b"x" * 50 + b'"}\n'], max_line_bytes=20))
    assert long[0].error.code == "E007"


def test_read_json_objects_raises_the_callers_error(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"a": 1}\n"text"\n')

    def err(line, msg):
        return ValueError(f"{line}: {msg}")

    with pytest.raises(ValueError, match="2: the record is not a JSON object"):
        list(read_json_objects(p, err))
    with pytest.raises(ValueError, match="None: no such file"):
        list(read_json_objects(tmp_path / "missing.jsonl", err))


def test_write_jsonl_and_first_record(tmp_path):
    p = tmp_path / "o.jsonl"
    assert write_jsonl(({"i": i, "é": "ü"} for i in range(3)), p) == 3
    assert [json.loads(x)["i"] for x in p.read_text(encoding="utf-8").splitlines()] == [0, 1, 2]
    assert first_json_record(p) == {"i": 0, "é": "ü"}
    (tmp_path / "l.jsonl").write_text("[1]\n")
    assert first_json_record(tmp_path / "l.jsonl") is None
    assert first_json_record(tmp_path / "none.jsonl") is None


class _Stop(Exception):
    pass


@pytest.fixture
def sigterm_raises():
    """SIGTERM raises, as a run's signal handler turns it into cleanup."""
    import signal

    def handler(signum, frame):
        raise _Stop(signum)

    old = signal.signal(signal.SIGTERM, handler)
    yield
    signal.signal(signal.SIGTERM, old)


def test_a_signal_as_the_temporary_is_created_leaves_nothing(tmp_path, monkeypatch, sigterm_raises):
    """The signal lands the instant the temporary exists, before the call that made it returns:
    the writer kept its name before creating it, so the cleanup removes it (with mkstemp the
    name would be lost and the file left behind)."""
    import signal

    real_open, real_mkdir = os.open, os.mkdir

    def open_then_signal(path, *args, **kwargs):
        fd = real_open(path, *args, **kwargs)
        if os.path.basename(path).startswith(".out.jsonl."):
            os.kill(os.getpid(), signal.SIGTERM)
        return fd

    def mkdir_then_signal(path, *args, **kwargs):
        real_mkdir(path, *args, **kwargs)
        if os.path.basename(path).startswith(".model."):
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "open", open_then_signal)
    monkeypatch.setattr(os, "mkdir", mkdir_then_signal)
    with pytest.raises(_Stop):
        with atomic_write(tmp_path / "out.jsonl") as fh:
            fh.write("{}\n")
    with pytest.raises(_Stop):
        with atomic_directory(tmp_path / "model"):
            pass
    assert os.listdir(tmp_path) == []


def test_recorded_paths_name_no_machine_directory(tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / "detector" / "models" / "default").mkdir(parents=True)
    (tmp_path / "shared" / "data").mkdir(parents=True)
    assert recorded_path(checkout / "detector" / "models" / "default", checkout) == "detector/models/default"
    assert recorded_path(tmp_path / "shared" / "data" / "pages.jsonl", checkout) == "../shared/data/pages.jsonl"
    # far from the checkout (a user's model store): absolute, since a relative path would mislead
    elsewhere = tmp_path.parent / "models" / "mine"
    assert recorded_path(elsewhere, checkout) == str(elsewhere.resolve())


def _read_fifo_in_background(fifo):
    """Start a reader of the named pipe ``fifo``: (thread, list that receives what it read)."""
    import threading

    got: list[bytes] = []

    def read():
        with open(fifo, "rb") as fh:
            got.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, got


@pytest.mark.parametrize("through_link", [False, True])
def test_a_pipe_or_device_target_is_written_in_place_not_replaced(tmp_path, through_link):
    # `-o /dev/null` or `-o /dev/stdout` must not rename a regular file over the device (as root
    # that replaced /dev/null for every process on the machine); a named pipe stands in for one
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:  # /dev/stdout is a link to /proc/self/fd/1
        target = tmp_path / "stdout"
        target.symlink_to(fifo)
    reader, got = _read_fifo_in_background(fifo)
    with atomic_write(target) as fh:
        fh.write('{"id": "a1"}\n')
    reader.join(10)
    assert got == [b'{"id": "a1"}\n']
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.path.islink(target) == through_link
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"pipe", target.name})


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="descriptors named under /proc (Linux)")
def test_a_descriptors_name_sent_to_a_file_is_written_through_not_replaced(tmp_path):
    # `-o /dev/stdout > scores.jsonl`: /dev/stdout links to /proc/self/fd/1, which leads to a
    # regular file, so the rename replaced the link itself (as root, /dev/stdout for every process)
    # and the shell's file got nothing; a link of our own to an open descriptor stands in for it
    out = tmp_path / "scores.jsonl"
    out.write_text("earlier\n")
    fd = os.open(out, os.O_WRONLY | os.O_APPEND)
    try:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{fd}")
        with atomic_write(link) as fh:
            fh.write('{"id": "a1"}\n')
        assert os.path.islink(link)
        assert out.read_text() == 'earlier\n{"id": "a1"}\n'
        assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.jsonl", "stdout"]
    finally:
        os.close(fd)
