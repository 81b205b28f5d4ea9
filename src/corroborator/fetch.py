"""Fetch articles, feeds and sitemaps over HTTP, politely, and turn pages into ``RawArticle`` records.

Every URL either becomes a ``RawArticle`` (its HTML through the same trafilatura path as an .html file)
or a ``Skipped`` whose reason names the failure: an HTTP status, a timeout, a page that is not HTML, a
body over the size limit, a redirect loop. Nothing here raises for one bad URL.

How it behaves on the wire (``FetchOptions``):
- a User-Agent naming the tool and its version, so a site can tell who calls;
- a connect and read timeout, and a bounded number of retries with exponential backoff, only for what a
  retry can fix (timeouts, refused connections, 429 and 5xx answers);
- at most ``per_host`` requests in flight to one host and at least ``host_interval`` seconds between two
  request starts to one host, whatever the size of the thread pool (``workers``);
- redirects followed by hand (at most ``max_redirects``) so every hop is recorded;
- the body read in chunks and abandoned past ``max_bytes``;
- conditional requests: with the ``ETag``/``Last-Modified`` of an earlier answer, a 304 is "not modified".

URLs are compared in canonical form (``canonical_url``: courlan's normalisation, which lower-cases the host,
drops default ports, fragments and tracking parameters), so one article linked twice is fetched once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

from corroborator.errors import InputError
from corroborator.types import RawArticle, Skipped

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("xml", "rss", "atom", "text/plain")  # substrings: servers label feeds in many ways
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


def is_url(text: str) -> bool:
    """True for an http(s) URL (the inputs the CLI fetches instead of reading as files)."""
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """The form two links to one article share: scheme and host lower-cased, default port, fragment and
    tracking parameters (utm_*, fbclid, ...) dropped (courlan's strict normalisation). A URL courlan
    cannot parse is returned stripped, unchanged otherwise."""
    from courlan import normalize_url

    try:
        return str(normalize_url(url.strip(), strict=True))
    except (ValueError, AttributeError):
        return url.strip()


def user_agent() -> str:
    from corroborator.report import package_version

    return f"corroborator/{package_version()} (news corroboration; +https://github.com/corroborator)"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how long to fetch. Defaults suit a handful of news sites followed by hand."""

    timeout: float = 10.0  # seconds to connect and between two reads
    retries: int = 2  # extra attempts after a timeout, a refused connection, 429 or 5xx
    backoff: float = 0.5  # seconds before the first retry, doubled for each further one
    max_bytes: int = 5 * 1024 * 1024  # a news page is rarely over 1 MB; 5 MB leaves room for inline images
    max_redirects: int = 5
    workers: int = 8  # threads in the pool (each waits on the network, not the CPU)
    per_host: int = 2  # requests in flight to one host at most
    host_interval: float = 0.05  # seconds between two request starts to one host (<= 20 requests/s)

    def __post_init__(self) -> None:
        for name in ("timeout", "max_bytes", "workers", "per_host"):
            if not getattr(self, name) > 0:
                raise ValueError(f"FetchOptions.{name} must be positive (got {getattr(self, name)!r})")
        for name in ("retries", "backoff", "max_redirects", "host_interval"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchOptions.{name} must not be negative (got {getattr(self, name)!r})")


@dataclass(frozen=True, slots=True)
class Validators:
    """What an earlier answer said about a URL, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of fetching one URL. ``error`` is None on success; ``body`` is None on failure and on
    "not modified". ``redirects`` lists every URL after the first that was requested."""

    url: str
    final_url: str
    status: int | None
    body: bytes | None = None
    content_type: str = ""
    charset: str | None = None
    validators: Validators = field(default_factory=Validators)
    redirects: tuple[str, ...] = ()
    error: str | None = None
    not_modified: bool = False
    attempts: int = 1
    seconds: float = 0.0


class HostLimiter:
    """At most ``per_host`` requests in flight per host and ``interval`` seconds between their starts."""

    def __init__(self, per_host: int, interval: float) -> None:
        self.per_host, self.interval = per_host, interval
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}

    def acquire(self, host: str) -> None:
        with self._lock:
            slot = self._slots.setdefault(host, threading.Semaphore(self.per_host))
        slot.acquire()
        with self._lock:  # reserve the next start time of this host, then wait for it outside the lock
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        if start > now:
            time.sleep(start - now)

    def release(self, host: str) -> None:
        self._slots[host].release()


class Fetcher:
    """A connection pool, a host limiter and the options: one per run, shared by its threads."""

    def __init__(self, options: FetchOptions | None = None) -> None:
        import urllib3  # trafilatura's own HTTP client, so no new dependency

        self.options = options or FetchOptions()
        self.limiter = HostLimiter(self.options.per_host, self.options.host_interval)
        self._pool = urllib3.PoolManager(
            num_pools=32,
            maxsize=max(self.options.per_host, 1),
            retries=False,  # retries and redirects are ours, so both are bounded and recorded
        )

    def fetch(self, url: str, validators: Validators | None = None, accept: Sequence[str] = HTML_TYPES) -> Fetched:
        """Fetch one URL, following redirects. Never raises: a failure is ``Fetched.error``."""
        started = time.perf_counter()
        hops: list[str] = []
        current, attempts = url, 0
        seen = {canonical_url(url)}
        while True:
            got, tries = self._attempt(current, validators if not hops else None)
            attempts += tries
            got = replace(got, url=url, redirects=tuple(hops), attempts=attempts)
            location = got.final_url if got.error == "redirect" else None
            if location is None:
                break
            if len(hops) >= self.options.max_redirects:
                got = replace(got, error=f"more than {self.options.max_redirects} redirects", final_url=current)
                break
            if canonical_url(location) in seen:
                got = replace(got, error=f"redirect loop back to {location}", final_url=current)
                break
            seen.add(canonical_url(location))
            hops.append(location)
            current = location
        got = replace(got, seconds=time.perf_counter() - started)
        if got.error is None and not got.not_modified and not _accepted(got.content_type, accept):
            got = replace(got, error=f"not HTML (content type {got.content_type or 'missing'})", body=None)
        return got

    def _attempt(self, url: str, validators: Validators | None) -> tuple[Fetched, int]:
        """One URL, retried on what a retry can fix. A redirect comes back as error "redirect" with its
        target in ``final_url``."""
        tries = 0
        while True:
            tries += 1
            got = self._once(url, validators)
            retry = got.error is not None and (got.status in RETRY_STATUSES or got.status is None)
            retry = retry and not (got.error or "").startswith(("too large", "bad URL"))
            if not retry or tries > self.options.retries:
                return got, tries
            time.sleep(self.options.backoff * 2 ** (tries - 1))

    def _once(self, url: str, validators: Validators | None) -> Fetched:
        import urllib3

        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return Fetched(url, url, None, error="bad URL (only http and https URLs are fetched)")
        headers = {"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"}  # given headers replace the pool's
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        host = parts.hostname.lower() + (f":{parts.port}" if parts.port else "")
        timeout = urllib3.Timeout(connect=self.options.timeout, read=self.options.timeout)
        self.limiter.acquire(host)
        try:
            response = self._pool.request(
                "GET", url, headers=headers, timeout=timeout, preload_content=False, redirect=False
            )
            try:
                return self._read(url, response)
            finally:
                response.release_conn()
        except urllib3.exceptions.TimeoutError:
            return Fetched(url, url, None, error=f"timeout (no answer within {self.options.timeout:g} s)")
        except urllib3.exceptions.HTTPError as exc:
            reason = getattr(exc, "reason", None) or exc
            return Fetched(url, url, None, error=f"connection failed ({type(reason).__name__}: {reason})")
        finally:
            self.limiter.release(host)

    def _read(self, url: str, response: object) -> Fetched:
        import urllib3

        assert isinstance(response, urllib3.BaseHTTPResponse)
        status = response.status
        if status in (301, 302, 303, 307, 308):
            location = response.headers.get("Location")
            if not location:
                return Fetched(url, url, status, error=f"HTTP {status} redirect without a Location")
            return Fetched(url, urljoin(url, location), status, error="redirect")
        found = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        if status == 304:
            return Fetched(url, url, status, validators=found, not_modified=True)
        if status != 200:
            return Fetched(url, url, status, error=f"HTTP {status} {response.reason or ''}".strip())
        declared = response.headers.get("Content-Length")
        limit = self.options.max_bytes
        if declared and declared.isdigit() and int(declared) > limit:
            return Fetched(url, url, status, error=_too_large(int(declared), limit))
        chunks, size = [], 0
        for chunk in response.stream(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > limit:
                return Fetched(url, url, status, error=_too_large(size, limit) + " (stopped reading)")
            chunks.append(chunk)
        content_type, charset = _content_type(response.headers.get("Content-Type", ""))
        return Fetched(url, url, status, b"".join(chunks), content_type, charset, found)

    def fetch_many(
        self,
        urls: Sequence[str],
        validators: Mapping[str, Validators] | None = None,
        accept: Sequence[str] = HTML_TYPES,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Fetched]:
        """Fetch every URL in a pool of ``workers`` threads, results in the order of ``urls``."""
        validators = validators or {}
        done = 0
        lock = threading.Lock()

        def one(url: str) -> Fetched:
            nonlocal done
            got = self.fetch(url, validators.get(canonical_url(url)), accept)
            with lock:
                done += 1
                if progress:
                    progress(done, len(urls))
            return got

        if len(urls) <= 1:
            return [one(u) for u in urls]
        with ThreadPoolExecutor(max_workers=self.options.workers, thread_name_prefix="fetch") as pool:
            return list(pool.map(one, urls))

    def close(self) -> None:
        self._pool.clear()


def _too_large(size: int, limit: int) -> str:
    return f"too large ({size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit)"


def _content_type(header: str) -> tuple[str, str | None]:
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip("\"' ")
    return kind.strip().lower(), charset


def _accepted(content_type: str, accept: Sequence[str]) -> bool:
    return any(a in content_type for a in accept)


def unique_urls(urls: Iterable[str]) -> list[str]:
    """URLs in their first order, one per canonical form, blank lines and ``#`` comments left out."""
    seen: set[str] = set()
    out = []
    for url in urls:
        url = url.strip()
        if not url or url.startswith("#"):
            continue
        key = canonical_url(url)
        if key not in seen:
            seen.add(key)
            out.append(url)
    return out


def read_url_file(path: str) -> list[str]:
    """The URLs of a text file, one per line (blank lines and ``#`` comments ignored).

    Raises:
        InputError: the file cannot be read, or a line is not an http(s) URL.
    """
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except OSError as exc:
        raise InputError(path, f"cannot read the URL list: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(path, "the URL list is not UTF-8 text") from exc
    urls = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not is_url(text):
            raise InputError(f"{path}:{number}", f"not an http(s) URL: {text[:80]!r}")
        urls.append(text)
    return urls


# -- pages -> articles ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageResult:
    """What fetching pages gave: articles, named skips, and each URL's fetch record (for the case store)."""

    articles: tuple[RawArticle, ...]
    skipped: tuple[Skipped, ...]
    fetched: tuple[Fetched, ...]


def page_article(got: Fetched, published: str | None = None) -> RawArticle:
    """The article of a fetched page (trafilatura, as for an .html file).

    Raises:
        InputError: the page holds no article text.
    """
    from corroborator.ingest.decode import decode_bytes
    from corroborator.ingest.html import parse_html

    assert got.body is not None
    text, _encoding = decode_bytes(got.body, got.url)
    raw = parse_html(text, source=got.url, url=got.final_url)
    meta = raw.meta
    if meta.published is None and published:
        meta = replace(meta, published=published)
    extra = {"fetched_url": got.final_url, "redirects": list(got.redirects)} if got.redirects else {}
    return replace(raw, meta=meta, extra=extra)


def fetch_pages(
    urls: Sequence[str],
    fetcher: Fetcher | None = None,
    published: Mapping[str, str] | None = None,
    validators: Mapping[str, Validators] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PageResult:
    """Fetch article pages and extract their text. Duplicate links (same canonical URL, or two links that
    redirect to one page) give one article; every failure is a ``Skipped`` naming its cause."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    published = published or {}
    try:
        wanted = unique_urls(urls)
        fetched = fetcher.fetch_many(wanted, validators, progress=progress)
    finally:
        if own:
            fetcher.close()
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    landed: set[str] = set()
    for got in fetched:
        if got.not_modified:
            continue
        if got.error:
            log.warning("skipped %s: %s", got.url, got.error)
            skipped.append(Skipped(got.url, got.error))
            continue
        final = canonical_url(got.final_url)
        if final in landed:
            log.info("%s lands on %s, already read", got.url, got.final_url)
            continue
        landed.add(final)
        try:
            articles.append(page_article(got, published.get(canonical_url(got.url))))
        except InputError as exc:
            skipped.append(Skipped(exc.source, exc.reason))
        except Exception as exc:
            log.exception("failed on %s", got.url)
            skipped.append(Skipped(got.url, f"internal error while extracting the page: {exc!r}"))
    return PageResult(tuple(articles), tuple(skipped), tuple(fetched))


# -- feeds and sitemaps ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: its link, and what the feed says about it."""

    url: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class FeedResult:
    """A feed's items, or why it could not be read; ``fetched`` carries its validators."""

    url: str
    items: tuple[FeedItem, ...]
    fetched: Fetched
    error: str | None = None
    title: str | None = None


def read_feed(url: str, fetcher: Fetcher | None = None, validators: Validators | None = None) -> FeedResult:
    """Fetch an RSS 1.0/2.0 or Atom feed (feedparser) and list its items. A feed that is unchanged since
    ``validators`` gives no items and ``fetched.not_modified``."""
    import feedparser

    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        got = fetcher.fetch(url, validators, accept=FEED_TYPES + HTML_TYPES)
    finally:
        if own:
            fetcher.close()
    if got.error or got.not_modified or got.body is None:
        return FeedResult(url, (), got, got.error)
    parsed = feedparser.parse(got.body)
    if not parsed.get("version"):  # feedparser names the format it recognised (rss20, atom10, ...), else ""
        problem = getattr(parsed, "bozo_exception", None)
        return FeedResult(url, (), got, f"not a feed (RSS or Atom){f': {problem}' if problem else ''}")
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not is_url(link):
            link = urljoin(got.final_url, link) if link else ""
        if not is_url(link):
            continue
        items.append(FeedItem(link, entry.get("title") or None, _entry_date(entry)))
    return FeedResult(url, tuple(items), got, None, parsed.feed.get("title") or None)


def _entry_date(entry: Mapping[str, object]) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(stamp, time.struct_time):
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp)


def read_sitemap(url: str, fetcher: Fetcher | None = None, depth: int = 1) -> tuple[list[str], list[Skipped]]:
    """The page URLs of an XML sitemap; a sitemap index is followed ``depth`` levels down."""
    from xml.etree import ElementTree

    own = fetcher is None
    fetcher = fetcher or Fetcher()
    urls: list[str] = []
    skipped: list[Skipped] = []
    try:
        got = fetcher.fetch(url, accept=("xml", "text/plain"))
        if got.error or got.body is None:
            return [], [Skipped(url, got.error or "empty sitemap")]
        try:
            root = ElementTree.fromstring(got.body)
        except ElementTree.ParseError as exc:
            return [], [Skipped(url, f"not an XML sitemap ({exc})")]
        locs = [(el.text or "").strip() for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "loc"]
        if root.tag.rsplit("}", 1)[-1] == "sitemapindex":
            for child in locs if depth > 0 else ():
                more, bad = read_sitemap(child, fetcher, depth - 1)
                urls += more
                skipped += bad
        else:
            urls = [u for u in locs if is_url(u)]
    finally:
        if own:
            fetcher.close()
    return urls, skipped
