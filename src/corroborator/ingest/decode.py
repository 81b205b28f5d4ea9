"""Bytes to text: BOMs, UTF-8, legacy encodings (cp1252...) and binary detection."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from corroborator.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode ``data`` and return (text, encoding name).

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
    if b"\x00" not in data[:4096]:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data[:200_000]).best()
    if best is None or _looks_binary(data):
        raise InputError(source, "binary file (not text in any known encoding)")
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    return text, encoding


def _looks_binary(data: bytes) -> bool:
    """Binary when NUL bytes appear without a UTF-16/32 layout, or control bytes abound."""
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text without a BOM has NULs in every other byte; anything else with NULs is binary.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        half = len(head) / 2
        return not (even > 0.4 * half or odd > 0.4 * half)
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > 0.05 * len(head)
