"""The private redaction map: which placeholder stands for which original value.

Consistency is what makes a redacted log still readable (the third "[HOST-2]
timed out" is the same gateway as the first), so every file of a handoff is
redacted with one map, kept across runs.  The map is the key to undo the
redaction, so it stays on the engineer's machine: ``<data>/redaction-maps/<id>.json``,
written atomically with mode 0600 in a 0700 folder, and never put in a package.

Values are stored as text; bytes that are not UTF-8 survive the JSON round trip
as ``surrogateescape`` escapes.  A value longer than 256 bytes (a private key
block) is stored as its SHA-256 only: it still maps consistently, and the map
does not become a second copy of the key.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from handoff import paths
from handoff.atomic import atomic_writer
from handoff.evidence.redact_rules import Category, Sweep, rare_index
from handoff.model import utc_now

MAPS_DIR = "redaction-maps"
FORMAT = 1
MAX_SWEEPS = 64
"""Known values looked for everywhere.  One with a rare byte (``!``, ``@``, ``$``...)
joins the scanner's shared pass almost for free; one without costs a pass of its own,
so only :data:`MAX_PLAIN_SWEEPS` of those are kept."""
MAX_PLAIN_SWEEPS = 4
MIN_SWEPT_SECRET = 6
"""A shorter password found as ``pwd=abc`` is not hunted elsewhere: it would hit ordinary words."""
_RANDOM = re.compile(rb"[0-9a-fA-F]{24,}|[\w+/=.-]{24,}")
"""Tokens, keys, JWTs: machine-made values are found again by their context or shape;
hunting each one everywhere would cost a pass per token for nothing."""
_HASHED_FROM = 256
_MAC_PREFIX = "53:4f:53"
"""'SOS' in hex, as sos clean does: obviously not a real vendor prefix."""
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class RedactionError(Exception):
    """The redaction could not be done; ``str()`` is a one-line reason."""


def _normal(category: Category, value: bytes) -> bytes:
    """The form two occurrences of "the same value" share (case, separators, zeros)."""
    if category is Category.SECRET:
        if len(value) > _HASHED_FROM:
            return b"sha256:" + hashlib.sha256(value).hexdigest().encode("ascii")
        return value
    if category is Category.MAC:
        return value.lower().replace(b"-", b"").replace(b":", b"")
    if category is Category.IPV6:
        text = value.split(b"%")[0].decode("ascii", "replace")
        try:
            return ipaddress.IPv6Address(text).compressed.encode("ascii")
        except ValueError:
            return value.lower()
    return value.lower()


def _render(category: Category, number: int) -> str:
    if category is Category.MAC:
        return f"{_MAC_PREFIX}:{number >> 16 & 255:02x}:{number >> 8 & 255:02x}:{number & 255:02x}"
    return f"[{category.tag}-{number}]"


def _styled(category: Category, placeholder: str, original: bytes) -> str:
    """A MAC placeholder in the original's style (``53-4F-53-...`` for ``00-1A-...``)."""
    if category is not Category.MAC:
        return placeholder
    if b"-" in original:
        placeholder = placeholder.replace(":", "-")
    return placeholder.upper() if original != original.lower() else placeholder


class RedactionMap:
    """Original value -> placeholder, per category, numbered in order of discovery."""

    def __init__(self) -> None:
        self._entries: dict[tuple[Category, bytes], str] = {}
        self._numbers: Counter[Category] = Counter()
        self._sweeps: dict[tuple[Category, bytes], Sweep] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def sweeps(self) -> list[Sweep]:
        """Values found by their context (``password=...``), to replace wherever they recur."""
        return list(self._sweeps.values())

    def placeholder(
        self, category: Category, value: bytes, original: bytes | None = None, sweep: bool = False
    ) -> str:
        """The placeholder for ``value``, assigning the next number on first sight."""
        key = (category, _normal(category, value))
        text = self._entries.get(key)
        if text is None:
            self._numbers[category] += 1
            text = self._entries[key] = _render(category, self._numbers[category])
        if sweep:
            self._add_sweep(category, key[1])
        return _styled(category, text, original if original is not None else value)

    def _add_sweep(self, category: Category, value: bytes) -> None:
        """Hunt a value found by its context everywhere else too, if that is affordable."""
        if len(self._sweeps) >= MAX_SWEEPS or (category, value) in self._sweeps:
            return
        if category is Category.SECRET:
            if len(value) < MIN_SWEPT_SECRET or _RANDOM.fullmatch(value):
                return
            sweep = Sweep(category, value.lower(), value, True)
        elif category is Category.USERNAME and len(value) >= 3:
            sweep = Sweep(category, value, None, True)
        else:
            return
        if rare_index(sweep.needle) is None:
            plain = sum(rare_index(s.needle) is None for s in self._sweeps.values())
            if plain >= MAX_PLAIN_SWEEPS:
                return
        self._sweeps[(category, value)] = sweep

    def copy(self) -> RedactionMap:
        twin = RedactionMap()
        twin._entries = dict(self._entries)
        twin._numbers = Counter(self._numbers)
        twin._sweeps = dict(self._sweeps)
        return twin

    def lookup(self, category: Category, value: str) -> str | None:
        """The placeholder already given to ``value``, if any (for tests and tools)."""
        raw = value.encode("utf-8", "surrogateescape")
        return self._entries.get((category, _normal(category, raw)))

    def to_json(self, handoff_id: str) -> str:
        swept = set(self._sweeps)
        entries = [
            {
                "category": str(category),
                "value": value.decode("utf-8", "surrogateescape"),
                "placeholder": text,
                "sweep": (category, value) in swept,
            }
            for (category, value), text in self._entries.items()
        ]
        document = {
            "format": FORMAT,
            "handoff_id": handoff_id,
            "updated_at": utc_now().isoformat(),
            "about": "Private: what each placeholder in this handoff's redacted files stands "
            "for. Never attach or send this file.",
            "entries": entries,
        }
        return json.dumps(document, indent=1, ensure_ascii=True)

    @classmethod
    def from_json(cls, text: str) -> RedactionMap:
        """Read a saved map; raises :class:`RedactionError` for anything unexpected."""
        try:
            data: Any = json.loads(text)
            mapping = cls()
            for entry in data["entries"]:
                mapping._load_entry(entry)
        except (ValueError, KeyError, TypeError) as exc:
            raise RedactionError(f"the redaction map is not valid ({exc})") from exc
        return mapping

    def _load_entry(self, entry: dict[str, Any]) -> None:
        category = Category(entry["category"])
        value = str(entry["value"]).encode("utf-8", "surrogateescape")
        placeholder = str(entry["placeholder"])
        self._entries[(category, value)] = placeholder
        number = re.search(r"(\d+)\]$", placeholder)
        if category is Category.MAC:
            number_value = int(placeholder.replace(":", "")[-6:], 16)
        else:
            number_value = int(number.group(1)) if number else 0
        self._numbers[category] = max(self._numbers[category], number_value)
        if entry.get("sweep"):
            self._add_sweep(category, value)


def map_path(handoff_id: str) -> Path:
    """``<data>/redaction-maps/<id>.json``; the folder is private (0700)."""
    if not _SAFE_ID.fullmatch(handoff_id):
        raise RedactionError(f"not a handoff id: {handoff_id!r}")
    folder = paths.data_dir() / MAPS_DIR
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)
    return folder / f"{handoff_id}.json"


def load_map(handoff_id: str) -> RedactionMap:
    """The handoff's map, or an empty one; a map that cannot be read is an error, not
    a fresh start (saving over it would lose what the old placeholders meant)."""
    path = map_path(handoff_id)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return RedactionMap()
    except OSError as exc:
        raise RedactionError(f"cannot read the redaction map {path}: {exc.strerror}") from exc
    return RedactionMap.from_json(text)


def save_map(handoff_id: str, mapping: RedactionMap) -> Path:
    """Write the map atomically, readable by this user only."""
    path = map_path(handoff_id)
    try:
        with atomic_writer(path, mode=0o600) as handle:
            handle.write(mapping.to_json(handoff_id).encode("utf-8"))
    except OSError as exc:
        raise RedactionError(f"cannot write the redaction map {path}: {exc.strerror}") from exc
    return path
