"""A loopback HTTP proxy that breaks chosen requests on purpose.

It sits between the app and a real server (RT) and, for requests matched by a
rule, does one of:

* ``drop``: forward the request, read the server's whole answer (so the server *did
  the work*), then close the client's connection without a byte: the client sees
  "server disconnected" and cannot know the work was done;
* ``stall``: the same, but keep the connection open silently for ``stall_seconds``
  (past the client's read timeout) before closing it;
* ``hold``: forward, then keep the connection open until :meth:`FaultProxy.stop`
  (the client blocks; used to SIGKILL a poster mid-request);
* ``503``: answer ``503 Service Unavailable`` without forwarding;
* ``429``: answer ``429 Too Many Requests`` with ``Retry-After: 1`` without forwarding.

Everything else is forwarded untouched.  One request per connection (the proxy
answers ``Connection: close``), threads only, no dependencies.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

ACTIONS = ("drop", "stall", "hold", "503", "429")
_CANNED = {
    "503": b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
    b'Content-Length: 29\r\nConnection: close\r\n\r\n{"message":"try again later"}',
    "429": b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: application/json\r\n"
    b'Content-Length: 25\r\nConnection: close\r\n\r\n{"message":"slow down!!"}',
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    head: bytes
    body: bytes


@dataclass
class Rule:
    action: str
    match: Callable[[Request], bool]
    times: int = 1
    fired: int = 0
    event: threading.Event = field(default_factory=threading.Event)
    """Set when the rule fires (after the request was forwarded, for drop/stall/hold)."""


def matching(method: str, path: str, body: bytes | str | None = None) -> Callable[[Request], bool]:
    """A matcher: method, a regex on the path, and optionally a fragment of the body."""
    needle = body.encode() if isinstance(body, str) else body
    pattern = re.compile(path)

    def match(request: Request) -> bool:
        if request.method != method or not pattern.search(request.path):
            return False
        return needle is None or needle in request.body

    return match


def _recv_until(conn: socket.socket, buffer: bytearray, marker: bytes) -> int:
    while (index := buffer.find(marker)) < 0:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("client closed")
        buffer += chunk
    return index


def _read_exact(conn: socket.socket, buffer: bytearray, size: int) -> bytes:
    while len(buffer) < size:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("client closed")
        buffer += chunk
    data = bytes(buffer[:size])
    del buffer[:size]
    return data


def _read_chunked(conn: socket.socket, buffer: bytearray) -> bytes:
    body = bytearray()
    while True:
        end = _recv_until(conn, buffer, b"\r\n")
        size = int(bytes(buffer[:end]).split(b";")[0], 16)
        del buffer[: end + 2]
        body += _read_exact(conn, buffer, size + 2)[:size]
        if size == 0:
            return bytes(body)


def read_request(conn: socket.socket) -> Request:
    """One HTTP/1.1 request; a chunked body is returned de-chunked."""
    buffer = bytearray()
    end = _recv_until(conn, buffer, b"\r\n\r\n")
    head = bytes(buffer[:end])
    del buffer[: end + 4]
    lines = head.decode("latin-1").split("\r\n")
    method, path, _ = lines[0].split(" ", 2)
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _read_chunked(conn, buffer)
    else:
        body = _read_exact(conn, buffer, int(headers.get("content-length", "0")))
    return Request(method=method, path=path, head=head, body=body)


def _upstream_bytes(request: Request) -> bytes:
    """The request for the server: de-chunked, Content-Length set, one request only."""
    keep = [
        line for line in request.head.split(b"\r\n")[1:]
        if line.split(b":")[0].strip().lower()
        not in (b"connection", b"content-length", b"transfer-encoding", b"keep-alive")
    ]  # fmt: skip
    first = request.head.split(b"\r\n")[0]
    extra = [b"Connection: close", b"Content-Length: " + str(len(request.body)).encode()]
    return b"\r\n".join([first, *keep, *extra]) + b"\r\n\r\n" + request.body


class FaultProxy:
    """``FaultProxy(("127.0.0.1", rt_port)).start()``; add rules; ``url`` for the client."""

    def __init__(self, upstream: tuple[str, int], *, stall_seconds: float = 3.0) -> None:
        self.upstream = upstream
        self.stall_seconds = stall_seconds
        self.rules: list[Rule] = []
        self.log: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.getsockname()[1]}"

    def add(self, action: str, match: Callable[[Request], bool], times: int = 1) -> Rule:
        assert action in ACTIONS, action
        rule = Rule(action=action, match=match, times=times)
        with self._lock:
            self.rules.append(rule)
        return rule

    def start(self) -> FaultProxy:
        thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):  # wakes the thread blocked in accept()
            self._server.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._server.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._server.accept()
            except OSError:
                return
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            worker.start()
            self._threads.append(worker)

    def _rule_for(self, request: Request) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.fired < rule.times and rule.match(request):
                    rule.fired += 1
                    return rule
        return None

    def _forward(self, request: Request) -> bytes:
        with socket.create_connection(self.upstream, timeout=60) as up:
            up.sendall(_upstream_bytes(request))
            answer = bytearray()
            while chunk := up.recv(65536):
                answer += chunk
        return bytes(answer)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = read_request(conn)
            except (ConnectionError, OSError, ValueError):
                return
            rule = self._rule_for(request)
            action = rule.action if rule else "forward"
            self.log.append((request.method, request.path, action))
            if action in _CANNED:
                conn.sendall(_CANNED[action])
            else:
                self._answer(conn, request, rule)
            if rule is not None:
                rule.event.set()

    def _answer(self, conn: socket.socket, request: Request, rule: Rule | None) -> None:
        answer = self._forward(request)
        if rule is None:
            with contextlib.suppress(OSError):
                conn.sendall(answer)
            return
        if rule.action in ("stall", "hold"):
            rule.event.set()
            wait = self.stall_seconds if rule.action == "stall" else 3600.0
            self._stopping.wait(wait)
        # "drop" (and a stall or hold ending): close without sending the answer.
