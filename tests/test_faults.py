"""Fault injection: full disks, denied permissions, signals, links, FIFOs and devices as outputs, inputs given as
outputs, hostile input files, and fuzzed options.

Every case asserts what a user sees: the documented exit code, one sentence on stderr and never a traceback, no
temporary `.partial` file left behind, and nothing touched but the target (a link stays a link, a FIFO a FIFO,
the files beside them keep their bytes).
"""

from __future__ import annotations

import errno
import gc
import io
import json
import os
import random
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth.cli import main
from synth.output import AtomicOutput

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SIGNAL_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}


# -- what every case asserts ---------------------------------------------------------------------------------------

def assert_one_sentence(err: str, needle: str = "") -> None:
    text = err.strip()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert len(text.splitlines()) == 1, err
    assert text.startswith("synth: ") and text.endswith("."), err
    assert needle in text, err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.partial"))


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry below `folder`: its kind, and its bytes for regular files, its target for links."""
    seen = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            seen[str(path.relative_to(folder))] = ("link", os.readlink(path))
        elif stat.S_ISREG(mode):
            seen[str(path.relative_to(folder))] = ("file", path.read_bytes())
        else:
            seen[str(path.relative_to(folder))] = ("other", stat.S_IFMT(mode))
    return seen


def run(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


REVIEWS = [{"text": text, "label": label} for text, label in [
    ("这部电影的剧情很感人，演员的表演也很自然。", "positive"), ("手机的电池很耐用，屏幕也很清晰。", "positive"),
    ("服务态度太差了，等了一个小时才上菜。", "negative"), ("物流很快，包装也很结实，下次还会再买。", "positive"),
    ("质量一般，用了两天就坏了，非常失望。", "negative"), ("房间干净整洁，位置也方便，性价比很高。", "positive"),
]]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def reviews(tmp_path) -> Path:
    return write_jsonl(tmp_path / "reviews.jsonl", REVIEWS)


# Each command that writes a file, as (argv with IN and OUT placeholders, output suffix).
WRITING_COMMANDS = {
    "generate": (["generate", "persons", "-n", "40", "-o", "OUT"], ".jsonl"),
    "augment": (["augment", "IN", "-n", "2", "-o", "OUT"], ".jsonl"),
    "sample": (["sample", "IN", "-n", "3", "-o", "OUT"], ".csv"),
    "check --json": (["check", "IN", "--json", "OUT"], ".json"),
    "check --report": (["check", "IN", "--report", "OUT"], ".html"),
}
CHECK_EXIT = (0, 1)  # check's verdict on the reviews is not what these tests are about


def command(name: str, source: Path, out: Path) -> list[str]:
    argv, _ = WRITING_COMMANDS[name]
    return [str(source) if a == "IN" else str(out) if a == "OUT" else a for a in argv]


def succeeded(name: str, code: int) -> bool:
    return code in CHECK_EXIT if name.startswith("check") else code == 0


# -- output targets: links, FIFOs, devices, descriptors ------------------------------------------------------------

@pytest.mark.parametrize("name", list(WRITING_COMMANDS))
def test_a_symlinked_output_writes_its_target_and_stays_a_link(name, reviews, tmp_path, capsys):
    suffix = WRITING_COMMANDS[name][1]
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    target = folder / f"real{suffix}"
    target.write_bytes(b"old content\n")
    (folder / "sibling.txt").write_bytes(b"keep me\n")
    link = tmp_path / f"link{suffix}"
    link.symlink_to(target)
    code, _, err = run(command(name, reviews, link), capsys)
    assert succeeded(name, code), err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() not in (b"", b"old content\n")
    assert (folder / "sibling.txt").read_bytes() == b"keep me\n"
    assert sorted(p.name for p in folder.iterdir()) == ["real" + suffix, "sibling.txt"]
    assert leftovers(tmp_path) == []


def test_a_relative_symlink_in_another_folder_is_followed(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "out.jsonl").symlink_to("../data/real.jsonl")  # dangling until synth writes it
    code, _, err = run(["generate", "persons", "-n", "5", "-o", tmp_path / "links" / "out.jsonl"], capsys)
    assert code == 0, err
    assert (tmp_path / "links" / "out.jsonl").is_symlink()
    assert len((tmp_path / "data" / "real.jsonl").read_text(encoding="utf-8").splitlines()) == 5


def test_a_replaced_file_keeps_its_permissions(tmp_path, capsys):
    target = tmp_path / "private.jsonl"
    target.write_bytes(b"old\n")
    target.chmod(0o600)
    assert run(["generate", "persons", "-n", "5", "-o", target], capsys)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_bytes() != b"old\n"


def _read_fifo_in_background(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def drain():
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    return reader, received


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_fifo_output_is_written_through_and_stays_a_fifo(fmt, tmp_path, capsys):
    fifo = tmp_path / f"pipe.{fmt}"
    os.mkfifo(fifo)
    reader, received = _read_fifo_in_background(fifo)
    code, _, err = run(["generate", "persons", "-n", "7", "--seed", "3", "-o", fifo], capsys)
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    frame = {"jsonl": lambda b: pd.read_json(io.BytesIO(b), lines=True), "csv": lambda b: pd.read_csv(io.BytesIO(b)),
             "parquet": lambda b: pd.read_parquet(io.BytesIO(b))}[fmt](received[0])
    assert len(frame) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == [fifo.name]


def test_a_link_to_stdout_writes_into_stdout_and_stays_a_link(tmp_path, capfd):
    link = tmp_path / "out.jsonl"
    link.symlink_to("/proc/self/fd/1")  # what /dev/stdout is, kept inside the test's folder
    assert main(["generate", "persons", "-n", "4", "-o", str(link)]) == 0
    out, err = capfd.readouterr()
    assert len(out.splitlines()) == 4 and json.loads(out.splitlines()[0])["person_id"]
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert leftovers(tmp_path) == []


def _device(folder: Path, name: str, major: int, minor: int) -> Path:
    if not IS_ROOT:
        pytest.skip("making a device node needs root (the CI runs as root)")
    path = folder / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_full_device_is_one_sentence_and_stays_a_device(fmt, tmp_path, capsys):
    full = _device(tmp_path, "full", 1, 7)  # like /dev/full: every write fails with ENOSPC
    code, _, err = run(["generate", "persons", "-n", "50", "--format", fmt, "-o", full], capsys)
    assert code == 2
    assert_one_sentence(err, "No space left on device")
    assert stat.S_ISCHR(full.lstat().st_mode) and full.lstat().st_rdev == os.makedev(1, 7)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_a_null_device_takes_the_output_and_stays_a_device(tmp_path, capsys):
    null = _device(tmp_path, "null", 1, 3)
    code, _, err = run(["generate", "persons", "-n", "50", "--format", "csv", "-o", null], capsys)
    assert code == 0, err
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


@pytest.mark.parametrize("argv", [
    ["generate", "persons", "-n", "1"],  # fails at the last flush
    ["generate", "persons", "-n", "200"],  # fails midway
    ["augment", "IN", "-n", "1"], ["check", "IN"], ["domains"], ["describe", "persons"],  # printed text
], ids=lambda argv: " ".join(argv[:3]))
def test_a_full_disk_on_stdout_is_one_sentence(argv, reviews):
    if not os.path.exists("/dev/full"):
        pytest.skip("this system has no /dev/full")
    argv = [str(reviews) if a == "IN" else a for a in argv]
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "synth", *argv], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120)
    assert result.returncode == 2
    assert_one_sentence(result.stderr, "Cannot write standard output: No space left on device")


# -- an output that is one of the inputs ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["augment", "sample", "check --json", "check --report"])
@pytest.mark.parametrize("alias", ["same path", "symlink", "hard link"])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(name, alias, reviews, tmp_path, capsys):
    out = {"same path": reviews, "symlink": tmp_path / "alias.jsonl", "hard link": tmp_path / "hard.jsonl"}[alias]
    if alias == "symlink":
        out.symlink_to(reviews)
    elif alias == "hard link":
        os.link(reviews, out)
    before = snapshot(tmp_path)
    code, stdout, err = run(command(name, reviews, out), capsys)
    assert code == 2
    assert_one_sentence(err, "is the input")
    assert stdout == "" and snapshot(tmp_path) == before


@pytest.mark.parametrize("option", ["--review", "--reference"])
def test_check_refuses_to_write_over_its_sheet_or_reference(option, reviews, tmp_path, capsys):
    other = write_jsonl(tmp_path / "other.jsonl", REVIEWS[:3])
    before = snapshot(tmp_path)
    code, _, err = run(["check", reviews, option, other, "--json", other], capsys)
    assert code == 2
    assert_one_sentence(err, "is the input")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("alias", ["same path", "symlink"])
def test_check_refuses_two_outputs_in_one_file(alias, reviews, tmp_path, capsys):
    json_out = tmp_path / "out"
    report = json_out if alias == "same path" else tmp_path / "alias"
    if alias == "symlink":
        report.symlink_to(json_out)
    before = snapshot(tmp_path)
    code, stdout, err = run(["check", reviews, "--json", json_out, "--report", report], capsys)
    assert code == 2
    assert_one_sentence(err, "Two outputs name the same file")
    assert stdout == "" and snapshot(tmp_path) == before


# -- a disk that fills, permissions denied, mid-run ----------------------------------------------------------------

class DiskFillsUp(io.RawIOBase):
    """A file that takes `room` bytes and then fails like a full disk."""

    def __init__(self, raw, room: int):
        self.raw, self.room = raw, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.raw.write(data)

    def fileno(self) -> int:
        return self.raw.fileno()

    def close(self) -> None:
        self.raw.close()
        super().close()


@pytest.fixture
def disk_with_room(monkeypatch):
    """Make every temporary output file fail with ENOSPC after `room` bytes."""
    def limit(room: int) -> None:
        real_open = AtomicOutput._open_temporary

        def filling(self, target):
            handle = real_open(self, target)
            return io.BufferedWriter(DiskFillsUp(handle.detach(), room), buffer_size=1024)

        monkeypatch.setattr(AtomicOutput, "_open_temporary", filling)
    return limit


@pytest.mark.parametrize("name", list(WRITING_COMMANDS))
def test_a_disk_filling_up_mid_run_is_one_sentence_and_keeps_the_old_file(name, reviews, tmp_path, capsys,
                                                                       disk_with_room):
    out = tmp_path / f"out{WRITING_COMMANDS[name][1]}"
    out.write_bytes(b"the previous run's output\n")
    before = snapshot(tmp_path)
    disk_with_room(100)  # less than any of these outputs
    code, _, err = run(command(name, reviews, out), capsys)
    assert code == 2
    assert_one_sentence(err, f"Cannot write {str(out)!r}: No space left on device")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_disk_full_at_the_last_flush_is_one_sentence(fmt, tmp_path, capsys, monkeypatch):
    def no_room(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_room)  # network file systems report a full disk only here
    code, _, err = run(["generate", "persons", "-n", "30", "-o", tmp_path / f"out.{fmt}"], capsys)
    assert code == 2
    assert_one_sentence(err, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_permission_denied_on_commit_is_one_sentence(tmp_path, capsys, monkeypatch):
    def denied(source, target):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))

    monkeypatch.setattr(os, "replace", denied)
    code, _, err = run(["generate", "persons", "-n", "30", "-o", tmp_path / "out.jsonl"], capsys)
    assert code == 2
    assert_one_sentence(err, "Permission denied")
    assert list(tmp_path.iterdir()) == []


def test_a_data_file_synth_cannot_open_is_one_sentence(capsys, monkeypatch):
    import synth.commands.generate

    def unreadable_lexicon(name):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/opt/synth/lexicons/names.tsv")

    monkeypatch.setattr(synth.commands.generate, "get_domain", unreadable_lexicon)
    code, _, err = run(["generate", "persons", "-n", "3"], capsys)
    assert code == 2
    assert_one_sentence(err, "Cannot use '/opt/synth/lexicons/names.tsv': Permission denied.")


@pytest.mark.parametrize("name", ["augment", "sample", "check --json"])
def test_an_unreadable_input_is_one_sentence(name, reviews, tmp_path, capsys, monkeypatch):
    real_read = Path.read_bytes

    def denied(path):
        if path.name == reviews.name:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, _, err = run(command(name, reviews, tmp_path / f"out{WRITING_COMMANDS[name][1]}"), capsys)
    assert code == 2
    assert_one_sentence(err, "Permission denied")
    assert sorted(p.name for p in tmp_path.iterdir()) == [reviews.name]


def test_an_interrupted_parquet_output_leaves_no_ignored_exception(tmp_path, monkeypatch, capsys,
                                                                    interrupt_third_batch):
    unraisable: list = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    code, _, err = run(["generate", "persons", "-n", "3000", "--batch-size", "1024", "-o",
                        tmp_path / "out.parquet"], capsys)
    gc.collect()  # the finaliser that wrote to the closed file ran at collection
    assert code == 130 and len(interrupt_third_batch) == 3
    assert_one_sentence(err, "interrupted")
    assert unraisable == []
    assert list(tmp_path.iterdir()) == []


def test_records_parquet_cannot_hold_are_one_sentence(tmp_path, capsys):
    source = write_jsonl(tmp_path / "mixed.jsonl", [{"text": "好", "x": [1]}, {"text": "不好", "x": "一"}])
    code, _, err = run(["augment", source, "-n", "1", "-o", tmp_path / "out.parquet"], capsys)
    assert code == 2
    assert_one_sentence(err, "Cannot write these records as Parquet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mixed.jsonl"]


# -- signals sent to a real `synth generate` -----------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    """Children, grandchildren and so on: forkserver workers are the forkserver's children."""
    found, frontier = [], [pid]
    while frontier:
        children = [child for parent in frontier for child in _children(parent)]
        found += children
        frontier = children
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may never reap orphans)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def _ours(pid: int) -> bool:
    """Still running, and still a synth process (not another that got the number since)."""
    try:
        command_line = (Path("/proc") / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False
    return _running(pid) and (b"synth" in command_line or b"multiprocessing" in command_line)


def _kill_what_is_left(process: subprocess.Popen, workers: list[int]) -> None:
    """Whatever a failing case leaves running must not outlive the test."""
    for pid in [process.pid] * (process.poll() is None) + [pid for pid in workers if _ours(pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def _default_sigint() -> None:
    # A shell starts background jobs with SIGINT ignored; Python then never raises KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


SIGNAL_CASES = [(sig, fmt, workers) for sig in (signal.SIGINT, signal.SIGTERM) for fmt in ("jsonl", "csv", "parquet")
                for workers in (1, 2)]


@pytest.mark.parametrize("sig,fmt,workers", SIGNAL_CASES,
                         ids=[f"{s.name}-{f}-{w}w" for s, f, w in SIGNAL_CASES])
def test_a_signal_mid_run_leaves_nothing_and_stops_the_workers(sig, fmt, workers, tmp_path):
    rng = random.Random(f"{sig.name}/{fmt}/{workers}")  # seeded: a failure replays at the same moment
    target = tmp_path / f"out.{fmt}"
    (tmp_path / "sibling.txt").write_bytes(b"keep me\n")
    n = 400_000
    workers_seen: list[int] = []
    process = subprocess.Popen([sys.executable, "-m", "synth", "generate", "persons", "-n", str(n), "--workers",
                                str(workers), "--batch-size", "16384", "-o", str(target)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_default_sigint)
    try:
        pool_size = 0 if workers == 1 else workers  # one worker runs in the main process
        started = _wait_for(lambda: leftovers(tmp_path) and len(_descendants(process.pid)) >= pool_size, 60)
        assert started, "the run never started writing"
        workers_seen = _descendants(process.pid)
        time.sleep(rng.uniform(0, 0.6))
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
        assert _wait_for(lambda: not any(_running(pid) for pid in workers_seen), 15), "workers outlived the run"
    finally:
        _kill_what_is_left(process, workers_seen)
    assert (tmp_path / "sibling.txt").read_bytes() == b"keep me\n"
    assert leftovers(tmp_path) == []
    if process.returncode == 0:  # it finished before the signal: then the file must be whole
        assert err == ""
        assert len(pd.read_parquet(target) if fmt == "parquet" else
                   pd.read_csv(target) if fmt == "csv" else pd.read_json(target, lines=True)) == n
        return
    assert process.returncode == SIGNAL_EXIT[sig], err
    assert_one_sentence(err, "SIGTERM" if sig == signal.SIGTERM else "interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sibling.txt"]


@pytest.mark.parametrize("seed", [1, 2])
def test_sigterm_stops_an_augment_with_workers(seed, tmp_path):
    rng = random.Random(seed)
    source = write_jsonl(tmp_path / "in.jsonl", REVIEWS * 3000)
    workers_seen: list[int] = []
    process = subprocess.Popen([sys.executable, "-m", "synth", "augment", str(source), "-n", "4", "--workers", "2",
                                "-o", str(tmp_path / "out.jsonl")], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        # The forkserver, the resource tracker and the two workers.
        assert _wait_for(lambda: len(_descendants(process.pid)) >= 4, 60), "the workers never started"
        workers_seen = _descendants(process.pid)
        time.sleep(rng.uniform(0, 0.5))
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert _wait_for(lambda: not any(_running(pid) for pid in workers_seen), 15), "workers outlived the run"
    finally:
        _kill_what_is_left(process, workers_seen)
    assert process.returncode == 143
    assert_one_sentence(err, "SIGTERM")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


# -- hostile input files -------------------------------------------------------------------------------------------

def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


GOOD_LINE = json.dumps(REVIEWS[0], ensure_ascii=False) + "\n"
HOSTILE = {  # name: (file name, bytes, the sentence's needle, and each command's exit code)
    "nested 100k deep": ("deep.jsonl", (GOOD_LINE + '{"text": "好", "x": ' + _deep(100_000) + "}\n").encode(),
                         "nests too deeply", {"augment": 2, "check": 1, "sample": 2}),
    "a bare deep array": ("bare.jsonl", (_deep(100_000) + "\n").encode(), "nests too deeply",
                          {"augment": 2, "check": 2, "sample": 2}),
    "deep JSON in a CSV cell": ("deep.csv", ('text,segments\n好,"' + _deep(50_000) + '"\n').encode(),
                                "nests too deeply", {"augment": 2, "check": 0, "sample": 0}),
    "binary garbage": ("garbage.jsonl", bytes(random.Random(5).randrange(256) for _ in range(20_000)),
                       "not UTF-8", {"augment": 2, "check": 2, "sample": 2}),
    "binary garbage as Parquet": ("garbage.parquet", bytes(random.Random(6).randrange(256) for _ in range(20_000)),
                                  "not a readable Parquet file", {"augment": 2, "check": 2, "sample": 2}),
    "GBK": ("gbk.jsonl", GOOD_LINE.encode("gbk"), "not UTF-8", {"augment": 2, "check": 2, "sample": 2}),
    "UTF-16": ("utf16.jsonl", GOOD_LINE.encode("utf-16"), "not UTF-8", {"augment": 2, "check": 2, "sample": 2}),
    "a 1 MB line": ("huge.jsonl", (GOOD_LINE + json.dumps({"text": "好" * 350_000, "label": "positive"},
                                                           ensure_ascii=False) + "\n").encode(),
                    "", {"augment": 0, "check": 0, "sample": 0}),
}


@pytest.mark.parametrize("command_name", ["augment", "check", "sample"])
@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_input_gets_its_exit_code_and_a_sentence(case, command_name, tmp_path, capsys):
    name, content, needle, codes = HOSTILE[case]
    source = tmp_path / name
    source.write_bytes(content)
    out = tmp_path / "out" / ("sheet.csv" if command_name == "sample" else "out.jsonl")
    out.parent.mkdir()
    argv = {"augment": ["augment", source, "-n", "1", "--ops", "restructure", "-o", out],
            "check": ["check", source], "sample": ["sample", source, "-n", "2", "-o", out]}[command_name]
    code, stdout, err = run(argv, capsys)
    assert code == codes[command_name], err
    assert "Traceback" not in err + stdout
    if code == 2:
        assert_one_sentence(err, needle)
        assert list(out.parent.iterdir()) == []
    elif command_name == "check" and code == 1:
        assert needle in stdout
    assert source.read_bytes() == content and leftovers(tmp_path) == []


# -- fuzzed options ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("argument", ["a\nb", "x\ry", "\x1e", "\u2028"])
def test_an_error_naming_a_control_character_stays_one_line(argument, capsys):
    code, _, err = run(["generate", "persons", "-n", "1", argument], capsys)
    assert code == 2
    assert_one_sentence(err, "Unrecognized arguments")


OPTION_VALUES = {
    "-n": st.one_of(st.integers(-3, 300).map(str), st.text(max_size=6)),
    "--seed": st.one_of(st.integers(-2**70, 2**70).map(str), st.text(max_size=6)),
    "--start": st.one_of(st.integers(-5, 2**70).map(str), st.text(max_size=6)),
    "--workers": st.one_of(st.integers(-2, 2).map(str), st.text(max_size=4)),
    "--batch-size": st.one_of(st.integers(-5, 5000).map(str), st.text(max_size=4)),
    "--format": st.sampled_from(["jsonl", "csv", "parquet", "fhir", "xlsx", "", "JSONL"]),
    "-o": st.sampled_from(["out.jsonl", "out.csv", "out.parquet", "out.txt", "", ".", "no/such/out.jsonl",
                           "out.json"]),
    "--as-of": st.one_of(st.dates().map(str), st.text(max_size=12)),
    "--set": st.one_of(st.text(max_size=12), st.tuples(st.sampled_from(["age", "sex", "mask", "x", ""]),
                                                       st.text(max_size=8)).map("=".join)),
}


def option_lists():
    """`generate`, a domain and -n (mostly valid, so that runs get past the parser), then options and noise."""
    pair = st.sampled_from(sorted(OPTION_VALUES)).flatmap(lambda name: st.tuples(st.just(name), OPTION_VALUES[name]))
    noise = st.one_of(st.text(max_size=8), st.sampled_from(["--", "-", "--bogus", "-x", "--n=3", "-n=2"]))
    domain = st.one_of(st.sampled_from(["persons", "reviews", "medical"]), st.text(max_size=8))
    count = st.one_of(st.integers(1, 300).map(str), OPTION_VALUES["-n"])
    extras = st.lists(st.one_of(pair.map(list), noise.map(lambda token: [token])), max_size=4)
    return st.builds(lambda name, n, more: ["generate", name, "-n", n, *[token for item in more for token in item]],
                     domain, count, extras)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=option_lists())
def test_fuzzed_generate_options_exit_0_or_one_sentence_and_2(argv, tmp_path_factory, capsysbinary, monkeypatch):
    folder = tmp_path_factory.mktemp("fuzz")
    monkeypatch.chdir(folder)
    try:
        code = main(argv)
    except SystemExit as leaving:  # argparse's --help
        code = leaving.code
    # Captured as bytes: `--format parquet` without -o rightly writes binary Parquet to standard output.
    err = capsysbinary.readouterr().err.decode("utf-8", errors="replace")
    assert code in (0, 2), (argv, err)
    if code == 2:
        assert_one_sentence(err)
    else:
        assert "Traceback" not in err
    assert leftovers(folder) == []


def test_parquet_without_an_output_file_goes_to_standard_output_whole(capsysbinary):
    # The fuzz above met this case by chance; the Parquet file must be whole on stdout, framed by its magic bytes.
    assert main(["generate", "persons", "-n", "3", "--format", "parquet"]) == 0
    out = capsysbinary.readouterr().out
    assert out[:4] == b"PAR1" and out[-4:] == b"PAR1"
