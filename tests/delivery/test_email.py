"""The e-mail connector against a real SMTP server on loopback, then into a real RT.

aiosmtpd receives the messages (STARTTLS + AUTH with a throw-away certificate, implicit
TLS, or a plain relay); the raw bytes it received are then fed to RT's own mail gateway
(``rt-mailgate --action comment``, as real-ticket-servers.md describes) and the
ticket is read back over REST2: the comment and the byte-identical files must be there.
"""

from __future__ import annotations

import argparse
import email
import io
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import keyring
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from keyring.backends import fail

from handoff.delivery import cli_args, commands
from handoff.delivery.connector import AuthError, Choice, ConnectionProfile, ConnectorError
from handoff.delivery.connectors import connect, needs_secret
from handoff.delivery.connectors.email import NotSupported
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox, OutboxItem, StepState
from handoff.delivery.plan import StepKind, note_marker
from handoff.delivery.poster import Poster
from handoff.model import Handoff
from tests.delivery.conftest import file_bytes
from tests.helpers.environment import require
from tests.helpers.rt_server import RtServer, free_port, read_comments, read_files

USER, PASSWORD = "agent1@example.com", "smtp-pass-123"
MAILGATE = "/usr/bin/rt-mailgate"
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"


@dataclass
class Mailbox:
    """What the SMTP server received, and how it should misbehave next."""

    messages: list[bytes] = field(default_factory=list)
    rcpt_reply: str = ""
    drop_after_data: int = 0

    def parsed(self) -> list[EmailMessage]:
        return [email.message_from_bytes(m, policy=default_policy) for m in self.messages]

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str,
        options: list[str],
    ) -> str:  # fmt: skip
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        content = envelope.original_content or b""
        self.messages.append(content)
        if self.drop_after_data > 0:  # stored, but the 250 never reaches the client
            self.drop_after_data -= 1
            if server.transport is not None:
                server.transport.abort()
        return "250 2.0.0 queued"


def _authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
                  auth_data: Any) -> AuthResult:  # fmt: skip
    ok = isinstance(auth_data, LoginPassword) and \
        (auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode())  # fmt: skip
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throw-away self-signed certificate for 127.0.0.1 (the openssl CLI)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


Smtp = Callable[..., tuple[Mailbox, int]]


@pytest.fixture
def smtp(certificate: tuple[Path, Path]) -> Iterator[Smtp]:
    """``smtp(security)`` starts an SMTP server on 127.0.0.1; ``(mailbox, port)``."""
    running: list[Controller] = []

    def start(security: str = "starttls") -> tuple[Mailbox, int]:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*certificate)
        mailbox, port = Mailbox(), free_port()
        options: dict[str, Any] = {"authenticator": _authenticate}
        if security == "starttls":
            options.update(tls_context=context, require_starttls=True, auth_required=True)
        elif security == "ssl":
            options.update(ssl_context=context, auth_require_tls=False)  # TLS from the start
        controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                                **(options if security != "none" else {}))  # fmt: skip
        controller.start()
        running.append(controller)
        return mailbox, port

    yield start
    for controller in running:
        controller.stop()


def _profile(port: int, cert: Path, **fields: str) -> ConnectionProfile:
    base = {"smtp_host": "127.0.0.1", "smtp_port": str(port), "smtp_security": "starttls",
            "smtp_cafile": str(cert), "from": USER, "to": "rt-comment@localhost",
            "queue": "rt.localhost",
            "ticket_url": "{url}/Ticket/Display.html?id={ticket}"}  # fmt: skip
    return ConnectionProfile(name="mail", kind="email", url="http://127.0.0.1:9",
                             fields={**base, **fields}, timeout_seconds=10)  # fmt: skip


def _post(outbox: Outbox, profile: ConnectionProfile, policy: RetryPolicy, item: str,
          secret: str = PASSWORD) -> OutboxItem:  # fmt: skip
    def factory(name: str) -> Any:
        return connect(profile, secret, policy=policy), profile

    return Poster(outbox, factory, policy=policy).post(item)


def _mailgate(rt: RtServer, raw: bytes) -> None:
    done = subprocess.run([MAILGATE, "--queue", "General", "--action", "comment",
                           "--url", f"{rt.url}/"], input=raw, capture_output=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode(errors="replace")


def _files(message: EmailMessage) -> dict[str, tuple[str, bytes]]:
    return {str(part.get_filename()): (part.get_content_type(), part.get_payload(decode=True))
            for part in message.iter_attachments()}  # fmt: skip


def _check_messages(mailbox: Mailbox, handoff: Handoff, ticket: str, note_id: str) -> None:
    """The note and one message per file: tokens, Message-IDs, parts byte for byte."""
    note, *files = mailbox.parsed()
    assert len(files) == 2
    assert all(m["Subject"].startswith(f"[rt.localhost #{ticket}] ") for m in mailbox.parsed())
    assert note["Message-ID"] == note_id == f"<handoff.{handoff.id}.note.t{ticket}@example.com>"
    assert note_marker(handoff.id) in note.get_content()
    assert all(f["In-Reply-To"] == note["Message-ID"] for f in files)
    assert all(f["Message-ID"].startswith(f"<handoff.{handoff.id}.file.") for f in files)
    sent = {name: body for f in files for name, (_, body) in _files(f).items()}
    assert sent == file_bytes(handoff)
    types = {n: t for f in files for n, (t, _) in _files(f).items()}
    assert types == {"vpn error.png": "image/png", "PanGPS.log": "text/plain"}


def test_a_handoff_goes_by_mail_and_rt_files_it_on_the_ticket(  # noqa: PLR0917 - pytest injects fixtures by name
    smtp: Smtp, certificate: tuple[Path, Path], rt: RtServer, ticket: str, outbox: Outbox,
    handoff: Handoff, policy: RetryPolicy,
) -> None:  # fmt: skip
    require(Path(MAILGATE).exists(), "rt-mailgate (request-tracker5) is not installed")
    mailbox, port = smtp("starttls")
    profile = _profile(port, certificate[0])
    item = outbox.add_draft(handoff, connection="mail", ticket_id=ticket)
    done = _post(outbox, profile, policy, item.id)

    by_kind = {s.kind: s for s in done.steps}
    assert [s.state for s in done.steps[:3]] == [StepState.DONE] * 3
    # What e-mail cannot do is left to the engineer, named, and the item still posts.
    assert done.state is ItemState.POSTED
    assert by_kind[StepKind.STATUS].state is StepState.MANUAL
    assert by_kind[StepKind.ASSIGN].state is StepState.MANUAL
    assert done.reason.startswith("to do by hand: status: ")
    assert "set the status in the PSA" in done.reason
    assert "assign the ticket in the PSA" in done.reason
    _check_messages(mailbox, handoff, ticket, done.steps[0].remote_id)

    for raw in mailbox.messages:
        _mailgate(rt, raw)
    comments = [c for c in read_comments(rt, ticket) if note_marker(handoff.id) in c]
    assert len(comments) == 1
    assert read_files(rt, ticket) == {n: [b] for n, b in file_bytes(handoff).items()}


def test_what_mail_cannot_do_is_said_not_skipped(
    certificate: tuple[Path, Path], outbox: Outbox, handoff: Handoff
) -> None:
    c = connect(_profile(9, certificate[0]), PASSWORD)
    for call in (lambda: c.statuses("12"), lambda: c.assignees("12"),
                 lambda: c.set_status("12", Choice(id="open", name="open")),
                 lambda: c.assign("12", Choice(id="agent1", name="Agent One")),
                 lambda: c.add_note("12", "hello", internal=False)):  # fmt: skip
        with pytest.raises(NotSupported, match="in the PSA"):
            call()
    assert c.notes("12") == [] and c.attachments("12") == [], "nothing to ask"
    assert c.fetch_ticket("12").url == "http://127.0.0.1:9/Ticket/Display.html?id=12"


def test_a_break_after_the_data_is_not_resent_by_itself(  # noqa: PLR0917 - pytest injects fixtures by name
    smtp: Smtp, certificate: tuple[Path, Path], outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, sleeps: list[float],
) -> None:  # fmt: skip
    mailbox, port = smtp("starttls")
    mailbox.drop_after_data = 1
    profile = _profile(port, certificate[0])
    item = outbox.add_draft(handoff, connection="mail", ticket_id="12")

    first = _post(outbox, profile, policy, item.id)
    assert first.state is ItemState.FAILED and "it may have arrived" in first.reason
    assert first.steps[0].state is StepState.FAILED and first.steps[0].sent
    assert len(mailbox.messages) == 1 and sleeps == []

    again = _post(outbox, profile, policy, item.id)  # the engineer checked, and retries
    ids = [m["Message-ID"] for m in mailbox.parsed()]
    assert again.steps[0].state is StepState.DONE
    assert ids[0] == ids[1], "the resend is recognisable: the same Message-ID"


@pytest.mark.parametrize(
    ("setup", "state", "reason"),
    [
        ({"rcpt_reply": "451 4.3.0 mailbox busy"}, ItemState.QUEUED, "451 4.3.0 mailbox busy"),
        ({"rcpt_reply": "550 5.1.1 no such user"}, ItemState.FAILED, "550 5.1.1 no such user"),
        ({"password": "wrong"}, ItemState.FAILED, "check the SMTP user and password"),
        ({"port": "closed"}, ItemState.QUEUED, "cannot reach the mail server 127.0.0.1"),
        ({"cafile": ""}, ItemState.FAILED, "the TLS certificate of 127.0.0.1 is not trusted"),
    ],
)  # fmt: skip
def test_refusals_keep_or_fail_the_item_with_the_servers_words(  # noqa: PLR0917 - pytest injects fixtures by name
    smtp: Smtp, certificate: tuple[Path, Path], outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, setup: dict[str, str], state: ItemState, reason: str,
) -> None:  # fmt: skip
    mailbox, port = smtp("starttls")
    mailbox.rcpt_reply = setup.get("rcpt_reply", "")
    if setup.get("port") == "closed":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    profile = _profile(port, Path(setup.get("cafile", str(certificate[0]))))
    if "cafile" in setup:
        profile.fields["smtp_cafile"] = ""
    item = outbox.add_draft(handoff, connection="mail", ticket_id="12")
    done = _post(outbox, profile, policy, item.id, secret=setup.get("password", PASSWORD))

    assert done.state is state and reason in done.reason
    assert PASSWORD not in done.reason and mailbox.messages == []


def test_implicit_tls_and_a_plain_relay_work_too(
    smtp: Smtp, certificate: tuple[Path, Path]
) -> None:
    _, tls_port = smtp("ssl")
    plain, relay_port = smtp("none")
    secure = connect(_profile(tls_port, certificate[0], smtp_security="ssl"), PASSWORD)
    relay = connect(_profile(relay_port, certificate[0], smtp_security="none",
                             smtp_auth="none"), "")  # fmt: skip

    assert secure.test() == (f"Connected to the mail server 127.0.0.1:{tls_port} (ssl) as "
                             f"{USER}; handoffs go to rt-comment@localhost")  # fmt: skip
    cleartext = connect(_profile(relay_port, certificate[0], smtp_security="none"), PASSWORD)
    with pytest.raises(ConnectorError, match="the SMTP password would go unencrypted"):
        cleartext.test()
    sent = relay.add_note("12", "[handoff:abc123] a note\n\nbody", internal=True)
    assert sent == "<handoff.abc123.note.t12@example.com>"
    assert plain.parsed()[0]["Subject"] == "[rt.localhost #12] [handoff:abc123] a note"


def test_bad_settings_are_one_line_errors(certificate: tuple[Path, Path]) -> None:
    missing = connect(ConnectionProfile(name="m", kind="email", url="http://x"), "pw")
    with pytest.raises(ConnectorError, match="lacks smtp_host, from, to"):
        missing.test()
    odd = connect(_profile(9, certificate[0], subject_format="[{queue} #{id}]"), "pw")
    with pytest.raises(ConnectorError, match=r"may use only \{queue\} and \{ticket\}"):
        odd.add_note("12", "text", internal=True)
    with pytest.raises(ConnectorError, match="not a ticket number"):
        odd.fetch_ticket("12 ] evil")
    no_ca = connect(_profile(9, certificate[0], smtp_cafile="/nonexistent/ca.pem"), "pw")
    with pytest.raises(ConnectorError, match=r"cannot use smtp_cafile /nonexistent/ca\.pem"):
        no_ca.test()
    assert not isinstance(AuthError("x"), NotSupported)


def test_a_cancel_before_a_file_goes_sends_nothing(
    smtp: Smtp, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    mailbox, port = smtp("starttls")
    c = connect(_profile(port, certificate[0]), PASSWORD)
    log = tmp_path / "x.log"
    log.write_text("x")
    stop = threading.Event()
    stop.set()
    with pytest.raises(ConnectorError, match="cancelled"):
        c.upload("12", log, "x.log", "text/plain", lambda d, t: None, stop)
    assert mailbox.messages == []


@pytest.fixture
def no_password_store() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.mark.usefixtures("data_dir", "no_password_store")
def test_a_relay_without_login_posts_without_ever_asking_for_a_secret(
    smtp: Smtp, package: Path, policy: RetryPolicy, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """``smtp_auth=none``: no password store, nothing on stdin, no terminal — it posts."""
    mailbox, port = smtp("none")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask

    def run(*argv: str) -> int:
        parser = argparse.ArgumentParser(prog="handoff")
        cli_args.register(parser.add_subparsers(dest="command"))
        return commands.run(parser.parse_args(list(argv)), policy=policy)

    fields = ["smtp_host=127.0.0.1", f"smtp_port={port}", "smtp_security=none",
              "smtp_auth=none", f"from={USER}", "to=rt-comment@localhost"]  # fmt: skip
    argv = ["connections", "add", "relay", "--kind", "email", "--url", "http://127.0.0.1:9"]
    assert run(*argv, *(a for f in fields for a in ("--field", f))) == 0
    capsys.readouterr()

    assert run("post", str(package), "--to", "relay", "--ticket", "12") == 0
    _out, err = capsys.readouterr()
    assert "secret" not in err, err
    messages = mailbox.parsed()  # the note, then the files if they did not fit in it
    assert messages and all("#12]" in m["Subject"] for m in messages)


def test_only_connections_that_log_in_need_a_secret(certificate: tuple[Path, Path]) -> None:
    assert not needs_secret(_profile(25, certificate[0], smtp_auth="none"))
    assert needs_secret(_profile(25, certificate[0]))
    assert needs_secret(ConnectionProfile(name="rt", kind="rt", url="http://127.0.0.1:9"))
