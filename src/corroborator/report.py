"""The report: the contract every output format and later stage shares.

Documented field by field in docs/report-schema.md. The version in ``SCHEMA``
changes only when a field is removed or changes meaning; adding fields is free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corroborator.sources import Source
from corroborator.types import Article, Attribution, Metadata, Quote, Removed, Skipped, Span

SCHEMA = "corroborator/report-v1"


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
    sources: list[Source] = field(default_factory=list)  # canonical sources across the batch (sources.py)

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
            "sources": [source_dict(s) for s in self.sources],
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
            sources=[_source_from_dict(s) for s in data.get("sources", [])],
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def write_json(self, path: str | Path) -> Path:
        return _write(Path(path), self.to_json())

    def write_all(self, folder: str | Path) -> list[Path]:
        """report.json, report.html and report.md in ``folder``."""
        from corroborator.render import render_html, render_markdown

        folder = Path(folder)
        return [
            _write(folder / "report.json", self.to_json()),
            _write(folder / "report.html", render_html(self)),
            _write(folder / "report.md", render_markdown(self)),
        ]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # a crash never leaves half a report behind
    return path


def article_dict(a: Article) -> dict[str, Any]:
    m = a.meta
    return {
        "id": a.id,
        "source": a.source,
        "label": a.label,
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
                "speaker_span": _span(q.speaker_start, q.speaker_end),
                "speaker_id": q.speaker_id,
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
                "source_span": {"start": t.source_start, "end": t.source_end},
                "content": _span(t.content_start, t.content_end),
                "source_id": t.source_id,
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
                q.get("speaker_id"),
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
                (t.get("content") or {}).get("start"),
                (t.get("content") or {}).get("end"),
                t.get("source_id"),
            )
            for t in a.get("attributions", [])
        ),
        seen_as=tuple(a.get("seen_as", [])),
        short_label=a.get("label"),
    )


def _span(start: int | None, end: int | None) -> dict[str, int] | None:
    return {"start": start, "end": end} if start is not None and end is not None else None


def source_dict(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind,
        "aliases": list(s.aliases),
        "affiliation": s.affiliation,
        "articles": list(s.articles),
        "published": list(s.published),
    }


def _source_from_dict(s: dict[str, Any]) -> Source:
    return Source(
        s["id"],
        s["name"],
        s["kind"],
        tuple(s.get("aliases", [])),
        s.get("affiliation"),
        tuple(s.get("articles", [])),
        tuple(s.get("published", [])),
    )
