"""The review page's preview: the report itself, fitted to the page's width."""

from __future__ import annotations

import re

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QTextOption
from pytestqt.qtbot import QtBot

from handoff import notes
from handoff.example import example_handoff
from handoff.model import Attachment, Handoff
from handoff.ui.pages.review import ReviewPage, preview_html
from handoff.ui.session import DraftSession
from tests.ui.test_pages import shown

SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def long_handoff() -> Handoff:
    """The worked example with what made the preview scroll sideways: long note lines
    (a ``<pre>``), a hash per attachment, an unbroken path in the summary."""
    handoff = example_handoff()
    handoff.next_tech_note.text = "Maria cannot connect to the company VPN. " * 40
    handoff.user_message.text = "We are still working on it; " * 30
    handoff.summary += " C:\\Users\\mlopez\\AppData\\Local\\Palo_Alto_Networks\\" + "x" * 200
    handoff.attachments += [
        Attachment(name=f"{name}.log", size=2048, note="client log", sha256=SHA)
        for name in ("PanGPS", "PanGPA", "pan_gp_event")
    ]
    return handoff


def style_of(html: str) -> str:
    (css,) = re.findall(r"<style>(.*?)</style>", html, re.DOTALL)
    return str(css)


def test_the_preview_style_sheet_is_in_css_qt_reads() -> None:
    """Qt drops a whole style sheet at the first custom property and knows no rem."""
    report = notes.render_html(long_handoff())
    assert "--ink:" in style_of(report) and "rem" in style_of(report)  # the export keeps them
    css = style_of(preview_html(report))
    assert "--" not in css and "var(" not in css
    assert not re.search(r"\drem\b", css)
    assert "pre { background: #f4f6f8;" in css  # the values, not the names
    assert "padding: 30px 22.5px 45px" in css  # main: 2rem 1.5rem 3rem of a 15px root
    assert "white-space: pre-wrap" in css


def test_only_the_style_sheet_changes_not_the_handoffs_text() -> None:
    handoff = example_handoff()
    handoff.summary = "Set margin to 2rem and color to var(--ink) in the portal's CSS."
    report = notes.render_html(handoff)
    preview = preview_html(report)
    assert preview.replace(style_of(preview), "") == report.replace(style_of(report), "")
    assert "2rem and color to var(--ink)" in preview


def test_the_preview_fits_its_width(qtbot: QtBot) -> None:
    """No horizontal scroll bar at any width: long lines wrap, hashes and paths break,
    and a table Qt narrowed does not stick out by the pixel its rounding adds."""
    page = shown(qtbot, ReviewPage(DraftSession(long_handoff())))
    preview = page.preview
    assert preview.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert preview.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere
    wide: list[tuple[int, int]] = []
    for width in range(420, 1000, 3):  # 1 px too wide at 498, 603, 618, 708 before
        preview.resize(width, 500)
        qtbot.wait(5)  # the layout and the scroll bars settle in the event loop
        if (excess := preview.horizontalScrollBar().maximum()) > 0:
            wide.append((width, excess))
    assert wide == []
    text = preview.toPlainText()
    assert SHA in text.replace("\n", "")  # the whole hash, to copy from the preview
    assert "x" * 200 in text.replace("\n", "")
    assert "T-20418" in text


def test_a_picture_wider_than_the_preview_can_still_be_scrolled_to(qtbot: QtBot) -> None:
    """Only what really is wider gets the scroll bar: a 320 px thumbnail in 200 px."""
    handoff = example_handoff()
    handoff.attachments.append(
        Attachment(name="error.png", size=2048, media_type="image/png", source="/x/error.png")
    )
    page = shown(qtbot, ReviewPage(DraftSession(handoff)))
    picture = QImage(320, 140, QImage.Format.Format_RGB32)
    picture.fill(QColor("#2457a6"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    picture.save(buffer, "PNG")
    uri = "data:image/png;base64," + bytes(buffer.data().toBase64().data()).decode()
    page.preview.setHtml(
        preview_html(notes.render_html(handoff, thumbnails={handoff.attachments[-1].id: uri}))
    )
    page.preview.resize(200, 400)
    qtbot.waitUntil(lambda: page.preview.horizontalScrollBar().maximum() > 0)
