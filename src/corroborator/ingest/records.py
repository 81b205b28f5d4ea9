"""One article per record: JSON Lines, JSON arrays and CSV.

Common field names are recognised (``text``/``body``/``content``,
``title``/``headline``, ``url``, ``published``/``date``, ``outlet``/``source``/
``site``...); ``field_map`` (the CLI's ``--field text=body``) names the rest.
A record whose text field holds HTML goes through the HTML path.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping

from corroborator.dates import normalise_date
from corroborator.errors import InputError, UsageError
from corroborator.types import Metadata, RawArticle, Skipped

FIELD_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "full_text", "fulltext", "article_text", "story"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "uri", "canonical_url"),
    "published": (
        "published",
        "date",
        "published_at",
        "publish_date",
        "date_publish",
        "pubdate",
        "datetime",
        "timestamp",
        "created_at",
    ),
    "outlet": ("outlet", "source", "site", "sitename", "site_name", "publisher", "domain", "source_name", "media"),
    "author": ("author", "authors", "byline", "creator"),
    "id": ("id", "doc_id", "article_id", "uuid", "guid", "_id"),
    "language": ("language", "lang"),
}
ROLES = tuple(FIELD_CANDIDATES)


def parse_field_map(pairs: list[str] | None) -> dict[str, str]:
    """Turn ``["text=body", "outlet=paper"]`` into ``{"text": "body", "outlet": "paper"}``."""
    out: dict[str, str] = {}
    for pair in pairs or []:
        role, sep, column = pair.partition("=")
        role, column = role.strip(), column.strip()
        if not sep or not column:
            raise UsageError(f"--field takes ROLE=COLUMN, e.g. text=body; got {pair!r}")
        if role not in ROLES:
            raise UsageError(f"--field role {role!r} is not one of: {', '.join(ROLES)}")
        out[role] = column
    return out


def _pick(record: Mapping[str, object], role: str, field_map: Mapping[str, str]) -> object:
    if role in field_map:
        return record.get(field_map[role])
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in FIELD_CANDIDATES[role]:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _as_text(value: object) -> str | None:
    """Flatten what exports put in metadata fields: {"name": ...} objects, lists of authors."""
    if value in (None, ""):
        return None
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(_as_text(v)) for v in value if _as_text(v))
    text = str(value).strip()
    return text or None


def record_to_article(record: Mapping[str, object], source: str, field_map: Mapping[str, str]) -> RawArticle:
    """Build a RawArticle from one record.

    Raises:
        InputError: the record has no text field (the message lists its keys).
    """
    text = _pick(record, "text", field_map)
    if not isinstance(text, str) or not text.strip():
        wanted = field_map.get("text") or "/".join(FIELD_CANDIDATES["text"][:3])
        keys = ", ".join(str(k) for k in list(record)[:20]) or "none"
        raise InputError(source, f"no text in field {wanted} (fields present: {keys}; map one with --field text=NAME)")
    published = normalise_date(_pick(record, "published", field_map))
    url = _as_text(_pick(record, "url", field_map))
    if text.lstrip().startswith("<") and "</" in text:
        from corroborator.ingest.html import parse_html

        raw = parse_html(text, source, url=url, published=published)
        meta = raw.meta
    else:
        raw = RawArticle(source=source, raw_text=text, meta=Metadata())
        meta = raw.meta
    meta = Metadata(
        outlet=_as_text(_pick(record, "outlet", field_map)) or meta.outlet,
        title=_as_text(_pick(record, "title", field_map)) or meta.title,
        published=published or meta.published,
        url=url or meta.url,
        author=_as_text(_pick(record, "author", field_map)) or meta.author,
        language=_as_text(_pick(record, "language", field_map)) or meta.language,
        input_id=_as_text(_pick(record, "id", field_map)),
    )
    return RawArticle(source=source, raw_text=raw.raw_text, meta=meta, header=raw.header)


def read_jsonl(text: str, path: str, field_map: Mapping[str, str]) -> Iterator[RawArticle | Skipped]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(source, f"malformed JSON on line {lineno}: {exc.msg} (column {exc.colno})")
            continue
        yield from _one(record, source, field_map)


def read_json(text: str, path: str, field_map: Mapping[str, str]) -> Iterator[RawArticle | Skipped]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # Many ".json" exports are really JSON Lines.
        if text.lstrip().startswith("{") and "\n{" in text:
            yield from read_jsonl(text, path, field_map)
            return
        yield Skipped(path, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    if isinstance(data, Mapping):
        for key in ("articles", "items", "data", "records", "documents", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        yield Skipped(path, "JSON holds neither an object nor a list of objects")
        return
    for index, record in enumerate(data):
        yield from _one(record, f"{path}#{index}", field_map)


def read_csv(text: str, path: str, field_map: Mapping[str, str]) -> Iterator[RawArticle | Skipped]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    columns = [c for c in (reader.fieldnames or []) if c]
    wanted = field_map.get("text")
    has_text = wanted in columns if wanted else any(c.lower() in FIELD_CANDIDATES["text"] for c in columns)
    if not has_text:
        expected = wanted or ", ".join(FIELD_CANDIDATES["text"][:3])
        yield Skipped(
            path,
            f"CSV has no text column (expected {expected}; columns are {', '.join(columns) or 'none'}; "
            "map one with --field text=COLUMN)",
        )
        return
    for record in reader:
        yield from _one(record, f"{path}:{reader.line_num}", field_map)


def _one(record: object, source: str, field_map: Mapping[str, str]) -> Iterator[RawArticle | Skipped]:
    if not isinstance(record, Mapping):
        yield Skipped(source, f"record is a {type(record).__name__}, not an object")
        return
    try:
        yield record_to_article(record, source, field_map)
    except InputError as exc:
        yield Skipped(exc.source, exc.reason)
