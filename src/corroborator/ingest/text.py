"""Plain-text and Markdown articles as people save them.

The first lines of a saved article often carry its metadata rather than its
body: a title (plain, ``**bold**`` or ``# heading``), an outlet name, a date
line ("Oct 17, 2024", "Friday, March 3, 2023 9:15:02 AM", "date 2023-03-03
<title> <date-time>"), a byline, a URL, or ``Key: value`` lines. They are read
into ``Metadata`` and marked as header spans, which cleaning then removes with
the reason (so the report still shows them and nothing is lost).
"""

from __future__ import annotations

import re

from corroborator.dates import DATE_PATTERN, find_date, parse_date
from corroborator.lines import Line, split_lines
from corroborator.types import Metadata, RawArticle

_MAX_HEADER_LINES = 8
_KEY_VALUE = re.compile(
    r"^(?P<key>title|headline|source|outlet|publisher|site|published|date|updated|url|link|author|by(?:line)?)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_ISO_DATE_LINE = re.compile(r"^(?:date|published|updated)?\s*(?P<iso>\d{4}-\d{2}-\d{2})\s+(?P<rest>.+)$", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^(?:published|updated|posted|date|first published)(?: on)?\s*:?\s*", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+(?P<name>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|de|van|von|bin|al))*)(?:\s*[,|].*)?$")
_MD_TITLE = re.compile(r"^(?:#{1,3}\s+(?P<h>.+?)\s*#*|\*\*(?P<b>.+?)\*\*|__(?P<u>.+?)__)$")
_URL = re.compile(r"^<?(https?://\S+?)>?$")

_KEY_FIELD = {
    "title": "title",
    "headline": "title",
    "source": "outlet",
    "outlet": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "published": "published",
    "date": "published",
    "updated": "published",
    "url": "url",
    "link": "url",
    "author": "author",
    "by": "author",
    "byline": "author",
}


def _is_date_line(s: str) -> str | None:
    body = _DATE_PREFIX.sub("", s).strip(" |·-–—")
    found = find_date(body)
    if found and found[1] == 0 and len(body) - found[2] <= 12:  # a trailing zone name such as "EST" is fine
        return found[0]
    return None


def _title_like(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 25 or s[-1] in ".,;:":
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= 0.5 or len(words) <= 14


def _outlet_like(s: str) -> bool:
    words = s.split()
    return 1 <= len(words) <= 3 and s[-1] not in ".,;:!?" and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def parse_text_article(text: str, source: str, markdown: bool = False) -> RawArticle:
    """Read metadata from the first lines of a saved article; the body is untouched."""
    fields: dict[str, str] = {}
    header: list[tuple[int, int, str]] = []
    lines = split_lines(text)
    seen = 0
    for idx, line in enumerate(lines):
        s = line.text.strip()
        if not s:
            continue
        seen += 1
        if seen > _MAX_HEADER_LINES:
            break
        reason = _read_header_line(s, fields, next_line=_next_nonempty(lines, idx), first=seen == 1, markdown=markdown)
        if reason is None:
            break
        header.append((line.start, line.end, reason))
    meta = Metadata(
        outlet=fields.get("outlet"),
        title=fields.get("title"),
        published=fields.get("published"),
        url=fields.get("url"),
        author=fields.get("author"),
    )
    return RawArticle(source=source, raw_text=text, meta=meta, header=tuple(header))


def _next_nonempty(lines: list[Line], idx: int) -> str:
    for line in lines[idx + 1 :]:
        if line.text.strip():
            return line.text.strip()
    return ""


def _read_header_line(s: str, fields: dict[str, str], next_line: str, first: bool, markdown: bool) -> str | None:
    """Store what a header line says in ``fields``; return the removal reason, or None at the body."""
    if m := _KEY_VALUE.match(s):
        key = _KEY_FIELD[m.group("key").lower()]
        value = m.group("value").strip()
        if key == "published":
            value = _is_date_line(value) or parse_date(value) or ""
            if not value:
                return None
        fields.setdefault(key, value)
        return f"metadata: {key}"
    if m := _ISO_DATE_LINE.match(s):
        # "date 2024-10-15 <title> Tuesday, October 15, 2024 1:59:34 PM": date, then title, then a fuller date.
        rest = m.group("rest").strip()
        fields.setdefault("published", m.group("iso"))
        trailing = _trailing_date(rest)
        if trailing:
            iso, start = trailing
            fields["published"] = iso if iso.startswith(m.group("iso")) else fields["published"]
            rest = rest[:start].strip()
        if rest and "title" not in fields:
            fields["title"] = rest
        return "metadata: date line"
    if date_iso := _is_date_line(s):
        fields.setdefault("published", date_iso)
        return "metadata: date"
    if (m := _BYLINE.match(s)) and len(s.split()) <= 10:
        fields.setdefault("author", m.group("name"))
        return "metadata: byline"
    if m := _URL.match(s):
        fields.setdefault("url", m.group(1))
        return "metadata: url"
    if m := _MD_TITLE.match(s):
        if "title" in fields:
            return None
        fields["title"] = (m.group("h") or m.group("b") or m.group("u")).strip()
        return "metadata: title"
    if (
        "outlet" not in fields
        and "title" not in fields
        and _outlet_like(s)
        and (_is_date_line(next_line) or _BYLINE.match(next_line) or first)
    ):
        fields["outlet"] = s
        return "metadata: outlet"
    if "title" not in fields and _title_like(s) and len(next_line.split()) > len(s.split()):
        fields["title"] = s
        return "metadata: title"
    return None


def _trailing_date(text: str) -> tuple[str, int] | None:
    """A date that ends ``text`` (as in "<title> Tuesday, October 15, 2024 1:59:34 PM")."""
    best = None
    for m in DATE_PATTERN.finditer(text):
        if len(text) - m.end() <= 4:
            iso = parse_date(m.group("date"))
            if iso:
                best = (iso, m.start())
    return best
