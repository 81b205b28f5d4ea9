"""Find and normalise publication dates as people save them with articles.

Recognised: ISO dates and date-times ("2023-03-03", "2023-03-03T09:15:02Z"),
month-name dates with an optional weekday and time ("Mar 3, 2023",
"Friday, March 3, 2023 9:15:02 AM", "3 March 2023"). Numeric day/month forms
such as 03/04/2023 are ambiguous between countries and are not guessed.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateutil_parser

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
    if not 1900 <= value.year <= 2100:
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
    """Normalise a date field from structured input (string, epoch seconds, datetime)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds are common in exports
        return datetime.utcfromtimestamp(seconds).isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text  # already ISO: the common case in exports, no parsing needed
    found = find_date(text)
    if found and found[1] == 0:
        return found[0]
    return parse_date(text)
