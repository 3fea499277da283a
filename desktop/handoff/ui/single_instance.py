"""One Handoff per user and data folder: a second start hands its package to the first.

Double-clicking a second ``.handoff.zip`` (Windows runs ``handoff.exe open "<file>"``,
Linux ``handoff open %f``) must not start a second app on the same drafts: two
autosavers would write the same folder.  So :func:`run_gui` first asks a running
instance, through a local socket (a named pipe on Windows), to open the file; if
it answers, the new process exits at once.  Otherwise it becomes the server.

The server name is a hash of the login name and the resolved data folder, so
``--data-dir`` (tests, the smoke test) gives an independent instance.  The
protocol is one line of JSON each way: ``{"open": "/abs/path"}`` or
``{"activate": true}``, answered by ``{"ok": true}``.  A client that sends
garbage or nothing is dropped after :data:`CLIENT_TIMEOUT_MS`; a socket left by a
crashed instance (nobody answers on it) is removed and listened on again.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from handoff import paths

log = logging.getLogger(__name__)

CLIENT_TIMEOUT_MS = 2000
"""How long a connected client has to send its request (and the server to answer)."""
MAX_REQUEST = 64 * 1024


def server_name(data_dir: Path | None = None) -> str:
    """``handoff-<hash>``: short (Unix socket paths are limited) and per user + data folder."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = ""
    folder = (data_dir or paths.data_dir()).resolve()
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"handoff-{digest}"


def _request(open_path: Path | None) -> bytes:
    # Resolved here: the running instance has its own working folder.
    body = {"open": str(open_path.resolve())} if open_path is not None else {"activate": True}
    return json.dumps(body).encode() + b"\n"


def hand_over(name: str, open_path: Path | None, timeout_ms: int = CLIENT_TIMEOUT_MS) -> bool:
    """Ask the instance listening on ``name`` to open ``open_path`` (None: to come forward).

    True once it confirmed; False when nobody listens or nobody answers.
    """
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(_request(open_path))
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        answer = b""
        while b"\n" not in answer and socket.waitForReadyRead(timeout_ms):
            answer += bytes(socket.readAll().data())
        try:
            return bool(json.loads(answer).get("ok"))
        except (ValueError, AttributeError):
            return False
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens on ``name`` and turns each valid request into a signal on the GUI thread."""

    open_requested = Signal(Path)
    activate_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        # No UserAccessOption: with it Qt renames its socket over an existing one, so a
        # second instance would silently take the name.  The socket file is created with
        # the umask (others cannot connect); the name hashes the user anyway.
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)
        self._clients: dict[QLocalSocket, tuple[bytearray, QTimer]] = {}

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def listen(self) -> bool:
        """Become the server; False if another live instance already is.

        A name in use with nobody answering is a crashed instance's socket: removed,
        then listened on again.
        """
        if self._server.listen(self.name):
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            log.warning("single instance: cannot listen on %s: %s", self.name,
                        self._server.errorString())  # fmt: skip
            return False
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        alive = probe.waitForConnected(CLIENT_TIMEOUT_MS)
        probe.abort()
        if alive:
            return False
        log.info("single instance: removing the stale socket %s", self.name)
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        """Stop listening and drop every client (their timers stop with them)."""
        self._server.close()
        for client in list(self._clients):
            self._drop(client)

    def _accept(self) -> None:
        while (client := self._server.nextPendingConnection()) is not None:
            timer = QTimer(self)
            timer.setObjectName("single-instance-client")
            timer.setSingleShot(True)
            timer.timeout.connect(lambda c=client: self._drop(c))
            self._clients[client] = (bytearray(), timer)
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(lambda c=client: self._drop(c))
            timer.start(CLIENT_TIMEOUT_MS)
            self._read(client)  # it may have written before we connected readyRead

    def _read(self, client: QLocalSocket) -> None:
        if client not in self._clients:
            return
        buffer, _timer = self._clients[client]
        buffer += bytes(client.readAll().data())
        if len(buffer) > MAX_REQUEST:
            log.warning("single instance: dropping a client that sent too much")
            self._drop(client)
        elif b"\n" in buffer:
            line = bytes(buffer).split(b"\n", 1)[0]
            handled = self._handle(line)
            if handled:
                client.write(b'{"ok": true}\n')
                client.flush()
            self._drop(client, graceful=handled)

    def _handle(self, line: bytes) -> bool:
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        if isinstance(request, dict) and isinstance(request.get("open"), str):
            self.open_requested.emit(Path(request["open"]))
            return True
        if isinstance(request, dict) and request.get("activate") is True:
            self.activate_requested.emit()
            return True
        log.warning("single instance: ignoring a request that is not one (%d bytes)", len(line))
        return False

    def _drop(self, client: QLocalSocket, *, graceful: bool = False) -> None:
        entry = self._clients.pop(client, None)
        if entry is None:
            return
        entry[1].stop()
        entry[1].deleteLater()
        if graceful:
            client.disconnectFromServer()  # sends what is buffered, then closes
        else:
            client.abort()
        client.deleteLater()
