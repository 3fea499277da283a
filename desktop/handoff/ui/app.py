"""Composition root: build the application, the draft store and the main window.

Nothing below this module reaches for a global: the store, the prompts and the
"who am I" function are made here and handed down.  ``handoff`` (no arguments)
and ``handoff open FILE`` both end in :func:`run_gui`.

A crash in a slot must not cost the engineer their notes: the excepthook from
:mod:`handoff.ui.crash_dialog` writes the draft synchronously and says what happened.

One app per user and data folder (:mod:`handoff.ui.single_instance`): a second
start hands its package to the running window and exits 0.  macOS sends a
double-clicked package as a ``QFileOpenEvent`` to the application instead of a
command line; :class:`FileOpenFilter` turns it into the same ``open_package``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from handoff import APP_NAME, __version__, paths
from handoff.drafts import DraftStore
from handoff.resources import resource_path
from handoff.ui import i18n, theme
from handoff.ui.crash_dialog import install_excepthook
from handoff.ui.dialogs import Prompts
from handoff.ui.main_window import MainWindow, login_name
from handoff.ui.single_instance import InstanceServer, hand_over, server_name

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
    app.setDesktopFileName("handoff")  # matches packaging/linux/handoff.desktop
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
    window.show()  # maximized if it was (the window state set it)
    if open_path is not None:
        window.list_drafts()
        window.open_package(open_path)
    else:
        window.offer_drafts(only_if_any=True)
    return window


class FileOpenFilter(QObject):
    """The application's ``QEvent.FileOpen`` (macOS Finder) opens the package in ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if isinstance(event, QFileOpenEvent) and event.file():
            self.window.open_forward(Path(event.file()))
            return True
        return super().eventFilter(watched, event)


def claim_instance(open_path: Path | None) -> InstanceServer | None:
    """Become the one instance; None when a running one took ``open_path`` (then exit).

    If the name cannot be listened on and nobody takes the request either, the app
    runs without the server rather than not at all (logged).
    """
    name = server_name()
    if hand_over(name, open_path):
        return None
    server = InstanceServer(name)
    if server.listen():
        return server
    if hand_over(name, open_path):  # another instance started in the same moment
        return None
    log.warning("single instance: running without the instance server")
    return server


def run_gui(*, open_path: Path | None = None, argv: list[str] | None = None) -> int:
    """Run the desktop app until its window closes; returns the process exit code."""
    app = application(argv)
    server = claim_instance(open_path)
    if server is None:
        sys.stderr.write("handoff: opened in the running Handoff window\n")
        return 0
    window = launch(open_path=open_path)
    server.open_requested.connect(window.open_forward)
    server.activate_requested.connect(window.bring_forward)
    file_open = FileOpenFilter(window)
    app.installEventFilter(file_open)
    previous = install_excepthook(window)
    if os.environ.get(EXIT_AFTER_SHOWN_ENV) == "1":
        QTimer.singleShot(0, window.close)  # runs once the shown page has been processed
    try:
        return app.exec()
    finally:
        sys.excepthook = previous
        app.removeEventFilter(file_open)
        server.close()
        server.deleteLater()
        remember_author(window.session.handoff.author)
        window.deleteLater()
