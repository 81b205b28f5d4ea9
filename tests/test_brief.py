"""The story brief (brief.py), the layered graph layout (render/graph.py) and the flat exports (export.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborator.brief import batch_summary, brief_lines, story_briefs
from corroborator.cli import app
from corroborator.export import _COLUMNS, TABLES, export_tables, tables
from corroborator.ingest import is_own_report
from corroborator.render.graph import count_crossings, layered_layout
from corroborator.types import COPY_KINDS
from tests.conftest import DEMO


def _label(report, number: str) -> str:
    return next(a.label for a in report.articles if Path(a.source).name.startswith(number))


def test_seed_brief_first_lines(seed_report):
    summary = batch_summary(seed_report)
    assert (summary.articles, summary.stories, summary.skipped) == (5, 1, ())
    (brief,) = story_briefs(seed_report)
    # Newsweek is the only outlet the seeds name; the other four are known by their file names, not as outlets.
    assert brief.headline().startswith("5 articles from 1 outlet, 4 with no outlet named; 1 is a copy of another; ")
    newsweek, rewrite = _label(seed_report, "001"), _label(seed_report, "000")
    # 000 is a rewrite of Newsweek, with an altered Kim Yong-hyun quote.
    assert [(c.copy_label, c.kind, c.original_label) for c in brief.copies] == [(rewrite, "rewrite", newsweek)]
    altered = [d for d in brief.disputed if d.kind == "altered_quote"]
    assert altered and "Kim Yong-hyun" in altered[0].summary
    assert {c.label for c in altered[0].cites} == {newsweek, rewrite}
    # What only 004 says gets a line of its own.
    only = {s.outlet: s for s in brief.single}
    assert _label(seed_report, "004") in only
    # The first core claim is the one most articles carry, with who reported, relayed and copied it.
    core = brief.core[0]
    assert core.articles == max(len(c.articles) for c in seed_report.claims)
    assert rewrite in core.copied  # the rewrite has it from Newsweek
    lines = brief_lines(brief)
    assert lines[0].startswith("5 articles") and any(line.startswith("Copy chain:") for line in lines[:4])


def test_every_cite_is_a_span_of_its_article(seed_report, demo_report):
    for report in (seed_report, demo_report):
        texts = {a.id: a.text for a in report.articles}
        for brief in story_briefs(report):
            cites = [c.cite for c in (*brief.core, *brief.corroborated)] + [s.cite for s in brief.single]
            cites += [c for d in brief.disputed for c in d.cites if c.start >= 0]
            assert cites or len(brief.articles) == 1  # a one-article story has nothing shared or compared
            for cite in cites:
                assert texts[cite.article][cite.start : cite.end] == cite.text


def test_seed_desertion_claim_has_one_independent_origin(seed_report):
    (brief,) = story_briefs(seed_report)
    # The claim that 18 soldiers deserted (or fled their positions): every article states it.
    desertion = [c for c in brief.core if "desert" in c.cite.text or "fled" in c.cite.text]
    widest = max(desertion, key=lambda c: c.articles)
    assert widest.articles == 5 and widest.independent == 1, widest


def test_a_one_outlet_story_has_no_only_one_outlet_lines(demo_report):
    lone = [b for b in story_briefs(demo_report) if len(b.articles) == 1]
    assert lone and all(b.single == () and b.core == () for b in lone)


def test_stories_ordered_by_importance(demo_report):
    briefs = story_briefs(demo_report)
    keys = [(len(b.articles), b.importance, b.best_origins) for b in briefs]
    assert keys == sorted(keys, reverse=True)


def test_layout_removes_a_crossing_the_input_order_has():
    # In the given order s1-b and s2-a cross; a layered drawing exists without any crossing.
    nodes = ["s1", "s2", "a", "b", "c"]
    edges = [("s1", "b"), ("s2", "a"), ("a", "c"), ("s1", "c")]
    assert count_crossings([["s1", "s2"], ["a", "b"]], [("s1", "b"), ("s2", "a")]) == 1
    layout = layered_layout(nodes, edges)
    assert layout.crossings == 0
    assert layout.layers[0] and set(layout.layers[0]) == {"s1", "s2"}
    assert ("s1", "~0", "c") in layout.paths  # the long edge goes through a dummy in the middle layer


def test_layout_breaks_a_cycle_instead_of_looping():
    layout = layered_layout(["a", "b"], [("a", "b"), ("b", "a")])
    assert layout.layers == (("a",), ("b",))


def test_csv_export_follows_csvkit_conventions(demo_report):
    files = export_tables(demo_report, "csv")
    assert sorted(files) == [f"{t}.csv" for t in sorted(TABLES)]
    for name, text in files.items():
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert rows[0] == _COLUMNS[name.removesuffix(".csv")]  # a header row, no index column
        assert all(len(r) == len(rows[0]) for r in rows)
        assert text.endswith("\r\n") and not text.startswith("\ufeff")
    claims = list(csv.DictReader(io.StringIO(files["claims.csv"], newline="")))
    assert {r["id"] for r in claims} == {c.id for c in demo_report.claims}  # stable ids join back to the report
    assert all(int(r["independent_origins"]) >= 1 for r in claims)


def test_jsonl_export_and_empty_tables(demo_report):
    for name, text in export_tables(demo_report, "jsonl").items():
        rows = [json.loads(line) for line in text.splitlines()]
        assert rows and list(rows[0]) == _COLUMNS[name.removesuffix(".jsonl")]
    assert set(tables(demo_report)) == set(_COLUMNS)
    with pytest.raises(ValueError, match="csv, jsonl"):
        export_tables(demo_report, "xlsx")


def test_cli_format_csv_writes_tables_that_a_rerun_does_not_read(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(DEMO), "-o", str(out), "--format", "csv", "--format", "jsonl", "-q"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert "claims.csv" in names and "findings.jsonl" in names and "report.md" in names
    assert all(is_own_report(str(p)) for p in out.iterdir())
    bad = runner.invoke(app, ["analyze", str(DEMO), "--json", "-", "--format", "csv"])
    assert bad.exit_code == 2 and "--out" in bad.output


def test_cli_version_and_help_defaults():
    runner = CliRunner()
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("corroborator ")
    commands = [[c] for c in ("analyze", "compare", "serve", "dedup", "eval", "gate", "watch")]
    commands += [["case", c] for c in ("new", "add", "show", "list", "report")]
    for command in commands:
        text = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "160"}).output
        assert "docs/" not in text  # a pip install ships no docs folder
        options: list[str] = []  # each option's help, its wrapped lines joined
        for line in text.splitlines():
            inner = line.strip("│ ")
            if inner.startswith("-"):
                options.append(inner)
            elif options and line.startswith("│ ") and inner:
                options[-1] += " " + inner
            elif not line.startswith("│"):
                options.append("")  # a panel ended
        options = [o for o in options if o.startswith("-") and not o.startswith("--help")]
        assert options and all("default" in o for o in options), [o for o in options if "default" not in o]
        assert "--json" not in text or "FILE" in text  # one meaning: a file, - for stdout


def test_an_origin_shows_the_outlets_it_came_through(seed_report):
    import dataclasses

    from corroborator.report import Report

    claim = max(seed_report.claims, key=lambda c: len(c.articles))
    relayed = dataclasses.replace(claim.origins[0], relays=("Relay One", "Relay Two"))
    changed = dataclasses.replace(claim, origins=(relayed, *claim.origins[1:]))
    claims = tuple(changed if c.id == claim.id else c for c in seed_report.claims)
    report = Report(**{**{f: getattr(seed_report, f) for f in Report.__slots__}, "claims": claims})
    (brief,) = story_briefs(report)
    line = next(c for c in brief.core if c.claim == claim.id)
    assert f"{relayed.name} via Relay One, Relay Two" in line.carried()


def test_analyze_reports_progress_for_every_long_stage():
    from corroborator import analyze

    seen: list[tuple[str, int, int]] = []
    analyze([str(DEMO)], progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = list(dict.fromkeys(s for s, _d, _t in seen))
    for stage in ("segment", "embedding sentences", "relate", "claims", "findings"):
        assert stage in stages, stages
    assert stages.index("claims") < stages.index("findings")
    embedding = [(d, t) for s, d, t in seen if s == "embedding sentences"]
    assert all(0 <= d <= t for d, t in embedding) and any(d == t for d, t in embedding)
    assert seen[-1][0] == "findings" and seen[-1][1] == seen[-1][2] > 0  # tests/test_progress.py: the counts


def test_a_title_cut_from_the_text_ends_at_a_word():
    from corroborator import analyze

    text = (
        "The harbour authority of Quillmouth announced on Wednesday that the northern breakwater would be "
        "rebuilt over two summers, the authority said in a statement."
    )
    report = analyze([{"text": text, "outlet": "Quillmouth Tide"}])
    (brief,) = story_briefs(report)
    assert brief.title.endswith(" ...") and text.startswith(brief.title.removesuffix(" ..."))
    assert text[len(brief.title.removesuffix(" ..."))] == " "  # no word cut in half


# A count next to a noun that disagrees with it ("1 articles", "1 findings"); the nouns every view counts.
_DISAGREES = re.compile(
    r"(?<![\d,.])1 (articles|outlets|findings|claims|stories|inputs|links|boxes|copies|origins|"
    r"independent origins|duplicate inputs|copy/reuse relations|more \w+s)\b|(?<![\d,.])(?:0|[2-9]) (article|story|finding|claim|outlet)\b(?![\w-])"
)


def test_plural_agrees_with_its_count():
    from corroborator.brief import plural

    assert [plural(n, "article") for n in (0, 1, 2)] == ["0 articles", "1 article", "2 articles"]
    assert plural(1, "story") == "1 story" and plural(3, "story") == "3 stories"
    assert plural(1, "independent origin") == "1 independent origin"
    assert plural(2, "independent origin") == "2 independent origins"
    assert plural(1200, "link") == "1,200 links" and plural(2, "box") == "2 boxes"


def test_no_count_disagrees_with_its_noun_in_any_view(demo_report, tmp_path):
    # The demo has a one-article story (the bridge): its headline, the HTML's story line, the Markdown and the
    # terminal all say "1 article", never "1 articles".
    from corroborator.render import render_html, render_markdown

    lone = [b for b in story_briefs(demo_report) if len(b.articles) == 1]
    assert lone and lone[0].headline() == "1 article from 1 outlet; 0 findings"
    html, md = render_html(demo_report), render_markdown(demo_report)
    assert "<p class='meta'>1 article; " in html
    result = CliRunner().invoke(app, ["analyze", str(DEMO), "-o", str(tmp_path / "out")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    # A phone shows a stories-table count with the noun its data-label gives ("1 article"): read them as that.
    shown = re.sub(r"<[^>]+>", " ", re.sub(r"<td data-label='([^']*)'>([^<]*)</td>", r" \2 \1 ", html))
    assert "1 article 0 copies 0 findings" in " ".join(shown.split())
    for name, text in (("html", shown), ("md", md), ("cli", result.output)):
        bad = [m.group(0) for m in _DISAGREES.finditer(text)]
        assert not bad, (name, bad)


def test_one_notion_of_independence_in_the_headline_and_the_stories_table(demo_report):
    # The stories table and the headline count copies, and give the independent origins of the best-corroborated
    # claim: no second "independent reports" number beside the claims' "independent origins".
    from corroborator.render import render_html

    story = max(story_briefs(demo_report), key=lambda b: len(b.articles))
    claims = [c for c in demo_report.claims if c.story == story.story and len(c.articles) >= 2]
    copies = {r.other(r.original) for r in demo_report.relations if r.kind in COPY_KINDS and r.original}
    assert story.copies_of_others == len(copies & set(story.articles)) > 0
    assert story.best_origins == max(c.independent_sources for c in claims) >= 2
    assert story.headline().startswith(
        f"5 articles from 5 outlets; {story.copies_of_others} are copies of others; the best-corroborated claim "
        f"has {story.best_origins} independent origins; "
    )
    html = render_html(demo_report)
    overview = html[html.index("<section class='overview'>") :]
    overview = overview[: overview.index("</section>")]
    assert "independent report" not in overview and "<th>findings</th>" in overview
    row = re.search(r"<tr><td class='t'><a href='#" + story.story + r"'>.*?</tr>", overview)
    assert row and f"<td data-label='copies'>{story.copies_of_others}</td>" in row.group(0)


def test_file_names_are_not_counted_as_outlets(tmp_path):
    # Two bare .txt files name no outlet: the headline does not call their file names "2 outlets"; an outlet
    # the metadata gives counts, the file beside it does not.
    from corroborator import analyze
    from corroborator.brief import names_outlet

    one = (
        "The northern breakwater at Quillmouth will be rebuilt over two summers, the harbour board announced on "
        "Wednesday. Work on the 400-metre wall starts in May and will cost 18 million pounds, board chair Alan Pike "
        "said. Fishing boats will use the south quay while the work goes on."
    )
    two = (
        "Quillmouth's northern breakwater is to be rebuilt over the next two summers, the harbour board said on "
        "Wednesday. The work on the 400-metre wall begins in May and will cost 18 million pounds, according to "
        "board chair Alan Pike. Boats will moor at the south quay in the meantime."
    )
    (tmp_path / "a.txt").write_text(one, encoding="utf-8")
    (tmp_path / "b.txt").write_text(two, encoding="utf-8")
    report = analyze([str(tmp_path)])
    assert not any(names_outlet(a) for a in report.articles)
    (brief,) = story_briefs(report)
    assert brief.headline().startswith("2 articles, no outlet named; ")
    named = analyze([str(tmp_path / "a.txt"), {"text": two, "outlet": "Quillmouth Tide"}])
    (brief,) = story_briefs(named)
    assert brief.headline().startswith("2 articles from 1 outlet, 1 with no outlet named; ")


def test_only_one_outlet_lines_name_the_article_that_says_it(demo_report):
    # Coastline Daily rewrites The Harbour Gazette; a sentence only the rewrite has is Coastline Daily's line,
    # not the Gazette's (the Gazette does not say it).
    (story,) = [b for b in story_briefs(demo_report) if len(b.articles) > 1]
    assert story.single
    for line in story.single:
        assert line.outlet == line.cite.label, (line.outlet, line.cite.label, line.cite.text)
