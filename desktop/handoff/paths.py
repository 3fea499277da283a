"""Where Handoff keeps its files: the one module that owns every path.

Tests, the end-to-end runs and the frozen-build smoke test point the app at a
throw-away folder with ``--data-dir`` or the ``HANDOFF_DATA_DIR`` environment
variable, so they never touch the engineer's real profile.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from handoff import APP_NAME

DATA_DIR_ENV = "HANDOFF_DATA_DIR"

_override: Path | None = None


def set_data_dir(path: Path | None) -> None:
    """Use ``path`` instead of the platform's per-user data folder (``--data-dir``)."""
    global _override  # noqa: PLW0603 - one process-wide setting, set once at start-up
    _override = path


def data_dir() -> Path:
    """The per-user data folder, created on first use."""
    if _override is not None:
        base = _override
    elif env := os.environ.get(DATA_DIR_ENV):
        base = Path(env)
    else:
        base = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=True))
    base.mkdir(parents=True, exist_ok=True)
    return base


def _subdir(name: str) -> Path:
    path = data_dir() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def drafts_dir() -> Path:
    """Autosaved drafts, one JSON file per handoff."""
    return _subdir("drafts")


def quarantine_dir() -> Path:
    """Drafts that could not be read are moved here, never overwritten or deleted."""
    return _subdir("drafts-set-aside")


def draft_files_dir(handoff_id: str) -> Path:
    """Files that belong to a draft (attachments of a continued package)."""
    path = _subdir("draft-files") / handoff_id
    path.mkdir(parents=True, exist_ok=True)
    return path


def exports_dir() -> Path:
    """The default folder offered for exported packages (not created until used).

    Documents/Handoff normally; inside the data folder when that is overridden, so a
    test or smoke run never writes into the engineer's real documents.
    """
    if _override is not None or os.environ.get(DATA_DIR_ENV):
        return data_dir() / "exports"
    return Path(platformdirs.user_documents_dir()) / APP_NAME


def logs_dir() -> Path:
    """The app's own log files (``handoff.log`` and its rotated copies)."""
    return _subdir("logs")


def outbox_dir() -> Path:
    """Queued and posted handoffs (read by diagnostics for a listing; owned by the outbox)."""
    return data_dir() / "outbox"
