"""``corroborator eval``: measure each capability on public labelled data, and gate CI on it."""

from corroborator.eval.base import TASKS, EvalOptions, Result, shared_datasets
from corroborator.eval.runner import run

__all__ = ["TASKS", "EvalOptions", "Result", "run", "shared_datasets"]
