"""Lines of a text with their offsets, for the stages that work line by line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int  # including the line break, so cutting [start, end) removes the whole line
    text: str  # without the line break

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for chunk in text.splitlines(keepends=True):
        out.append(Line(pos, pos + len(chunk), chunk.rstrip("\r\n")))
        pos += len(chunk)
    return out
