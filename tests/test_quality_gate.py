"""The quality gate that CI runs: floors pinned in quality/floors.json.

`test_gate_fast_subset_meets_floors` IS the CI gate: it runs every gated task on its seeded sample
(about a minute) and fails when a primary metric is below its floor.
"""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from corroborator.cli import app
from corroborator.errors import UsageError
from corroborator.eval import EvalOptions, run
from corroborator.eval.gate import DEFAULT_FLOORS, check, load_floors, measure, update

runner = CliRunner()


@pytest.mark.slow
def test_gate_fast_subset_meets_floors():
    floors = load_floors()
    failures = [c for c in check(floors, measure(floors, fast=True), fast=True) if not c.ok]
    assert not failures, [f"{c.task}: {c.metric} {c.value:.4f} < floor {c.floor:.4f}" for c in failures]


@pytest.mark.slow
def test_gate_fails_on_a_degraded_setting(tmp_path):
    # Only the stories task, with a threshold no two articles can pass: every article its own story.
    floors = load_floors()
    floors["tasks"] = {"stories": floors["tasks"]["stories"]}
    path = tmp_path / "floors.json"
    path.write_text(json.dumps(floors))
    result = runner.invoke(app, ["gate", "--fast", "--floors", str(path), "--set", "stories.threshold=0.99"])
    assert result.exit_code == 1, result.output
    assert "BELOW FLOOR" in result.output


def test_floors_are_never_lowered_without_a_reason(tmp_path):
    path = tmp_path / "floors.json"
    shutil.copy(DEFAULT_FLOORS, path)
    floors = load_floors(path)
    floors["tasks"] = {"quantities": floors["tasks"]["quantities"]}
    floors["tasks"]["quantities"]["fast_floor"] = 0.99  # above what the tool reaches: an update would lower it
    result = run("quantities", options=EvalOptions())
    with pytest.raises(UsageError, match="refusing to lower"):
        update(path, floors, [result], fast=True)
    changes = update(path, floors, [result], fast=True, allow_regression=True, reason="test: new gold cases")
    assert changes and load_floors(path)["history"][-1]["reason"] == "test: new gold cases"


def test_eval_loaders_accept_other_files_of_the_format(tmp_path):
    cases = [{"req": "The slick stretched for 12 km.", "res": [{"surface": "12 km", "unit": "kilometre", "value": 12}]}]
    path = tmp_path / "other.json"
    path.write_text(json.dumps(cases))
    result = run("quantities", data=path)
    assert result.examples == 1 and result.primary == 1.0
    pairs = tmp_path / "pairs.txt"
    pairs.write_text(
        "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
        "1\t1\t2\tThe bridge will stay shut for two weeks.\tThe bridge will remain closed for two weeks.\n"
        "0\t3\t4\tThe bridge will stay shut for two weeks.\tA ferry ran aground near the harbour.\n"
    )
    result = run("paraphrase", data=pairs)
    assert result.examples == 2 and result.metrics["accuracy"] == 1.0


def test_eval_cli_unknown_task_and_missing_data(tmp_path):
    assert runner.invoke(app, ["eval", "nonsense"]).exit_code == 2
    missing = runner.invoke(app, ["eval", "quantities", "--data", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "no such file" in missing.output
