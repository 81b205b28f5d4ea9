"""Cases: incremental updates equal one analysis of everything, ids stay stable, updates are atomic."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corroborator.cases import CaseError, CaseStore, Known, finding_id, raw_from_json, stable_ids
from corroborator.cli import app
from corroborator.pipeline import _story_claim_keys, analyze
from corroborator.report import Report
from tests.conftest import DEMO
from tests.localweb import LocalWeb, news_site


@pytest.fixture()
def web():
    with LocalWeb() as server:
        yield server


def _comparable(report: Report) -> dict:
    data = report.to_dict()
    for key in ("generator", "models", "timings", "stats", "skipped"):
        data.pop(key, None)
    return data


def _as_pipeline(store: CaseStore, name: str) -> Report:
    """The case's report with its stable ids turned back into the pipeline's (content-hash) ids."""
    case = store.get(name)
    report = store.report(case)
    stories, claims = store.pipeline_ids(case)
    return replace(
        report,
        stories=tuple(replace(s, id=stories[s.id]) for s in report.stories),
        claims=tuple(replace(c, id=claims[c.id], story=stories.get(c.story or "", c.story)) for c in report.claims),
        findings=tuple(
            replace(
                f,
                id=finding_id(f.kind, claims.get(f.claim or "", f.claim), [(e.article, e.start) for e in f.evidence]),
                claim=claims.get(f.claim or "", f.claim),
                story=stories.get(f.story or "", f.story),
            )
            for f in report.findings
        ),
    )


def _grow_and_compare(tmp_path: Path, web: LocalWeb, first: int, more: int) -> None:
    news_site(web, first)
    store = CaseStore(tmp_path / "cases.db")
    store.create("wire")
    one = store.add("wire", feeds=[web.url("/feed.xml")])
    assert len(one.added) == first
    case = store.get("wire")
    before = store.report(case)
    old_stories = {s.id: set(s.articles) for s in before.stories}
    old_claims = {c.id: {(m.article, m.sentence) for m in c.mentions} for c in before.claims}

    sets_before = {r[0] for r in store.db.execute("SELECT key FROM case_claim_sets WHERE case_id=?", (case.id,))}
    news_site(web, first + more)
    two = store.add("wire", feeds=[web.url("/feed.xml")])
    assert len(two.added) == more  # exactly the new items
    pairs_with_new = two.aligned
    after = store.report(store.get("wire"))
    assert len(after.articles) == first + more
    new_ids = {a.id for a in after.articles} - {a.id for a in before.articles}
    assert len(new_ids) == more
    # The second update aligned the pairs that involve a new article, and of the old pairs only those whose
    # articles gained sentence vectors since (docs/cases.md), never all of them.
    stored = store.db.execute("SELECT a, b FROM case_alignments WHERE case_id=?", (case.id,)).fetchall()
    involving_new = sum(1 for a, b in stored if a in new_ids or b in new_ids)
    assert 0 < involving_new <= pairs_with_new < len(stored)

    # The same as analysing every article at once (same order), up to the documented id rule.
    raws = [raw_from_json(r[0]) for r in store.db.execute("SELECT raw FROM case_inputs ORDER BY position")]
    full = analyze(raws)
    assert _comparable(_as_pipeline(store, "wire")) == _comparable(full)

    # Stable ids: a story or claim of the first update keeps its id while it keeps its members.
    now_stories = {s.id: set(s.articles) for s in after.stories}
    now_claims = {c.id: {(m.article, m.sentence) for m in c.mentions} for c in after.claims}
    kept = 0
    for sid, members in old_stories.items():
        holder = [k for k, v in now_stories.items() if members <= v]
        if holder:
            assert holder == [sid], f"story {sid} grew but changed its id to {holder}"
            kept += 1
    assert kept == len(old_stories)
    for cid, members in old_claims.items():
        holder = [k for k, v in now_claims.items() if members <= v]
        if len(holder) == 1 and ("claim", cid, holder[0]) not in two.merged:
            assert holder == [cid]  # (two claims merged into one: the older id wins and the merge is reported)
    grown = [c for c in after.claims if c.id in old_claims and len(c.mentions) > len(old_claims[c.id])]
    assert grown, "no claim gained a mention: the test data does not exercise the id rule"

    # Claims were built again only for the stories whose inputs changed (pipeline._story_claim_keys), and
    # every story a new article joined is one of them; the others came from the case's claim sets.
    keys = _story_claim_keys(
        list(full.articles), list(full.stories), list(full.relations), store.options(case), full.sources
    )
    stored = {r[0] for r in store.db.execute("SELECT key FROM case_claim_sets WHERE case_id=?", (case.id,))}
    assert stored == set(keys.values())  # the sets of this analysis, no stale ones
    joined = [s.id for s in full.stories if set(s.articles) & new_ids]
    assert joined and all(keys[sid] not in sets_before for sid in joined)
    reused = [sid for sid, key in keys.items() if key in sets_before]
    print(f"claims of {len(reused)} of {len(keys)} stories reused")
    store.close()


def test_incremental_case_equals_one_analysis_and_keeps_ids(tmp_path, web):
    _grow_and_compare(tmp_path, web, 12, 4)


@pytest.mark.slow
def test_thirty_then_five(tmp_path, web):
    _grow_and_compare(tmp_path, web, 30, 5)


def test_nothing_new_is_nothing_and_feeds_are_conditional(tmp_path, web):
    news_site(web, 5)
    with CaseStore(tmp_path / "c.db") as store:
        store.create("x")
        store.add("x", feeds=[web.url("/feed.xml")])
        again = store.poll("x")
        assert again.nothing and not again.added
        feed_hits = [h for h in web.hits if h.path == "/feed.xml"]
        assert feed_hits[-1].headers.get("If-None-Match") == '"v5"' and feed_hits[-1].status == 304
        pages = [h for h in web.hits if h.path.startswith("/news/")]
        assert len(pages) == 5  # known items are never fetched again
        runs = store.runs(store.get("x"))
        assert [r["kind"] for r in runs] == ["add", "watch"] and runs[1]["added"] == 0


def test_a_crash_mid_update_leaves_the_case_as_it_was(tmp_path, web, monkeypatch):
    news_site(web, 6)
    store = CaseStore(tmp_path / "c.db")
    store.create("x")
    store.add("x", feeds=[web.url("/feed.xml")])

    def dump() -> dict:
        tables = [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: store.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}

    before = dump()
    real = CaseStore._write_report

    def half_then_crash(self, db, *args, **kwargs):
        real(self, db, *args, **kwargs)  # the tables are rewritten ...
        raise RuntimeError("power cut")  # ... and the process dies before the commit

    monkeypatch.setattr(CaseStore, "_write_report", half_then_crash)
    news_site(web, 8)
    with pytest.raises(RuntimeError, match="power cut"):
        store.add("x", feeds=[web.url("/feed.xml")])
    assert dump() == before
    monkeypatch.setattr(CaseStore, "_write_report", real)
    done = store.add("x", feeds=[web.url("/feed.xml")])  # the next poll does the work
    assert len(done.added) == 2
    store.close()


def test_stable_id_rule():
    old = [Known("s-old", frozenset("abc"), 1), Known("s-newer", frozenset("de"), 2)]
    # One new story holds both old ones: the older id wins, the other is recorded as merged into it.
    mapping, merges = stable_ids({"s-hash1": frozenset("abcdef")}, old)
    assert mapping == {"s-hash1": "s-old"} and merges == [("s-newer", "s-old")]
    # A story splits: the part holding most of its members keeps the id, the other part gets its own.
    mapping, merges = stable_ids({"s-x": frozenset("ab"), "s-y": frozenset("c")}, old[:1])
    assert mapping == {"s-x": "s-old", "s-y": "s-y"} and merges == []
    # Unrelated stories keep their pipeline ids.
    assert stable_ids({"s-z": frozenset("q")}, old) == ({"s-z": "s-z"}, [])


def test_finding_ids_follow_the_pipeline_formula(demo_report):
    for f in demo_report.findings:
        assert f.id == finding_id(f.kind, f.claim, [(e.article, e.start) for e in f.evidence])


def test_files_and_the_tables(tmp_path):
    db = tmp_path / "c.db"
    with CaseStore(db) as store:
        store.create("demo")
        first = store.add("demo", [str(DEMO)])
        assert len(first.added) == 6
        again = store.add("demo", [str(DEMO)])  # the same files again: nothing new
        assert again.nothing
        with pytest.raises(CaseError, match="already exists"):
            store.create("demo")
        with pytest.raises(CaseError, match=r"no case named 'nope'.*demo"):
            store.get("nope")
        with pytest.raises(CaseError, match="case name"):
            store.create("../etc")
    # Plain SQL works on the tables (what a user does with sqlite3 or Datasette).
    con = sqlite3.connect(db)
    outlets = {r[0] for r in con.execute("SELECT outlet FROM case_articles")}
    assert "The Harbour Gazette" in outlets
    rows = con.execute(
        "SELECT c.id, c.independent_sources, COUNT(DISTINCT m.outlet) FROM case_claims c "
        "JOIN case_mentions m ON m.claim = c.id AND m.case_id = c.case_id GROUP BY c.id"
    ).fetchall()
    assert rows and all(n >= 1 for _cid, _ind, n in rows)
    record = json.loads(con.execute("SELECT record FROM case_findings LIMIT 1").fetchone()[0])
    assert record["kind"] and record["evidence"]
    con.close()


def test_cli_case_commands_and_watch_once(tmp_path, web):
    news_site(web, 5)
    runner = CliRunner()
    db = str(tmp_path / "c.db")
    assert runner.invoke(app, ["case", "new", "harbour", "--db", db]).exit_code == 0
    added = runner.invoke(app, ["case", "add", "harbour", "--db", db, "--feed", web.url("/feed.xml")])
    assert added.exit_code == 0, added.output
    assert "5 new articles" in added.stdout
    shown = runner.invoke(app, ["case", "show", "harbour", "--db", db])
    assert shown.exit_code == 0
    assert "5 articles from 5 outlets" in shown.stdout and "independent origin" in shown.stdout
    assert "feed " + web.url("/feed.xml") in shown.stdout
    news_site(web, 7)
    watched = runner.invoke(app, ["watch", "harbour", "--once", "--db", db])
    assert watched.exit_code == 0, watched.output
    assert "2 new articles" in watched.stdout and "+ article:" in watched.stdout
    out = tmp_path / "rep"
    wrote = runner.invoke(app, ["case", "report", "harbour", "-o", str(out), "--db", db])
    assert wrote.exit_code == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 7
    assert runner.invoke(app, ["case", "show", "nope", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["watch", "harbour", "--every", "1s", "--db", db]).exit_code == 2


def test_watch_stops_cleanly_on_ctrl_c(tmp_path, web):
    import os
    import signal
    import threading
    import time

    news_site(web, 2)
    db = str(tmp_path / "c.db")
    with CaseStore(db) as store:
        store.create("w")
        store.add("w", feeds=[web.url("/feed.xml")])
    before = signal.getsignal(signal.SIGINT)
    timer = threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    result = CliRunner().invoke(app, ["watch", "w", "--every", "60s", "--db", db])
    timer.cancel()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30  # it did not wait for the next poll
    assert "nothing new" in result.stdout
    assert signal.getsignal(signal.SIGINT) is before  # the handler is given back


def test_skips_are_kept_per_source(tmp_path, web):
    news_site(web, 2)
    with CaseStore(tmp_path / "c.db") as store:
        store.create("s")
        first = store.add("s", [web.url("/missing.html")], feeds=[web.url("/feed.xml")])
        assert len(first.added) == 2
        assert [(s.source, s.reason) for s in first.skipped] == [(web.url("/missing.html"), "HTTP 404 Not Found")]
        store.add("s", feeds=[web.url("/gone.xml")])
        store.add("s", feeds=[web.url("/gone.xml")])
        rows = store.db.execute("SELECT run, source, reason FROM case_skipped ORDER BY source").fetchall()
        assert rows == [
            (3, web.url("/gone.xml"), "feed: HTTP 404 Not Found"),
            (1, web.url("/missing.html"), "HTTP 404 Not Found"),
        ]
        assert len(store.report(store.get("s")).skipped) == 2
