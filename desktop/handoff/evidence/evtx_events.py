"""Event Viewer events as the next technician reads them: levels, one event, decoding.

Shared by the scan (:mod:`handoff.evidence.evtx`) and the extract
(:mod:`handoff.evidence.evtx_report`).  The ``evtx`` parser renders each record
as JSON; :func:`decode_event` turns that into a :class:`LogEvent`, tolerating
the shapes real logs have (``EventID`` with ``Qualifiers``, unnamed ``<Data>``,
``UserData`` instead of ``EventData``, a missing ``Level``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

LEVEL_NAMES = {1: "Critical", 2: "Error", 3: "Warning", 4: "Information", 5: "Verbose"}
DEFAULT_LEVELS = frozenset({1, 2, 3})
"""Critical, Error, Warning: what an incident window lists by default."""
_DETAILS_MAX = 300
_LEVEL_WORDS = {
    "critical": {1}, "crit": {1}, "error": {2}, "errors": {2}, "err": {2},
    "warning": {3}, "warnings": {3}, "warn": {3}, "information": {4}, "info": {4},
    "verbose": {5}, "all": {1, 2, 3, 4, 5},
}  # fmt: skip


def normal_level(level: int) -> int:
    """Event Viewer's view: 0 (LogAlways) shows as Information, custom levels as Verbose."""
    if level in (1, 2, 3, 4, 5):
        return level
    return 4 if level == 0 else 5


def parse_levels(text: str) -> frozenset[int]:
    """``"error,warning"`` → ``{2, 3}``; names, short names or numbers 1-5."""
    levels: set[int] = set()
    for word in (part.strip().lower() for part in text.split(",")):
        if word.isdigit() and 0 <= int(word) <= 5:
            levels.add(normal_level(int(word)))
        elif word in _LEVEL_WORDS:
            levels |= _LEVEL_WORDS[word]
        elif word:
            raise ValueError(
                f"unknown level {word!r}: use critical, error, warning, information, verbose"
            )
    if not levels:
        raise ValueError("no level given: use critical, error, warning, information, verbose")
    return frozenset(levels)


@dataclass(frozen=True)
class LogEvent:
    """One event, as the next technician needs it (message DLLs are not available
    off the machine, so the event's data stands in for the rendered message)."""

    time: datetime
    level: int
    provider: str
    event_id: int
    record_id: int = 0
    channel: str = ""
    computer: str = ""
    data: tuple[tuple[str, str], ...] = ()

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[normal_level(self.level)]

    @property
    def details(self) -> str:
        """``RasEntryName=Contoso VPN; ErrorCode=691``, at most a few hundred characters."""
        text = "; ".join(f"{name}={value}" if name else value for name, value in self.data)
        text = " ".join(text.split())
        return text if len(text) <= _DETAILS_MAX else text[: _DETAILS_MAX - 1] + "\u2026"

    def quote(self, tz: tzinfo | None = None) -> str:
        """One line for the handoff, in ``tz`` (default: this machine's local time, which
        is what Event Viewer on the same PC shows)."""
        line = f"{self.time.astimezone(tz):%Y-%m-%d %H:%M:%S} {self.level_name} "
        line += f"{self.provider} {self.event_id}"
        return f"{line}: {self.details}" if self.data else line

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat().replace("+00:00", "Z"),
            "level": self.level_name,
            "provider": self.provider,
            "event_id": self.event_id,
            "record_id": self.record_id,
            "channel": self.channel,
            "computer": self.computer,
            "data": dict(self.data) if all(n for n, _ in self.data) else list(self.data),
            "details": self.details,
        }


# -- decoding one record's JSON (only for kept events and unusual layouts) -------------


def _flatten(value: Any, name: str = "") -> Iterator[tuple[str, str]]:
    """EventData / UserData as (name, value) pairs; unnamed <Data> items get no name."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "#attributes":
                continue
            yield from _flatten(item, name if key in ("#text", "Data") else key)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item, name)
    elif value is not None:
        yield name, str(value)


def _number(value: Any) -> int:
    if isinstance(value, dict):
        value = value.get("#text")
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def system_info(system: dict[str, Any]) -> tuple[str, int, int]:
    """(provider, event id, level) from the JSON of <System>."""
    provider = system.get("Provider")
    attributes = provider.get("#attributes", {}) if isinstance(provider, dict) else {}
    name = attributes.get("EventSourceName") or attributes.get("Name") or "(unknown)"
    return str(name), _number(system.get("EventID")), normal_level(_number(system.get("Level")))


def _time_of(system: dict[str, Any]) -> datetime:
    created = system.get("TimeCreated")
    stamp = created.get("#attributes", {}).get("SystemTime") if isinstance(created, dict) else None
    try:
        when = datetime.fromisoformat(str(stamp).replace(" ", "T"))
    except ValueError:
        return datetime(1601, 1, 1, tzinfo=UTC)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def decode_event(text: str, record_id: int = 0) -> LogEvent | None:
    """A :class:`LogEvent` from the parser's JSON of one record; None if it has no <System>."""
    try:
        event = json.loads(text).get("Event", {})
    except (ValueError, AttributeError):
        return None
    system = event.get("System") if isinstance(event, dict) else None
    if not isinstance(system, dict):
        return None
    provider, event_id, level = system_info(system)
    payload = [event.get("EventData"), event.get("UserData")]
    return LogEvent(
        time=_time_of(system), level=level, provider=provider, event_id=event_id,
        record_id=record_id, channel=str(system.get("Channel") or ""),
        computer=str(system.get("Computer") or ""), data=tuple(_flatten(payload)),
    )  # fmt: skip
