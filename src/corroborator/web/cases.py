"""The web UI's case pages (read-only): the list of cases with their feeds and last update, a case's brief
with what is new since your last visit, and its full report.

``answer(path, cookies, db)`` returns what ``web.app``'s handler sends, or None for a path that is not a
case page. "Your last visit" is a cookie per case holding the last run you saw: each browser keeps its
own, and reading a page never writes to the database.
"""

from __future__ import annotations

import re
from html import escape
from http import HTTPStatus
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from corroborator.cases import CaseError, CaseInfo, CaseStore, brief

_CASE_PATH = re.compile(r"/cases/([A-Za-z0-9][A-Za-z0-9._-]{0,63})(/report)?")


def answer(path: str, cookie_header: str | None, db: str | Path) -> tuple[HTTPStatus, str, dict[str, str]] | None:
    """The response to a GET of ``path``: (status, HTML, extra headers), or None when it is not a case page."""
    from corroborator.web.app import page

    if path not in ("/cases", "/cases/") and not path.startswith("/cases/"):
        return None
    try:
        store = CaseStore(db)
    except CaseError as exc:
        return HTTPStatus.INTERNAL_SERVER_ERROR, page("Cases", f"<p class='error'>{escape(str(exc))}</p>"), {}
    try:
        if path in ("/cases", "/cases/"):
            return HTTPStatus.OK, cases_page(store), {}
        m = _CASE_PATH.fullmatch(path)
        if not m:
            return HTTPStatus.NOT_FOUND, page("Not found", "<p>No such case.</p>"), {}
        try:
            case = store.get(m.group(1))
        except CaseError:
            return HTTPStatus.NOT_FOUND, page("Not found", "<p>No such case. <a href='/cases'>All cases</a></p>"), {}
        if m.group(2):
            from corroborator.render.html import render_html

            report = store.report(case)
            return HTTPStatus.OK, render_html(report, title=f"corroborator case: {case.name}"), {}
        seen = _last_seen(cookie_header, case.id)
        cookie = f"seen_{case.id}={case.last_run}; Path=/cases/{case.name}; Max-Age=31536000; SameSite=Strict"
        return HTTPStatus.OK, case_page(store, case, seen), {"Set-Cookie": cookie}
    finally:
        store.close()


def _last_seen(cookie_header: str | None, case_id: int) -> int | None:
    if not cookie_header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(cookie_header)
    except Exception:  # noqa: BLE001 - a malformed cookie is no visit
        return None
    morsel = jar.get(f"seen_{case_id}")
    return int(morsel.value) if morsel and morsel.value.isdigit() else None


def cases_page(store: CaseStore) -> str:
    from corroborator.web.app import page

    rows = []
    for case in store.list_cases():
        feeds = "<br>".join(escape(f) for f in case.feeds) or "&ndash;"
        rows.append(
            f"<tr><td><a href='/cases/{escape(case.name)}'>{escape(case.name)}</a></td>"
            f"<td>{case.articles}</td><td>{feeds}</td><td>{escape(case.updated or 'never')}</td></tr>"
        )
    table = (
        "<table><tr><th>case</th><th>articles</th><th>feeds</th><th>last update</th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p>No case yet. Start one with <code>corroborator case new NAME</code>.</p>"
    )
    return page("Cases", "<h2>Cases</h2>" + table + "<p><a href='/'>Analyses</a></p>")


def case_page(store: CaseStore, case: CaseInfo, seen: int | None) -> str:
    from corroborator.web.app import page

    report = store.report(case)
    feeds = store.feeds(case)
    feed_rows = "".join(
        f"<li>{escape(f['url'])} &middot; {f['items']} items &middot; polled {escape(f['last_polled'] or 'never')}"
        f" ({escape(f['last_status'] or '')})</li>"
        for f in feeds
    )
    parts = [
        f"<h2>{escape(case.name)}</h2>",
        f"<p>updated {escape(case.updated or 'never')} &middot; {case.last_run} updates &middot; "
        f"<a href='/cases/{escape(case.name)}/report'>full report</a></p>",
        f"<ul id='feeds'>{feed_rows}</ul>" if feed_rows else "",
        "<section id='new'>" + _new_since(store, case, seen) + "</section>",
        f"<h3>Brief</h3><pre id='brief'>{escape(brief(report))}</pre>",
        "<p><a href='/cases'>All cases</a></p>",
    ]
    return page(f"Case {case.name}", "".join(parts))


def _new_since(store: CaseStore, case: CaseInfo, seen: int | None) -> str:
    if seen is None:
        return "<h3>New since your last visit</h3><p>This is your first visit: everything is new.</p>"
    runs = store.runs(case, after=seen)
    if not runs:
        return "<h3>New since your last visit</h3><p>Nothing new.</p>"
    items: list[str] = []
    for run in runs:
        items.extend(_run_lines(run["changes"]))
    body = "".join(f"<li>{escape(line)}</li>" for line in items) or "<li>Polled; nothing new.</li>"
    return f"<h3>New since your last visit ({len(runs)} updates)</h3><ul>{body}</ul>"


def _run_lines(changes: dict[str, Any]) -> list[str]:
    out = [f"new article: {a}" for a in changes.get("added", [])]
    out += [
        f"{', '.join(r['outlets'])} now relay claim {r['claim']}: {r['text'][:120]}"
        for r in changes.get("new_relays", [])
    ]
    out += [
        f"claim {o['claim']}: independent origins {o['before']} -> {o['after']}"
        for o in changes.get("origin_changes", [])
    ]
    out += [f"new finding ({f['kind']}): {f['summary'][:160]}" for f in changes.get("new_findings", [])]
    out += [f"{m['kind']} {m['old']} merged into {m['into']}" for m in changes.get("merged", [])]
    return out
