"""The evaluator protocol, the task registry and ``run``.

Every evaluator names its ``primary_metric`` and whether higher is better, loads
any file in its dataset's format (``load(path, split)``), and scores the tool on
it (``evaluate(examples, options)``). ``options.sample`` evaluates a seeded
sample for quick runs (the CI gate); ``options.overrides`` changes a setting
("stories.threshold=0.99") to see what a regression looks like.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from corroborator.errors import UsageError


def shared_datasets() -> Path:
    """Where the labelled datasets live: $CORROBORATOR_DATASETS, else ../shared/datasets beside the checkout."""
    env = os.environ.get("CORROBORATOR_DATASETS")
    if env:
        return Path(env)
    return (
        Path(__file__).resolve().parents[4] / "shared" / "datasets"
    )  # src/corroborator/eval -> checkout -> its parent


@dataclass(frozen=True, slots=True)
class EvalOptions:
    sample: int | None = None  # evaluate a seeded sample of this many examples (or groups, for stories)
    seed: int = 0
    overrides: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Result:
    task: str
    data: str
    split: str | None
    examples: int
    metrics: dict[str, Any]
    primary_metric: str
    greater_is_better: bool
    seconds: float

    @property
    def primary(self) -> float:
        return float(self.metrics[self.primary_metric])

    def to_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "data": self.data,
            "split": self.split,
            "examples": self.examples,
            "primary_metric": self.primary_metric,
            "primary": self.primary,
            "greater_is_better": self.greater_is_better,
            "metrics": self.metrics,
            "seconds": round(self.seconds, 1),
        }


class Evaluator(Protocol):
    name: str
    primary_metric: str
    greater_is_better: bool
    default_data: str  # relative to the shared datasets folder
    default_split: str | None
    description: str

    def load(self, path: Path, split: str | None) -> list: ...

    def evaluate(self, examples: list, options: EvalOptions) -> dict[str, Any]: ...


TASKS: dict[str, Evaluator] = {}


def register(cls: type) -> type:
    TASKS[cls.name] = cls()
    return cls


def sample(examples: list, options: EvalOptions, key: Callable[[Any], Any] | None = None) -> list:
    """A seeded sample: of examples, or of whole groups when ``key`` names the group."""
    if not options.sample:
        return examples
    rng = random.Random(options.seed)
    if key is None:
        return rng.sample(examples, min(options.sample, len(examples)))
    groups = sorted({key(e) for e in examples}, key=str)
    chosen = set(rng.sample(groups, min(options.sample, len(groups))))
    return [e for e in examples if key(e) in chosen]


def run(
    task: str, data: str | Path | None = None, split: str | None = None, options: EvalOptions | None = None
) -> Result:
    """Evaluate one task.

    Raises:
        UsageError: unknown task, or the data path does not exist.
    """
    from corroborator.eval import tasks  # noqa: F401 - registers the evaluators

    if task not in TASKS:
        raise UsageError(f"unknown eval task {task!r}; tasks: {', '.join(sorted(TASKS))}")
    evaluator = TASKS[task]
    path = Path(data) if data else shared_datasets() / evaluator.default_data
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder (pass --data PATH for {task})")
    split = split if split is not None else evaluator.default_split
    options = options or EvalOptions()
    started = time.perf_counter()
    examples = evaluator.load(path, split)
    metrics = evaluator.evaluate(examples, options)
    return Result(
        task,
        str(path),
        split,
        int(metrics.pop("examples", len(examples))),
        metrics,
        evaluator.primary_metric,
        evaluator.greater_is_better,
        time.perf_counter() - started,
    )
