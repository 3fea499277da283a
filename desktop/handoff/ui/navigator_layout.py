"""The splitter that puts the side panel beside the wizard, its View menu, and its memory.

Small screens (a 1366x768 laptop at 125 % is about 1092x614 logical) need the
wizard's full width: the panel collapses by dragging the splitter to the edge or
with View → Side panel (Ctrl+B), and comes back the same way.  The window's
place, size, maximized state, panel width/visibility and selected section are
restored from :mod:`handoff.ui.window_state` when the window is built and
captured when it closes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QWidget

from handoff.ui import window_state
from handoff.ui.navigator import Navigator, Section
from handoff.ui.window_state import DEFAULT_PANEL_WIDTH, WindowState

MIN_PANEL_WIDTH = 180


class PanelLayout(QObject):
    """Owns ``splitter`` (navigator | main) and the View menu's actions."""

    def __init__(self, window: QMainWindow, navigator: Navigator, main: QWidget) -> None:
        super().__init__(window)
        self.window, self.navigator = window, navigator
        self.splitter = QSplitter(Qt.Orientation.Horizontal, window)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(navigator)
        self.splitter.addWidget(main)
        self.splitter.setCollapsible(0, True)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        navigator.setMinimumWidth(MIN_PANEL_WIDTH)
        self.splitter.setSizes([DEFAULT_PANEL_WIDTH, 10_000])
        self._width = DEFAULT_PANEL_WIDTH
        self.splitter.splitterMoved.connect(self._on_moved)
        window.installEventFilter(self)  # the panel's width is set once the window is laid out
        self.toggle = QAction(self.tr("Side &panel"), window)
        self.toggle.setObjectName("action_side_panel")
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setShortcut(QKeySequence("Ctrl+B"))
        self.toggle.toggled.connect(self.set_panel_visible)
        self.section_actions: dict[Section, QAction] = {}
        for number, (section, text) in enumerate(
            ((Section.DRAFTS, self.tr("&Drafts")), (Section.RECENT, self.tr("&Recent packages")),
             (Section.OUTBOX, self.tr("&Outbox"))), start=1,
        ):  # fmt: skip
            action = QAction(text, window)
            action.setObjectName(f"action_section_{section.value}")
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, s=section: self.reveal(s))
            self.section_actions[section] = action

    def install_menu(self) -> QMenu:
        """The View menu (after File)."""
        menu = self.window.menuBar().addMenu(self.tr("&View"))
        menu.setObjectName("view_menu")
        menu.addAction(self.toggle)
        menu.addSeparator()
        for action in self.section_actions.values():
            menu.addAction(action)
        return menu

    # -- showing and hiding -------------------------------------------------------------

    def panel_visible(self) -> bool:
        """Shown and not dragged shut (before the window is shown: not hidden)."""
        if self.navigator.isHidden():
            return False
        return not self.splitter.isVisible() or self.splitter.sizes()[0] > 0

    def set_panel_visible(self, visible: bool) -> None:
        if visible == self.panel_visible():
            self.toggle.setChecked(visible)
            return
        if visible:
            self.navigator.show()
            total = sum(self.splitter.sizes()) or self.window.width()
            self.splitter.setSizes([self._width, max(total - self._width, 1)])
        else:
            self._remember_width()
            main = self.splitter.widget(1)
            if self.navigator.isAncestorOf(self.window.focusWidget()) and main is not None:
                main.setFocus()
            self.navigator.hide()
        self.toggle.setChecked(visible)

    def reveal(self, section: Section) -> None:
        """Show the panel at ``section``, keyboard in its list (View → Drafts, …)."""
        self.set_panel_visible(True)
        self.navigator.show_section(section, focus=True)

    def _on_moved(self, _pos: int, _index: int) -> None:
        self._remember_width()
        self.toggle.setChecked(self.panel_visible())

    def _remember_width(self) -> None:
        width = self.splitter.sizes()[0]
        if width >= MIN_PANEL_WIDTH:
            self._width = width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """On the first show, give the panel its width: sizes set before are scaled."""
        if watched is self.window and event.type() == QEvent.Type.Show:
            self.window.removeEventFilter(self)
            if self.panel_visible():
                total = sum(self.splitter.sizes())
                self.splitter.setSizes([self._width, max(total - self._width, 1)])
        return False

    # -- remembering ----------------------------------------------------------------------

    def restore(self, state: WindowState | None) -> None:
        """Place the (not yet shown) window as ``state`` says, or at the defaults."""
        if state is None:
            self.window.setGeometry(window_state.default_geometry())
            return
        self.window.setGeometry(window_state.visible_geometry(state.rect))
        if state.maximized:
            self.window.setWindowState(Qt.WindowState.WindowMaximized)
        self._width = max(state.panel_width, MIN_PANEL_WIDTH)
        self.splitter.setSizes([self._width, max(self.window.width() - self._width, 1)])
        self.navigator.show_section(state.section)
        self.set_panel_visible(state.panel_visible)

    def capture(self) -> WindowState:
        """What to remember now (the normal geometry when maximized)."""
        maximized = self.window.isMaximized()
        rect = self.window.normalGeometry() if maximized else self.window.geometry()
        if rect.isEmpty():
            rect = self.window.geometry()
        self._remember_width()
        return WindowState(
            x=rect.x(), y=rect.y(), width=rect.width(), height=rect.height(),
            maximized=maximized, panel_visible=self.panel_visible(),
            panel_width=self._width, section=self.navigator.section().value,
        )  # fmt: skip
