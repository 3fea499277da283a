"""Composition root: build the application, the draft store and the main window.

Nothing below this module reaches for a global: the store, the prompts and the
"who am I" function are made here and handed down.  ``handoff`` (no arguments)
and ``handoff open FILE`` both end in :func:`run_gui`.

A crash in a slot must not cost the engineer their notes: the excepthook from
:mod:`handoff.ui.crash_dialog` writes the draft synchronously and says what happened.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from handoff import APP_NAME, __version__, paths
from handoff.drafts import DraftStore
from handoff.resources import resource_path
from handoff.ui import i18n, theme
from handoff.ui.crash_dialog import install_excepthook
from handoff.ui.dialogs import Prompts
from handoff.ui.main_window import MainWindow, login_name

log = logging.getLogger(__name__)

EXIT_AFTER_SHOWN_ENV = "HANDOFF_EXIT_AFTER_SHOWN"
"""Set to 1 to quit as soon as the first page is on screen (start-up benchmark, smoke test)."""

_AUTHOR_FILE = "author.txt"


def remembered_author() -> str:
    """The name last used to sign a handoff here, else the login name."""
    try:
        name = (paths.data_dir() / _AUTHOR_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    return name or login_name()


def remember_author(name: str) -> None:
    """Keep the signing name for the next new handoff (best effort: it is a convenience)."""
    name = name.strip()
    if not name or name == remembered_author():
        return
    try:
        (paths.data_dir() / _AUTHOR_FILE).write_text(name + "\n", encoding="utf-8")
    except OSError as exc:
        log.info("could not remember the author name: %s", exc)


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication (an existing one is reused: tests own theirs)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(window_icon())
    i18n.install_translator(app)
    theme.apply(app)
    return app


def window_icon() -> QIcon:
    """The app icon: the PNG sizes where built (no SVG plugin needed), else the SVG."""
    icons = resource_path("icons")
    pngs = sorted(icons.glob("handoff-*.png"))
    if pngs:
        icon = QIcon()
        for png in pngs:
            icon.addFile(str(png))
        return icon
    return QIcon(str(icons / "handoff.svg"))


def launch(
    *,
    store: DraftStore | None = None,
    open_path: Path | None = None,
    prompts: Prompts | None = None,
    user: Callable[[], str] = remembered_author,
) -> MainWindow:
    """Show the main window, then open ``open_path`` or offer the saved drafts."""
    window = MainWindow(store or DraftStore(), prompts=prompts, user=user)
    window.show()
    if open_path is not None:
        window.open_package(open_path)
    else:
        window.offer_drafts(only_if_any=True)
    return window


def run_gui(*, open_path: Path | None = None, argv: list[str] | None = None) -> int:
    """Run the desktop app until its window closes; returns the process exit code."""
    app = application(argv)
    window = launch(open_path=open_path)
    previous = install_excepthook(window)
    if os.environ.get(EXIT_AFTER_SHOWN_ENV) == "1":
        QTimer.singleShot(0, window.close)  # runs once the shown page has been processed
    try:
        return app.exec()
    finally:
        sys.excepthook = previous
        remember_author(window.session.handoff.author)
        window.deleteLater()
