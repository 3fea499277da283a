"""The main window's size, place, side panel and section, kept from one run to the next.

Saved when the window closes, restored when it is built, in ``<data>/window.json``
(so ``--data-dir`` isolates it), written through :mod:`handoff.atomic` like every
other file of ours.  Why our own JSON and not ``QSettings``: one write path for
the whole app (atomic, fsynced), a file a support technician can read, and a
corrupt file is detected plainly instead of half-parsed.

A laptop that was docked to a big monitor yesterday is not today: a saved place
that no screen shows any more is moved onto the primary screen, and a saved size
larger than the screen is shrunk to it.  A file that cannot be read is logged and
ignored; the window then opens at its defaults.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen

from handoff import paths
from handoff.atomic import write_text_atomic

log = logging.getLogger(__name__)

STATE_FILE = "window.json"
SCHEMA_VERSION = 1
DEFAULT_SIZE = QSize(1100, 720)
DEFAULT_PANEL_WIDTH = 260
FRAME_ALLOWANCE = QSize(16, 48)
"""Room left around a capped window for its frame and title bar."""
MIN_VISIBLE = QSize(120, 40)
"""How much of a window's top must be on a screen for it to be reachable (the title bar)."""


@dataclass
class WindowState:
    """What is remembered; ``x``/``y``/``width``/``height`` are the normal (unmaximized) frame."""

    x: int
    y: int
    width: int
    height: int
    maximized: bool = False
    panel_visible: bool = True
    panel_width: int = DEFAULT_PANEL_WIDTH
    section: str = "drafts"

    @property
    def rect(self) -> QRect:
        return QRect(self.x, self.y, self.width, self.height)


def state_file() -> Path:
    return paths.data_dir() / STATE_FILE


def load(file: Path | None = None) -> WindowState | None:
    """The saved state, or None (none saved, or unreadable: logged and ignored)."""
    file = file or state_file()
    try:
        data = json.loads(file.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring the unreadable window state %s: %s", file, exc)
        return None
    try:
        if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
            raise TypeError("not a window state of this version")
        values = {f.name: data[f.name] for f in fields(WindowState) if f.name in data}
        state = WindowState(**values)
        _check_types(state)
    except (TypeError, ValueError) as exc:
        log.warning("ignoring the unreadable window state %s: %s", file, exc)
        return None
    return state


def _check_types(state: WindowState) -> None:
    for name in ("x", "y", "width", "height", "panel_width"):
        value = getattr(state, name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{name} is not a number")
    if state.width <= 0 or state.height <= 0:
        raise ValueError("an empty window")
    if not isinstance(state.maximized, bool) or not isinstance(state.panel_visible, bool):
        raise TypeError("a flag is not true or false")
    if not isinstance(state.section, str):
        raise TypeError("section is not a name")


def save(state: WindowState, file: Path | None = None) -> None:
    """Write ``state`` (best effort: a failure is logged, the app closes anyway)."""
    file = file or state_file()
    text = json.dumps({"schema_version": SCHEMA_VERSION, **asdict(state)}, indent=2)
    try:
        write_text_atomic(file, text + "\n")
    except OSError as exc:
        log.warning("cannot save the window state %s: %s", file, exc)


def _reachable_on(rect: QRect, screen: QScreen) -> bool:
    """Whether the title-bar strip of ``rect`` shows enough on ``screen`` to grab it."""
    strip = QRect(rect.topLeft(), QSize(rect.width(), MIN_VISIBLE.height()))
    overlap = strip.intersected(screen.availableGeometry())
    return overlap.width() >= MIN_VISIBLE.width() and overlap.height() >= MIN_VISIBLE.height()


def visible_geometry(rect: QRect, screens: list[QScreen] | None = None) -> QRect:
    """``rect`` moved and shrunk as little as needed to be reachable on a present screen.

    On a screen it reaches, only its size is capped to that screen; otherwise it is
    centred on the primary screen.
    """
    screens = screens if screens is not None else QGuiApplication.screens()
    primary = QGuiApplication.primaryScreen()
    target = next((s for s in screens if _reachable_on(rect, s)), None)
    area = (target or primary).availableGeometry()
    size = rect.size().boundedTo(area.size() - FRAME_ALLOWANCE)
    if target is None:
        return _centred(size, area)
    top_left = QPoint(
        min(max(rect.x(), area.left()), area.right() - size.width() + 1),
        max(rect.y(), area.top()),
    )
    return QRect(top_left, size)


def _centred(size: QSize, area: QRect) -> QRect:
    offset = QPoint((area.width() - size.width()) // 2, (area.height() - size.height()) // 2)
    return QRect(area.topLeft() + offset, size)


def default_geometry() -> QRect:
    """:data:`DEFAULT_SIZE`, capped to the primary screen and centred on it."""
    area = QGuiApplication.primaryScreen().availableGeometry()
    return _centred(DEFAULT_SIZE.boundedTo(area.size() - FRAME_ALLOWANCE), area)
