"""corroborator: how well is this story really corroborated?

>>> import corroborator
>>> report = corroborator.analyze(["examples/demo"])
>>> report.write_json("out/report.json")
"""

from __future__ import annotations

from corroborator.errors import CorroboratorError, InputError, UsageError
from corroborator.options import (
    AnalyzeOptions,
    ClaimOptions,
    CleanOptions,
    FindingOptions,
    IngestOptions,
    RelateOptions,
    StoryOptions,
)
from corroborator.pipeline import analyze, compare
from corroborator.report import SCHEMA, Report, package_version
from corroborator.types import (
    Alignment,
    Article,
    Attribution,
    Claim,
    ClaimLink,
    Direction,
    EvidenceSpan,
    Finding,
    Mention,
    Metadata,
    Origin,
    Passage,
    Quote,
    RawArticle,
    Relation,
    Removed,
    Skipped,
    Span,
    Story,
)

__version__ = package_version()  # read from the installed package's metadata (pyproject.toml declares it)

__all__ = [
    "Alignment",
    "AnalyzeOptions",
    "Article",
    "Attribution",
    "Claim",
    "ClaimLink",
    "ClaimOptions",
    "CleanOptions",
    "CorroboratorError",
    "Direction",
    "EvidenceSpan",
    "Finding",
    "FindingOptions",
    "IngestOptions",
    "InputError",
    "Mention",
    "Metadata",
    "Origin",
    "Passage",
    "Quote",
    "RawArticle",
    "RelateOptions",
    "Relation",
    "Removed",
    "Report",
    "SCHEMA",
    "Skipped",
    "Span",
    "Story",
    "StoryOptions",
    "UsageError",
    "__version__",
    "analyze",
    "compare",
]
