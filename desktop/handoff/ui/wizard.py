"""The eight-page handoff wizard, embedded in the main window.

The wizard only arranges pages and navigation; the pages render and edit the
shared :class:`DraftSession`, and saving, exporting and opening live in the main
window's controllers.  Navigation is free: no page blocks Next on a missing field
(the quality check shows what is missing instead), and the step list on the side
or a finding on the Review page jumps straight to any page.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QListWidget,
    QListWidgetItem,
    QWidget,
    QWizard,
    QWizardPage,
)

from handoff.lint import Section
from handoff.ui.pages import (
    AttachmentsPage,
    NotifyPage,
    RemainingPage,
    RootCausePage,
    StatusPage,
    StepsPage,
    TicketPage,
)
from handoff.ui.pages.base import HandoffPage
from handoff.ui.pages.review import ReviewPage
from handoff.ui.session import DraftSession


class PageId(IntEnum):
    """Page ids in the order of the handoff procedure (QWizard visits ascending ids)."""

    TICKET = 0
    STEPS = 1
    ROOT_CAUSE = 2
    REMAINING = 3
    ATTACHMENTS = 4
    STATUS = 5
    NOTIFY = 6
    REVIEW = 7


SECTION_PAGES: dict[Section, PageId] = {
    Section.TICKET: PageId.TICKET,
    Section.STEPS: PageId.STEPS,
    Section.ROOT_CAUSE: PageId.ROOT_CAUSE,
    Section.REMAINING: PageId.REMAINING,
    Section.ATTACHMENTS: PageId.ATTACHMENTS,
    Section.STATUS: PageId.STATUS,
    Section.NOTIFY: PageId.NOTIFY,
}
"""Which page owns a finding's section (a finding on the Review page jumps there)."""


class HandoffWizard(QWizard):
    """QWizard with the handoff pages, one style everywhere, and no Finish/Cancel.

    Exporting is the Review page's job and closing is the window's, so the
    wizard itself never finishes or cancels: Escape and Enter do nothing here.
    """

    def __init__(self, session: DraftSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Widget)
        self.setObjectName("wizard")
        # Classic everywhere: the same screenshots, docs and tests on every OS.
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, True)
        self.setButtonLayout(
            [QWizard.WizardButton.Stretch, QWizard.WizardButton.BackButton,
             QWizard.WizardButton.NextButton]
        )  # fmt: skip
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Next >"))
        self.review = ReviewPage(session)
        self._add_pages(session)
        self.review.section_requested.connect(self.show_section)
        self._steps = self._build_step_list()
        self.setSideWidget(self._steps)
        self.currentIdChanged.connect(self._on_page_changed)
        self._install_shortcuts()

    def _add_pages(self, session: DraftSession) -> None:
        pages: list[tuple[PageId, QWizardPage]] = [
            (PageId.TICKET, TicketPage(session)),
            (PageId.STEPS, StepsPage(session)),
            (PageId.ROOT_CAUSE, RootCausePage(session)),
            (PageId.REMAINING, RemainingPage(session)),
            (PageId.ATTACHMENTS, AttachmentsPage(session)),
            (PageId.STATUS, StatusPage(session)),
            (PageId.NOTIFY, NotifyPage(session)),
            (PageId.REVIEW, self.review),
        ]
        for page_id, page in pages:
            self.setPage(page_id, page)

    def _build_step_list(self) -> QListWidget:
        steps = QListWidget(self)
        steps.setObjectName("page_list")
        steps.setAccessibleName(self.tr("Wizard pages"))
        steps.setAccessibleDescription(
            self.tr("The eight steps of a handoff: Enter or a click opens that page.")
        )
        for page_id in PageId:
            item = QListWidgetItem(f"{page_id + 1}. {self.page(page_id).title()}", steps)
            item.setData(Qt.ItemDataRole.UserRole, int(page_id))
        steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        steps.setFixedWidth(steps.sizeHintForColumn(0) + 2 * steps.frameWidth() + 8)
        steps.itemActivated.connect(self._on_step_chosen)
        steps.itemClicked.connect(self._on_step_chosen)
        return steps

    def _install_shortcuts(self) -> None:
        """Ctrl+Enter (either Enter key) goes to the next page from any field, even a
        multi-line one where plain Enter types a new line; on the last page it does nothing."""
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.next_page)

    def next_page(self) -> None:
        """The next page of the procedure, if there is one."""
        if self.currentId() < max(PageId):
            self.next()

    @property
    def attachments_page(self) -> AttachmentsPage:
        page = self.page(PageId.ATTACHMENTS)
        assert isinstance(page, AttachmentsPage)  # noqa: S101 - set in _add_pages
        return page

    def go_to(self, page_id: PageId) -> None:
        """Show ``page_id``, stepping through the pages between.

        Not ``setCurrentId``: its history goes wrong on a backward jump (Back
        then returns to the page jumped from), and here Back must always mean
        the previous step of the procedure.
        """
        while (current := self.currentId()) != page_id:
            if current < page_id:
                self.next()
            else:
                self.back()
            if self.currentId() == current:  # a page refused to be left
                break

    def show_section(self, section: str) -> None:
        """Jump to the page that owns a quality-check section."""
        self.go_to(SECTION_PAGES[Section(section)])

    def reject(self) -> None:
        """Embedded in the main window: Escape must not hide the wizard."""

    def done(self, result: int) -> None:
        """Never finishes: the Review page exports, the window closes."""

    def _on_step_chosen(self, item: QListWidgetItem) -> None:
        self.go_to(PageId(item.data(Qt.ItemDataRole.UserRole)))

    def _on_page_changed(self, page_id: int) -> None:
        if page_id >= 0:
            self._steps.setCurrentRow(page_id)
            page = self.currentPage()
            if isinstance(page, HandoffPage):
                # QWizard initializes a page only when moving forward; going back to a
                # page must still show what tools changed meanwhile (a network test added
                # a step, a VPN log finding set the root cause).
                page.load()
            self.focus_first_input()

    def focus_first_input(self) -> None:
        """Put the keyboard in the current page's first field, so typing starts there.

        Without this, focus stays on the step list (or a button) after a page change
        and an engineer's first keystrokes land nowhere useful.
        """
        page: QWizardPage | None = self.currentPage()  # None before the first page
        if page is None:
            return
        focused = QApplication.focusWidget()
        if focused is not None and page.isAncestorOf(focused):
            return
        for child in page.findChildren(QWidget):
            policy = child.focusPolicy()
            if (
                policy & Qt.FocusPolicy.TabFocus
                and child.isEnabled()
                and child.isVisibleTo(page)
                and not isinstance(child, QAbstractButton)
            ):
                child.setFocus(Qt.FocusReason.TabFocusReason)
                return
