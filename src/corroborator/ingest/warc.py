"""WARC archives (.warc, .warc.gz): each HTML response goes through the HTML path.

Archives are compressed, and a small file can decompress to gigabytes (a "gzip bomb", in the WARC's own
gzip members or in a response's ``Content-Encoding``). ``WarcLimits`` bounds what one archive may cost:
every response body is read in chunks up to a per-article limit, and the archive stops being read once
its records add up to more than a total limit, or to more than ``max_ratio`` times the archive's size
(past a floor, since small archives of text compress well).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from corroborator.dates import normalise_date
from corroborator.errors import InputError
from corroborator.ingest.decode import decode_bytes
from corroborator.ingest.html import parse_html
from corroborator.types import RawArticle, Skipped

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class WarcLimits:
    record_bytes: int = 50 * 1024 * 1024  # largest response body read, decompressed
    total_bytes: int = 1000 * 1024 * 1024  # all records of one archive together, decompressed
    compressed_size: int = 0  # the archive's size on disk (0: unknown, no ratio check)
    max_ratio: float = 100.0  # HTML compresses 5-15x; a ratio past 100 is a bomb, not a crawl
    ratio_floor: int = 10 * 1024 * 1024  # below this many decompressed bytes the ratio is not checked


def read_warc(stream: BinaryIO, path: str, limits: WarcLimits | None = None) -> Iterator[RawArticle | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    limits = limits or WarcLimits()
    total = found = 0
    try:
        for index, record in enumerate(ArchiveIterator(stream)):
            total += max(0, record.length or 0)
            if problem := _over_budget(total, limits):
                yield Skipped(path, f"{problem}: stopped reading the archive (a decompression bomb?)")
                return
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            source = f"{path}#{url or index}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            found += 1
            try:
                body = _read_bounded(record.content_stream(), limits.record_bytes)
                if body is None:
                    yield Skipped(
                        source,
                        f"response body decompresses to over {limits.record_bytes / 1e6:.1f} MB, the per-article "
                        "limit (raise it with --max-bytes)",
                    )
                    continue
                text, _ = decode_bytes(body, source)
                fetched = normalise_date(record.rec_headers.get_header("WARC-Date"))
                article = parse_html(text, source, url=url)
                if article.meta.published is None and fetched:
                    # The crawl date bounds the publication date; it is not the publication date.
                    article = RawArticle(
                        article.source, article.raw_text, article.meta, article.header, {"fetched": fetched}
                    )
                yield article
            except InputError as exc:
                yield Skipped(exc.source, exc.reason)
            except (OSError, ValueError, EOFError) as exc:  # a corrupt gzip stream in one response
                yield Skipped(source, f"response body cannot be decompressed: {exc}")
    except ArchiveLoadFailed as exc:
        yield Skipped(path, f"not a readable WARC archive: {exc}")
        return
    except (OSError, ValueError, EOFError) as exc:
        yield Skipped(path, f"WARC archive is corrupt (it does not decompress): {exc}")
        return
    if not found:
        yield Skipped(path, "no HTML response in the WARC archive")


def _over_budget(total: int, limits: WarcLimits) -> str | None:
    if total > limits.total_bytes:
        return f"records decompress to over {limits.total_bytes / 1e6:.1f} MB, the limit for one archive"
    if limits.compressed_size and total > limits.ratio_floor and total > limits.max_ratio * limits.compressed_size:
        return (
            f"records decompress to {total / 1e6:.1f} MB from {limits.compressed_size / 1e6:.2f} MB on disk, "
            f"over {limits.max_ratio:.0f}x"
        )
    return None


def _read_bounded(stream: BinaryIO, limit: int) -> bytes | None:
    """At most ``limit`` bytes of ``stream``, in chunks; None when there is more."""
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
