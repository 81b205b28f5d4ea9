"""dedup's output folder: resume only from matching work, outputs visible only when complete, faults.

Each test reproduces a defect of issue 15 (resume trusted whatever was in the output folder) and
checks the outcome against a clean run in a fresh folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import corroborator
from corroborator.cli import app
from corroborator.dedup import DedupOptions, StateMismatch, dedup
from tests.test_dedup import _corpus

runner = CliRunner()
# The subprocesses import the same corroborator as this test process.
_ENV = {**os.environ, "PYTHONPATH": str(Path(corroborator.__file__).parents[1])}
VOLATILE = ("seconds", "stage_seconds", "resumed")


def _result(out: Path) -> dict:
    """Everything a run leaves for the user, minus timings."""
    summary = json.loads((out / "summary.json").read_text())
    tables = {p.name: p.read_text() for p in sorted(out.glob("*.jsonl"))}
    return {"summary": {k: v for k, v in summary.items() if k not in VOLATILE}, "tables": tables}


def _clean(tmp_path: Path, inputs: list[str], options: DedupOptions, name: str = "clean", **kw) -> dict:
    out = tmp_path / name
    dedup(inputs, out, options, fmt="jsonl", **kw)
    return _result(out)


class _Ran:
    def __init__(self, exit_code: int, output: str) -> None:
        self.exit_code, self.output = exit_code, output


def _cli(*args: str) -> _Ran:
    """The CLI in-process; the output with the console's line wrapping undone."""
    result = runner.invoke(app, ["dedup", *args])
    return _Ran(result.exit_code, " ".join(result.output.split()))


def test_same_file_by_absolute_then_relative_path_gives_the_full_corpus(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    first = _cli(str(corpus.resolve()), "-o", str(out), "--format", "jsonl", "--keep", "representative")
    assert first.exit_code == 0, first.output
    again = _cli(corpus.name, "-o", str(out), "--format", "jsonl", "--keep", "representative")
    assert again.exit_code == 0, again.output
    assert json.loads((out / "summary.json").read_text())["resumed"] is True  # same content: the work is reused
    kept = [json.loads(line) for line in (out / "corpus.jsonl").read_text().splitlines()]
    assert len(kept) == 25  # 27 records, 2 copies removed
    clean = _cli(corpus.name, "-o", str(tmp_path / "clean"), "--format", "jsonl", "--keep", "representative")
    assert clean.exit_code == 0, clean.output
    assert _result(out) == _result(tmp_path / "clean")  # sources named the way this run named them


def test_changed_chunk_size_is_refused_not_miscounted(tmp_path):
    # Reproduction: a rerun with another --memory-limit counted the old chunks plus the new (80,000 of 50,000).
    corpus = str(_corpus(tmp_path))
    out = tmp_path / "out"
    dedup([corpus], out, DedupOptions(chunk_size=10), fmt="jsonl")
    with pytest.raises(StateMismatch, match="chunk_size was 10, now 4"):
        dedup([corpus], out, DedupOptions(chunk_size=4), fmt="jsonl")
    before = _result(out)  # a refusal changes nothing: the earlier result stays, with the manifest that made it
    summary = dedup([corpus], out, DedupOptions(chunk_size=4), fmt="jsonl", force=True)
    assert summary["records"] == 27 and summary["resumed"] is False
    assert _result(out) == _clean(tmp_path, [corpus], DedupOptions(chunk_size=4))
    assert before["summary"]["options"]["chunk_size"] == 10


def test_cli_memory_limit_change_exits_2_with_the_reason(tmp_path):
    corpus = str(_corpus(tmp_path))
    out = str(tmp_path / "out")
    assert _cli(corpus, "-o", out).exit_code == 0
    result = _cli(corpus, "-o", out, "--memory-limit", "800")
    assert result.exit_code == 2
    assert "chunk_size" in result.output and "--memory-limit" in result.output and "--force" in result.output
    forced = _cli(corpus, "-o", out, "--memory-limit", "800", "--force")
    assert forced.exit_code == 0, forced.output


def test_input_edited_in_place_keeping_size_and_mtime_is_refused(tmp_path):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    options = DedupOptions(chunk_size=10)
    dedup([str(corpus)], out, options, fmt="jsonl")
    stat = corpus.stat()
    lines = corpus.read_text().splitlines()
    # Swap two records (same bytes, same size) and put the mtime back, as cp -p or rsync -t would.
    lines[0], lines[5] = lines[5], lines[0]
    edited = json.loads(lines[8])
    edited["text"] = edited["text"].replace("a", "e", 3)  # a different text of the same length
    lines[8] = json.dumps(edited)
    corpus.write_text("\n".join(lines) + "\n")
    os.utime(corpus, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert corpus.stat().st_size == stat.st_size
    with pytest.raises(StateMismatch, match="changed"):
        dedup([str(corpus)], out, options, fmt="jsonl")
    dedup([str(corpus)], out, options, fmt="jsonl", force=True)
    assert _result(out) == _clean(tmp_path, [str(corpus)], options)


def test_another_input_with_the_same_output_folder_is_refused(tmp_path):
    one = _corpus(tmp_path, name="one.jsonl")
    two = _corpus(tmp_path, order_seed=4, name="two.jsonl")
    out = tmp_path / "out"
    dedup([str(one)], out, fmt="jsonl")
    before = _result(out)
    result = _cli(str(two), "-o", str(out), "--format", "jsonl")
    assert result.exit_code == 2
    assert "one.jsonl is no longer given" in result.output and "two.jsonl is new" in result.output
    assert _result(out) == before  # refused: nothing changed, and nothing of one.jsonl's is passed off as two's
    forced = _cli(str(two), "-o", str(out), "--format", "jsonl", "--force")
    assert forced.exit_code == 0, forced.output
    assert _result(out) == _clean(tmp_path, [str(two)], DedupOptions())


def test_touched_input_resumes(tmp_path):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    dedup([str(corpus)], out, DedupOptions(chunk_size=10), fmt="jsonl")
    os.utime(corpus, (time.time() + 60, time.time() + 60))  # mtime moved, content the same
    assert dedup([str(corpus)], out, DedupOptions(chunk_size=10), fmt="jsonl")["resumed"] is True


def test_output_options_change_between_runs_equals_a_clean_run(tmp_path):
    corpus = str(_corpus(tmp_path))
    out = tmp_path / "out"
    dedup([corpus], out, DedupOptions(chunk_size=10, threshold=0.8), fmt="jsonl", keep="all")
    # Threshold and --keep act after signing: the signed chunks are reused, the result recomputed.
    summary = dedup([corpus], out, DedupOptions(chunk_size=10, threshold=0.95), fmt="jsonl")
    assert summary["resumed"] is True
    assert not (out / "corpus.jsonl").exists()  # the old run's corpus is not left beside the new tables
    assert _result(out) == _clean(tmp_path, [corpus], DedupOptions(chunk_size=10, threshold=0.95))


def test_threshold_out_of_range_exits_2_with_the_range(tmp_path):
    corpus = str(_corpus(tmp_path))
    for bad in ("5", "0", "-0.3", "nan"):
        result = _cli(corpus, "-o", str(tmp_path / "out"), "--threshold", bad)
        assert result.exit_code == 2, (bad, result.output)
        assert "greater than 0 and at most 1" in result.output
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_work_without_manifest_is_refused(tmp_path):
    corpus = str(_corpus(tmp_path))
    out = tmp_path / "out"
    dedup([corpus], out, DedupOptions(chunk_size=10), fmt="jsonl")
    (out / "manifest.json").unlink()  # as an older version left it
    with pytest.raises(StateMismatch, match="no manifest"):
        dedup([corpus], out, DedupOptions(chunk_size=10), fmt="jsonl")


def test_output_over_an_input_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    corpus = _corpus(out, name="articles.jsonl")
    before = corpus.read_bytes()
    result = _cli(str(corpus), "-o", str(out), "--format", "jsonl")
    assert result.exit_code == 2 and "would overwrite the input" in result.output
    assert corpus.read_bytes() == before


# -- faults: kill the run at each stage, then rerun ------------------------------------------------------

_KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from corroborator.dedup import DedupOptions, dedup, engine, io, state
    import corroborator.dedup as package

    stage, out, corpus, threshold = sys.argv[1], Path(sys.argv[2]), sys.argv[3], float(sys.argv[4])

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def wrap(module, name, when):
        real = getattr(module, name)
        calls = []
        def patched(*args, **kwargs):
            calls.append(1)
            if when(len(calls), args, "before"):
                die()
            result = real(*args, **kwargs)
            if when(len(calls), args, "after"):
                die()
            return result
        setattr(module, name, patched)

    if stage == "sign":  # chunk 1 signed and spilled, its done marker not yet written
        wrap(engine, "atomic_write_bytes", lambda n, a, when: when == "before" and a[0].name == "chunk-00001.done")
    elif stage == "band":
        wrap(engine, "band_pairs", lambda n, a, when: when == "before" and n == 6)
    elif stage == "verify":
        wrap(engine, "verify_pairs", lambda n, a, when: when == "before")
    elif stage == "write":  # the articles table written under its temporary name, the pairs table not
        wrap(package, "write_table", lambda n, a, when: when == "after" and n == 1)
    elif stage == "publish":  # articles renamed into place, pairs not yet
        wrap(state, "publish", lambda n, a, when: when == "after" and n == 1)
    options = DedupOptions(chunk_size=8, workers=1, threshold=threshold)
    dedup([corpus], out, options, fmt="jsonl", keep="all", force=stage == "sign")
    print("finished without being killed")
    """
)


def _run_killed(stage: str, out: Path, corpus: Path, threshold: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", _KILLER, stage, str(out), str(corpus), str(threshold)],
        env=_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("stage", ["sign", "band", "verify", "write", "publish"])
def test_killed_at_each_stage_leaves_nothing_complete_and_a_rerun_equals_a_clean_run(tmp_path, stage):
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    options = DedupOptions(chunk_size=8, workers=1)
    # A complete earlier run with another threshold: its outputs must not survive as if they were the new ones.
    earlier = DedupOptions(chunk_size=16 if stage == "sign" else 8, workers=1, threshold=0.95)
    dedup([str(corpus)], out, earlier, fmt="jsonl", keep="all")
    killed = _run_killed(stage, out, corpus, 0.8)  # "sign" starts over (--force): the earlier chunks are gone
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    assert not (out / "_SUCCESS").exists()
    assert not (out / "pairs.jsonl").exists() and not (out / "summary.json").exists()
    if (out / "articles.jsonl").exists():  # only after the rename: then it is whole
        assert stage == "publish"
        assert len((out / "articles.jsonl").read_text().splitlines()) == 27
    dedup([str(corpus)], out, options, fmt="jsonl", keep="all")
    assert (out / "_SUCCESS").exists() and not list(out.glob(".tmp-*"))
    assert _result(out) == _clean(tmp_path, [str(corpus)], options, keep="all")


# -- worker lifetime -------------------------------------------------------------------------------------

_ORPHANER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from corroborator.dedup import DedupOptions, dedup

    def children():
        pids = []
        for task in Path(f"/proc/{os.getpid()}/task").iterdir():
            pids += (task / "children").read_text().split()
        return pids

    def progress(stage, done, total):
        if stage == "sign":  # the workers are up, with chunks in flight: die the way the OOM killer kills
            Path(sys.argv[3]).write_text(" ".join(children()))
            os.kill(os.getpid(), signal.SIGKILL)

    dedup([sys.argv[1]], Path(sys.argv[2]), DedupOptions(chunk_size=2, workers=2), fmt="jsonl", progress=progress)
    """
)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads child pids from /proc (Linux)")
def test_workers_die_with_a_killed_parent(tmp_path):
    corpus = _corpus(tmp_path)
    pids_file = tmp_path / "pids"
    log = tmp_path / "log"
    with log.open("w") as sink:  # a file, not a pipe: an orphan holding the pipe would block the test
        done = subprocess.run(
            [sys.executable, "-c", _ORPHANER, str(corpus), str(tmp_path / "out"), str(pids_file)],
            env=_ENV,
            stdout=sink,
            stderr=sink,
            timeout=120,
        )
    assert done.returncode == -signal.SIGKILL, log.read_text()
    pids = [int(p) for p in pids_file.read_text().split()]
    assert len(pids) >= 2  # the two workers (and the resource tracker)

    def alive(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.time() + 10
    while time.time() < deadline and any(alive(p) for p in pids):
        time.sleep(0.2)
    survivors = [p for p in pids if alive(p)]
    for pid in survivors:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert not survivors


def test_input_changed_during_the_run_fails_it_without_a_result(tmp_path, monkeypatch):
    import corroborator.dedup as package

    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    real = package.run_local

    def edit_midway(records, work, options, progress=None):  # the file is appended to while it is read
        result = real(records, work, options, progress)
        with corpus.open("a") as handle:
            handle.write(json.dumps({"id": "late", "text": "A late addition to the file."}) + "\n")
        return result

    monkeypatch.setattr(package, "run_local", edit_midway)
    with pytest.raises(StateMismatch, match="changed while dedup read it"):
        dedup([str(corpus)], out, fmt="jsonl")
    monkeypatch.setattr(package, "run_local", real)
    assert not (out / "_SUCCESS").exists() and not (out / "articles.jsonl").exists()
    with pytest.raises(StateMismatch, match="changed"):  # and the next run sees it too
        dedup([str(corpus)], out, fmt="jsonl")
