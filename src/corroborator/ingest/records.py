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
import logging
from collections.abc import Iterable, Iterator, Mapping

from corroborator.dates import check_date
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
# No news export nests deeper than a few levels; 64 leaves room and keeps every walk of a record cheap.
MAX_JSON_DEPTH = 64
_MAX_TEXT_DEPTH = 8  # a metadata field (title, author...) is flattened this many levels deep at most

log = logging.getLogger(__name__)


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


def _as_text(value: object, depth: int = 0) -> str | None:
    """Flatten what exports put in metadata fields: {"name": ...} objects, lists of authors.

    Each element is flattened once (linear in the size of the value) and nesting past
    ``_MAX_TEXT_DEPTH`` levels is ignored: no export nests a title or an author list deeper.
    """
    if value in (None, "") or depth > _MAX_TEXT_DEPTH:
        return None
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("title") or value.get("id")
        if isinstance(value, (Mapping, list, tuple)):
            return _as_text(value, depth + 1)
    if isinstance(value, (list, tuple)):
        parts = (_as_text(v, depth + 1) for v in value)
        value = ", ".join(p for p in parts if p)
    text = str(value).strip()
    return text or None


def nesting_depth(value: object, limit: int) -> int:
    """Depth of lists and objects in a parsed JSON value, counted up to ``limit + 1`` (iterative: no recursion)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Iterable[object] = item.values()
        elif isinstance(item, (list, tuple)):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def check_record(record: Mapping[str, object], source: str) -> None:
    """Refuse a record nested deeper than any news export would be.

    Raises:
        InputError: the record nests lists or objects more than ``MAX_JSON_DEPTH`` levels deep.
    """
    if nesting_depth(record, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise InputError(source, f"record is nested more than {MAX_JSON_DEPTH} levels deep (lists or objects)")


def published_of(record: Mapping[str, object], source: str, field_map: Mapping[str, str]) -> str | None:
    """The record's publication date; a value that is no usable date is ignored with a warning naming the record."""
    iso, problem = check_date(_pick(record, "published", field_map))
    if problem:
        log.warning("%s: publication date ignored: %s", source, problem)
    return iso


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
    check_record(record, source)
    published = published_of(record, source, field_map)
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
        except RecursionError:
            yield Skipped(source, f"JSON on line {lineno} is nested too deeply to read (over {MAX_JSON_DEPTH} levels)")
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
    except RecursionError:
        yield Skipped(path, f"JSON is nested too deeply to read (over {MAX_JSON_DEPTH} levels)")
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


def read_csv(text: str, path: str, field_map: Mapping[str, str], tab: bool = False) -> Iterator[RawArticle | Skipped]:
    """Records of a CSV (or TSV) file with a header row.

    RFC 4180 quoting is tried first (what R's ``write.csv``, Excel and most exporters write: fields in
    double quotes, ``""`` for a quote inside); Python's sniffer is only a fallback, used when its
    dialect parses more of the first rows to the header's width. A row of another width is skipped
    with a reason. NUL bytes are removed from the fields that hold them, with a warning naming the
    record and field (Python's csv module refuses them, and one stray byte is no reason to lose a file).
    """
    had_nul = "\x00" in text
    if had_nul:
        text = text.replace("\x00", _NUL)
    dialect = _csv_dialect(text, tab)
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        yield Skipped(path, f"unreadable CSV header: {exc}")
        return
    header = [h.replace(_NUL, "").strip() for h in header]
    columns = [c for c in header if c]
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
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Skipped(f"{path}:{start}", f"unreadable CSV row: {exc}")
            return  # the reader cannot resynchronise after a broken quote
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        source = f"{path}:{line}"  # the line where the record ends, as csv counts it
        if len(row) != len(header):
            yield Skipped(
                source, f"row has {len(row)} fields, the header has {len(header)} (a stray delimiter or quote?)"
            )
            continue
        if had_nul:
            row = _strip_nul(row, header, source)
        yield from _one({name: value for name, value in zip(header, row, strict=True) if name}, source, field_map)


_NUL = "\uffff"  # stands for a NUL byte while parsing: a noncharacter, never found in interchange text
_DELIMITERS = ",;\t|"


def _strip_nul(row: list[str], header: list[str], source: str) -> list[str]:
    out = []
    for name, value in zip(header, row, strict=True):
        if _NUL in value:
            log.warning("%s: NUL byte removed from field %s", source, name or "(unnamed)")
            value = value.replace(_NUL, "")
        out.append(value)
    return out


def _csv_dialect(text: str, tab: bool) -> type[csv.Dialect] | csv.Dialect:
    """RFC 4180 with the header's delimiter, unless the sniffer's guess fits the first rows better."""
    first = text[: text.find("\n") if "\n" in text[:65536] else 65536]
    delimiter = "\t" if tab else max(_DELIMITERS, key=lambda d: (_count_outside_quotes(first, d), d == ","))

    class Rfc4180(csv.excel):
        pass

    Rfc4180.delimiter = delimiter
    sample = text[:65536]
    rfc_fit = _width_fit(sample, Rfc4180)
    if rfc_fit == 1.0:
        return Rfc4180
    try:
        sniffed = csv.Sniffer().sniff(sample[:4096], delimiters=_DELIMITERS)
    except csv.Error:
        return Rfc4180
    return sniffed if _width_fit(sample, sniffed) > rfc_fit else Rfc4180


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _width_fit(sample: str, dialect: type[csv.Dialect] | csv.Dialect) -> float:
    """Share of the sample's complete rows that have the header's width (the last row may be cut)."""
    try:
        rows = [r for r in csv.reader(io.StringIO(sample, newline=""), dialect=dialect) if r][:200]
    except csv.Error:
        return 0.0
    if len(rows) > 2:
        rows = rows[:-1]  # the sample may end inside a row
    if len(rows) < 2:
        return 1.0 if rows else 0.0
    width = len(rows[0])
    return sum(len(r) == width for r in rows[1:]) / (len(rows) - 1)


def _one(record: object, source: str, field_map: Mapping[str, str]) -> Iterator[RawArticle | Skipped]:
    if not isinstance(record, Mapping):
        yield Skipped(source, f"record is a {type(record).__name__}, not an object")
        return
    try:
        yield record_to_article(record, source, field_map)
    except InputError as exc:
        yield Skipped(exc.source, exc.reason)
    except (RecursionError, MemoryError) as exc:
        yield Skipped(source, f"record too large or nested too deeply to read ({type(exc).__name__})")
    except Exception as exc:  # one bad record never sinks a batch: it becomes a named skip
        log.debug("record %s failed", source, exc_info=True)
        yield Skipped(source, f"could not read the record: {type(exc).__name__}: {exc}")
