"""``run``: evaluate one registered task on its data."""

from __future__ import annotations

import time
from pathlib import Path

from corroborator.errors import UsageError
from corroborator.eval import alteredquotes as _alteredquotes  # noqa: F401 - registers the altered-quote evaluator
from corroborator.eval import ecbclaims as _ecbclaims  # noqa: F401 - registers the claims evaluator
from corroborator.eval import tasks as _tasks  # noqa: F401 - registers the evaluators
from corroborator.eval.base import TASKS, EvalOptions, Result, shared_datasets


def run(
    task: str, data: str | Path | None = None, split: str | None = None, options: EvalOptions | None = None
) -> Result:
    """Evaluate one task.

    Raises:
        UsageError: unknown task, or the data path does not exist.
    """
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
