"""``handoff.html`` opened by a real browser: no console errors, no network request.

Debian's headless chromium renders the exported report to a PNG.  Every request
the page could make is sent through a recording proxy on 127.0.0.1; Chromium's
own service traffic (updates, time) is told apart by host.  A control page with
an external image proves the proxy does see page requests.
"""

from __future__ import annotations

import http.server
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from handoff.model import Attachment, Handoff
from handoff.package import export_package
from tests.helpers.environment import chromium_path, require

pytestmark = pytest.mark.browser

_CHROMIUM_SERVICE_HOSTS = ("google.com", "googleapis.com", "gvt1.com", "gstatic.com")


class _RecordingProxy(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def _record(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_HEAD = do_CONNECT = _record  # noqa: N815 - http.server's names

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def proxy() -> Iterator[tuple[int, list[str]]]:
    seen: list[str] = []
    handler = type("Handler", (_RecordingProxy,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()
    thread.join()


def _page_requests(seen: list[str]) -> list[str]:
    return [line for line in seen if not any(host in line for host in _CHROMIUM_SERVICE_HOSTS)]


def _render(page: Path, png: Path, port: int, profile: Path) -> list[str]:
    """Render ``page`` to ``png``; return chromium's console lines."""
    chromium = chromium_path()
    require(chromium is not None, "Debian's chromium is not installed")
    assert chromium is not None
    argv = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}",
        f"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>",
        "--enable-logging=stderr", "--v=0", f"--screenshot={png}",
        "--window-size=1200,1600", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return [line for line in done.stderr.splitlines() if ":CONSOLE" in line]


def _exported_report(example: Handoff, tmp_path: Path) -> Path:
    shot = tmp_path / "error dialog.png"
    Image.new("RGB", (640, 400), (200, 30, 30)).save(shot)
    log = tmp_path / "PanGPS.log"
    log.write_text("09:14:02 Authentication failed: user not in allowed group\n", encoding="utf-8")
    for path in (shot, log):
        example.attachments.append(
            Attachment(name=path.name, source=str(path), size=path.stat().st_size)
        )
    package = export_package(example, tmp_path / "out.handoff.zip").path
    with zipfile.ZipFile(package) as archive:
        archive.extract("handoff.html", tmp_path / "unzipped")
    return tmp_path / "unzipped" / "handoff.html"


def test_report_renders_without_console_errors_or_requests(
    example: Handoff, tmp_path: Path, proxy: tuple[int, list[str]]
) -> None:
    port, seen = proxy
    report = _exported_report(example, tmp_path)
    png = tmp_path / "report.png"
    console = _render(report, png, port, tmp_path / "profile")
    assert console == []
    assert _page_requests(seen) == []
    with Image.open(png) as image:
        assert image.size == (1200, 1600)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colours is not None and len(colours) > 50, "the report rendered as a blank page"
        # The screenshot thumbnail (solid red) is inline, so it must be on the page.
        assert any(rgb == (200, 30, 30) for _, rgb in colours)


def test_proxy_sees_a_page_that_does_make_requests(
    tmp_path: Path, proxy: tuple[int, list[str]]
) -> None:
    """Control: without our CSP, an external image does reach the proxy."""
    port, seen = proxy
    page = tmp_path / "leaky.html"
    page.write_text('<img src="http://report-assets.invalid/logo.png">', encoding="utf-8")
    _render(page, tmp_path / "leaky.png", port, tmp_path / "profile")
    assert any("report-assets.invalid" in line for line in _page_requests(seen))
