"""The diagnostics zip an engineer sends to the MSP's internal IT.

What goes in is chosen for a support desk that must not receive client data or
secrets: versions, the app's own log (already scrubbed, and scrubbed again here
in case a secret was registered after a line was written), the settings files
with secret-looking keys removed, and a *listing* of drafts and outbox items -
names, sizes, states, the last error - never their content, which is client data.
``README.txt`` in the zip says the same to whoever opens it.

Qt-free: the UI passes what only it knows (Qt version, screens, scale) in
``versions``; the CLI's ``handoff diagnostics`` passes nothing extra.
"""

from __future__ import annotations

import json
import locale
import platform
import re
import sys
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from handoff import __version__, applog, paths
from handoff.atomic import atomic_writer

REMOVED = "[removed]"
_SECRET_KEY = re.compile(r"(?i)secret|passw|token|key|code|credential|auth")
_SETTINGS_SKIP = frozenset({"drafts", "drafts-set-aside", "draft-files", "outbox", "logs"})
_CLIENT_DATA = frozenset({"recent.json"})
"""Data-folder JSON files that are not settings: recent.json lists ticket titles."""
_MAX_SETTINGS_BYTES = 1024 * 1024

README = """\
Handoff diagnostics
===================

Made by Handoff {version} on {made} for the MSP's internal IT.

Included
- versions.txt / versions.json: Handoff, Python, operating system, Qt and PySide6,
  the password store (keyring backend) in use, locale, screens and scaling.
- logs/: the app's own log files (handoff.log and rotated copies). Secrets are
  removed before a line is written, and again when this zip is made.
- settings/: the settings files of the data folder (connections.json,
  window.json, any *.ini ...) with every value whose key looks secret (secret,
  password, token, key, code, credential, auth) replaced by "{removed}".
- listing.txt / listing.json: the names, sizes and dates of saved drafts and
  set-aside drafts, and the outbox items' state, attempts and last error.

Not included
- No draft, package, attachment or outbox content, and not the list of recent
  packages (recent.json, with ticket titles): they hold client data.
- No password, API token or private key: those live only in the OS password store
  and are never written to any file.
"""


def default_name(now: datetime | None = None) -> str:
    """``handoff-diagnostics-YYYYmmdd-HHMMSS.zip`` (local time)."""
    moment = (now or datetime.now()).astimezone()
    return f"handoff-diagnostics-{moment:%Y%m%d-%H%M%S}.zip"


def _keyring_backend() -> str:
    try:
        import keyring  # noqa: PLC0415 - keyring probes D-Bus on import: only when asked

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring is itself a finding
        return f"unavailable ({type(exc).__name__}: {exc})".splitlines()[0]
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def core_versions() -> dict[str, str]:
    """What the core can tell about this machine (no Qt)."""
    lang, encoding = locale.getlocale()
    return {
        "Handoff": __version__,
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "Platform": platform.platform(),
        "Executable": "frozen" if getattr(sys, "frozen", False) else sys.executable,
        "Keyring backend": _keyring_backend(),
        "Locale": f"{lang or '?'} ({encoding or '?'})",
        "Preferred encoding": locale.getpreferredencoding(False),
        "Data folder": str(paths.data_dir()),
    }


def scrub_settings(value: Any) -> Any:
    """A JSON value with secret-looking keys removed and every string scrubbed."""
    if isinstance(value, dict):
        return {
            key: REMOVED if _SECRET_KEY.search(str(key)) else scrub_settings(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub_settings(item) for item in value]
    if isinstance(value, str):
        return applog.scrub(value)
    return value


def scrub_ini(text: str) -> str:
    """An INI file with the values of secret-looking keys removed."""
    lines = []
    for line in text.splitlines():
        key, sep, _ = line.partition("=")
        kept = f"{key}={REMOVED}" if sep and _SECRET_KEY.search(key) else line
        lines.append(applog.scrub(kept))
    return "\n".join(lines) + "\n"


def _settings_files(base: Path) -> list[Path]:
    found = [p for p in base.glob("*.json") if p.is_file() and p.name not in _CLIENT_DATA]
    for path in base.rglob("*.ini"):
        relative = path.relative_to(base)
        if path.is_file() and relative.parts[0] not in _SETTINGS_SKIP:
            found.append(path)
    return sorted(found)


def _settings_entry(path: Path) -> str:
    """The file's scrubbed text, or one line saying why it is left out."""
    try:
        if path.stat().st_size > _MAX_SETTINGS_BYTES:
            return f"(left out: larger than {_MAX_SETTINGS_BYTES} bytes)\n"
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"(cannot read: {exc.strerror or exc})\n"
    if path.suffix == ".ini":
        return scrub_ini(text)
    try:
        data = json.loads(text)
    except ValueError:
        return "(not valid JSON: content left out)\n"
    return json.dumps(scrub_settings(data), indent=2, ensure_ascii=False) + "\n"


def _file_row(path: Path) -> dict[str, Any]:
    try:
        stat = path.stat()
    except OSError as exc:
        return {"name": path.name, "error": exc.strerror or str(exc)}
    modified = datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(timespec="seconds")
    return {"name": path.name, "bytes": stat.st_size, "modified": modified}


def _folder_rows(folder: Path) -> list[dict[str, Any]]:
    if not folder.is_dir():
        return []
    return [_file_row(p) for p in sorted(folder.iterdir()) if p.is_file()]


def _outbox_row(path: Path) -> dict[str, Any]:
    """State, attempts and last error of one item, read as plain JSON (no client content)."""
    row = _file_row(path)
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        row["error"] = f"unreadable: {type(exc).__name__}"
        return row
    if not isinstance(data, dict):
        row["error"] = "not an outbox item"
        return row
    steps = data.get("steps")
    steps = steps if isinstance(steps, list) else []
    states = [s.get("state") for s in steps if isinstance(s, dict)]
    row.update(
        state=data.get("state"),
        connection=data.get("connection"),
        attempts=data.get("runs"),
        steps=f"{states.count('done')}/{len(states)} done",
        updated_at=data.get("updated_at"),
        last_error=applog.scrub(str(data.get("reason") or "")),
    )
    return row


def listing() -> dict[str, list[dict[str, Any]]]:
    """Drafts, set-aside drafts and outbox items, without their content."""
    base = paths.data_dir()
    outbox = paths.outbox_dir()
    items = sorted(outbox.glob("*.json")) if outbox.is_dir() else []
    return {
        "drafts": _folder_rows(base / "drafts"),
        "drafts_set_aside": _folder_rows(base / "drafts-set-aside"),
        "outbox": [_outbox_row(p) for p in items],
    }


def _listing_text(rows: Mapping[str, list[dict[str, Any]]]) -> str:
    out = []
    for section, entries in rows.items():
        out.append(f"{section} ({len(entries)})")
        out += ["  " + "  ".join(f"{k}={v}" for k, v in entry.items()) for entry in entries]
    return "\n".join(out) + "\n"


def _versions_text(versions: Mapping[str, str]) -> str:
    width = max((len(k) for k in versions), default=0)
    return "".join(f"{key:<{width}}  {value}\n" for key, value in versions.items())


def write_zip(dest: Path, *, versions: Mapping[str, str] | None = None) -> Path:
    """Write the diagnostics zip to ``dest`` atomically; returns ``dest``.

    ``versions`` adds to (and overrides) :func:`core_versions`: the UI passes Qt,
    PySide6 and the screens.  Raises OSError when the zip cannot be written.
    """
    applog.flush()
    merged = {**core_versions(), "Logs folder": str(paths.logs_dir()), **(versions or {})}
    merged = {key: applog.scrub(str(value)) for key, value in merged.items()}
    made = datetime.now().astimezone().isoformat(timespec="seconds")
    base = paths.data_dir()
    rows = listing()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with (
        atomic_writer(dest, mode=0o644) as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr("README.txt", README.format(version=__version__, made=made,
                                                     removed=REMOVED))  # fmt: skip
        archive.writestr("versions.json", json.dumps(merged, indent=2, ensure_ascii=False))
        archive.writestr("versions.txt", _versions_text(merged))
        for log in applog.log_files():
            text = log.read_text(encoding="utf-8", errors="replace")
            archive.writestr(f"logs/{log.name}", applog.scrub_lines(text))
        for path in _settings_files(base):
            name = path.relative_to(base).as_posix()
            archive.writestr(f"settings/{name}", _settings_entry(path))
        archive.writestr("listing.json", json.dumps(rows, indent=2, ensure_ascii=False))
        archive.writestr("listing.txt", _listing_text(rows))
    return dest
