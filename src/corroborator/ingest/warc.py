"""WARC archives (.warc, .warc.gz): each HTML response goes through the HTML path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from corroborator.dates import normalise_date
from corroborator.errors import InputError
from corroborator.ingest.decode import decode_bytes
from corroborator.ingest.html import parse_html
from corroborator.types import RawArticle, Skipped


def read_warc(stream: BinaryIO, path: str) -> Iterator[RawArticle | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for index, record in enumerate(ArchiveIterator(stream)):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            source = f"{path}#{url or index}"
            ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in ctype.lower():
                continue
            try:
                text, _ = decode_bytes(record.content_stream().read(), source)
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
    except ArchiveLoadFailed as exc:
        yield Skipped(path, f"not a readable WARC archive: {exc}")
