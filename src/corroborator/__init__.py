"""corroborator: how well is this story really corroborated?

>>> import corroborator
>>> report = corroborator.analyze(["examples/demo"])
>>> report.write_json("out/report.json")
"""

from __future__ import annotations

__version__ = "0.1.0"

from corroborator.errors import CorroboratorError, InputError, UsageError
from corroborator.pipeline import AnalyzeOptions, analyze, compare
from corroborator.report import SCHEMA, Report
from corroborator.types import Article, Attribution, Metadata, Quote, RawArticle, Removed, Skipped, Span

__all__ = [
    "AnalyzeOptions",
    "Article",
    "Attribution",
    "CorroboratorError",
    "InputError",
    "Metadata",
    "Quote",
    "RawArticle",
    "Removed",
    "Report",
    "SCHEMA",
    "Skipped",
    "Span",
    "UsageError",
    "__version__",
    "analyze",
    "compare",
]
