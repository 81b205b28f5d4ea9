"""A local web server for tests and benchmarks: pages, feeds and failures on 127.0.0.1, never the internet.

``LocalWeb`` serves ``Route``s by path (status, body, content type, delay, ETag/Last-Modified, redirects)
and logs every request with its start and end time, so tests can check rate limits and conditional
requests. ``news_site`` writes made-up news articles (our own sentences, generated from a few templates)
and an RSS feed listing them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    chunked_forever: bool = False  # stream without a Content-Length, more than any limit


@dataclass(frozen=True)
class Hit:
    path: str
    host: str
    started: float
    ended: float
    headers: dict[str, str]
    status: int


class LocalWeb:
    """A threaded HTTP server on 127.0.0.1 with a random port; use as a context manager."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                started = time.monotonic()
                with web._lock:
                    web.in_flight += 1
                    web.max_in_flight = max(web.max_in_flight, web.in_flight)
                status = 404
                try:
                    status = self._answer()
                finally:
                    with web._lock:
                        web.in_flight -= 1
                        web.hits.append(
                            Hit(
                                self.path,
                                self.headers.get("Host", ""),
                                started,
                                time.monotonic(),
                                dict(self.headers),
                                status,
                            )
                        )

            def _answer(self) -> int:
                route = web.routes.get(self.path)
                if route is None:
                    self._send(404, b"<html><body>no such page</body></html>", "text/html")
                    return 404
                if route.delay:
                    time.sleep(route.delay)
                if route.location:
                    self.send_response(route.status)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return route.status
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return 304
                if route.chunked_forever:
                    self.send_response(200)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        for _ in range(10_000):
                            self.wfile.write(b"<p>" + b"filler " * 1000 + b"</p>\n")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self.close_connection = True
                    return 200
                extra = dict(route.headers)
                if route.etag:
                    extra["ETag"] = route.etag
                if route.last_modified:
                    extra["Last-Modified"] = route.last_modified
                self._send(route.status, route.body, route.content_type, extra)
                return route.status

            def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalWeb:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def page(self, path: str, html: str, **kw: object) -> str:
        self.routes[path] = Route(body=html.encode("utf-8"), **kw)  # type: ignore[arg-type]
        return self.url(path)


# -- made-up news ---------------------------------------------------------------------------------

OUTLETS = [
    "Riverside Courier",
    "Northgate Daily",
    "Lakeshore Herald",
    "Valley Ledger",
    "Harbour Observer",
    "Pinecrest Times",
    "Summit Gazette",
]

# Events: (place, subject, what happened, a number, a spokesperson, a body)
EVENTS = [
    ("Marlow Bay", "the ferry terminal", "flooded after a storm surge", 42, "Dana Whitfield", "the port authority"),
    ("Eastbrook", "the chemical depot", "caught fire late on Tuesday", 17, "Owen Castell", "the fire service"),
    (
        "Tolland",
        "the old rail bridge",
        "was closed after inspectors found cracks",
        3,
        "Mira Osei",
        "the transport office",
    ),
    ("Greyhaven", "the municipal library", "lost its roof in high winds", 250, "Petra Lund", "the city council"),
    ("Fenwick", "the water plant", "stopped pumping after a power failure", 8000, "Rahul Desai", "the water board"),
    ("Kestrel Point", "the coastal road", "was buried by a landslide", 12, "Ines Valdez", "the highways agency"),
    ("Ashford Vale", "the hospital wing", "was evacuated over a gas leak", 130, "Tomas Brandt", "the health trust"),
]


def article_text(event: int, variant: int) -> tuple[str, str, list[str]]:
    """A made-up article: (outlet, title, paragraphs). Variants of one event share facts in other words;
    variant 3 of an event copies variant 0 with a credit line (a wire copy), variant 4 changes the number."""
    place, subject, happened, number, person, body = EVENTS[event % len(EVENTS)]
    outlet = OUTLETS[(event + variant) % len(OUTLETS)]
    n = number + (5 if variant == 4 else 0)
    if variant in (0, 3):
        title = f"{subject.capitalize()} in {place} {happened}"
        paras = [
            f"{subject.capitalize()} in {place} {happened}, {body} said on Wednesday.",
            f"Officials counted {n} people affected and asked residents to stay away from the area "
            f"while crews assessed the damage.",
            f'"Our crews in {place} will stay on {subject} until it is safe again," said {person}, '
            f"who speaks for {body}.",
            f"Local shops near {subject} stayed shut and several roads around {place} were closed to traffic "
            f"for the rest of the day.",
            f"{body.capitalize()} said a full report on the cause would be published within two weeks.",
        ]
        if variant == 3:
            paras.insert(0, f"This report was first published by {OUTLETS[event % len(OUTLETS)]}.")
    elif variant in (1, 4):
        title = f"{place}: {subject} {happened}, {n} affected"
        paras = [
            f"Residents of {place} woke up to news that {subject} {happened}.",
            f"According to {body}, {n} people were affected by the incident.",
            f'{person} told reporters: "Our crews in {place} will stay on {subject} until it is safe again."',
            f"Engineers were sent to {place} in the afternoon and the area around {subject} was sealed off.",
            "Neighbours described a tense night and said they hoped the site would reopen before the weekend.",
        ]
    else:
        title = f"What we know about {subject} in {place}"
        paras = [
            f"Here is what we know so far after {subject} in {place} {happened}.",
            f"{body.capitalize()} put the number of people affected at {n} in a statement released at noon.",
            f"{person} said the priority was keeping people safe and getting services back.",
            f"Traffic around {place} remained heavy into the evening as drivers took long detours.",
            "Questions remain about how the problem went unnoticed, and opposition members called for an inquiry.",
        ]
    return outlet, title, paras


def article_html(event: int, variant: int, day: int = 4) -> str:
    outlet, title, paras = article_text(event, variant)
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paras)
    return (
        "<!doctype html><html><head>"
        f"<title>{escape(title)}</title>"
        f'<meta property="og:site_name" content="{escape(outlet)}">'
        f'<meta property="og:title" content="{escape(title)}">'
        f'<meta name="date" content="2026-11-{day:02d}">'
        "</head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>All rights reserved.</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str]], title: str = "Test wire") -> bytes:
    """An RSS 2.0 feed of (url, title, date) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><guid>{escape(u)}</guid><pubDate>{d}</pubDate></item>"
        for u, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link><description>test</description>"
        f"{entries}</channel></rss>"
    ).encode()


def news_site(web: LocalWeb, count: int, feed_path: str = "/feed.xml", etag: str | None = None) -> list[str]:
    """Serve ``count`` (at most 35) made-up articles and an RSS feed listing them; returns their URLs. Item
    ``k`` is variant ``k // 7`` of event ``k % 7``: every event gets its first report early and more
    reports later. Calling it again with a larger ``count`` adds items to the same feed."""
    assert count <= len(EVENTS) * 5, "seven events, five variants each"
    urls = []
    items = []
    for k in range(count):
        event, variant = k % len(EVENTS), k // len(EVENTS)
        path = f"/news/{event}-{variant}.html"
        url = web.page(path, article_html(event, variant, day=1 + k % 28))
        urls.append(url)
        items.append((url, article_text(event, variant)[1], f"Mon, {1 + k % 28:02d} Nov 2026 08:00:00 GMT"))
    web.routes[feed_path] = Route(
        body=rss(list(reversed(items))), content_type="application/rss+xml", etag=etag or f'"v{count}"'
    )
    return urls
