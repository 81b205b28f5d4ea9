"""The HTML and Markdown reports (the browser tests click through them; these check the files)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from corroborator.cli import app
from corroborator.render import render_html, render_markdown
from tests.conftest import DEMO


def test_html_report_is_self_contained(demo_report):
    page = render_html(demo_report)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # no network request of any kind
    assert "<link" not in page and "@import" not in page
    assert "<svg class='prov'" in page and "Pair view" in page
    assert "The Harbour Gazette" in page and "numeric conflict" in page


def test_markdown_report_lists_findings_and_claims(demo_report):
    md = render_markdown(demo_report)
    assert "## Cargo ship runs aground in Calder estuary" in md
    assert "**numeric conflict**" in md and '"15 tonnes"' in md
    assert "| claim | articles | independent sources | why |" in md
    assert "**near duplicate** (original: The Harbour Gazette)" in md


def test_cli_out_writes_json_html_and_markdown(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(DEMO), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json", "report.md"]
