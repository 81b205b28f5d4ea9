"""Bytes to text: BOMs, UTF-8, legacy encodings (cp1252...) and binary detection."""

from __future__ import annotations

import codecs
import logging

from charset_normalizer import from_bytes

from corroborator.errors import InputError

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str, allow_nul: bool = False) -> tuple[str, str]:
    """Decode ``data`` and return (text, encoding name).

    Args:
        data: the bytes of one input.
        source: its name, for messages.
        allow_nul: a few NUL bytes do not make the input binary (CSV: the reader handles them per field).

    Mixed input (UTF-8 lines and lines in a legacy encoding, as happens when files are concatenated)
    is decoded line by line: UTF-8 where a line is valid UTF-8, cp1252 elsewhere, with a warning
    naming the file and the number of lines.

    Raises:
        InputError: the file is empty, binary, or in no encoding we can tell.
    """
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    source, f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}"
                ) from exc
    head = data[:8192]
    nul_in_head = b"\x00" in data[:4096]
    if not _utf16_layout(head) and (not nul_in_head or (allow_nul and _few_nuls(head))):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        mixed = _decode_mixed(data)
        if mixed is not None:
            text, legacy_lines = mixed
            log.warning(
                "%s: mixed encodings: %d line(s) are not UTF-8 and were decoded as cp1252 (the rest as UTF-8)",
                source,
                legacy_lines,
            )
            return text, "utf-8+cp1252"
    best = from_bytes(data[:200_000]).best()
    if best is None or _looks_binary(data, allow_nul):
        raise InputError(source, "binary file (not text in any known encoding)")
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    log.info("%s: not UTF-8; decoded as %s (guessed)", source, encoding)
    return text, encoding


def _decode_mixed(data: bytes) -> tuple[str, int] | None:
    """Line by line when some lines are UTF-8 with non-ASCII characters and others are not UTF-8; else None."""
    parts: list[str] = []
    utf8_non_ascii = legacy = 0
    for line in data.splitlines(keepends=True):
        try:
            decoded = line.decode("utf-8")
            utf8_non_ascii += not line.isascii()
        except UnicodeDecodeError:
            decoded = line.decode("cp1252", errors="replace")
            legacy += 1
        parts.append(decoded)
    if not utf8_non_ascii or not legacy:
        return None  # wholly legacy: the encoding detector does better on the whole file
    return "".join(parts), legacy


def _utf16_layout(head: bytes) -> bool:
    """UTF-16 text without a BOM has NULs in every other byte."""
    if b"\x00" not in head:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) / 2
    return even > 0.4 * half or odd > 0.4 * half


def _few_nuls(head: bytes) -> bool:
    return head.count(0) <= max(2, len(head) // 100)


def _looks_binary(data: bytes, allow_nul: bool = False) -> bool:
    """Binary when NUL bytes appear without a UTF-16/32 layout (unless a few are allowed), or control bytes abound."""
    head = data[:8192]
    if b"\x00" in head and not (allow_nul and _few_nuls(head)):
        return not _utf16_layout(head)
    controls = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13))
    return controls > 0.05 * len(head)
