"""The Help menu: help (F1), keyboard shortcuts, save diagnostics, about.

:class:`~handoff.ui.main_window.MainWindow` calls :func:`install` once its other
menus exist, so Help is the last menu.  The actions go into
``window.actions_by_name`` (``help``, ``shortcuts``, ``diagnostics``, ``about``)
for tests and for the toolbar or command palette that may want them.
"""

from __future__ import annotations

import platform
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from handoff import APP_NAME, __version__, applog, paths
from handoff.ui import crash_dialog
from handoff.ui.dialogs import tr
from handoff.ui.help_window import SHORTCUTS, HelpWindow, topic_for

if TYPE_CHECKING:
    from handoff.ui.main_window import MainWindow


def help_window(window: MainWindow) -> HelpWindow:
    """The window's one help window (made on first use)."""
    found = window.findChild(HelpWindow, "help_window")
    return found if found is not None else HelpWindow(window)


def show_page_help(window: MainWindow) -> HelpWindow:
    """F1: help for the wizard page on screen."""
    shown = help_window(window)
    shown.show_topic(topic_for(window.wizard.currentId()))
    return shown


def show_shortcuts(window: MainWindow) -> HelpWindow:
    shown = help_window(window)
    shown.show_topic(SHORTCUTS)
    return shown


def about_text(window: MainWindow) -> str:
    """Version, Qt, Python and the folders IT asks about, as plain lines."""
    versions = crash_dialog.qt_versions()
    lines = [
        f"{APP_NAME} {__version__}",
        tr("Hand an in-progress ticket to the next technician."),
        "",
        f"Qt {versions['Qt']} (PySide6 {versions['PySide6']})",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        "",
        tr("Data folder: %s") % paths.data_dir(),
        tr("Log folder: %s") % applog.log_path().parent,
    ]
    return "\n".join(lines)


def show_about(window: MainWindow) -> QMessageBox:
    """The About box, window-modal but not blocking (a test can find and close it)."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        tr("About %s") % APP_NAME,
        about_text(window),
        QMessageBox.StandardButton.Close,
        window,
    )
    box.setObjectName("about_dialog")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def install(window: MainWindow) -> None:
    """Add the Help menu to ``window``'s menu bar."""
    menu = window.menuBar().addMenu(tr("&Help"))
    menu.setObjectName("help_menu")
    entries = (
        ("help", tr("Handoff &help"), lambda: show_page_help(window)),
        ("shortcuts", tr("&Keyboard shortcuts"), lambda: show_shortcuts(window)),
        ("diagnostics", tr("Save &diagnostics\u2026"),
         lambda: crash_dialog.save_diagnostics(window)),
        ("about", tr("&About Handoff"), lambda: show_about(window)),
    )  # fmt: skip
    for name, text, slot in entries:
        if name == "diagnostics":
            menu.addSeparator()
        action: QAction = menu.addAction(text)
        action.setObjectName(f"action_{name}")
        action.triggered.connect(slot)
        window.actions_by_name[name] = action
    help_keys = [QKeySequence(QKeySequence.StandardKey.HelpContents), QKeySequence("F1")]
    unique = list({key.toString(): key for key in help_keys if not key.isEmpty()}.values())
    window.actions_by_name["help"].setShortcuts(unique)
