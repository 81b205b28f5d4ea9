"""Quantities in text: value, unit, qualifier and range, normalised for comparison.

Handles digits ("3,000", "4.4", "10 000", "2.48×10−5", "4e14"), fractions ("2 1/2",
"½", "one sixth"), number words ("six", "twenty-one", "a hundred and two",
"three million, two hundred & forty"), multipliers ("€10M", "$2.174T", "15 million"),
ranges ("3 to 4 L", "between 44 and 50 mg", "8- to 16-meter"), currency symbols
before or after, "per" units ("$15.4/hour", "four times per week"), and
qualifiers ("about", "at least", "up to", "some"). Clock times ("2 pm") and
numbers inside codes ("LGA1156", "i7") are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from corroborator.facts.units import AMBIGUOUS, CURRENCY_SYMBOLS, SURFACES, UNITS

_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_FRACTION_WORDS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
}
_VULGAR = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2, "⅛": 0.125}
_SUFFIX = {
    "k": 1e3,
    "K": 1e3,
    "M": 1e6,
    "mn": 1e6,
    "B": 1e9,
    "bn": 1e9,
    "T": 1e12,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}
_QUALIFIERS = (
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as much as",
    "as few as",
    "upwards of",
    "close to",
    "just over",
    "just under",
    "an estimated",
    "approximately",
    "roughly",
    "around",
    "about",
    "nearly",
    "almost",
    "some",
    "over",
    "under",
    "estimated",
    "approx.",
    "circa",
    "c.",
)

_DIGITS = r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?!\d)|\d+)(?:\.\d+)?"
_NUMERIC = re.compile(
    rf"(?P<num>\(?(?:(?:[$£€¥₴₽]|US\$)\s?)?"
    rf"(?<![A-Za-z0-9_.^+])(?:(?P<mixed>\d+)\s+(?P<fn>\d+)/(?P<fd>\d+)(?!\d)"
    rf"|(?P<fracn>\d+)/(?P<fracd>\d+)(?![\d/])"
    rf"|(?P<base>{_DIGITS})(?:\s?[×x]\s?(?P<pow_base>10|2)\^?(?P<pow>[-−+]?\d+)|[eE](?P<exp>[-−+]?\d+))?"
    rf"|(?P<vulgar>[½⅓⅔¼¾⅕⅛]))"
    rf"(?:\s?(?P<suffix>thousand|million|billion|trillion|mn|bn|[kKMBT])(?![A-Za-z]))?)"
)
_WORD_TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
_RANGE_JOIN = re.compile(r"^\s*(?:-\s*to|–|—|-|to|and|or)\s*")
_TIME = re.compile(r"^\s*(?:a\.?m\.?|p\.?m\.?)(?![A-Za-z])", re.I)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str  # canonical unit name ("kilometre", "dimensionless", "dollar per hour")
    dimension: str  # "length", "mass", "currency:USD", "count", ...
    surface: str
    start: int
    end: int
    qualifier: str | None = None  # "about", "at least", "up to", ...
    low: float | None = None  # for ranges
    high: float | None = None

    @property
    def base_value(self) -> float:
        """The value in the dimension's base unit (metre, kilogram, second...)."""
        return self.value * _factor(self.unit)


def _factor(unit: str) -> float:
    if unit in UNITS:
        return UNITS[unit].factor
    if " per " in unit:
        num, _, den = unit.partition(" per ")
        return _factor(num) / max(_factor(den), 1e-30)
    return 1.0


def _dimension(unit: str) -> str:
    if unit in UNITS:
        return UNITS[unit].dimension
    if " per " in unit:
        num, _, den = unit.partition(" per ")
        return f"{_dimension(num)}/{_dimension(den)}"
    return "unknown"


def _to_float(text: str) -> float:
    return float(text.replace(",", "").replace(" ", "").replace("−", "-"))


def _numeric_value(m: re.Match) -> float:
    if m.group("mixed"):
        return int(m.group("mixed")) + int(m.group("fn")) / int(m.group("fd"))
    if m.group("fracn"):
        den = int(m.group("fracd"))
        return int(m.group("fracn")) / den if den else float("nan")
    if m.group("vulgar"):
        return _VULGAR[m.group("vulgar")]
    value = _to_float(m.group("base"))
    if m.group("pow"):
        value *= int(m.group("pow_base")) ** int(m.group("pow").replace("−", "-"))
    elif m.group("exp"):
        value *= 10 ** int(m.group("exp").replace("−", "-"))
    return value


def _word_numbers(text: str) -> list[tuple[int, int, float]]:
    """Spans of number words: "a hundred and two", "twenty-one", "two and a half", "one sixth"."""
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD_TOKEN.finditer(text)]
    out = []
    k = 0
    while k < len(tokens):
        s, e, tok = tokens[k]
        parts = tok.split("-")
        if len(parts) == 2 and parts[0] in _SMALL and parts[1] not in _SMALL and parts[1] not in _FRACTION_WORDS:
            out.append((s, s + len(parts[0]), float(_SMALL[parts[0]])))  # "two-year": the number, then the unit
            k += 1
            continue
        if (
            tok in ("a", "an")
            and k + 1 < len(tokens)
            and not text[e : tokens[k + 1][0]].strip()
            and tokens[k + 1][2] != "second"
            and _unit_word(text, tokens[k + 1][0])
        ):
            out.append((s, e, 1.0))  # "a gallon", "a dozen", "a penny"
            k += 1
            continue
        if tok in _SCALES:
            k += 1  # "several hundred": a scale with no number is not a quantity
            continue
        if not (
            all(p in _SMALL or p in _SCALES for p in parts)
            or tok in ("a", "an")
            or tok in _FRACTION_WORDS
            or (len(parts) == 2 and parts[0] in _SMALL and parts[1] in _FRACTION_WORDS)
        ):
            k += 1
            continue
        total, current, used, j, last_end = 0.0, 0.0, False, k, e
        while j < len(tokens):
            s2, e2, t2 = tokens[j]
            gap = text[last_end:s2] if j > k else ""
            if j > k and gap.strip() not in ("", ",", "&", "-"):
                break
            pieces = t2.split("-")
            if all(p in _SMALL for p in pieces):
                current += sum(_SMALL[p] for p in pieces)
                used = True
            elif t2 in _SCALES:
                scale = _SCALES[t2]
                current = (current or 1) * scale
                if scale >= 1000:
                    total += current
                    current = 0
                used = True
            elif (
                t2 in ("a", "an")
                and j + 1 < len(tokens)
                and (tokens[j + 1][2] in _SCALES or tokens[j + 1][2] in ("half", "quarter", "third", "dozen"))
            ):
                current += 1 if tokens[j + 1][2] in _SCALES else 0
                if tokens[j + 1][2] not in _SCALES:
                    current += 0
            elif (
                t2 == "and"
                and used
                and j + 1 < len(tokens)
                and (tokens[j + 1][2] in _SMALL or tokens[j + 1][2] in ("a", "an"))
            ):
                pass
            elif t2 in _FRACTION_WORDS and (used or (j > k and tokens[j - 1][2] in ("a", "an", "one"))):
                numerator = current if current else 1
                if tokens[j - 1][2] in ("a", "an") and j - 2 >= k and tokens[j - 2][2] == "and":
                    total += current - (current % 1)  # "two and a half": the "a" half adds to two
                    current = 1 / _FRACTION_WORDS[t2]
                else:
                    current = numerator / _FRACTION_WORDS[t2]
                used = True
                last_end = e2
                j += 1
                continue
            elif "-" in t2 and pieces[0] in _SMALL and pieces[1] in _FRACTION_WORDS:
                current += _SMALL[pieces[0]] / _FRACTION_WORDS[pieces[1]]  # "one-half"
                used = True
            else:
                break
            last_end = e2
            j += 1
        # Trim trailing "and", "a" that did not join a number.
        while j > k and tokens[j - 1][2] in ("and", "a", "an"):
            j -= 1
        if used and j > k:
            value = total + current
            start = tokens[k][0]
            if j == k + 1 and tokens[k][2] == "one" and not _unit_word(text, tokens[k][1] + 1):
                k += 1  # a lone "one" is a pronoun far more often than a count ("no one", "that one")
                continue
            if tokens[k][2] in ("a", "an") and value == 0:
                k += 1
                continue
            out.append((start, tokens[j - 1][1], value))
            k = j
        else:
            k += 1
    return out


def _unit_word(text: str, pos: int) -> bool:
    """A spelled-out unit (not a short symbol) starts at ``pos``."""
    m = _UNIT_RE.match(text, pos) or _UNIT_RE.match(text.lower(), pos)
    return m is not None and len(m.group("unit")) > 3 and SURFACES[m.group("unit")] != "dimensionless"


_SURFACE_KEYS = sorted(SURFACES, key=len, reverse=True)
_UNIT_RE = re.compile(
    r"(?P<unit>" + "|".join(re.escape(s) for s in _SURFACE_KEYS) + r")(?P<after>s?)(?=$|[^A-Za-z0-9])"
)
_PER_RE = re.compile(r"\s*(?:/|per\s+(?:a\s+|an\s+)?)(?P<den>[A-Za-z]+)")


def _unit_at(text: str, pos: int, attached: bool) -> tuple[str, int] | None:
    """A unit starting at ``pos`` (after an optional space or hyphen): (name, end)."""
    m = re.match(r"[ \t\u00a0]?-?[ \t\u00a0]?", text[pos:])
    start = pos + (m.end() if m else 0)
    um = _UNIT_RE.match(text, start)
    if not um:
        lower = _UNIT_RE.match(text.lower(), start)
        if lower and lower.group("unit") not in AMBIGUOUS and len(lower.group("unit")) > 2:
            um = lower
    if not um:
        return None
    surface = um.group("unit")
    if surface == "in" and not re.match(
        r"\s*(?:$|[.,;:)!?]|(?:thick|long|wide|tall|deep|high|across|of|in diameter)\b)", text[um.end() :]
    ):
        return None  # "2 in thick" is two inches; "two in my car" is not
    if surface == "p" and start == pos + 1:
        return None  # "5 p" is too often a clock or page
    name = SURFACES[surface]
    end = um.end()
    per = _PER_RE.match(text, end)
    if per:
        den = SURFACES.get(per.group("den")) or SURFACES.get(per.group("den").lower())
        if den:
            return f"{name} per {den}", per.end()
    return name, end


def extract_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order."""
    return list(_extract_cached(text))


@lru_cache(maxsize=65536)
def _extract_cached(text: str) -> tuple[Quantity, ...]:
    # Alignment asks about the same sentence once per article pair: parse it once.
    return tuple(_extract(text))


def _extract(text: str) -> list[Quantity]:
    raw: list[tuple[int, int, float, int]] = []  # (start, end, value, unit search position)
    taken: list[tuple[int, int]] = []
    for m in _NUMERIC.finditer(text):
        start, end = m.start("num"), m.end("num")
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_"):
            continue  # inside a code: "LGA1156", "i7"
        if re.match(r"(?:st|nd|rd|th)\b|[A-Za-z]\d", text[end:]):
            continue  # an ordinal ("21st") or a code ("06F6")
        if end < len(text) and text[end] == "/" and not m.group("fracn"):
            pass
        value = _numeric_value(m)
        if value != value:  # NaN: "1/0"
            continue
        if m.group("suffix"):
            value *= _SUFFIX[m.group("suffix")]
        raw.append((start, end, value, end))
        taken.append((start, end))
    for s, e, value in _word_numbers(text):
        if not any(s < te and ts < e for ts, te in taken):
            raw.append((s, e, value, e))
    raw.sort()
    out: list[Quantity] = []
    skip_until = -1
    for idx, (start, end, value, _) in enumerate(raw):
        if start < skip_until:
            continue
        surface = text[start:end]
        if _TIME.match(text[end:]) and ("." not in surface or len(surface.split(".")[-1]) == 2) and abs(value) <= 12:
            continue  # a clock time
        if re.fullmatch(r"\d{4}", surface) and re.match(r"[-–]\d{2}\b", text[end:]):
            skip_until = end + 3
            continue  # "2013-14": a span of years
        negative_parens = surface.startswith("(") and text[end : end + 1] == ")"
        currency = next(
            (
                CURRENCY_SYMBOLS[sym]
                for sym in sorted(CURRENCY_SYMBOLS, key=len, reverse=True)
                if surface.lstrip("(").startswith(sym)
            ),
            None,
        )
        unit_end = end
        if currency:
            unit = currency
            per = _PER_RE.match(text, end)
            if per and (SURFACES.get(per.group("den")) or SURFACES.get(per.group("den").lower())):
                unit = f"{currency} per {SURFACES.get(per.group('den')) or SURFACES[per.group('den').lower()]}"
                unit_end = per.end()
        else:
            if re.fullmatch(r"\d{4}", surface) and text[end : end + 1] == "s":
                unit, unit_end = "dimensionless", end  # "the 1960s"
            else:
                found = _unit_at(text, end, attached=True)
                if found is None and re.match(r"\s?[€£$¥]", text[end:]):
                    sym = text[end:].strip()[0]
                    found = (CURRENCY_SYMBOLS[sym], end + text[end:].index(sym) + 1)
                if found is None:
                    times = re.match(r"\s+times\s+(?:per|a)\s+(\w+)", text[end:])
                    if times and SURFACES.get(times.group(1)):
                        found = (f"count per {SURFACES[times.group(1)]}", end + times.end())
                unit, unit_end = found if found else ("dimensionless", end)
        low = high = None
        # Ranges: "3 to 4 L", "8- to 16-meter", "between 44 and 50 mg", "44 mg to 50 mg".
        rng = None
        if idx + 1 < len(raw):
            nxt = raw[idx + 1]
            join = _RANGE_JOIN.match(text[unit_end : nxt[0]])
            between = re.search(r"\b(?:between|from)\s*$", text[max(0, start - 10) : start], re.I)
            joiner = join.group().strip() if join else ""
            if (
                join
                and join.end() == nxt[0] - unit_end
                and (joiner in ("-", "–", "—", "to", "- to") or (joiner == "and" and between))
            ):
                rng = nxt
            elif nxt[0] == unit_end and text[nxt[0]] in "-−" and unit_end == end:
                rng = (nxt[0], nxt[1], -nxt[2], nxt[3])  # "10-15 exabytes": the dash joined the second number
        if rng:
            _r_start, r_end, r_value, _ = rng
            r_unit_found = _unit_at(text, r_end, attached=True)
            if currency:
                r_unit = unit
                r_unit_end = r_end
            elif r_unit_found:
                r_unit, r_unit_end = r_unit_found
            else:
                r_unit, r_unit_end = ("dimensionless", r_end)
            if unit == "dimensionless" or r_unit == unit or r_unit == "dimensionless":
                final_unit = r_unit if unit == "dimensionless" else unit
                low, high = value, r_value
                value = (value + r_value) / 2
                unit = final_unit
                unit_end = max(unit_end, r_unit_end if r_unit != "dimensionless" else r_end)
                skip_until = unit_end
        elif unit == "dimensionless" and idx + 1 < len(raw):
            # "45 and 50 mg": a bare number shares the unit of the number it is listed with.
            nxt = raw[idx + 1]
            if re.fullmatch(r"\s*(?:and|or|,)\s*", text[end : nxt[0]]):
                found = _unit_at(text, nxt[1], attached=True)
                if found and not currency:
                    unit = found[0]
        if negative_parens:
            value = -abs(value)
        qualifier = _qualifier(text, start)
        q_start = start + (1 if surface.startswith("(") and not negative_parens else 0)
        q_end = unit_end + (1 if negative_parens else 0)
        out.append(
            Quantity(
                value=value,
                unit=unit,
                dimension=_dimension(unit),
                surface=text[q_start:q_end].strip(),
                start=q_start,
                end=q_end,
                qualifier=qualifier,
                low=low,
                high=high,
            )
        )
    return out


def _qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - 20) : start].lower()
    for q in _QUALIFIERS:
        if re.search(rf"(?:^|\W){re.escape(q)}\s*$", before):
            return q
    return None


def same_quantity_value(a: Quantity, b: Quantity, tolerance: float = 0.05) -> bool:
    """Do two quantities of one dimension agree, allowing rounding and conversion ("12 km" = "7.5 miles")?"""
    if a.dimension != b.dimension:
        return False
    va, vb = a.base_value, b.base_value
    if a.low is not None or b.low is not None:
        lo_a, hi_a = (a.low, a.high if a.high is not None else a.low) if a.low is not None else (a.value, a.value)
        lo_b, hi_b = (b.low, b.high if b.high is not None else b.low) if b.low is not None else (b.value, b.value)
        fa, fb = _factor(a.unit), _factor(b.unit)
        return min(lo_a, hi_a) * fa <= max(lo_b, hi_b) * fb * (1 + tolerance) and min(lo_b, hi_b) * fb <= max(
            lo_a, hi_a
        ) * fa * (1 + tolerance)
    if va == vb:
        return True
    return abs(va - vb) <= tolerance * max(abs(va), abs(vb))
