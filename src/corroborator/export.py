"""Flat exports of a report: CSV tables (``--format csv``) and JSON Lines (``--format jsonl``).

Four tables, one row per record, keyed by the report's own stable ids (article ids come from the words
of the text, claim and finding ids from their content), so a row can be joined back to report.json and
two runs over the same articles can be compared row by row:

- ``articles``: id, label, outlet, title, published, url, source file, story, sentences, quotes, credits;
- ``claims``: id, story, text, articles, independent origins, origin names, article ids, explanation;
- ``findings``: id, kind, story, claim, confidence, importance, top, summary, article ids, first evidence;
- ``sources``: id, name, kind, aliases, affiliation, article ids.

CSV follows csvkit's conventions: a header row, RFC 4180 quoting (a field with a comma, quote or line
break is quoted, quotes doubled), UTF-8 without a byte-order mark, ``\\r\\n`` line ends, no index column,
lists joined with ``;``, an empty field for a missing value. JSON Lines keeps lists as lists and a
missing value as ``null``, one object per line.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corroborator.report import Report, write_text_atomic

FORMATS = ("csv", "jsonl")
TABLES = ("articles", "claims", "findings", "sources")
LIST_SEPARATOR = ";"


def tables(report: Report) -> dict[str, list[dict[str, Any]]]:
    """The four tables as lists of rows (dicts with the same keys, in column order)."""
    story_of = report.story_of()
    articles = [
        {
            "id": a.id,
            "label": a.label,
            "outlet": a.meta.outlet,
            "title": a.meta.title,
            "published": a.meta.published,
            "url": a.meta.url,
            "source": a.source,
            "story": story_of.get(a.id),
            "sentences": len(a.sentences),
            "quotes": len(a.quotes),
            "credits": len(a.attributions),
        }
        for a in report.articles
    ]
    claims = [
        {
            "id": c.id,
            "story": c.story,
            "text": c.text,
            "articles": len(c.articles),
            "independent_origins": c.independent_sources,
            "origins": [o.name for o in c.origins],
            "article_ids": list(c.articles),
            "explanation": c.explanation,
        }
        for c in report.claims
    ]
    findings = [
        {
            "id": f.id,
            "kind": f.kind,
            "story": f.story,
            "claim": f.claim,
            "confidence": f.confidence,
            "importance": f.importance,
            "top": f.top,
            "summary": f.summary,
            "article_ids": list(f.articles),
            "evidence_article": f.evidence[0].article if f.evidence else None,
            "evidence_start": f.evidence[0].start if f.evidence else None,
            "evidence_end": f.evidence[0].end if f.evidence else None,
            "evidence_text": f.evidence[0].text if f.evidence else None,
        }
        for f in report.findings
    ]
    sources = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "aliases": list(s.aliases),
            "affiliation": s.affiliation,
            "article_ids": list(s.articles),
        }
        for s in report.sources
    ]
    return {"articles": articles, "claims": claims, "findings": findings, "sources": sources}


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def to_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    """RFC 4180 CSV with a header row (``csv`` module's default dialect: minimal quoting, ``\\r\\n``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(row.get(c)) for c in columns])
    return buffer.getvalue()


def export_tables(report: Report, fmt: str) -> dict[str, str]:
    """File name -> text for each table ("claims.csv", ... or "claims.jsonl", ...).

    Raises:
        ValueError: an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of: {', '.join(FORMATS)} (got {fmt!r})")
    out: dict[str, str] = {}
    for name, rows in tables(report).items():
        if fmt == "csv":
            columns = list(rows[0]) if rows else _COLUMNS[name]
            out[f"{name}.csv"] = to_csv(rows, columns)
        else:
            out[f"{name}.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return out


def write_exports(report: Report, folder: str | Path, fmt: str) -> list[Path]:
    """Write the four tables into ``folder``, each file whole or not at all."""
    folder = Path(folder)
    return [write_text_atomic(folder / name, text) for name, text in export_tables(report, fmt).items()]


# The header of an empty table (no rows to read the columns from); a test keeps it equal to the rows' keys.
_COLUMNS: dict[str, list[str]] = {
    "articles": [
        "id",
        "label",
        "outlet",
        "title",
        "published",
        "url",
        "source",
        "story",
        "sentences",
        "quotes",
        "credits",
    ],
    "claims": ["id", "story", "text", "articles", "independent_origins", "origins", "article_ids", "explanation"],
    "findings": [
        "id",
        "kind",
        "story",
        "claim",
        "confidence",
        "importance",
        "top",
        "summary",
        "article_ids",
        "evidence_article",
        "evidence_start",
        "evidence_end",
        "evidence_text",
    ],
    "sources": ["id", "name", "kind", "aliases", "affiliation", "article_ids"],
}
