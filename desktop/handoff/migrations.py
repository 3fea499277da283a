"""Read handoff JSON of any schema version this build understands.

Drafts and manifests carry ``schema_version``.  Older versions are upgraded
step by step by the functions in ``_MIGRATIONS`` (version N -> N+1); a newer
version is refused with :class:`NewerVersionError` so that the caller keeps
the file aside untouched instead of silently dropping fields it does not know.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from handoff.model import SCHEMA_VERSION, Handoff

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 only added attachment fields, all with defaults: nothing to move."""
    return data


# _MIGRATIONS[n] upgrades a version-n document to version n+1.
_MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}


class HandoffFormatError(ValueError):
    """The data is not a handoff this build can read (with a one-line reason)."""


class NewerVersionError(HandoffFormatError):
    """Written by a newer Handoff: do not open, do not overwrite."""

    def __init__(self, found: int) -> None:
        super().__init__(
            f"written by a newer version of Handoff (format {found}; this one reads up to "
            f"{SCHEMA_VERSION}): update Handoff to open it"
        )
        self.found = found


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Upgrade ``data`` in place to ``SCHEMA_VERSION`` and return it."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise HandoffFormatError("missing or invalid schema_version")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(version)
    while version < SCHEMA_VERSION:
        data = _MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


def handoff_from_data(data: object, *, ignore: tuple[str, ...] = ()) -> Handoff:
    """Validate parsed JSON as a handoff, after migration; ``ignore`` drops extra keys."""
    if not isinstance(data, dict):
        raise HandoffFormatError("not a handoff: the JSON is not an object")
    data = migrate(dict(data))
    for key in ignore:
        data.pop(key, None)
    try:
        return Handoff.from_json_data(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise HandoffFormatError(
            f"not a valid handoff: {where}: {first['msg']} ({exc.error_count()} problem(s))"
        ) from None


def handoff_from_json(text: str | bytes, *, ignore: tuple[str, ...] = ()) -> Handoff:
    """Parse and validate handoff JSON text; every failure is a HandoffFormatError."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HandoffFormatError(f"not valid JSON ({exc})") from None
    return handoff_from_data(data, ignore=ignore)
