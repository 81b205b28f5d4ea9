"""Ingest: turn files, folders, globs or stdin into ``RawArticle`` records.

``read_inputs`` yields a ``RawArticle`` for each article and a ``Skipped`` for
each input (or record) that could not be read, with a reason naming the file
and line. Files are only ever opened for reading.
"""

from __future__ import annotations

import glob
import io
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from corroborator.errors import InputError
from corroborator.ingest.decode import decode_bytes
from corroborator.ingest.html import parse_html
from corroborator.ingest.records import read_csv, read_json, read_jsonl
from corroborator.ingest.text import parse_text_article
from corroborator.ingest.warc import WarcLimits, read_warc
from corroborator.options import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported for callers of ingest
from corroborator.options import IngestOptions
from corroborator.types import RawArticle, Skipped

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES + WARC_SUFFIXES

log = logging.getLogger(__name__)


def _suffix(path: str) -> str:
    lower = path.lower()
    return ".warc.gz" if lower.endswith(".warc.gz") else os.path.splitext(lower)[1]


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Skipped]:
    """Paths in a stable order: folders walked recursively, globs expanded, ``-`` kept.

    In folders and globs, hidden files and corroborator's own reports (recognised by their content)
    are left out, and anything that is not a regular file (a FIFO, a device, a socket) is a named skip.
    """
    for item in inputs:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            for entry in sorted(path.rglob("*"), key=str):
                if any(part.startswith(".") for part in entry.relative_to(path).parts) or entry.is_dir():
                    continue
                yield from _walked(str(entry))
            continue
        if not path.exists() and glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield Skipped(item, "glob matched no files")
            for match in matches:
                if Path(match).is_dir():
                    yield from expand_inputs([match])
                else:
                    yield from _walked(match)
            continue
        yield item


def _walked(name: str) -> Iterator[str | Skipped]:
    """A file met while walking a folder or expanding a glob."""
    kind = _special_kind(name)
    if kind:
        yield Skipped(name, f"not a regular file ({kind}): refused, it could be read forever")
    elif _suffix(name) not in SUPPORTED:
        yield Skipped(
            name, f"unsupported file type {_suffix(name) or '(no extension)'}; supported: {', '.join(SUPPORTED)}"
        )
    elif is_own_report(name):
        log.info("%s: a report written by corroborator; not read as an article", name)
    else:
        yield name


def _special_kind(path: str) -> str | None:
    """The kind of a file that is not a regular file (FIFO, device, socket), or None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: reading it gives the precise reason
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "a special file"


# What corroborator writes at the top of its reports (report.py, render/html.py); the Markdown report of
# versions before the marker is recognised by its first two lines.
_OWN_REPORT_HEADS = (
    re.compile(rb'^\s*\{\s*"schema"\s*:\s*"corroborator/report-v\d+"'),
    re.compile(rb'<meta name="generator" content="corroborator[ "]'),
    re.compile(rb"^<!-- generator: corroborator "),
    re.compile(rb"^# corroborator report\r?\n\r?\n\d+ articles, \d+ stories, \d+ claims, \d+ findings\.\r?\n"),
    # The tables of --format csv / jsonl (export.py): their exact header rows, and the first keys of a line.
    re.compile(rb"^id,label,outlet,title,published,url,source,story,sentences,quotes,credits\r?\n"),
    re.compile(rb"^id,story,text,articles,independent_origins,origins,article_ids,explanation\r?\n"),
    re.compile(rb"^id,kind,story,claim,confidence,importance,top,summary,article_ids,evidence_article,"),
    re.compile(rb"^id,name,kind,aliases,affiliation,article_ids\r?\n"),
    re.compile(rb'^\{"id": "[0-9a-f]{16}", "label": .*"sentences": \d+, "quotes": \d+, "credits": \d+\}\n'),
    re.compile(rb'^\{"id": "c-[0-9a-f]+", "story": .*"independent_origins": \d+, "origins": \['),
    re.compile(rb'^\{"id": "f-[0-9a-f]+", "kind": "[a-z_]+", "story": '),
    re.compile(rb'^\{"id": "[^"]*", "name": "[^"]*", "kind": "[^"]*", "aliases": \[.*"article_ids": \['),
)


def is_own_report(path: str) -> bool:
    """True when ``path`` is a report corroborator wrote (JSON, HTML or Markdown), whatever its name."""
    if _suffix(path) not in (".json", ".html", ".htm", ".md", ".markdown", ".csv", ".jsonl"):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return any(p.search(head) for p in _OWN_REPORT_HEADS)


def read_inputs(inputs: Iterable[str], options: IngestOptions | None = None) -> Iterator[RawArticle | Skipped]:
    """Read every input. Never raises for a bad file: it yields ``Skipped``."""
    options = options or IngestOptions()
    for item in expand_inputs(inputs):
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield from read_path(item, options)
        except InputError as exc:
            yield Skipped(exc.source, exc.reason)


def _limit(options: IngestOptions, suffix: str) -> int:
    return options.max_bytes * (20 if suffix in RECORD_SUFFIXES + WARC_SUFFIXES else 1)


def _too_big(size: float, limit: int) -> str:
    return f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit (raise it with --max-bytes)"


def read_path(path: str, options: IngestOptions) -> Iterator[RawArticle | Skipped]:
    """Read one file (or ``-`` for stdin).

    Only regular files are read: a FIFO or a device (``/dev/zero``) could be read forever, so it is
    refused. At most the size limit (plus one byte) is ever read, even from a file that grows.

    Raises:
        InputError: the file is missing, unreadable, too large, empty, binary, or not a regular file.
    """
    if path == "-":
        yield from _read_stdin(options)
        return
    suffix = _suffix(path)
    limit = _limit(options, suffix)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the file type is checked before any read.
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                kind = _special_kind(path) or "a special file"
                raise InputError(path, f"not a regular file ({kind}): refused, it could be read forever")
            if info.st_size > limit:
                raise InputError(path, _too_big(info.st_size, limit))
            if suffix in WARC_SUFFIXES:
                yield from read_warc(handle, path, warc_limits(options, info.st_size))
                return
            data = handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise InputError(path, "no such file or directory") from exc
    except PermissionError as exc:
        raise InputError(path, "cannot read: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory") from exc
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise InputError(path, _too_big(len(data), limit) + "; it grew while being read")
    yield from read_bytes(data, path, suffix, options)


def _read_stdin(options: IngestOptions) -> Iterator[RawArticle | Skipped]:
    """Stdin, read up to the limit of its sniffed type (a record stream or WARC gets 20x an article)."""
    source = "<stdin>"
    cap = _limit(options, ".jsonl")
    data = sys.stdin.buffer.read(cap + 1)
    suffix = _sniff(data)
    limit = _limit(options, suffix)
    if len(data) > limit:
        raise InputError(
            source,
            f"more than {limit / 1e6:.1f} MB on stdin, over the limit for {suffix} input (raise it with --max-bytes)",
        )
    yield from read_bytes(data, source, suffix, options)


def warc_limits(options: IngestOptions, compressed_size: int) -> WarcLimits:
    return WarcLimits(
        record_bytes=options.max_bytes, total_bytes=20 * options.max_bytes, compressed_size=compressed_size
    )


def read_bytes(data: bytes, source: str, suffix: str, options: IngestOptions) -> Iterator[RawArticle | Skipped]:
    """Parse the bytes of one input according to its type (suffix)."""
    if suffix in WARC_SUFFIXES:
        yield from read_warc(io.BytesIO(data), source, warc_limits(options, len(data)))
        return
    tabular = suffix in (".csv", ".tsv")
    text, _encoding = decode_bytes(data, source, allow_nul=tabular)
    if not text.strip():  # e.g. a byte-order mark and nothing else: empty once decoded
        yield Skipped(source, "empty file (nothing but a byte-order mark or white space)")
        return
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(text, source, options.field_map)
    elif suffix == ".json":
        yield from read_json(text, source, options.field_map)
    elif tabular:
        yield from read_csv(text, source, options.field_map, tab=suffix == ".tsv")
    elif suffix in HTML_SUFFIXES:
        yield parse_html(text, source)
    else:
        yield parse_text_article(text, source, markdown=suffix in (".md", ".markdown"))


def _sniff(data: bytes) -> str:
    """Guess the type of stdin from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/") or data[:2] == b"\x1f\x8b":
        return ".warc.gz" if data[:2] == b"\x1f\x8b" else ".warc"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
        return ".html"
    if head.startswith(b"{"):
        return ".jsonl"
    if head.startswith(b"["):
        return ".json"
    return ".txt"
