"""Ingest: turn files, folders, globs or stdin into ``RawArticle`` records.

``read_inputs`` yields a ``RawArticle`` for each article and a ``Skipped`` for
each input (or record) that could not be read, with a reason naming the file
and line. Files are only ever opened for reading.
"""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from corroborator.errors import InputError
from corroborator.ingest.decode import decode_bytes
from corroborator.ingest.html import parse_html
from corroborator.ingest.records import read_csv, read_json, read_jsonl
from corroborator.ingest.text import parse_text_article
from corroborator.ingest.warc import read_warc
from corroborator.options import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES  # re-exported for callers of ingest
from corroborator.options import IngestOptions
from corroborator.types import RawArticle, Skipped

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
RECORD_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED = TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES + WARC_SUFFIXES


def _suffix(path: str) -> str:
    lower = path.lower()
    return ".warc.gz" if lower.endswith(".warc.gz") else os.path.splitext(lower)[1]


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Skipped]:
    """Paths in a stable order: folders walked recursively, globs expanded, ``-`` kept."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            found = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            for name in found:
                if _suffix(name) in SUPPORTED:
                    yield name
                else:
                    yield Skipped(
                        name,
                        f"unsupported file type {_suffix(name) or '(no extension)'}; supported: {', '.join(SUPPORTED)}",
                    )
            continue
        if not path.exists() and glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield Skipped(item, "glob matched no files")
            yield from expand_inputs(matches)
            continue
        yield item


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


def read_path(path: str, options: IngestOptions) -> Iterator[RawArticle | Skipped]:
    """Read one file (or ``-`` for stdin).

    Raises:
        InputError: the file is missing, unreadable, too large, empty or binary.
    """
    if path == "-":
        data = sys.stdin.buffer.read()
        yield from read_bytes(data, "<stdin>", _sniff(data), options)
        return
    suffix = _suffix(path)
    limit = options.max_bytes * (20 if suffix in RECORD_SUFFIXES + WARC_SUFFIXES else 1)
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise InputError(
                path, f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit (raise it with --max-bytes)"
            )
        if suffix in WARC_SUFFIXES:
            with open(path, "rb") as stream:
                yield from read_warc(stream, path)
            return
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise InputError(path, "no such file or directory") from exc
    except PermissionError as exc:
        raise InputError(path, "cannot read: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory") from exc
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    yield from read_bytes(data, path, suffix, options)


def read_bytes(data: bytes, source: str, suffix: str, options: IngestOptions) -> Iterator[RawArticle | Skipped]:
    """Parse the bytes of one input according to its type (suffix)."""
    if suffix in WARC_SUFFIXES:
        yield from read_warc(io.BytesIO(data), source)
        return
    text, _encoding = decode_bytes(data, source)
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(text, source, options.field_map)
    elif suffix == ".json":
        yield from read_json(text, source, options.field_map)
    elif suffix in (".csv", ".tsv"):
        yield from read_csv(text, source, options.field_map)
    elif suffix in HTML_SUFFIXES:
        yield parse_html(text, source)
    else:
        yield parse_text_article(text, source, markdown=suffix in (".md", ".markdown"))


def _sniff(data: bytes) -> str:
    """Guess the type of stdin from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return ".warc"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
        return ".html"
    if head.startswith(b"{"):
        return ".jsonl"
    if head.startswith(b"["):
        return ".json"
    return ".txt"
