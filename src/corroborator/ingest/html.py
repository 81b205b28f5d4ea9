"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import logging

from corroborator.dates import normalise_date
from corroborator.errors import InputError
from corroborator.types import Metadata, RawArticle

log = logging.getLogger(__name__)

# Pages whose main text is shorter than this are navigation, cookie walls or
# teaser lists, not articles.
MIN_ARTICLE_CHARS = 200


def parse_html(html: str, source: str, url: str | None = None, published: str | None = None) -> RawArticle:
    """Extract an article from an HTML page.

    Raises:
        InputError: no article text could be found (a page that is all navigation).
    """
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    doc = doc.as_dict() if doc is not None else {}
    text = doc.get("text") or ""
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        raise InputError(
            source,
            f"no article text found in the HTML (main text is {len(text.strip())} characters, "
            f"under {MIN_ARTICLE_CHARS}: the page looks like navigation or a teaser list)",
        )
    meta = Metadata(
        outlet=doc.get("sitename") or None,
        title=doc.get("title") or None,
        published=published or normalise_date(doc.get("date")),
        url=doc.get("url") or url,
        author=doc.get("author") or None,
        language=doc.get("language") or None,
    )
    return RawArticle(source=source, raw_text=text, meta=meta)
