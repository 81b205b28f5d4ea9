"""Fetching pages, feeds and sitemaps from a local server (127.0.0.1 only): every failure is a named skip."""

from __future__ import annotations

import time

import pytest

from corroborator.fetch import (
    Fetcher,
    FetchOptions,
    Validators,
    canonical_url,
    fetch_pages,
    read_feed,
    read_sitemap,
    read_url_file,
    unique_urls,
    user_agent,
)
from tests.localweb import LocalWeb, Route, article_html, news_site

FAST = FetchOptions(timeout=1.0, retries=1, backoff=0.05, max_bytes=200_000)


@pytest.fixture()
def web():
    with LocalWeb() as server:
        yield server


def test_pages_become_articles_through_the_html_path(web):
    urls = news_site(web, 3)
    result = fetch_pages(urls, Fetcher(FAST))
    assert not result.skipped
    assert [a.source for a in result.articles] == urls
    first = result.articles[0]
    assert first.meta.outlet == "Riverside Courier"
    assert first.meta.title and "Marlow Bay" in first.meta.title
    assert first.meta.published == "2026-11-01"
    assert "storm surge" in first.raw_text and "Home | World" not in first.raw_text  # navigation left out
    assert all(h.headers.get("User-Agent") == user_agent() for h in web.hits)
    assert user_agent().startswith("corroborator/")


def test_every_failure_is_a_named_skip(web):
    good = web.page("/ok.html", article_html(0, 0))
    web.routes["/slow"] = Route(article_html(0, 1).encode(), delay=2.5)
    web.routes["/gone"] = Route(b"gone", status=410)
    web.routes["/broken"] = Route(b"oops", status=500)
    web.routes["/paper.pdf"] = Route(b"%PDF-1.4", content_type="application/pdf")
    web.routes["/huge"] = Route(chunked_forever=True)
    web.routes["/declared-huge"] = Route(b"x" * 300_000)
    web.routes["/loop-a"] = Route(status=302, location="/loop-b")
    web.routes["/loop-b"] = Route(status=302, location="/loop-a")
    web.routes["/menu"] = Route(b"<html><body><nav>Home</nav><p>Short teaser.</p></body></html>")
    names = ["/slow", "/gone", "/broken", "/paper.pdf", "/huge", "/declared-huge", "/loop-a", "/menu", "/missing"]
    result = fetch_pages([good] + [web.url(n) for n in names], Fetcher(FAST))
    assert [a.source for a in result.articles] == [good]
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in result.skipped}
    assert reasons["slow"].startswith("timeout")
    assert reasons["gone"] == "HTTP 410 Gone"
    assert reasons["broken"] == "HTTP 500 Internal Server Error"
    assert reasons["paper.pdf"] == "not HTML (content type application/pdf)"
    assert reasons["huge"].startswith("too large") and "stopped reading" in reasons["huge"]
    assert reasons["declared-huge"].startswith("too large")
    assert reasons["loop-a"].startswith("redirect loop")
    assert "no article text" in reasons["menu"]
    assert reasons["missing"] == "HTTP 404 Not Found"
    # A 500 and a timeout were retried (retries=1); a 404 and a 410 were not.
    tries = {n: sum(h.path == n for h in web.hits) for n in ("/broken", "/gone", "/missing")}
    assert tries == {"/broken": 2, "/gone": 1, "/missing": 1}


def test_redirects_are_followed_recorded_and_deduplicated(web):
    target = web.page("/story.html", article_html(1, 0))
    web.routes["/short"] = Route(status=301, location="/hop")
    web.routes["/hop"] = Route(status=307, location="/story.html")
    result = fetch_pages([web.url("/short"), target + "?utm_source=feed#top"], Fetcher(FAST))
    assert len(result.articles) == 1  # one page, reached by a redirect and by a tracking link
    first = result.fetched[0]
    assert first.redirects == (web.url("/hop"), web.url("/story.html"))
    assert first.final_url == target
    assert result.articles[0].extra["redirects"] == [web.url("/hop"), web.url("/story.html")]


def test_canonical_urls():
    assert canonical_url("HTTPS://News.Example.org:443/a/b?utm_source=x&id=3#c") == "https://news.example.org/a/b?id=3"
    assert unique_urls(["http://a.org/x", "http://A.org/x#frag", "", "# comment", "http://a.org/y"]) == [
        "http://a.org/x",
        "http://a.org/y",
    ]


def test_conditional_requests(web):
    web.routes["/p.html"] = Route(
        article_html(2, 1).encode(), etag='"abc"', last_modified="Mon, 02 Nov 2026 08:00:00 GMT"
    )
    fetcher = Fetcher(FAST)
    first = fetcher.fetch(web.url("/p.html"))
    assert first.validators == Validators('"abc"', "Mon, 02 Nov 2026 08:00:00 GMT")
    second = fetcher.fetch(web.url("/p.html"), first.validators)
    assert second.not_modified and second.body is None and second.error is None
    deadline = time.monotonic() + 5
    while len([h for h in web.hits if h.path == "/p.html"]) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # the server records a hit after it has answered
    last = [h for h in web.hits if h.path == "/p.html"][-1]
    assert last.headers.get("If-None-Match") == '"abc"'
    assert last.headers.get("If-Modified-Since") == "Mon, 02 Nov 2026 08:00:00 GMT"


def test_per_host_limit_holds_with_many_threads(web):
    for k in range(24):
        web.routes[f"/n{k}"] = Route(article_html(k % 7, k % 5).encode(), delay=0.05)
    options = FetchOptions(timeout=2, workers=12, per_host=2, host_interval=0.02)
    fetched = Fetcher(options).fetch_many([web.url(f"/n{k}") for k in range(24)])
    assert all(f.error is None for f in fetched)
    assert web.max_in_flight <= 2
    # Spacing, seen by the server: any 5 consecutive gaps span at least 5 intervals (less 10 ms of network jitter).
    starts = sorted(h.started for h in web.hits)
    assert min(b - a for a, b in zip(starts, starts[5:], strict=False)) >= 5 * 0.02 - 0.01


def test_feed_items_and_a_feed_that_changes(web):
    news_site(web, 4, etag='"one"')
    fetcher = Fetcher(FAST)
    feed = read_feed(web.url("/feed.xml"), fetcher)
    assert feed.error is None and feed.title == "Test wire"
    assert len(feed.items) == 4
    assert feed.items[-1].url == web.url("/news/0-0.html")
    assert feed.items[-1].published == "2026-11-01T08:00:00+00:00"
    again = read_feed(web.url("/feed.xml"), fetcher, feed.fetched.validators)
    assert again.fetched.not_modified and again.items == ()
    news_site(web, 6, etag='"two"')
    changed = read_feed(web.url("/feed.xml"), fetcher, feed.fetched.validators)
    assert len(changed.items) == 6


def test_a_page_that_is_not_a_feed(web):
    web.routes["/nofeed"] = Route(b"<html><body>hello</body></html>")
    got = read_feed(web.url("/nofeed"), Fetcher(FAST))
    assert got.error and got.error.startswith("not a feed")
    web.routes["/down"] = Route(b"", status=503)
    assert read_feed(web.url("/down"), Fetcher(FAST)).error == "HTTP 503 Service Unavailable"


def test_sitemap(web):
    urls = news_site(web, 2)
    body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    web.routes["/sitemap.xml"] = Route(xml.encode(), content_type="application/xml")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{web.url('/sitemap.xml')}</loc></sitemap></sitemapindex>"
    )
    web.routes["/index.xml"] = Route(index.encode(), content_type="application/xml")
    assert read_sitemap(web.url("/index.xml"), Fetcher(FAST)) == (urls, [])


def test_url_file(tmp_path):
    good = tmp_path / "urls.txt"
    good.write_text("# my links\nhttp://a.org/1\n\nhttps://b.org/2\n", encoding="utf-8")
    assert read_url_file(str(good)) == ["http://a.org/1", "https://b.org/2"]
    bad = tmp_path / "bad.txt"
    bad.write_text("http://a.org/1\nnot a url\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"bad.txt:2.*not an http"):
        read_url_file(str(bad))


def test_options_refuse_nonsense():
    with pytest.raises(ValueError, match="per_host"):
        FetchOptions(per_host=0)
    with pytest.raises(ValueError, match="retries"):
        FetchOptions(retries=-1)


def test_retry_backoff_is_bounded(web):
    web.routes["/busy"] = Route(b"", status=503)
    started = time.monotonic()
    got = Fetcher(FetchOptions(timeout=1, retries=2, backoff=0.1)).fetch(web.url("/busy"))
    took = time.monotonic() - started
    assert got.error == "HTTP 503 Service Unavailable" and got.attempts == 3
    assert 0.3 - 0.02 <= took < 2.0  # 0.1 + 0.2 s of backoff, then it gives up


def test_analyze_cli_reads_urls_feeds_and_url_files(web, tmp_path):
    import json as jsonlib

    from typer.testing import CliRunner

    from corroborator.cli import app

    urls = news_site(web, 3)
    listed = tmp_path / "urls.txt"
    listed.write_text(f"{urls[0]}\n{web.url('/missing.html')}\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["analyze", "--no-relate", "--json", "-", "-q", "--feed", web.url("/feed.xml"), "--urls", str(listed)],
    )
    assert result.exit_code == 0, result.output
    report = jsonlib.loads(result.stdout)
    assert sorted(a["url"] for a in report["articles"]) == sorted(urls)  # the feed's 3, the listed one again merged
    assert report["skipped"] == [{"source": web.url("/missing.html"), "reason": "HTTP 404 Not Found"}]
    bad = runner.invoke(app, ["analyze", "--no-relate", "--json", "-", "--feed", web.url("/missing.xml")])
    assert bad.exit_code == 2 and "HTTP 404" in bad.output
    assert runner.invoke(app, ["analyze", "--json", "-"]).exit_code == 2  # nothing to read
