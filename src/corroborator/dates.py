"""Find and normalise publication dates as people save them with articles.

Recognised: ISO dates and date-times ("2023-03-03", "2023-03-03T09:15:02Z"),
month-name dates with an optional weekday and time ("Mar 3, 2023",
"Friday, March 3, 2023 9:15:02 AM", "3 March 2023"). Numeric day/month forms
such as 03/04/2023 are ambiguous between countries and are not guessed.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from dateutil import parser as dateutil_parser

MIN_YEAR, MAX_YEAR = 1900, 2100  # dates a news record can carry; anything else is a broken field
# Epoch values beyond this (in milliseconds, year ~2300) are no timestamp; checked before any conversion can overflow.
_MAX_EPOCH_MS = 1e13

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+"
_TIME = (
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?"
    r"(?:\s*(?:UTC|GMT|[A-Z]{2,4}T|[+-]\d{2}:?\d{2}))?)?"
)

DATE_PATTERN = re.compile(
    r"(?P<date>"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    rf"|(?:{_WEEKDAY})?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}{_TIME}"
    rf"|(?:{_WEEKDAY})?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}{_TIME}"
    r")"
)


def parse_date(text: str) -> str | None:
    """Return the ISO 8601 form of a date string, or None when it is not a date.

    A date alone gives ``YYYY-MM-DD``; a date with a time gives
    ``YYYY-MM-DDTHH:MM:SS`` (with the offset when the input has one).

    Example:
        >>> parse_date("Friday, March 3, 2023 9:15:02 AM")
        '2023-03-03T09:15:02'
        >>> parse_date("Oct 17, 2024")
        '2024-10-17'
    """
    text = text.strip()
    if not text:
        return None
    try:
        value = dateutil_parser.parse(text, fuzzy=False)
    except (ValueError, OverflowError, TypeError):
        return None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
    return _iso(value, has_time)


def _iso(value: datetime, has_time: bool) -> str:
    if not has_time:
        return value.date().isoformat()
    return value.isoformat()


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first date in ``text`` as (ISO string, start, end), or None."""
    for match in DATE_PATTERN.finditer(text):
        iso = parse_date(match.group("date"))
        if iso:
            return iso, match.start(), match.end()
    return None


def normalise_date(value: object) -> str | None:
    """Normalise a date field from structured input (string, epoch seconds, datetime); None when it is no date."""
    return check_date(value)[0]


def check_date(value: object) -> tuple[str | None, str | None]:
    """Normalise a date field and say why a value present was not accepted.

    Returns ``(iso, None)`` for a date, ``(None, None)`` for an empty field, and
    ``(None, problem)`` for a value that is not a usable date: not finite (NaN,
    infinity), out of range (``1e300``, a 20-digit number), or outside 1900-2100,
    the years a news record can carry. The caller logs the problem with the record's name.
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            return None, f"year {value.year} is outside {MIN_YEAR}-{MAX_YEAR}"
        return value.isoformat(), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return None, f"{value!r} is not a number of seconds"
        if not -_MAX_EPOCH_MS <= value <= _MAX_EPOCH_MS:
            return None, f"{_short(value)} is out of range for a timestamp"
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds are common in exports
        try:
            when = datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
        except (OverflowError, ValueError, OSError):
            return None, f"{_short(value)} is out of range for a timestamp"
        if not MIN_YEAR <= when.year <= MAX_YEAR:
            return None, f"timestamp {_short(value)} is in year {when.year}, outside {MIN_YEAR}-{MAX_YEAR}"
        return when.isoformat(), None
    text = str(value).strip()[:200]  # a date is short; a long value is not parsed whole
    if not text:
        return None, None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        # Already ISO: the common case in exports, no parsing needed beyond a check of the calendar.
        try:
            year = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))).year
        except ValueError:
            return None, f"{text!r} is not a calendar date"
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None, f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}"
        return text, None
    found = find_date(text)
    if found and found[1] == 0:
        return found[0], None
    iso = parse_date(text)
    return (iso, None) if iso else (None, f"{_short(text)} is not a date in {MIN_YEAR}-{MAX_YEAR}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
