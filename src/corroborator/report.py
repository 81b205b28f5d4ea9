"""The report: the contract every output format and later stage shares.

Documented field by field in docs/report-schema.md. The version in ``SCHEMA``
changes only when a field is removed or changes meaning; adding fields is free.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborator.types import Article, Attribution, Metadata, Quote, Removed, Skipped, Span

SCHEMA = "corroborator/report-v1"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once at import: os.umask can only be read by setting it


@dataclass(slots=True)
class Report:
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    inputs: int = 0  # articles and records read, including the skipped ones
    stories: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)  # which model did what, and where it was loaded from
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def article(self, article_id: str) -> Article:
        for art in self.articles:
            if art.id == article_id:
                return art
        raise KeyError(article_id)

    def to_dict(self) -> dict[str, Any]:
        from corroborator import __version__

        return {
            "schema": SCHEMA,
            "generator": f"corroborator {__version__}",
            "stats": {
                "inputs": self.inputs,
                "articles": len(self.articles),
                "duplicates_merged": sum(len(a.seen_as) for a in self.articles),
                "skipped": len(self.skipped),
                "quotes": sum(len(a.quotes) for a in self.articles),
                "attributions": sum(len(a.attributions) for a in self.articles),
            },
            "models": self.models,
            "timings": self.timings,
            "articles": [article_dict(a) for a in self.articles],
            "stories": self.stories,
            "relations": self.relations,
            "claims": self.claims,
            "findings": self.findings,
            "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Rebuild a report from its JSON form (what ``to_dict`` wrote)."""
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} report (schema: {data.get('schema')!r})")
        articles = [_article_from_dict(a) for a in data["articles"]]
        return cls(
            articles=articles,
            skipped=[Skipped(s["source"], s["reason"]) for s in data.get("skipped", [])],
            inputs=data.get("stats", {}).get("inputs", len(articles)),
            stories=data.get("stories", []),
            relations=data.get("relations", []),
            claims=data.get("claims", []),
            findings=data.get("findings", []),
            models=data.get("models", {}),
            timings=data.get("timings", {}),
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def write_json(self, path: str | Path) -> Path:
        return write_text_atomic(path, self.to_json())

    def write_all(self, folder: str | Path) -> list[Path]:
        """report.json, report.html and report.md in ``folder``."""
        from corroborator import __version__
        from corroborator.render import render_html, render_markdown

        folder = Path(folder)
        # The marker line lets a later run that reads this folder recognise the Markdown report as its own.
        marker = f"<!-- generator: corroborator {__version__} ({SCHEMA}) -->\n"
        return [
            write_text_atomic(folder / "report.json", self.to_json()),
            write_text_atomic(folder / "report.html", render_html(self)),
            write_text_atomic(folder / "report.md", marker + render_markdown(self)),
        ]


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` to a hidden temporary file beside ``path``, then rename it over ``path``.

    A crash never leaves half a file behind, and an existing file (or another name hard-linked to
    it) is replaced, never written through. The temporary name is unique, so no other file is touched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; a report gets the usual permissions
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def article_dict(a: Article) -> dict[str, Any]:
    m = a.meta
    return {
        "id": a.id,
        "source": a.source,
        "input_id": m.input_id,
        "seen_as": list(a.seen_as),
        "outlet": m.outlet,
        "title": m.title,
        "published": m.published,
        "url": m.url,
        "author": m.author,
        "language": m.language,
        "text": a.text,
        "raw_length": a.raw_length,
        "removed": [
            {"start": r.start, "end": r.end, "at": r.at, "reason": r.reason, "text": r.text} for r in a.removed
        ],
        "paragraphs": [{"start": p.start, "end": p.end} for p in a.paragraphs],
        "sentences": [{"start": s.start, "end": s.end} for s in a.sentences],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker,
                "start": q.start,
                "end": q.end,
                "speaker_text": q.speaker_text,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "cue": q.cue,
            }
            for q in a.quotes
        ],
        "attributions": [
            {
                "source": t.source,
                "source_key": t.source_key,
                "cue": t.cue,
                "start": t.start,
                "end": t.end,
                "source_text": t.source_text,
                "source_start": t.source_start,
                "source_end": t.source_end,
                "kind": t.kind,
                "via": t.via,
                "sentence": t.sentence,
            }
            for t in a.attributions
        ],
    }


def _article_from_dict(a: dict[str, Any]) -> Article:
    meta = Metadata(
        outlet=a.get("outlet"),
        title=a.get("title"),
        published=a.get("published"),
        url=a.get("url"),
        author=a.get("author"),
        language=a.get("language"),
        input_id=a.get("input_id"),
    )
    return Article(
        id=a["id"],
        source=a["source"],
        meta=meta,
        text=a["text"],
        raw_length=a.get("raw_length", len(a["text"])),
        removed=tuple(Removed(r["start"], r["end"], r["reason"], r["text"], r["at"]) for r in a.get("removed", [])),
        paragraphs=tuple(Span(p["start"], p["end"]) for p in a.get("paragraphs", [])),
        sentences=tuple(Span(x["start"], x["end"]) for x in a.get("sentences", [])),
        quotes=tuple(
            Quote(
                q["text"],
                q["start"],
                q["end"],
                q["speaker"],
                q.get("speaker_text"),
                q.get("speaker_start"),
                q.get("speaker_end"),
                q.get("cue"),
            )
            for q in a.get("quotes", [])
        ),
        attributions=tuple(
            Attribution(
                t["source"],
                t["source_key"],
                t["cue"],
                t["start"],
                t["end"],
                t["source_text"],
                t["source_start"],
                t["source_end"],
                t["kind"],
                t.get("via"),
                t.get("sentence"),
            )
            for t in a.get("attributions", [])
        ),
        seen_as=tuple(a.get("seen_as", [])),
    )
