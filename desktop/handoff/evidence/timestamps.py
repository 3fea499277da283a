"""Find the time a log line was written, in the formats VPN clients and syslog use.

One parser for every format, because a dropped folder mixes clients; the format
that matched last is tried first, so a big log of one format costs one regex
per line.  Times come back as naive local wall-clock time: that is how the
clients write them, and how the engineer names the incident window.

Formats (searched in the first 120 characters of a line):

* ISO 8601 and its log variants: ``2026-11-23T09:14:02Z``, ``2026-11-23 09:14:02``
  (OpenVPN), ``2026-11-23 09:14:02.123`` (WireGuard), with an optional zone;
* FortiClient: ``date=2026-11-23 time=09:14:02``;
* GlobalProtect: ``(P1234-T5678)Debug( 512): 11/23/26 09:14:02:113`` (month first);
* ctime, as older OpenVPN writes it: ``Mon Nov 23 09:14:02 2026``;
* syslog: ``Nov 23 09:14:02`` at the start of the line (the year is assumed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

_HEAD = 120
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MON = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME = r"(\d{1,2}):(\d{2}):(\d{2})"

Builder = Callable[[re.Match[str], int], datetime]


def _fraction(text: str | None) -> int:
    """Microseconds from a fraction of any length ("113" -> 113000)."""
    return int((text or "0")[:6].ljust(6, "0"))


def _zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _iso(m: re.Match[str], _year: int) -> datetime:
    y, mo, d, h, mi, s = (int(x) for x in m.group(1, 2, 3, 4, 5, 6))
    return datetime(y, mo, d, h, mi, s, _fraction(m.group(7)), tzinfo=_zone(m.group(8)))


def _forti(m: re.Match[str], _year: int) -> datetime:
    y, mo, d, h, mi, s = (int(x) for x in m.group(1, 2, 3, 4, 5, 6))
    return datetime(y, mo, d, h, mi, s)


def _month_first(m: re.Match[str], _year: int) -> datetime:
    mo, d, y, h, mi, s = (int(x) for x in m.group(1, 2, 3, 4, 5, 6))
    year = y + 2000 if y < 100 else y
    return datetime(year, mo, d, h, mi, s, _fraction(m.group(7)))


def _ctime(m: re.Match[str], _year: int) -> datetime:
    d, h, mi, s, y = (int(x) for x in m.group(2, 3, 4, 5, 6))
    return datetime(y, _MONTHS[m.group(1).lower()], d, h, mi, s)


def _syslog(m: re.Match[str], year: int) -> datetime:
    d, h, mi, s = (int(x) for x in m.group(2, 3, 4, 5))
    return datetime(year, _MONTHS[m.group(1).lower()], d, h, mi, s)


FORMATS: tuple[tuple[str, re.Pattern[str], Builder], ...] = (
    (
        "iso",
        re.compile(
            r"(?<!\d)(\d{4})-(\d{2})-(\d{2})[T ]" + _TIME
            + r"(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2}(?!\d))?"
        ),
        _iso,
    ),
    ("forticlient", re.compile(r"date=(\d{4})-(\d{2})-(\d{2})\s+time=" + _TIME), _forti),
    (
        "month-first",
        re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4}|\d{2}) " + _TIME + r"(?:[:.](\d{1,3}))?"),
        _month_first,
    ),
    ("ctime", re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) " + _MON + r" +(\d{1,2}) "
                         + _TIME + r" (\d{4})\b"), _ctime),
    ("syslog", re.compile(r"^\s*(?:<\d{1,3}>)?" + _MON + r" +(\d{1,2}) " + _TIME + r"\b"), _syslog),
)  # fmt: skip


def local_naive(value: datetime | None) -> datetime | None:
    """``value`` as naive local wall-clock time (naive values are taken as local already)."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone().replace(tzinfo=None)


class TimestampParser:
    """Parses line after line, trying the last format that matched first.

    ``year`` fills in syslog stamps, which have none (the incident window's year).
    """

    def __init__(self, *, year: int | None = None) -> None:
        self.year = year or datetime.now().year
        self._order = list(FORMATS)

    def parse(self, line: str) -> datetime | None:
        """The line's time as naive local time, or None when it carries none."""
        head = line[:_HEAD]
        for index, (_name, pattern, build) in enumerate(self._order):
            match = pattern.search(head)
            if match is None:
                continue
            try:
                stamp = build(match, self.year)
            except ValueError:  # 13/45/26: digits that are not a date
                continue
            if index:
                self._order.insert(0, self._order.pop(index))
            return local_naive(stamp)
        return None


def parse_timestamp(line: str, *, year: int | None = None) -> datetime | None:
    """One line's time (see :class:`TimestampParser`)."""
    return TimestampParser(year=year).parse(line)
