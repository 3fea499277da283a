"""One Handoff per user and data folder: real second processes hand their package over.

The running instance is this test process (a real :class:`InstanceServer` and main
window); the second start is ``python -m handoff open PKG --data-dir SAME`` in a
real subprocess, offscreen, exactly as a file association runs it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalSocket

from handoff import paths
from handoff.example import example_handoff
from handoff.package import export_package
from handoff.ui import single_instance
from handoff.ui.app import EXIT_AFTER_SHOWN_ENV, FileOpenFilter
from handoff.ui.main_window import MainWindow
from handoff.ui.package_view import PackageView
from handoff.ui.single_instance import InstanceServer, hand_over, server_name

ROOT = Path(__file__).resolve().parents[2]
HANDED_OVER = "handoff: opened in the running Handoff window"


@pytest.fixture
def server() -> Iterator[InstanceServer]:
    instance = InstanceServer(server_name())
    assert instance.listen()
    yield instance
    instance.close()
    instance.deleteLater()


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return export_package(example_handoff(), tmp_path / "from-mail.handoff.zip").path


def start(args: list[str], cwd: Path, **env: str) -> subprocess.Popen[str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "handoff", *args], cwd=cwd, env=environ,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(qtbot: Any, process: subprocess.Popen[str]) -> tuple[int, str]:
    """Wait for ``process`` with this process's event loop running (the server answers)."""
    try:
        qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    finally:
        if process.poll() is None:
            process.kill()
    _out, err = process.communicate(timeout=30)
    return process.returncode, err


def test_a_second_start_hands_its_package_to_the_running_window_and_exits_0(
    qtbot: Any, make_window: Callable[..., MainWindow], server: InstanceServer,
    package: Path, data_dir: Path,
) -> None:  # fmt: skip
    window = make_window()
    server.open_requested.connect(window.open_forward)
    # A relative path, resolved by the second process (the first has another folder).
    second = start(["open", package.name, "--data-dir", str(data_dir)], cwd=package.parent)
    with qtbot.waitSignal(window.opener.viewed, timeout=60_000) as viewed:
        code, err = finish(qtbot, second)
    assert code == 0, err
    assert err.strip().splitlines()[-1] == HANDED_OVER
    view: PackageView = viewed.args[0]
    assert view.opened.path == package
    view.close()


def test_a_plain_second_start_brings_the_window_forward(
    qtbot: Any, server: InstanceServer, data_dir: Path, tmp_path: Path
) -> None:
    second = start(["--data-dir", str(data_dir)], cwd=tmp_path)
    with qtbot.waitSignal(server.activate_requested, timeout=60_000):
        code, err = finish(qtbot, second)
    assert code == 0 and HANDED_OVER in err


def test_another_data_folder_is_another_instance(
    qtbot: Any, server: InstanceServer, tmp_path: Path
) -> None:
    other = tmp_path / "other-data"
    assert server_name(other) != server.name
    calls: list[object] = []
    server.activate_requested.connect(lambda: calls.append("activate"))
    second = start(["--data-dir", str(other)], cwd=tmp_path, **{EXIT_AFTER_SHOWN_ENV: "1"})
    code, err = finish(qtbot, second)
    assert code == 0, err
    assert HANDED_OVER not in err
    assert calls == []
    assert (other / "drafts").is_dir(), "it ran its own window on its own folder"


def test_a_socket_left_by_a_crashed_instance_is_taken_over(qtbot: Any, data_dir: Path) -> None:
    name = server_name()
    crashed = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import os, signal
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtNetwork import QLocalServer
        app = QCoreApplication([])
        server = QLocalServer()
        assert server.listen({name!r})
        print(server.fullServerName(), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)], capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert crashed.returncode == -signal.SIGKILL
    if os.name == "posix":
        assert Path(crashed.stdout.strip()).exists(), "the crash left its socket file behind"
    assert not hand_over(name, None, timeout_ms=500), "nobody answers on it"
    instance = InstanceServer(name)
    try:
        assert instance.listen()
        socket = QLocalSocket()
        socket.connectToServer(name)
        with qtbot.waitSignal(instance.activate_requested, timeout=10_000):
            socket.write(b'{"activate": true}\n')
        qtbot.waitUntil(lambda: b"\n" in bytes(socket.peek(100).data()), timeout=10_000)
        assert json.loads(bytes(socket.readAll().data())) == {"ok": True}
        socket.abort()
    finally:
        instance.close()


def test_a_live_instance_is_not_taken_over(server: InstanceServer) -> None:
    other = InstanceServer(server.name)
    assert not other.listen()
    assert server.listening


@pytest.mark.parametrize("payload", [b"garbage\n", b'{"open": 42}\n', b"[1, 2]\n",
                                     b"x" * (single_instance.MAX_REQUEST + 10)])  # fmt: skip
def test_a_client_sending_garbage_is_dropped_and_the_server_carries_on(
    qtbot: Any, server: InstanceServer, package: Path, payload: bytes
) -> None:
    heard: list[object] = []
    server.open_requested.connect(heard.append)
    server.activate_requested.connect(lambda: heard.append("activate"))
    bad = QLocalSocket()
    bad.connectToServer(server.name)
    with qtbot.waitSignal(bad.disconnected, timeout=10_000):
        bad.write(payload)
    assert heard == []
    good = QLocalSocket()
    good.connectToServer(server.name)
    with qtbot.waitSignal(server.open_requested, timeout=10_000) as opened:
        good.write(json.dumps({"open": str(package)}).encode() + b"\n")
    assert opened.args == [package]
    good.abort()


def test_a_client_that_sends_nothing_is_dropped_after_the_timeout(
    qtbot: Any, server: InstanceServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "CLIENT_TIMEOUT_MS", 300)
    silent = QLocalSocket()
    silent.connectToServer(server.name)
    with qtbot.waitSignal(silent.disconnected, timeout=10_000):
        pass
    assert silent.state() == QLocalSocket.LocalSocketState.UnconnectedState


def test_the_name_is_per_user_and_data_folder_and_fits_a_socket_path(tmp_path: Path) -> None:
    names = {server_name(tmp_path / "a"), server_name(tmp_path / "b"), server_name()}
    assert len(names) == 3
    assert server_name(tmp_path / "a") == server_name(tmp_path / "x" / ".." / "a")
    assert all(len(name) < 40 for name in names)
    assert server_name() == server_name(paths.data_dir())


def test_a_macos_file_open_event_opens_the_package(
    qtbot: Any, make_window: Callable[..., MainWindow], package: Path
) -> None:
    window = make_window()
    app = QCoreApplication.instance()
    assert app is not None
    file_open = FileOpenFilter(window)
    app.installEventFilter(file_open)
    try:
        with qtbot.waitSignal(window.opener.viewed, timeout=30_000) as viewed:
            QCoreApplication.sendEvent(app, QFileOpenEvent(str(package)))
    finally:
        app.removeEventFilter(file_open)
    assert viewed.args[0].opened.path == package
    viewed.args[0].close()
