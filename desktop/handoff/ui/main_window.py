"""The main window: the side panel and the wizard, the menus, drops, and the save status.

It wires the pieces together and owns nothing else: the session holds the
handoff, the :class:`Autosaver` saves it, :class:`ExportFlow` and
:class:`OpenFlow` run packages through workers, and :class:`Prompts` asks the
engineer (tests pass fakes), the :class:`Navigator` lists drafts, recent packages
and the outbox beside the wizard (:class:`PanelLayout` splits, hides and remembers
it; see docs/main-window.md).  Every failure reaches the engineer as one line in a
message box or the status bar.
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from handoff import paths
from handoff.drafts import DraftError, DraftInfo, DraftScan, DraftStore
from handoff.model import Handoff
from handoff.recent import Action, RecentPackages
from handoff.ui import help_menu, theme, window_state
from handoff.ui.autosave import DEFAULT_DELAY_MS, Autosaver
from handoff.ui.dialogs import Prompts, show_warning_once
from handoff.ui.navigator import Navigator, Section
from handoff.ui.navigator_layout import PanelLayout
from handoff.ui.package_view import OpenFlow
from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.pages.review import ExportFlow
from handoff.ui.session import DraftSession
from handoff.ui.start_dialog import StartDialog
from handoff.ui.wizard import HandoffWizard, PageId

if TYPE_CHECKING:  # delivery (httpx, connectors) is imported on first use: see the section
    from handoff.delivery.outbox import OutboxItem
    from handoff.ui.delivery.connections_dialog import ConnectionsDialog
    from handoff.ui.delivery.outbox_panel import OutboxPanel
    from handoff.ui.delivery.outbox_runner import OutboxRunner
    from handoff.ui.delivery.post_flow import PostDialog, PostFlow
    from handoff.ui.delivery.services import DeliveryServices
    from handoff.ui.package_view import PackageView

PACKAGE_SUFFIX = ".handoff.zip"


def login_name() -> str:
    """The OS login name, or "" where there is none (a service account, a container)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def package_paths(urls: list[QUrl]) -> list[Path]:
    """The local ``.handoff.zip`` files among dropped URLs."""
    return [
        Path(url.toLocalFile())
        for url in urls
        if url.isLocalFile() and url.toLocalFile().lower().endswith(PACKAGE_SUFFIX)
    ]


NOTES_WARM_UP_MS = 200
"""How long after start-up the notes are first rendered, off the first page's critical path."""


InstallTools = Callable[[AttachmentsPage, QWidget], None]


def install_evidence_tools(page: AttachmentsPage, window: QWidget) -> None:
    """The real evidence tools, imported on first use: they cost ~0.1 s of imports
    (Pillow, the evtx parser, five dialogs) that the first page does not need."""
    from handoff.ui.evidence.tools import install_all  # noqa: PLC0415

    install_all(page, window)


class MainWindow(QMainWindow):
    """The Handoff window. ``synchronous`` runs saves, exports and opens inline (tests).

    ``evidence_tools`` puts the capture / log / network tools on the attachments page;
    tests that install their own (with fakes) pass None.
    """

    def __init__(
        self,
        store: DraftStore,
        *,
        prompts: Prompts | None = None,
        user: Callable[[], str] = login_name,
        synchronous: bool = False,
        autosave_delay_ms: int = DEFAULT_DELAY_MS,
        progress_delay_ms: int = 400,
        evidence_tools: InstallTools | None = install_evidence_tools,
        delivery: DeliveryServices | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.store = store
        self.prompts = prompts or Prompts()
        self._user = user
        self.session = DraftSession(Handoff(author=user()), self, defer_notes=True)
        # Render the notes once the first page is up, not before it (see DraftSession).
        QTimer.singleShot(NOTES_WARM_UP_MS, self.session, self.session.refresh)
        self.wizard = HandoffWizard(self.session, self)
        self.navigator = Navigator(RecentPackages(), self._outbox_items, self)
        self.panel = PanelLayout(self, self.navigator, self.wizard)
        self.setCentralWidget(self.panel.splitter)
        if evidence_tools is not None:
            # After the first page is on screen; the attachments page is four pages away.
            page = self.wizard.attachments_page
            QTimer.singleShot(0, self, lambda: evidence_tools(page, self))
        self.autosaver = Autosaver(
            self.session, store, delay_ms=autosave_delay_ms, synchronous=synchronous, parent=self
        )
        self._build_flows(synchronous, progress_delay_ms)
        self.start_dialog: StartDialog | None = None
        self._save_warning: QMessageBox | None = None
        self._warned = False
        self._build_status_bar()
        self._build_menu()
        self._connect()
        self._install_delivery(delivery)
        help_menu.install(self)  # last, so Help is the rightmost menu
        self.setAcceptDrops(True)
        self.panel.restore(window_state.load())
        self.navigator.drafts.set_current(self.session.handoff.id)
        self._update_title()

    # -- building --------------------------------------------------------------

    def _build_flows(self, synchronous: bool, progress_delay_ms: int) -> None:
        """The export and open controllers (``synchronous``: run their jobs inline, for tests)."""
        self.exporter = ExportFlow(
            self.session, self.prompts, self, user=self._user,
            synchronous=synchronous, progress_delay_ms=progress_delay_ms,
        )  # fmt: skip
        self.opener = OpenFlow(
            self.prompts, self, user=self._user,
            synchronous=synchronous, progress_delay_ms=progress_delay_ms,
        )  # fmt: skip

    def _build_status_bar(self) -> None:
        self.save_status = QLabel(self.tr("Not saved yet"), self)
        self.save_status.setObjectName("save_status")
        self.export_status = QLabel(self)
        self.export_status.setObjectName("export_status")
        self.statusBar().addPermanentWidget(self.export_status)
        self.statusBar().addPermanentWidget(self.save_status)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, shortcut, slot in (
            ("new", self.tr("&New handoff"), QKeySequence.StandardKey.New, self.new_handoff),
            ("drafts", self.tr("&Drafts\u2026"), QKeySequence("Ctrl+Shift+D"),
             self.show_drafts),
            ("open", self.tr("&Open package\u2026"), QKeySequence.StandardKey.Open,
             self.choose_package),
            ("save", self.tr("&Save draft"), QKeySequence.StandardKey.Save, self.save_now),
            ("export", self.tr("&Export\u2026"), QKeySequence("Ctrl+E"), self.export),
            ("quit", self.tr("&Quit"), QKeySequence("Ctrl+Q"), self.close),
        ):  # fmt: skip
            if name == "quit":
                menu.addSeparator()
            action = menu.addAction(text)
            action.setObjectName(f"action_{name}")
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slot)
            self.actions_by_name[name] = action
        self.panel.install_menu()
        self.actions_by_name["side_panel"] = self.panel.toggle

    def _connect(self) -> None:
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.failed.connect(self._on_save_failed)
        self.wizard.currentIdChanged.connect(self.autosaver.flush)
        self.wizard.review.export_requested.connect(self.exporter.start)
        self.exporter.exported.connect(self._on_exported)
        self.exporter.message.connect(self._show_message)
        self.opener.message.connect(self._show_message)
        self.opener.continued.connect(lambda handoff: self.load_handoff(handoff, save=True))
        self.session.changed.connect(self._update_title)
        self.session.replaced.connect(self._update_title)
        self.session.replaced.connect(
            lambda: self.navigator.drafts.set_current(self.session.handoff.id)
        )
        self.opener.viewed.connect(self._on_package_viewed)
        nav = self.navigator
        nav.drafts.resume_requested.connect(self.resume)
        nav.drafts.new_requested.connect(self.new_handoff)
        nav.recent.open_requested.connect(self.open_package)
        nav.outbox.item_requested.connect(self._show_outbox_item)

    # -- drafts ----------------------------------------------------------------

    def offer_drafts(self, *, only_if_any: bool = False) -> StartDialog | None:
        """Show the saved drafts (window-modal, non-blocking); None if there is nothing."""
        scan = self.list_drafts()
        if scan is None or (only_if_any and not scan.drafts and not scan.problems):
            return None
        dialog = StartDialog(scan, self)
        dialog.resume_requested.connect(self.resume)
        dialog.new_requested.connect(self.new_handoff)
        self.start_dialog = dialog
        dialog.open()
        return dialog

    def list_drafts(self) -> DraftScan | None:
        """Scan the drafts folder into the side panel (None: it cannot be read, told)."""
        try:
            scan = self.store.scan()
        except DraftError as exc:
            self.prompts.error(self, str(exc))
            return None
        self.navigator.drafts.show_scan(scan)
        return scan

    def show_drafts(self) -> None:
        """File → Drafts…: the side panel's Drafts section, freshly scanned, keyboard in it."""
        self.autosaver.flush()
        self.list_drafts()
        self.panel.reveal(Section.DRAFTS)

    def resume(self, handoff_id: str) -> None:
        try:
            handoff = self.store.load(handoff_id)
        except DraftError as exc:
            self.prompts.error(self, str(exc))
            return
        self.load_handoff(handoff)

    def new_handoff(self) -> None:
        self.load_handoff(Handoff(author=self._user()))

    def load_handoff(self, handoff: Handoff, *, save: bool = False) -> bool:
        """Edit ``handoff`` from the first page; the previous one is saved first.

        The previous draft is written synchronously: once the session holds the
        new handoff, unsaved text of the old one would exist nowhere.  If the
        disk refuses, the engineer decides (False: nothing changed).
        """
        if not self.autosaver.flush_sync() and not self.prompts.confirm(
            self,
            self.tr("Handoff"),
            self.tr("The current draft could not be saved. Switch anyway and lose its latest "
                    "changes?"),
        ):  # fmt: skip
            return False
        self.session.replace(handoff)
        self.wizard.go_to(PageId.TICKET)
        if save:
            self.autosaver.save_now()
        return True

    def save_now(self) -> None:
        self.autosaver.save_now()

    # -- packages --------------------------------------------------------------

    def export(self) -> None:
        self.wizard.go_to(PageId.REVIEW)
        self.exporter.start()

    def choose_package(self) -> None:
        folder = paths.exports_dir()
        path = self.prompts.open_path(self, self.tr("Open package"), folder)
        if path is not None:
            self.open_package(path)

    def open_package(self, path: Path) -> None:
        self.opener.open(path)

    def open_forward(self, path: Path) -> None:
        """Come to the front and open ``path`` (handed over by a second start, or macOS)."""
        self.bring_forward()
        self.open_package(path)

    def bring_forward(self) -> None:
        """Un-minimize (keeping maximized), raise and activate the window.

        Windows may only flash the taskbar button when another process asks; that
        still tells the engineer where the package went.
        """
        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if package_paths(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        found = package_paths(event.mimeData().urls())
        if found:
            event.acceptProposedAction()
            self.open_package(found[0])

    # -- status ----------------------------------------------------------------

    def _on_saved(self, path: str) -> None:
        handoff = self.session.handoff
        ticket = handoff.ticket
        info = DraftInfo(handoff.id, Path(path), ticket.id, ticket.title, handoff.updated_at)
        self.navigator.drafts.saved(info)
        self._warned = False
        self.save_status.setStyleSheet("")
        self.save_status.setText(self.tr("Saved %s") % datetime.now().strftime("%H:%M:%S"))

    def _on_save_failed(self, reason: str) -> None:
        self.save_status.setStyleSheet(theme.error_style())
        sentence = reason[:1].upper() + reason[1:]  # "Could not save the draft: <why>"
        self.save_status.setText(sentence)
        if not self._warned:
            self._warned = True
            self._save_warning = show_warning_once(
                self,
                self.tr("%s. What you typed is kept and saving is retried with your next "
                        "change.") % sentence,
            )  # fmt: skip

    def _on_exported(self, path: str) -> None:
        self.export_status.setText(self.tr("Exported %s") % Path(path).name)
        ticket = self.session.handoff.ticket
        self.navigator.recent.remember(Path(path), ticket_id=ticket.id, title=ticket.title,
                                       action=Action.EXPORTED)  # fmt: skip

    def _on_package_viewed(self, view: PackageView) -> None:
        ticket = view.opened.handoff.ticket
        self.navigator.recent.remember(view.opened.path, ticket_id=ticket.id,
                                       title=ticket.title, action=Action.OPENED)  # fmt: skip

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _update_title(self) -> None:
        ticket = self.session.handoff.ticket
        label = " ".join(part for part in (ticket.id, ticket.title) if part)
        self.setWindowTitle(f"Handoff \u2014 {label}" if label else "Handoff")

    # -- closing ---------------------------------------------------------------

    def emergency_save(self) -> bool:
        """Write the draft now, on this thread (the crash handler calls this)."""
        return self.autosaver.flush_sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Wait for background work, then save synchronously; ask if the disk refused."""
        for worker in (self.exporter.worker, self.opener.worker):
            if worker is not None and worker.running:
                worker.cancel()
                worker.wait()
        if not self.autosaver.flush_sync() and not self.prompts.confirm(
            self,
            self.tr("Quit Handoff"),
            self.tr("The draft could not be saved. Quit anyway and lose the latest changes?"),
        ):
            event.ignore()
            return
        self._stop_delivery()
        window_state.save(self.panel.capture())
        event.accept()

    # == Delivery: Post to ticket, Settings -> Ticket systems, File -> Outbox ==================
    # Everything about ticket systems lives in the ui/delivery package and is imported on
    # first use (httpx and the connectors take ~0.5 s): with no connection configured the
    # window starts and behaves as before, and the Post button says what to do.

    OUTBOX_START_MS = 3000
    """After start-up, queued handoffs are retried (when a ticket system is configured)."""

    def _install_delivery(self, delivery: DeliveryServices | None) -> None:
        self._delivery = delivery
        self._runner: OutboxRunner | None = None
        self._post_flow: PostFlow | None = None
        self.connections_dialog: ConnectionsDialog | None = None
        self.outbox_panel: OutboxPanel | None = None
        file_menu = self.menuBar().actions()[0].menu()
        assert isinstance(file_menu, QMenu)  # noqa: S101 - built by _build_menu
        before = file_menu.actions()[-2]  # the separator above Quit
        for name, text, slot in (("outbox", self.tr("O&utbox\u2026"), self.show_outbox),
                                 ("ticket_systems", self.tr("&Ticket systems\u2026"),
                                  self.show_connections)):  # fmt: skip
            action = QAction(text, self)
            action.setObjectName(f"action_{name}")
            action.triggered.connect(slot)
            self.actions_by_name[name] = action
        file_menu.insertAction(before, self.actions_by_name["outbox"])
        settings = self.menuBar().addMenu(self.tr("Se&ttings"))
        settings.addAction(self.actions_by_name["ticket_systems"])
        self.wizard.review.post_requested.connect(self.post_to_ticket)
        self.wizard.currentIdChanged.connect(self._on_page_shown)
        start_ms = self.OUTBOX_START_MS if delivery is None else delivery.start_ms
        QTimer.singleShot(start_ms, self, self._start_outbox)

    def delivery(self) -> DeliveryServices:
        if self._delivery is None:
            from handoff.ui.delivery.services import DeliveryServices  # noqa: PLC0415

            self._delivery = DeliveryServices()
        return self._delivery

    def outbox_runner(self) -> OutboxRunner:
        if self._runner is None:
            from handoff.ui.delivery.outbox_runner import OutboxRunner  # noqa: PLC0415

            self._runner = OutboxRunner(self.delivery(), self)
            self.navigator.outbox.follow(self._runner)
        return self._runner

    def post_flow(self) -> PostFlow:
        if self._post_flow is None:
            from handoff.ui.delivery.post_flow import PostFlow  # noqa: PLC0415

            flow = PostFlow(self.session, self.delivery(), self.outbox_runner(), self.prompts, self)
            flow.settings_requested.connect(self.show_connections)
            self._post_flow = flow
        return self._post_flow

    def post_to_ticket(self) -> PostDialog | None:
        self.autosaver.flush()
        return self.post_flow().start()

    def show_connections(self) -> ConnectionsDialog:
        from handoff.ui.delivery.connections_dialog import ConnectionsDialog  # noqa: PLC0415

        if self.connections_dialog is None:
            self.connections_dialog = ConnectionsDialog(self.delivery(), self)
            self.connections_dialog.changed.connect(self._update_post_button)
            self.connections_dialog.changed.connect(self._start_outbox)
        self.connections_dialog.reload()
        self.connections_dialog.open()
        return self.connections_dialog

    def show_outbox(self) -> OutboxPanel:
        from handoff.ui.delivery.outbox_panel import OutboxPanel  # noqa: PLC0415

        if self.outbox_panel is None:
            self.outbox_panel = OutboxPanel(self.outbox_runner(), self.prompts.confirm, self)
            self.outbox_panel.edit_requested.connect(self._edit_from_outbox)
        self.outbox_panel.reload()
        self.outbox_panel.show()
        return self.outbox_panel

    def _outbox_items(self) -> list[OutboxItem]:
        """What the side panel's Outbox lists (imports the outbox module, not httpx)."""
        if self._delivery is not None:
            return self._delivery.outbox.items()
        from handoff.delivery.outbox import Outbox  # noqa: PLC0415

        return Outbox().items()

    def _show_outbox_item(self, item_id: str) -> None:
        """The outbox panel, on ``item_id`` when it is listed there."""
        panel = self.show_outbox()
        ids = [item.id for item in panel.items]
        if item_id in ids:
            panel.table.selectRow(ids.index(item_id))

    def _edit_from_outbox(self, handoff: Handoff) -> None:
        """The saved draft if there is one (the outbox copy may be split for posting)."""
        with contextlib.suppress(DraftError):
            handoff = self.store.load(handoff.id)
        self.load_handoff(handoff)

    def _has_connections(self) -> bool:
        """Whether a ticket system is configured (reads connections.json; no HTTP code)."""
        from handoff.delivery.connections import ConnectionStore, ProfileError  # noqa: PLC0415

        store = self._delivery.store if self._delivery is not None else ConnectionStore()
        try:
            return bool(store.list())
        except ProfileError:
            return False

    def _on_page_shown(self, page_id: int) -> None:
        if page_id == PageId.REVIEW:  # not at start-up: reading connections.json can wait
            self._update_post_button()

    def _update_post_button(self) -> None:
        button = self.wizard.review.post_button
        if self._has_connections():
            button.setText(self.tr("&Post to ticket\u2026"))
        else:
            button.setText(self.tr("&Add a ticket system in Settings first\u2026"))

    def _start_outbox(self) -> None:
        """Retry what is queued (at start-up, and once a connection is added)."""
        if self._has_connections():
            self.outbox_runner().start()

    def _stop_delivery(self) -> None:
        if self._runner is not None:
            self._runner.stop()
