"""The files a finished analysis can be downloaded as, and the links to them on its report page.

``/reports/ID.json`` (the report), ``/reports/ID.html`` (the self-contained page), ``/reports/ID.md``
(the short Markdown report; ``?full`` for every table) and ``/reports/ID/TABLE.csv`` or ``.jsonl`` (the
flat tables of export.py). Each is rendered from the stored JSON on request, so nothing else is kept.
"""

from __future__ import annotations

import json
import re
from html import escape

from corroborator.export import TABLES, export_tables
from corroborator.render import render_html, render_markdown
from corroborator.report import Report

_PATH = re.compile(r"/reports/([0-9a-f]{12})(?:\.(json|html|md)|/(" + "|".join(TABLES) + r")\.(csv|jsonl))")


def parse(path: str) -> tuple[str, str] | None:
    """(analysis id, what) for a download URL ("json", "html", "md", "claims.csv", ...); None otherwise."""
    m = _PATH.fullmatch(path)
    if not m:
        return None
    return m.group(1), m.group(2) or f"{m.group(3)}.{m.group(4)}"


def render(record: dict, what: str, full: bool = False) -> tuple[bytes, str, str]:
    """The body, content type and file name of one download of a finished analysis."""
    if what == "json":
        return record["report"].encode(), "application/json", "report.json"
    report = Report.from_dict(json.loads(record["report"]))
    if what == "html":
        return render_html(report, title=f"corroborator: {record['label']}").encode(), "text/html", "report.html"
    if what == "md":
        text = render_markdown(report, title=f"corroborator: {record['label']}", full=full)
        return text.encode(), "text/markdown; charset=utf-8", "report.md"
    name, fmt = what.split(".")
    text = export_tables(report, fmt)[what]
    kind = "text/csv; charset=utf-8; header=present" if fmt == "csv" else "application/x-ndjson"
    return text.encode(), kind, f"{name}.{fmt}"


def links(analysis_id: str) -> str:
    """The header links of a report page in the UI: home, and every download."""
    base = f"/reports/{escape(analysis_id)}"
    tables = " ".join(f"<a href='{base}/{t}.csv' download>{t}.csv</a>" for t in TABLES)
    return (
        "<p class='uilinks'><a href='/' id='home'>&larr; all analyses</a> "
        f"<span class='field'>download:</span> <a href='{base}.json' download>json</a> "
        f"<a href='{base}.html' download>html</a> <a href='{base}.md' download>md</a> {tables}</p>"
    )
