"""Handoff packages: export a handoff as one zip, and open one safely.

The UI imports everything it needs from here; the submodules are internal.
"""

from handoff.package.export import (
    ExportCancelled,
    ExportError,
    ExportResult,
    MissingAttachmentsError,
    check_attachments,
    export_package,
    package_file_name,
)
from handoff.package.manifest import FileEntry, LintOverride, Manifest, PackageInfo
from handoff.package.names import safe_filename, unique_names
from handoff.package.reader import (
    IntegrityProblem,
    OpenCancelled,
    OpenedPackage,
    PackageError,
    continue_handoff,
    extract_attachment,
    open_package,
    verify_package,
)

__all__ = [
    "ExportCancelled",
    "ExportError",
    "ExportResult",
    "FileEntry",
    "IntegrityProblem",
    "LintOverride",
    "Manifest",
    "MissingAttachmentsError",
    "OpenCancelled",
    "OpenedPackage",
    "PackageError",
    "PackageInfo",
    "check_attachments",
    "continue_handoff",
    "export_package",
    "extract_attachment",
    "open_package",
    "package_file_name",
    "safe_filename",
    "unique_names",
    "verify_package",
]
