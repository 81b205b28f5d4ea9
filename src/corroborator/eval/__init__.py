"""``corroborator eval``: measure each capability on public labelled data, and gate CI on it."""

from corroborator.eval import tasks as _tasks  # noqa: F401 - registers the evaluators
from corroborator.eval.base import TASKS, EvalOptions, Result, run, shared_datasets

__all__ = ["TASKS", "EvalOptions", "Result", "run", "shared_datasets"]
