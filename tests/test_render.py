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
    md = render_markdown(demo_report, full=True)
    assert "## Cargo ship runs aground in Calder estuary" in md
    assert "**numeric conflict**" in md and '"15 tonnes"' in md
    assert "| claim | articles | independent origins | why |" in md
    assert "**near duplicate** (original: The Harbour Gazette)" in md


def test_markdown_report_is_short_by_default(demo_report):
    short, full = render_markdown(demo_report), render_markdown(demo_report, full=True)
    assert "| claim | articles |" not in short and len(short) < len(full) / 1.5
    # The brief leads: counts, the copy chain, what is disputed, then claims with their origins.
    story = short.index("## Cargo ship runs aground in Calder estuary")
    assert short.index("5 articles from 5 outlets", story) < short.index("Core claims:", story)
    assert "Copy chain:" in short and "a near-duplicate of The Harbour Gazette" in short
    assert "numeric conflict" in short and "Weakest-sourced claims" in short


def test_cli_out_writes_json_html_and_markdown(tmp_path):
    result = CliRunner().invoke(app, ["analyze", str(DEMO), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "report.json", "report.md"]


def test_html_report_has_brief_viewport_and_a_graph_without_crossings(demo_report):
    page = render_html(demo_report)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    first_story = page.index("<section class='story'")
    brief = page.index("<div class='brief'", first_story)
    assert brief < page.index("<details class='more", first_story)  # the brief first, everything else folded below
    assert "class='legend graphlegend'" in page
    assert re.findall(r"data-crossings='(\d+)'", page) == ["0"] * len(demo_report.stories)
    # Each finding links to the pair view at its own URL, the finding's id in it.
    for f in demo_report.findings:
        if len(f.articles) >= 2:
            assert f"href='#pair/{f.articles[0]}/{f.articles[1]}/{f.id}'" in page


def _rendered_tags(md: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every element a CommonMark renderer (raw HTML allowed, as on most wikis) makes of ``md``."""
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append((tag, attrs))

    Collect().feed(MarkdownIt("commonmark", {"html": True}).render(md))
    return tags


def test_markdown_report_escapes_html_from_articles():
    import dataclasses

    from corroborator import analyze
    from corroborator.types import Skipped

    # My own hostile texts: markup in the body, the outlet and the title, and a link to a script.
    hostile = (
        "The harbour board said the ferry pier would reopen on Monday. <script>alert('md')</script> "
        "Divers found <img src=x onerror=\"alert('md')\"> three loose piles under the pier, the board said. "
        "[read more](javascript:alert('md')) said the harbour board."
    )
    copy = hostile.replace("three", "four")
    report = analyze(
        [
            {
                "text": hostile,
                "outlet": "Pier <b onmouseover=alert(1)>News</b>",
                "title": "<img src=y onerror=alert(2)>",
            },
            {"text": copy, "outlet": "<script>x()</script>Coast Daily", "title": "Pier <i>repairs</i>"},
        ]
    )
    report = dataclasses.replace(report, skipped=[Skipped("<svg onload=alert(3)>`x", "<b>bad</b> input")])
    md = render_markdown(report)
    tags = _rendered_tags(md)
    names = {t for t, _ in tags}
    assert not names & {"script", "img", "b", "i", "svg"}, names
    assert not any(k.startswith("on") for _, attrs in tags for k, _v in attrs)
    assert not any(v and v.lower().startswith("javascript:") for _, attrs in tags for _k, v in attrs)
    # The text is still there, to be read as text.
    assert "&lt;script&gt;" in md and "Coast Daily" in md
    assert sum(1 for t, _ in tags if t in ("ul", "table")) >= 2  # still a report: lists and tables


def test_seed_graph_drops_implied_links_and_lists_them(seed_report):
    page = render_html(seed_report)
    svg = re.search(r"<svg class='prov'[^>]*>", page).group(0)
    drawn, total, hidden = (int(re.search(f"data-{k}='(\\d+)'", svg).group(1)) for k in ("edges", "links", "hidden"))
    # 000 rewrites Newsweek: the sources both credit reach 000 through Newsweek, so those credits are not drawn
    # (the reduction is exact: drawn + listed = all), and the drawing has no crossing (6 before the reduction).
    assert hidden > 0 and drawn + hidden == total
    assert re.search(r"data-crossings='(\d+)'", svg).group(1) == "0"
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>credits</td><td>implied by ([^<]*)</td></tr>", page)
    assert len(rows) == hidden
    for source, article, path in rows:
        steps = path.split(" -&gt; ")
        assert steps[0] == source and steps[-1] == article and len(steps) >= 3
    # Every name is drawn whole (wrapped between words, never cut).
    nodes = re.findall(r"<g class='node[^>]*>.*?<text>(.*?)</text><title>([^<]*)</title>", page)
    assert len(nodes) == int(re.search(r"data-nodes='(\d+)'", svg).group(1))
    for title, body in nodes:
        assert " ".join(re.findall(r">([^<]*)</tspan>", title)) == body


def test_a_credit_to_an_article_named_by_its_byline_is_a_link_to_it_not_a_second_box():
    # The Tide's article has no outlet metadata; its byline names it ("By ... for The Quillmouth Tide"), so the
    # batch labels it so. The other article credits "The Quillmouth Tide": the graph links the two articles and
    # draws no separate "Quillmouth Tide" source box.
    from corroborator import analyze
    from corroborator.render.html import provenance_edges

    tide = (
        "By Jane Roe for The Quillmouth Tide\n\nThe northern breakwater at Quillmouth will be rebuilt over two "
        "summers, the harbour board announced on Wednesday. Work on the 400-metre wall starts in May and will cost "
        "18 million pounds, board chair Alan Pike said. Fishing boats will use the south quay while the work goes on."
    )
    voice = (
        "The Quillmouth Tide reported on Wednesday that the northern breakwater at Quillmouth will be rebuilt over "
        "two summers. According to the harbour board, work on the 400-metre wall starts in May at a cost of 18 "
        "million pounds. Fishing boats are expected to move to the south quay during the works."
    )
    report = analyze([{"text": tide}, {"text": voice, "outlet": "Harbour Voice"}])
    articles = {a.id: a for a in report.articles}
    by_label = {a.label: a.id for a in report.articles}
    assert set(by_label) == {"The Quillmouth Tide", "Harbour Voice"}
    (story,) = report.stories
    edges, sources = provenance_edges(story, report, articles)
    assert "quillmouth tide" not in sources
    assert (by_label["The Quillmouth Tide"], by_label["Harbour Voice"], "credited by") in edges


def test_a_cited_quotation_gets_no_second_pair_of_marks(demo_report):
    # The harbour master's sentence ends with its own closing mark; <q> around it would show '... earliest."”'.
    import html as html_lib

    page = render_html(demo_report)
    inner = [html_lib.unescape(q) for q in re.findall(r"<q>(.*?)</q>", page)]
    assert inner and not [q for q in inner if q[:1] in "\"“”'" or q.rstrip(" .")[-1:] in "\"“”'"]
    assert re.search(r"<span class='quoted'>Harbour master Ines Varga said: &quot;We have", page)
