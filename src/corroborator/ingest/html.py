"""HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import logging
from typing import Any

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
    fields: dict[str, Any] = (doc if isinstance(doc, dict) else doc.as_dict()) if doc is not None else {}
    text = fields.get("text") or ""
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        raise InputError(
            source,
            f"no article text found in the HTML (main text is {len(text.strip())} characters, "
            f"under {MIN_ARTICLE_CHARS}: the page looks like navigation or a teaser list)",
        )
    meta = Metadata(
        outlet=fields.get("sitename") or None,
        title=fields.get("title") or None,
        published=published or normalise_date(fields.get("date")),
        url=fields.get("url") or url,
        author=fields.get("author") or None,
        language=fields.get("language") or None,
    )
    return RawArticle(source=source, raw_text=text, meta=meta)
