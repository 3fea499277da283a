"""Fixtures for the delivery tests: the run's one real RT, a new ticket per test.

RT 5 takes about 4 s to start and 230 MiB to run, so the whole run shares one
instance (``rt`` in tests/conftest.py; this is a 2-core machine); isolation comes
from each test working on its own freshly created ticket and its own data folder.

The systems we cannot run here (ConnectWise, Autotask, HaloPSA) are played by a
:class:`VendorFake` on pytest-httpserver (127.0.0.1 only): every request is checked
against what the vendor documents, and what it does not allow is a *problem* that
fails the test - so a connector that drifts from the documented API fails here.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from handoff.delivery.connector import ConnectionProfile, Connector
from handoff.delivery.connectors import connect
from handoff.delivery.http import HttpClient, RetryPolicy
from handoff.delivery.outbox import Outbox, OutboxItem
from handoff.delivery.plan import note_marker
from handoff.delivery.poster import Poster, PostProgress
from handoff.model import (
    Assignee,
    AssigneeKind,
    Attachment,
    AttachmentKind,
    Handoff,
    Status,
)
from handoff.notes import refresh_generated
from handoff.package import export_package, open_package
from tests.helpers.rt_server import RtServer, read_comments, read_files, read_ticket

LOG_TEXT = "".join(
    f"2026-05-09 09:14:{n % 60:02d} PanGPS[4412] auth: user mlopez group check failed — #{n}\n"
    for n in range(2000)
)

PostFn = Callable[..., OutboxItem]


@pytest.fixture
def ticket(rt: RtServer, request: pytest.FixtureRequest) -> str:
    return rt.create_ticket(f"Handoff test {request.node.name}")


@pytest.fixture
def profile(rt: RtServer) -> ConnectionProfile:
    return ConnectionProfile(name="rt-test", kind="rt", url=rt.url)


@pytest.fixture
def sleeps() -> list[float]:
    """Every wait the retry policy asked for; nothing really sleeps."""
    return []


@pytest.fixture
def policy(sleeps: list[float]) -> RetryPolicy:
    return RetryPolicy(sleep=sleeps.append, rng=lambda: 0.5)


@pytest.fixture
def outbox(data_dir: Path) -> Outbox:
    return Outbox()


def write_png(path: Path, size: tuple[int, int] = (320, 240)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.effect_noise(size, 60).convert("RGB").save(path, format="PNG")
    return path


@pytest.fixture
def handoff(example: Handoff, tmp_path: Path) -> Handoff:
    """The worked example, for agent1, with a PNG screenshot and a UTF-8 text log."""
    png = write_png(tmp_path / "src" / "vpn error.png")
    log = tmp_path / "src" / "PanGPS.log"
    log.write_text(LOG_TEXT, encoding="utf-8")
    example.attachments = [
        Attachment(name="vpn error.png", source=str(png), kind=AttachmentKind.SCREENSHOT,
                   media_type="image/png", note="the error dialog"),
        Attachment(name="PanGPS.log", source=str(log), kind=AttachmentKind.VPN_LOG,
                   media_type="text/plain", note="GlobalProtect client log"),
    ]  # fmt: skip
    example.status = Status.WAITING_ON_USER
    example.assignee = Assignee(kind=AssigneeKind.PERSON, name="Agent One", mention="agent1")
    refresh_generated(example)
    return example


@pytest.fixture
def package(handoff: Handoff, tmp_path: Path) -> Path:
    """A real package exported from :func:`handoff`."""
    return export_package(handoff, tmp_path / "out").path


@pytest.fixture
def post(outbox: Outbox, profile: ConnectionProfile, rt: RtServer, policy: RetryPolicy) -> PostFn:
    """``post(item_id, url=..., timeout=..., cancel=..., progress=..., token=...)``."""

    def run(
        item_id: str,
        *,
        url: str | None = None,
        timeout: float = 30.0,
        token: str | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[PostProgress], None] | None = None,
    ) -> OutboxItem:
        target = profile.model_copy(update={"url": url or rt.url})

        def factory(name: str) -> tuple[Connector, ConnectionProfile]:
            client = HttpClient(target.url, timeout=timeout, policy=policy)
            return connect(target, token or rt.token, client=client), target

        poster = Poster(outbox, factory, policy=policy, progress=progress)
        return poster.post(item_id, cancel)

    return run


@dataclass
class Scene:
    """One test's world: the shared RT, its own ticket, handoff, outbox and poster."""

    rt: RtServer
    ticket: str
    handoff: Handoff
    outbox: Outbox
    post: PostFn
    sleeps: list[float]
    profile: ConnectionProfile

    def queue_draft(self, **options: Any) -> OutboxItem:
        return self.outbox.add_draft(
            self.handoff, connection=self.profile.name, ticket_id=self.ticket, **options
        )

    def queue_package(self, package: Path, **options: Any) -> OutboxItem:
        return self.outbox.add_package(
            open_package(package), connection=self.profile.name, ticket_id=self.ticket, **options
        )

    def notes(self) -> list[str]:
        """The comments on the ticket that carry this handoff's marker."""
        return [c for c in read_comments(self.rt, self.ticket) if note_marker(self.handoff.id) in c]

    def files(self) -> dict[str, list[bytes]]:
        return read_files(self.rt, self.ticket)

    def state(self) -> dict[str, Any]:
        return read_ticket(self.rt, self.ticket)

    def assert_posted_once(self) -> None:
        """Exactly one note with the marker and one byte-identical copy of each file."""
        assert len(self.notes()) == 1
        expected = {a.name: [Path(a.source or "").read_bytes()] for a in self.handoff.attachments}
        assert self.files() == expected


@pytest.fixture
def scene(  # noqa: PLR0917 - pytest injects fixtures by name
    rt: RtServer, ticket: str, handoff: Handoff, outbox: Outbox, post: PostFn,
    sleeps: list[float], profile: ConnectionProfile,
) -> Scene:  # fmt: skip
    return Scene(rt, ticket, handoff, outbox, post, sleeps, profile)


# -- ticket systems played on a local HTTP server ------------------------------------------


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on loopback only, on a free port."""
    return ("127.0.0.1", 0)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data), status=status, headers=headers,
                    content_type="application/json")  # fmt: skip


@dataclass
class Fault:
    """An injected failure: ``before`` the work (refused) or ``after`` it (answer lost)."""

    when: str
    status: int
    body: Any = field(default_factory=lambda: {"message": "injected failure"})
    headers: dict[str, str] = field(default_factory=dict)

    def response(self) -> Response:
        return json_response(self.body, self.status, self.headers)


Handler = Callable[[Request, "re.Match[str]"], Response]


class VendorFake:
    """A ticket system that checks every request as its vendor documents it.

    Subclasses add routes (``self.route``) and :meth:`refuse` (auth); any request that
    breaks the vendor's rules is recorded in ``problems`` and the fixture fails the test.
    """

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.routes: list[tuple[str, re.Pattern[str], Handler, str]] = []
        self.faults: dict[str, list[Fault]] = {}
        self.problems: list[str] = []
        self.calls: list[str] = []
        server.expect_request(re.compile(".*")).respond_with_handler(self._dispatch)

    @property
    def url(self) -> str:
        return self.server.url_for("").rstrip("/")

    def route(self, method: str, pattern: str, name: str, handler: Handler) -> None:
        self.routes.append((method, re.compile(pattern), handler, name))

    def fault(self, name: str, *faults: Fault) -> None:
        self.faults.setdefault(name, []).extend(faults)

    def expect(self, condition: object, problem: str) -> None:
        if not condition:
            self.problems.append(problem)

    def refuse(self, request: Request, name: str) -> Response | None:
        """The answer to a request without valid credentials (None when they are valid)."""
        return None

    def count(self, name: str) -> int:
        return self.calls.count(name)

    def _dispatch(self, request: Request) -> Response:
        for method, pattern, handler, name in self.routes:
            match = pattern.fullmatch(request.path)
            if request.method != method or match is None:
                continue
            self.calls.append(name)
            if (refused := self.refuse(request, name)) is not None:
                return refused
            queue = self.faults.get(name) or []
            fault = queue.pop(0) if queue else None
            if fault is not None and fault.when == "before":
                return fault.response()
            response = handler(request, match)
            return fault.response() if fault is not None else response
        self.problems.append(f"undocumented request {request.method} {request.path}")
        return json_response({"message": "no such endpoint"}, 404)

    def json_body(self, request: Request, name: str) -> Any:
        """The request's JSON body, checking it was sent as JSON."""
        self.expect(request.mimetype == "application/json",
                    f"{name}: Content-Type {request.mimetype!r}, not application/json")  # fmt: skip
        return json.loads(request.get_data() or b"null")


def run_poster(
    outbox: Outbox, profile: ConnectionProfile, secret: str, policy: RetryPolicy
) -> Callable[..., OutboxItem]:
    """``post(item_id, cancel=None)`` through the real Poster and ``connect()``."""

    def factory(name: str) -> tuple[Connector, ConnectionProfile]:
        client = HttpClient(profile.url, timeout=10, policy=policy)
        return connect(profile, secret, client=client), profile

    def run(item_id: str, cancel: threading.Event | None = None) -> OutboxItem:
        return Poster(outbox, factory, policy=policy).post(item_id, cancel)

    return run


def file_bytes(h: Handoff) -> dict[str, bytes]:
    """The handoff's attachments by name, as posted."""
    return {a.name: Path(a.source or "").read_bytes() for a in h.attachments}
