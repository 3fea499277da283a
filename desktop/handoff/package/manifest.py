"""``manifest.json``: the handoff as JSON plus one extra top-level key, ``package``.

Keeping the handoff part byte-for-byte the draft format means scripts and RMM
tools that read drafts read manifests too, and opening a package is just
"migrate and validate the handoff, then validate ``package``".
"""

from __future__ import annotations

import json

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from handoff.migrations import HandoffFormatError, handoff_from_data
from handoff.model import Handoff

MANIFEST_NAME = "manifest.json"


class _PackageModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FileEntry(_PackageModel):
    """One file in the package other than the manifest itself."""

    path: str
    size: int
    sha256: str
    media_type: str


class LintOverride(_PackageModel):
    """The engineer exported despite quality-check findings: who, when, and which."""

    confirmed_by: str
    at: AwareDatetime
    findings: list[str]


class PackageInfo(_PackageModel):
    app_version: str
    created_at: AwareDatetime
    files: list[FileEntry]
    lint_override: LintOverride | None = None


class Manifest(Handoff):
    package: PackageInfo

    def handoff(self) -> Handoff:
        """The handoff part alone (what a draft of it would contain)."""
        return Handoff.model_validate(self.model_dump(exclude={"package"}))


def build_manifest(handoff: Handoff, info: PackageInfo) -> Manifest:
    return Manifest.model_validate({**handoff.model_dump(), "package": info.model_dump()})


def manifest_bytes(manifest: Manifest) -> bytes:
    return manifest.model_dump_json(indent=2).encode("utf-8")


def parse_manifest(raw: bytes) -> Manifest:
    """Validate manifest JSON of any readable schema version.

    Every failure (bad JSON, a newer format, an invalid field) is a
    :class:`HandoffFormatError` with a one-line reason.
    """
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HandoffFormatError(f"not valid JSON ({exc})") from None
    handoff = handoff_from_data(data, ignore=("package",))
    if not isinstance(data, dict) or "package" not in data:
        raise HandoffFormatError('no "package" section')
    try:
        info = PackageInfo.model_validate(data["package"])
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "top level"
        raise HandoffFormatError(f"invalid package section: {where}: {first['msg']}") from None
    return build_manifest(handoff, info)
