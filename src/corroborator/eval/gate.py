"""The quality gate: primary metrics must stay at or above floors pinned in the repository.

``quality/floors.json`` holds, per task, the primary metric's floor for the full
evaluation and for the fast one CI runs (seeded samples, a few minutes in all).
Raising a floor is an ordinary commit (``corroborator gate --update`` raises
floors to what was just measured, never lowers them). Lowering one needs
``--allow-regression`` and a ``--reason``, which is written into the file's
history so the commit shows it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from corroborator.errors import UsageError
from corroborator.eval.base import EvalOptions, Result
from corroborator.eval.runner import run

DEFAULT_FLOORS = Path(__file__).resolve().parents[3] / "quality" / "floors.json"


@dataclass(frozen=True, slots=True)
class Check:
    task: str
    metric: str
    value: float
    floor: float
    greater_is_better: bool

    @property
    def ok(self) -> bool:
        return self.value >= self.floor if self.greater_is_better else self.value <= self.floor


def load_floors(path: Path = DEFAULT_FLOORS) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UsageError(f"{path}: no floors file") from exc


def measure(floors: dict, fast: bool, overrides: Mapping[str, object] | None = None) -> list[Result]:
    results = []
    for task, spec in floors["tasks"].items():
        options = EvalOptions(
            sample=spec.get("fast_sample") if fast else None,
            seed=spec.get("seed", 0),
            overrides=overrides or {},
            baselines=False,
        )
        results.append(run(task, options=options))
    return results


def check(floors: dict, results: list[Result], fast: bool) -> list[Check]:
    mode = "fast" if fast else "full"
    out = []
    for result in results:
        spec = floors["tasks"][result.task]
        if spec.get("metric") != result.primary_metric:
            raise UsageError(
                f"floors.json gates {result.task} on {spec.get('metric')}, but its primary metric is "
                f"{result.primary_metric}; fix the floors file"
            )
        out.append(
            Check(result.task, result.primary_metric, result.primary, spec[f"{mode}_floor"], result.greater_is_better)
        )
        # A task may gate more than its primary metric ("also": {"recall": {"fast_floor": ..., ...}}), e.g.
        # claims, where precision comes first but recall must not collapse either.
        for metric, extra in spec.get("also", {}).items():
            if metric not in result.metrics:
                raise UsageError(f"floors.json gates {result.task} on {metric}, which the task does not report")
            out.append(Check(result.task, metric, float(result.metrics[metric]), extra[f"{mode}_floor"], True))
    return out


def update(
    path: Path,
    floors: dict,
    results: list[Result],
    fast: bool,
    allow_regression: bool = False,
    reason: str | None = None,
) -> list[str]:
    """Move floors to the measured values (less a small margin for noise); refuse to lower one by default.

    Raises:
        UsageError: a floor would go down without ``allow_regression`` and a ``reason``.
    """
    mode = "fast" if fast else "full"
    planned, lowered = [], []
    for result in results:
        spec = floors["tasks"][result.task]
        margin = spec.get("margin", 0.02)
        new = round(result.primary - margin if result.greater_is_better else result.primary + margin, 4)
        old = spec[f"{mode}_floor"]
        if new == old:
            continue
        if (new < old) if result.greater_is_better else (new > old):
            lowered.append(f"{result.task}: {old} -> {new}")
        planned.append((spec, new, f"{result.task} {mode} floor {old} -> {new}"))
    if lowered and not (allow_regression and reason):
        raise UsageError("refusing to lower floors (" + "; ".join(lowered) + "): pass --allow-regression and --reason")
    changes = []
    for spec, new, change in planned:  # decide first, change after: a refused update leaves the floors as they were
        spec[f"{mode}_floor"] = new
        changes.append(change)
    if lowered:
        floors.setdefault("history", []).append(
            {"date": date.today().isoformat(), "lowered": lowered, "reason": reason}
        )
    Path(path).write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
    return changes
