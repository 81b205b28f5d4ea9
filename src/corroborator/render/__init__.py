"""Report renderers: self-contained HTML (also served by the web UI) and Markdown."""

from __future__ import annotations

from pathlib import Path

from corroborator.render.html import render_html
from corroborator.render.markdown import render_markdown
from corroborator.report import SCHEMA, Report, package_version, write_text_atomic


def write_reports(report: Report, folder: str | Path, full: bool = False) -> list[Path]:
    """report.json, report.html and report.md in ``folder``, each written whole or not at all.

    ``full``: report.md with every finding, copy and claim (else the brief, top findings and weakest claims)."""
    folder = Path(folder)
    # The marker line lets a later run that reads this folder recognise the Markdown report as its own.
    marker = f"<!-- generator: corroborator {package_version()} ({SCHEMA}) -->\n"
    return [
        write_text_atomic(folder / "report.json", report.to_json()),
        write_text_atomic(folder / "report.html", render_html(report)),
        write_text_atomic(folder / "report.md", marker + render_markdown(report, full=full)),
    ]


__all__ = ["render_html", "render_markdown", "write_reports"]
