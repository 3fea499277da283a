"""F1 help: what the current wizard page asks for, and the keyboard shortcuts.

The text lives in ``resources/help/<page>.md`` (one file per :class:`PageId`, plus
``shortcuts.md``) so it can be edited without touching code; the window renders it
in a :class:`QTextBrowser`.  The shortcuts section is completed from the window's
own actions, so a shortcut added anywhere in the app shows up here without
anyone remembering to document it.

Non-modal and reused: F1 on another page re-targets the same window, so the
engineer can keep it beside the wizard while typing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from handoff.resources import read_text
from handoff.ui.wizard import PageId

if TYPE_CHECKING:
    from handoff.ui.main_window import MainWindow

SHORTCUTS = "shortcuts"
"""The topic of the keyboard-shortcuts section (the other topics are page names)."""


def topic_for(page_id: int) -> str:
    """The help file's name for a wizard page id (the first page for an unknown id)."""
    try:
        return PageId(page_id).name.lower()
    except ValueError:
        return PageId.TICKET.name.lower()


def help_text(topic: str) -> str:
    """The Markdown for ``topic``; a plain line if the file is missing (a broken build)."""
    try:
        return read_text("help", f"{topic}.md")
    except OSError:
        return f"# Help\n\nThe help text for '{topic}' is missing from this installation.\n"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("&", "")


def action_rows(window: QWidget) -> list[tuple[str, str]]:
    """(shortcut, what it does) for every action of ``window`` that has a shortcut."""
    rows: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            shortcut = key.toString(QKeySequence.SequenceFormat.NativeText)
            if shortcut and shortcut not in rows:
                rows[shortcut] = action.text().replace("\u2026", "").replace("&", "").strip()
    return sorted(rows.items(), key=lambda row: row[1].casefold())


class HelpWindow(QWidget):
    """A non-modal help window beside the main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self._main = window
        self.setObjectName("help_window")
        self.setWindowTitle(self.tr("Handoff help"))
        self.topic = ""
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(self.tr("Help text"))
        self.browser.setAccessibleDescription(
            self.tr("Help for the current step and the keyboard shortcuts; Esc closes it.")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.resize(560, 640)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Esc closes the help, as it closes a dialog (the browser passes it up)."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def show_topic(self, topic: str) -> None:
        """Show the help for ``topic`` (a page name or :data:`SHORTCUTS`), then the shortcuts."""
        self.topic = topic
        parts = [] if topic == SHORTCUTS else [help_text(topic)]
        parts.append(self._shortcuts_markdown())
        self.browser.setMarkdown("\n\n---\n\n".join(parts))
        if topic == SHORTCUTS:
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        self.show()
        self.raise_()
        self.activateWindow()

    def _shortcuts_markdown(self) -> str:
        rows = action_rows(self._main)
        table = "".join(f"| {_escape(key)} | {_escape(text)} |\n" for key, text in rows)
        menu = self.tr("Menu shortcuts")
        return (
            help_text(SHORTCUTS) + f"\n\n## {menu}\n\n| Keys | What it does |\n|---|---|\n" + table
        )
