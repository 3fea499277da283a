"""The app's own log file, with secrets taken out before a line reaches the disk.

The log is what the MSP's internal IT gets in a diagnostics zip, so it must be
safe to send: every record passes :class:`SecretFilter`, which formats the
message (and any traceback) *first* and then removes secrets from the text, so a
token hidden in an argument, an exception message or a ``repr`` of headers is
caught too.  Two kinds of secret are removed:

* values the delivery code registered with :func:`register_secret` as it read
  them from the keyring, a prompt or stdin (plus their URL-encoded and base64
  forms);
* anything that *looks* like one (:func:`scrub`): ``Authorization`` / ``Basic`` /
  ``Bearer`` values, ``password=`` / ``token=`` / ``secret=`` in URLs, query
  strings, form bodies and JSON, ``user:pass@`` in URLs, and the ConnectWise
  ``clientId`` and Autotask ``ApiIntegrationCode`` / ``Secret`` headers.

A logging failure (full disk, a rollover refused because another process holds
the file on Windows) is swallowed: the log is a convenience and must never crash
the app or print ``--- Logging error ---`` to stderr, whose one-line format is
the CLI's contract.
"""

from __future__ import annotations

import base64
import logging
import logging.handlers
import os
import re
import threading
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, quote_plus

from handoff import paths

LOG_FILE = "handoff.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
LEVEL_ENV = "HANDOFF_LOG_LEVEL"
REDACTED = "[secret]"
_MIN_SECRET = 4
"""Shorter values are not registered: replacing "abc" everywhere would garble the log."""

FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(process)d %(threadName)s] %(message)s"

_KEY = (
    r"(?:authorization|secret|passw(?:or)?d|pwd|token|apiintegrationcode|clientid"
    r"|api[_-]?key|private[_-]?key|credential)[\w.-]*"
)
_VALUE = (
    r"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"  # quoted, or a scheme and a run
    r"|(?:(?:basic|bearer|token|digest)\s+)?(?:\[secret\]|[^\s&,;'\"<>)}\]]+))"
)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # key=value, key: value, "key": "value", 'key': 'value' (headers, query, form, JSON, repr)
    (
        re.compile(rf"(?i)({_KEY}[\"']?\s*[:=]\s*)(?!\[secret\]|\[removed\]){_VALUE}"),
        rf"\1{REDACTED}",
    ),
    # a bare scheme + credentials anywhere ("Basic dXNlcjpwYXNz", "Bearer eyJ...")
    (re.compile(r"(?i)\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{8,}"), rf"\1 {REDACTED}"),
    # user:password@ in a URL
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)[^/\s@]+@"), rf"\1{REDACTED}@"),
)

_HINTS = ("authorization", "secret", "passw", "pwd", "token", "apiintegrationcode", "clientid",
          "key", "credential")  # fmt: skip
"""Substrings (lower case) that a line must contain for the slower key=value pattern to run."""


def _hinted(text: str) -> bool:
    lower = text.lower()
    return any(hint in lower for hint in _HINTS)


_secrets: set[str] = set()
_secrets_lock = threading.Lock()
_secret_re: re.Pattern[str] | None = None


def _forms(value: str) -> set[str]:
    """The ways a secret can appear in text: as is, URL-encoded, base64."""
    found = {value, quote(value, safe=""), quote_plus(value), quote(value)}
    encoded = base64.b64encode(value.encode("utf-8")).decode("ascii")
    found |= {encoded, encoded.rstrip("=")}
    return {form for form in found if len(form) >= _MIN_SECRET}


def register_secret(value: str | None) -> None:
    """Never write ``value`` (or its encoded forms) to the log; call wherever one is read."""
    if not value or len(value.strip()) < _MIN_SECRET:
        return
    global _secret_re  # noqa: PLW0603 - one process-wide set, guarded by the lock
    with _secrets_lock:
        before = len(_secrets)
        _secrets.update(_forms(value.strip()) | _forms(value))
        if len(_secrets) != before:
            ordered = sorted(_secrets, key=len, reverse=True)  # longest first
            _secret_re = re.compile("|".join(re.escape(s) for s in ordered))


def forget_secrets() -> None:
    """Drop every registered secret (tests; a process never needs to)."""
    global _secret_re  # noqa: PLW0603
    with _secrets_lock:
        _secrets.clear()
        _secret_re = None


def _scrub_literals(text: str) -> str:
    """Registered secrets, ``Basic``/``Bearer`` values and ``user:pass@``: cheap on any size."""
    pattern = _secret_re
    if pattern is not None:
        text = pattern.sub(REDACTED, text)
    for regex, replacement in _PATTERNS[1:]:
        text = regex.sub(replacement, text)
    return text


def _scrub_key_values(text: str) -> str:
    regex, replacement = _PATTERNS[0]
    return regex.sub(replacement, text) if _hinted(text) else text


def scrub(text: str) -> str:
    """``text`` with registered secrets and secret-looking values replaced by ``[secret]``."""
    return _scrub_key_values(_scrub_literals(text))


def scrub_lines(text: str) -> str:
    """:func:`scrub` for a whole log file: the key=value pattern only on lines that need it."""
    text = _scrub_literals(text)
    if not _hinted(text):
        return text
    return "".join(_scrub_key_values(line) for line in text.splitlines(keepends=True))


class SecretFilter(logging.Filter):
    """Format the record's message and traceback, then scrub them (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # bad %-arguments: keep what can be shown
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = scrub(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class _Formatter(logging.Formatter):
    """Timestamps with the zone: a log read in another office still lines up."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        moment = datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")


class _Handler(logging.handlers.RotatingFileHandler):
    """A rotating file that never raises and never prints a logging error."""

    def doRollover(self) -> None:  # noqa: N802 - logging API
        try:
            super().doRollover()
        except OSError:  # another process has the file open (Windows): keep appending
            if self.stream is None or self.stream.closed:
                self.stream = self._open()

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging API
        """Drop the record: a log that cannot be written must not disturb the app."""


_handler: _Handler | None = None
_root_level: int | None = None
"""The root logger's level before :func:`configure` lowered it (restored by shutdown)."""
_configure_lock = threading.Lock()


def log_level(default: int = logging.INFO) -> int:
    """The level from ``HANDOFF_LOG_LEVEL`` (a name such as DEBUG, or a number)."""
    text = os.environ.get(LEVEL_ENV, "").strip().upper()
    if not text:
        return default
    if text.isdigit():
        return int(text)
    value = logging.getLevelName(text)
    return value if isinstance(value, int) else default


def log_path() -> Path:
    """The current log file (``<data>/logs/handoff.log``)."""
    return paths.logs_dir() / LOG_FILE


def log_files(folder: Path | None = None) -> list[Path]:
    """The log file and its rotated copies, newest first."""
    folder = folder or paths.logs_dir()
    names = [LOG_FILE] + [f"{LOG_FILE}.{n}" for n in range(1, BACKUP_COUNT + 1)]
    return [folder / name for name in names if (folder / name).is_file()]


def configure(level: int | None = None) -> Path:
    """Send the process's log records to the rotating file; returns its path.

    Idempotent: a second call only adjusts the level, unless the data folder changed
    (then the old file is closed and the new one used).
    """
    global _handler  # noqa: PLW0603 - the one file handler of the process
    level = log_level() if level is None else level
    target = log_path()
    root = logging.getLogger()
    with _configure_lock:
        if _handler is not None and Path(_handler.baseFilename) != target.absolute():
            _remove_handler(root)
        if _handler is None:
            handler = _Handler(
                target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
            )
            handler.addFilter(SecretFilter())
            handler.setFormatter(_Formatter(FORMAT))
            root.addHandler(handler)
            _handler = handler
        _handler.setLevel(level)
        if root.level == logging.NOTSET or root.level > level:
            global _root_level  # noqa: PLW0603
            if _root_level is None:
                _root_level = root.level
            root.setLevel(level)
    return target


def _remove_handler(root: logging.Logger) -> None:
    global _handler  # noqa: PLW0603
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
        _handler = None


def shutdown() -> None:
    """Close the log file and stop logging to it (the app's exit, tests)."""
    global _root_level  # noqa: PLW0603
    with _configure_lock:
        root = logging.getLogger()
        _remove_handler(root)
        if _root_level is not None:
            root.setLevel(_root_level)
            _root_level = None


def flush() -> None:
    """Push buffered lines to disk (before the log is zipped)."""
    handler = _handler
    if handler is not None:
        handler.flush()
