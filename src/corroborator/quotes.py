"""Direct quotations and their speakers.

Quote marks are paired within a paragraph (curly, straight, guillemets). A
paragraph that ends inside a quote and is followed by one that opens with a
quote mark continues the same quotation (the newspaper convention for long
quotes), so a quote may span sentences and paragraphs.

The speaker is taken from an attribution (see ``attribution``):
1. right after the quote: '"...," Kovalenko added' / '"...," states the pact';
2. right before it: 'Kim Yong-hyun stated, "..."' / 'X said: "..."';
3. a colon introduction: 'Kovalenko commented that ... barrier: "..."';
4. for quotes of four words or more, a speech attribution in the same sentence,
   or the speaker of another quote in that sentence.
Quoted terms of one to three words with no adjacent speaker ("fake news",
"Buryat Battalion") are names or scare quotes, not quotations, and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corroborator.types import Attribution, Quote, Span

_OPENING = "“«„"
_CLOSING = "”»"
_MIN_UNATTRIBUTED_WORDS = 6
_MIN_LOOSE_WORDS = 4


@dataclass(slots=True)
class _Piece:
    open_mark: int  # offset of the opening mark
    start: int  # content start
    end: int  # content end
    close_mark: int | None  # offset of the closing mark, None when the paragraph ended first
    continues: bool = False


def _pieces(text: str, para: Span) -> list[_Piece]:
    out: list[_Piece] = []
    open_at: int | None = None
    straight = False
    for i in range(para.start, para.end):
        ch = text[i]
        if open_at is None:
            if ch in _OPENING or (ch == '"' and _opens_straight(text, i, para)):
                open_at, straight = i, ch == '"'
        elif (ch in _CLOSING and not straight) or (ch == '"' and straight):
            out.append(_Piece(open_at, open_at + 1, i, i))
            open_at = None
    if open_at is not None:
        out.append(_Piece(open_at, open_at + 1, para.end, None))
    return out


def _opens_straight(text: str, i: int, para: Span) -> bool:
    """A straight quote opens at a word start (not "5' 10"" or a closing mark)."""
    before = text[i - 1] if i > para.start else " "
    after = text[i + 1] if i + 1 < para.end else " "
    return not after.isspace() and (before.isspace() or before in "([—–-:,")


def quoted_spans(text: str, paragraphs: list[Span]) -> list[Span]:
    """Where quotations are, before their speakers are known."""
    return [Span(p.start, p.end) for group in _merge_continued(text, paragraphs) for p in group]


def find_quotes(
    text: str, paragraphs: list[Span], sentences: list[Span], attributions: list[Attribution]
) -> list[Quote]:
    groups = _merge_continued(text, paragraphs)
    quotes: list[Quote] = []
    speakers_by_sentence: dict[int, Attribution] = {}
    pending: list[tuple[list[_Piece], int]] = []
    for pieces in groups:
        words = sum(len(text[p.start : p.end].split()) for p in pieces)
        if words == 0:
            continue
        att = _speaker(text, pieces, sentences, attributions, loose=words >= _MIN_LOOSE_WORDS)
        sent_idx = _sentence_of(sentences, pieces[0].open_mark)
        if att is not None and sent_idx is not None:
            speakers_by_sentence.setdefault(sent_idx, att)
        pending.append((pieces, words))
        quotes.append(_quote(text, pieces, att))
    # Second pass: a quote fragment shares the speaker of another quote in its sentence.
    out: list[Quote] = []
    for quote, (pieces, words) in zip(quotes, pending):
        if quote.speaker is None and words >= _MIN_LOOSE_WORDS:
            sent_idx = _sentence_of(sentences, pieces[0].open_mark)
            att = speakers_by_sentence.get(sent_idx) if sent_idx is not None else None
            if att is not None:
                quote = _quote(text, pieces, att)
        if quote.speaker is None and words < _MIN_UNATTRIBUTED_WORDS:
            continue
        out.append(quote)
    return out


def _merge_continued(text: str, paragraphs: list[Span]) -> list[list[_Piece]]:
    groups: list[list[_Piece]] = []
    carry: list[_Piece] | None = None
    for para in paragraphs:
        pieces = _pieces(text, para)
        if carry is not None:
            if pieces and pieces[0].open_mark == para.start:
                carry.append(pieces.pop(0))
                if carry[-1].close_mark is not None:
                    groups.append(carry)
                    carry = None
            else:
                groups.append(carry)
                carry = None
        for piece in pieces:
            if piece.close_mark is None and piece is pieces[-1]:
                carry = [piece]
            else:
                groups.append([piece])
    if carry is not None:
        groups.append(carry)
    return groups


def _sentence_of(sentences: list[Span], pos: int) -> int | None:
    for idx, sent in enumerate(sentences):
        if sent.start <= pos < sent.end:
            return idx
    return None


def _speaker(
    text: str, pieces: list[_Piece], sentences: list[Span], atts: list[Attribution], loose: bool
) -> Attribution | None:
    last = pieces[-1]
    if last.close_mark is not None:
        after = last.close_mark + 1
        close_sentence = _sentence_of(sentences, last.close_mark)
        for att in atts:
            if att.start >= after and att.sentence == close_sentence and not text[after : att.start].strip(" ,\u00a0"):
                return att  # '"...," Kovalenko added'
    first = pieces[0]
    sent_idx = _sentence_of(sentences, first.open_mark)
    if sent_idx is None:
        return None
    sent = sentences[sent_idx]
    before = [a for a in atts if sent.start <= a.start and a.end <= first.open_mark]
    if before:
        nearest = before[-1]
        gap = text[nearest.end : first.open_mark]
        if re.fullmatch(r"[\s,:]*(?:that\s*)?", gap) or (
            re.fullmatch(r"[^.!?]{0,80}:\s*", gap) and nearest.kind == "speech"
        ):
            return nearest  # 'Kim Yong-hyun said: "..."', 'X commented that ...: "..."'
        if text[sent.start : first.open_mark].rstrip().endswith(":"):
            speech = [a for a in before if a.kind == "speech"]
            if speech:
                return speech[-1]
    if loose:
        same = [a for a in atts if a.sentence == sent_idx and a.kind == "speech"]
        if len(same) == 1:
            return same[0]
    return None


def _quote(text: str, pieces: list[_Piece], att: Attribution | None) -> Quote:
    content = " ".join(re.sub(r"\s+", " ", text[p.start : p.end]).strip() for p in pieces)
    content = content.strip(" ,")
    return Quote(
        text=content,
        start=pieces[0].start,
        end=pieces[-1].end,
        speaker=att.source if att else None,
        speaker_text=att.source_text if att else None,
        speaker_start=att.source_start if att else None,
        speaker_end=att.source_end if att else None,
        cue=att.cue if att else None,
    )
