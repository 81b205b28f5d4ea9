"""The evaluator protocol and the task registry (``runner.run`` evaluates a task).

Every evaluator names its ``primary_metric`` and whether higher is better, loads
any file in its dataset's format (``load(path, split)``), and scores the tool on
it (``evaluate(examples, options)``). ``options.sample`` evaluates a seeded
sample for quick runs (the CI gate); ``options.overrides`` changes a setting
("stories.threshold=0.99") to see what a regression looks like.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from corroborator.errors import UsageError
from corroborator.options import AnalyzeOptions


def read_judgments(path: Path) -> dict[tuple[str, str], dict]:
    """Judgments of an audit by reading (``scripts/*_audit.py``): JSONL rows keyed by (sub-topic, the row's
    ``key`` as JSON); a later row for the same key replaces an earlier one. No file: no judgments."""
    judged: dict[tuple[str, str], dict] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                judged[(row["subtopic"], json.dumps(row["key"]))] = row
    return judged


def shared_datasets() -> Path:
    """Where the labelled datasets live: $CORROBORATOR_DATASETS, else ../shared/datasets beside the checkout."""
    env = os.environ.get("CORROBORATOR_DATASETS")
    if env:
        return Path(env)
    return (
        Path(__file__).resolve().parents[4] / "shared" / "datasets"
    )  # src/corroborator/eval -> checkout -> its parent


EVAL_SETTINGS = ("paraphrase.threshold", "parser.rules")  # the evaluators' own settings, beside the pipeline's


@dataclass(frozen=True, slots=True)
class EvalOptions:
    """``overrides`` are ``--set`` settings: the pipeline's (``stories.threshold``) and ``EVAL_SETTINGS``.

    Raises:
        UsageError: an unknown or invalid setting (checked when the options are built).
    """

    sample: int | None = None  # evaluate a seeded sample of this many examples (or groups, for stories)
    seed: int = 0
    overrides: Mapping[str, object] = field(default_factory=dict)
    baselines: bool = True  # also score the baselines beside the tool (the gate skips them: they are not gated)
    analyze: AnalyzeOptions = field(init=False)

    def __post_init__(self) -> None:
        pipeline = {k: v for k, v in self.overrides.items() if k not in EVAL_SETTINGS}
        object.__setattr__(self, "analyze", AnalyzeOptions().with_overrides(pipeline))

    def setting(self, key: str, default: float) -> float:
        """An evaluator's own setting (``EVAL_SETTINGS``), as a number.

        Raises:
            UsageError: the value is not a number.
        """
        raw = self.overrides.get(key, default)
        try:
            return float(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise UsageError(f"--set {key}: {raw!r} is not a number") from exc


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


E = TypeVar("E", bound=type)


def register(cls: E) -> E:
    """Class decorator: add an evaluator to ``TASKS`` under its ``name``."""
    evaluator = cls()
    TASKS[evaluator.name] = evaluator
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
