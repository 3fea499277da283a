"""The Help menu: help (F1), keyboard shortcuts, save diagnostics, about.

Seam module: :class:`~handoff.ui.main_window.MainWindow` calls :func:`install`
once its other menus exist, so Help is the last menu.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from handoff import APP_NAME, __version__

if TYPE_CHECKING:
    from handoff.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add the Help menu to ``window``'s menu bar."""
    menu = window.menuBar().addMenu(window.tr("&Help"))
    menu.setObjectName("help_menu")
    about = menu.addAction(window.tr("&About Handoff"))
    about.setObjectName("action_about")
    about.triggered.connect(
        lambda: QMessageBox.about(window, APP_NAME, f"{APP_NAME} {__version__}")
    )
    window.actions_by_name["about"] = about
