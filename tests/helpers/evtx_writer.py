"""A small writer of Windows Event Viewer logs (.evtx), for tests and benchmarks.

No public .evtx sample with a permissive licence is reachable from here, so the
tests make their own.  The files follow the format as Windows writes it (see the
libyal "Windows XML Event Log (EVTX)" notes and MS-EVEN6 2.2.12 BinXml): a
4 KiB file header ``ElfFile\\0`` with its CRC32, then 64 KiB chunks
``ElfChnk\\0`` whose header CRC and event-records CRC are correct, holding
records ``**\\0\\0`` whose BinXML is a *template instance*: the first record of a
shape in a chunk carries the template definition inline (element and attribute
names inline, the chunk's template table pointing at it), later ones reuse it
and only carry their substitution values.

Templates rather than plain BinXML elements because the two parsers we check
against disagree on plain elements (python-evtx always reads a dependency id,
``evtx`` never does outside a template) and agree on templates, which is also
what real logs contain.  Both ``evtx`` and python-evtx read what this writes.

Damaged variants are made by ``tests/helpers/evtx_damage.py``.
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

FILE_HEADER_SIZE = 4096
CHUNK_SIZE = 65536
CHUNK_HEADER_SIZE = 512
RECORD_MAGIC = b"\x2a\x2a\x00\x00"
EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)

# BinXML tokens (MS-EVEN6 2.2.12)
_EOF, _OPEN, _OPEN_ATTRS, _CLOSE_START, _CLOSE_EMPTY, _END = 0x00, 0x01, 0x41, 0x02, 0x03, 0x04
_VALUE, _ATTRIBUTE, _TEMPLATE_INSTANCE, _SUBSTITUTION, _FRAGMENT = 0x05, 0x06, 0x0C, 0x0D, 0x0F
# Value types
_NULL, _STRING, _UINT8, _UINT16, _UINT64, _FILETIME = 0x00, 0x01, 0x04, 0x06, 0x0A, 0x11

LEVEL_NAMES = {1: "Critical", 2: "Error", 3: "Warning", 4: "Information", 5: "Verbose"}


@dataclass(frozen=True)
class Event:
    """One event as Event Viewer shows it; the writer numbers the records."""

    provider: str
    event_id: int
    level: int
    time: datetime
    channel: str = "Application"
    computer: str = "WS-0412.contoso.local"
    data: tuple[tuple[str, str], ...] = ()


def filetime(when: datetime) -> int:
    """100 ns ticks since 1601-01-01 UTC, as Windows stores times."""
    delta = when.astimezone(UTC) - _FILETIME_EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def name_hash(name: str) -> int:
    """The 16-bit hash Windows stores beside every name (``hash * 65599 + char``)."""
    value = 0
    for char in name.encode("utf-16-le").decode("utf-16-le"):
        value = (value * 65599 + ord(char)) & 0xFFFFFFFF
    return value & 0xFFFF


class _BinXml:
    """A growing byte buffer that knows its offset in the chunk (names and templates
    are referenced by chunk offset)."""

    def __init__(self, base: int) -> None:
        self.base = base
        self.buf = bytearray()

    @property
    def pos(self) -> int:
        return self.base + len(self.buf)

    def raw(self, data: bytes) -> None:
        self.buf += data

    def u8(self, value: int) -> None:
        self.buf.append(value)

    def u16(self, value: int) -> None:
        self.buf += struct.pack("<H", value)

    def u32(self, value: int) -> None:
        self.buf += struct.pack("<I", value)

    def placeholder(self) -> int:
        at = len(self.buf)
        self.u32(0)
        return at

    def fill(self, at: int, value: int) -> None:
        self.buf[at : at + 4] = struct.pack("<I", value)

    def name(self, text: str) -> None:
        """A name stored inline: its offset points just past the offset field."""
        self.u32(self.pos + 4)
        encoded = text.encode("utf-16-le")
        self.u32(0)  # next string in the same hash bucket
        self.u16(name_hash(text))
        self.u16(len(encoded) // 2)
        self.raw(encoded + b"\x00\x00")

    def substitution(self, index: int, value_type: int) -> None:
        self.u8(_SUBSTITUTION)
        self.u16(index)
        self.u8(value_type)

    def text_value(self, text: str) -> None:
        encoded = text.encode("utf-16-le")
        self.u8(_VALUE)
        self.u8(_STRING)
        self.u16(len(encoded) // 2)
        self.raw(encoded)


# An element in a template: name, optional attribute (name, value spec), content.
# A value spec is ("sub", index, type) or ("text", str); content is a value spec,
# a list of child elements, or None for an empty element.
_Spec = tuple[str, int, int] | tuple[str, str]


@dataclass
class _Element:
    name: str
    attribute: tuple[str, _Spec] | None = None
    content: _Spec | list[_Element] | None = None


def _write_value(out: _BinXml, spec: _Spec) -> None:
    if spec[0] == "sub":
        out.substitution(int(spec[1]), int(spec[2]))  # type: ignore[misc]
    else:
        out.text_value(str(spec[1]))


def _write_element(out: _BinXml, element: _Element) -> None:
    """OpenStartElement (with the dependency id templates carry), attribute, content."""
    out.u8(_OPEN_ATTRS if element.attribute else _OPEN)
    out.u16(0xFFFF)  # dependency identifier: none
    size_at = out.placeholder()
    after_size = out.pos
    out.name(element.name)
    if element.attribute:
        list_at = out.placeholder()
        list_start = out.pos
        out.u8(_ATTRIBUTE)
        out.name(element.attribute[0])
        _write_value(out, element.attribute[1])
        out.fill(list_at, out.pos - list_start)
    if element.content is None:
        out.u8(_CLOSE_EMPTY)
    else:
        out.u8(_CLOSE_START)
        if isinstance(element.content, list):
            for child in element.content:
                _write_element(out, child)
        else:
            _write_value(out, element.content)
        out.u8(_END)
    out.fill(size_at, out.pos - after_size)


def _template(data_names: tuple[str, ...]) -> _Element:
    """<Event><System>…</System><EventData><Data Name=…>…</Data></EventData></Event>."""
    system = [
        _Element("Provider", ("Name", ("sub", 0, _STRING))),
        _Element("EventID", content=("sub", 1, _UINT16)),
        _Element("Level", content=("sub", 2, _UINT8)),
        _Element("TimeCreated", ("SystemTime", ("sub", 3, _FILETIME))),
        _Element("EventRecordID", content=("sub", 4, _UINT64)),
        _Element("Channel", content=("sub", 5, _STRING)),
        _Element("Computer", content=("sub", 6, _STRING)),
    ]
    data = [
        _Element("Data", ("Name", ("text", name)), ("sub", 7 + i, _STRING))
        for i, name in enumerate(data_names)
    ]
    event_data = _Element("EventData", content=data or None)
    return _Element(
        "Event", ("xmlns", ("text", EVENT_NS)), [_Element("System", content=system), event_data]
    )


def _substitutions(event: Event, record_id: int) -> list[tuple[int, bytes]]:
    values: list[tuple[int, bytes]] = [
        (_STRING, event.provider.encode("utf-16-le")),
        (_UINT16, struct.pack("<H", event.event_id)),
        (_UINT8, struct.pack("<B", event.level)),
        (_FILETIME, struct.pack("<Q", filetime(event.time))),
        (_UINT64, struct.pack("<Q", record_id)),
        (_STRING, event.channel.encode("utf-16-le")),
        (_STRING, event.computer.encode("utf-16-le")),
    ]
    values += [(_STRING, value.encode("utf-16-le")) for _, value in event.data]
    return [(_NULL, b"") if kind == _STRING and not raw else (kind, raw) for kind, raw in values]


@dataclass
class _Chunk:
    """One 64 KiB chunk being filled; templates are per chunk, as in real logs."""

    records: bytearray = field(default_factory=bytearray)
    templates: dict[tuple[str, ...], int] = field(default_factory=dict)
    template_table: list[int] = field(default_factory=lambda: [0] * 32)
    first_id: int = 0
    last_id: int = 0
    last_offset: int = 0

    @property
    def free_offset(self) -> int:
        return CHUNK_HEADER_SIZE + len(self.records)

    def record_bytes(self, event: Event, record_id: int) -> bytes:
        start = self.free_offset
        out = _BinXml(start + 24)
        out.raw(bytes([_FRAGMENT, 1, 1, 0, _TEMPLATE_INSTANCE, 1]))
        shape = tuple(name for name, _ in event.data)
        known = self.templates.get(shape)
        digest = hashlib.md5(repr(shape).encode(), usedforsecurity=False).digest()
        out.u32(int.from_bytes(digest[:4], "little"))  # template id: the GUID's first 4 bytes
        if known is not None:
            out.u32(known)
        else:
            out.u32(out.pos + 4)  # the definition follows right here
            out.raw(self._definition(out.pos, shape, digest))
        values = _substitutions(event, record_id)
        out.u32(len(values))
        for kind, raw in values:
            out.raw(struct.pack("<HBB", len(raw), kind, 0))
        for _, raw in values:
            out.raw(raw)
        out.u8(_EOF)
        size = 24 + len(out.buf) + 4
        head = RECORD_MAGIC + struct.pack("<IQQ", size, record_id, filetime(event.time))
        return head + bytes(out.buf) + struct.pack("<I", size)

    def _definition(self, offset: int, shape: tuple[str, ...], guid: bytes) -> bytes:
        body = _BinXml(offset + 24)
        body.raw(bytes([_FRAGMENT, 1, 1, 0]))
        _write_element(body, _template(shape))
        body.u8(_EOF)
        bucket = len(self.templates) % 32
        # Chain onto the bucket: the newest template heads the list (as Windows does).
        header = struct.pack("<I", self.template_table[bucket]) + guid
        header += struct.pack("<I", len(body.buf))
        self.templates[shape] = offset
        self.template_table[bucket] = offset
        return header + bytes(body.buf)

    def add(self, event: Event, record_id: int) -> bool:
        """Append the record if it fits; False when the chunk is full."""
        saved = (dict(self.templates), list(self.template_table))
        data = self.record_bytes(event, record_id)
        if self.free_offset + len(data) > CHUNK_SIZE:
            self.templates, self.template_table = saved
            return False
        if not self.records:
            self.first_id = record_id
        self.last_id, self.last_offset = record_id, self.free_offset
        self.records += data
        return True

    def to_bytes(self) -> bytes:
        header = bytearray(CHUNK_HEADER_SIZE)
        header[0:8] = b"ElfChnk\x00"
        struct.pack_into(
            "<QQQQ", header, 8, self.first_id, self.last_id, self.first_id, self.last_id
        )
        struct.pack_into("<III", header, 40, 128, self.last_offset, self.free_offset)
        struct.pack_into("<I", header, 52, zlib.crc32(self.records))
        struct.pack_into("<32I", header, 384, *self.template_table)
        struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120]) + bytes(header[128:])))
        return bytes(header) + bytes(self.records) + bytes(CHUNK_SIZE - self.free_offset)


def _chunks(events: Iterable[Event], first_id: int) -> Iterator[tuple[bytes, int]]:
    """Serialized chunks, each with the last record id it holds."""
    chunk = _Chunk()
    record_id = first_id
    for event in events:
        if not chunk.add(event, record_id):
            yield chunk.to_bytes(), chunk.last_id
            chunk = _Chunk()
            if not chunk.add(event, record_id):
                raise ValueError(
                    f"event too large for one chunk: {event.provider} {event.event_id}"
                )
        record_id += 1
    if chunk.records:
        yield chunk.to_bytes(), chunk.last_id


def file_header(chunk_count: int, next_record_id: int) -> bytes:
    header = bytearray(FILE_HEADER_SIZE)
    header[0:8] = b"ElfFile\x00"
    last_chunk = max(chunk_count - 1, 0)
    struct.pack_into(
        "<QQQIHHHH", header, 8, 0, last_chunk, next_record_id, 128, 1, 3, 4096, chunk_count
    )
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])))
    return bytes(header)


def write_evtx_stream(target: BinaryIO, events: Iterable[Event], *, first_id: int = 1) -> int:
    """Write a whole .evtx to ``target`` (seekable) without holding all records; the
    number of chunks.  The header goes last, once the chunk count is known."""
    target.write(bytes(FILE_HEADER_SIZE))
    count, last_id = 0, first_id - 1
    for data, last_id in _chunks(events, first_id):  # noqa: B007 - last value wanted
        target.write(data)
        count += 1
    if count > 0xFFFF:
        raise ValueError("an .evtx file holds at most 65535 chunks")
    target.seek(0)
    target.write(file_header(count, last_id + 1))
    target.seek(0, 2)
    return count


def build_evtx(events: Iterable[Event], *, first_id: int = 1) -> bytes:
    chunks = list(_chunks(events, first_id))
    last_id = chunks[-1][1] if chunks else first_id - 1
    return file_header(len(chunks), last_id + 1) + b"".join(data for data, _ in chunks)


def write_evtx(path: Path, events: Iterable[Event], *, first_id: int = 1) -> Path:
    with path.open("wb") as handle:
        write_evtx_stream(handle, events, first_id=first_id)
    return path


# -- realistic content -------------------------------------------------------------

_AUDIT, _WLAN = "Microsoft-Windows-Security-Auditing", "Microsoft-Windows-WLAN-AutoConfig"
_KINDS: list[tuple[str, str, int, int, tuple[str, ...]]] = [
    # provider, channel, event id, level, data names
    ("RasClient", "Application", 20227, 2, ("RasEntryName", "ErrorCode")),
    ("RasClient", "Application", 20226, 3, ("RasEntryName", "DisconnectCode")),
    ("RasClient", "Application", 20225, 4, ("RasEntryName", "TunnelIP")),
    ("RasClient", "Application", 20221, 4, ("RasEntryName",)),
    (_AUDIT, "Security", 4625, 4, ("TargetUserName", "Status", "SubStatus")),
    (_AUDIT, "Security", 4624, 4, ("TargetUserName", "LogonType")),
    ("Microsoft-Windows-DNS-Client", "System", 1014, 3, ("QueryName",)),
    ("NETLOGON", "System", 5719, 2, ("Domain", "Reason")),
    ("Microsoft-Windows-Time-Service", "System", 129, 3, ()),
    (_WLAN, f"{_WLAN}/Operational", 8003, 4, ("SSID", "Reason")),
    ("Microsoft-Windows-Kernel-Power", "System", 41, 1, ("BugcheckCode",)),
    ("Microsoft-Windows-VPN-Plugin-Platform", "System", 2001, 2, ("ProfileName", "Error")),
    ("Service Control Manager", "System", 7036, 5, ("param1", "param2")),
]  # fmt: skip
_VALUES = {
    "RasEntryName": ["Contoso VPN", "Contoso AOVPN"],
    "ErrorCode": ["691", "809", "812", "13801", "-2146762495"],
    "DisconnectCode": ["629", "631"],
    "TunnelIP": ["10.64.12.7", "10.64.12.31"],
    "TargetUserName": ["mlopez", "jsmith", "akumar"],
    "Status": ["0xC000006D"],
    "SubStatus": ["0xC000006A", "0xC0000064", "0xC0000234"],
    "LogonType": ["2", "3", "7", "10"],
    "QueryName": ["vpn.contoso.com", "fs01.contoso.local"],
    "Domain": ["CONTOSO"],
    "Reason": ["There are currently no logon servers available.", "Roamed to another AP."],
    "SSID": ["Contoso-Guest", "Home-5G"],
    "BugcheckCode": ["0"],
    "ProfileName": ["Contoso AOVPN"],
    "Error": ["0x80072746"],
    "param1": ["Windows Update", "Print Spooler"],
    "param2": ["running", "stopped"],
}


def sample_events(
    count: int = 400,
    *,
    seed: int = 4625,
    start: datetime = datetime(2026, 11, 27, 5, 0, tzinfo=UTC),
    step: timedelta = timedelta(seconds=37),
) -> list[Event]:
    """``count`` events of every level and a dozen providers, one every ``step``."""
    rng = random.Random(seed)
    events = []
    for i in range(count):
        provider, channel, event_id, level, names = _KINDS[i % len(_KINDS)]
        data = tuple((name, rng.choice(_VALUES[name])) for name in names)
        when = start + step * i
        events.append(Event(provider, event_id, level, when, channel, data=data))
    return events


def iter_bulk_events(count: int, *, seed: int = 7) -> Iterator[Event]:
    """Many events without keeping them (for the 100 MB benchmark file)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rng = random.Random(seed)
    for i in range(count):
        provider, channel, event_id, level, names = _KINDS[rng.randrange(len(_KINDS))]
        data = tuple((name, rng.choice(_VALUES[name])) for name in names)
        yield Event(provider, event_id, level, start + timedelta(seconds=i), channel, data=data)
