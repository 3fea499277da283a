"""The side panel beside the wizard: Drafts, Recent packages and the Outbox.

Three tabs, each a small section module (``navigator_drafts``, ``navigator_recent``,
``navigator_outbox``) that only renders and says what the engineer asked for; the
main window does the work (resume, open, show the outbox).  Each tab has a
mnemonic, and View → Drafts / Recent packages / Outbox (Ctrl+1..3) reach them
from anywhere; Enter activates the selected entry.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QWidget

from handoff.recent import RecentPackages
from handoff.ui.navigator_drafts import DraftsSection
from handoff.ui.navigator_outbox import LoadItems, OutboxSection
from handoff.ui.navigator_recent import RecentSection


class Section(StrEnum):
    """The tabs, in order; the value is what the window state remembers."""

    DRAFTS = "drafts"
    RECENT = "recent"
    OUTBOX = "outbox"


class Navigator(QTabWidget):
    """The side panel; ``drafts``, ``recent`` and ``outbox`` are its sections."""

    def __init__(
        self, recent: RecentPackages, load_outbox: LoadItems, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("navigator")
        self.setAccessibleName(self.tr("Side panel"))
        self.setAccessibleDescription(
            self.tr("Saved drafts, recent packages and the outbox. Ctrl+B hides or shows it.")
        )
        self.setDocumentMode(True)
        self.drafts = DraftsSection(self)
        self.recent = RecentSection(recent, self)
        self.outbox = OutboxSection(load_outbox, self)
        self.addTab(self.drafts, self.tr("&Drafts"))
        self.addTab(self.recent, self.tr("R&ecent"))
        self.addTab(self.outbox, self.tr("O&utbox"))
        self.setTabToolTip(1, self.tr("Recent packages"))
        for entries in (self.drafts.list, self.recent.list, self.outbox.list):
            # A narrow panel wraps a long ticket title instead of hiding it behind a
            # horizontal scroll bar that nobody scrolls.
            entries.setWordWrap(True)
            entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def section(self) -> Section:
        return list(Section)[max(self.currentIndex(), 0)]

    def show_section(self, section: Section | str, *, focus: bool = False) -> None:
        """Select ``section`` (an unknown name: Drafts); ``focus`` puts the keyboard in its list."""
        names = [s.value for s in Section]
        index = names.index(section) if section in names else 0
        self.setCurrentIndex(index)
        if focus:
            (self.drafts.list, self.recent.list, self.outbox.list)[index].setFocus()
