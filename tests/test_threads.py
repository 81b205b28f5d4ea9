"""Thread and worker counts from the cores a process can really use (issue 17, item 2)."""

from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from corroborator.cli import app
from corroborator.cpus import default_threads, idle_cpus, usable_cpus
from tests.conftest import SEEDS


def test_usable_cores_respect_affinity_and_the_request_wins():
    assert 1 <= usable_cpus() <= len(os.sched_getaffinity(0))
    idle = idle_cpus()
    assert idle is None or 0 <= idle <= (os.cpu_count() or 1) + 0.01
    assert 1 <= default_threads() <= usable_cpus()
    assert default_threads(3) == 3  # --threads N is taken as given, even past the cores


def test_affinity_to_one_core_gives_one_thread():
    before = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(before)})
        assert usable_cpus() == 1 and default_threads() == 1
    finally:
        os.sched_setaffinity(0, before)


def test_threads_option_sets_torch_threads_for_the_encoder():
    import torch

    from corroborator.embed import Encoder, set_threads

    previous = torch.get_num_threads()
    set_threads(1)
    try:
        encoder = Encoder()
        vectors = encoder.encode(["Two sentences to encode.", "A second one, in other words."])
        assert vectors.shape == (2, 384) and encoder.threads == 1 and torch.get_num_threads() == 1
    finally:
        set_threads(None)
        torch.set_num_threads(previous)


def test_dedup_threads_option_sets_the_signing_processes(tmp_path):
    rows = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = CliRunner().invoke(app, ["dedup", str(corpus), "-o", str(tmp_path / "out"), "--threads", "1"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["options"]["workers"] == 1 and summary["records"] == len(rows)
