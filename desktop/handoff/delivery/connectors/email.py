"""E-mail to ticket: the fallback for a PSA Handoff has no connector for.

Every PSA turns mail whose Subject carries a ticket's token into an update of that
ticket (/work/shared/reference/ticket-systems.md section 11).  This connector sends each
posting step as one message over SMTP (``smtplib``):

* **Where**: fields ``smtp_host``, ``smtp_port`` (default 587, 465 for ``ssl``, 25 for
  ``none``), ``smtp_security`` = ``starttls`` (default) | ``ssl`` | ``none``,
  ``smtp_user`` (default: the sender), ``smtp_cafile`` (a private CA to trust), ``from``
  (the engineer's address: PSAs treat mail from an agent's address as an agent update),
  ``to`` (the PSA's intake address for *internal* updates, such as RT's comment address)
  and optionally ``reply_to`` (the address whose mail the PSA sends on to the user, such
  as RT's correspond address).  The secret is the SMTP password; AUTH is skipped when it
  is empty or ``smtp_auth=none`` (a relay that trusts the network).  The profile URL is the
  PSA's web address; with ``ticket_url`` (``{url}/Ticket/Display.html?id={ticket}``) the
  posted item links to the ticket.
* **Subject**: the token exactly as the PSA renders it, from ``subject_format`` (default
  ``[{queue} #{ticket}]`` with the field ``queue``: RT's ``[rt.localhost #12]``; Halo's
  ``[ID:{ticket}]``; Autotask's ``{ticket}`` for ``T20240115.0042``), then the note's
  first line, or the file's name - so no two messages of one handoff share a Subject
  (Autotask drops same-sender same-subject mail within 5 minutes as a loop).
* **Message-ID** names the handoff, the ticket and the part
  (``<handoff.<handoff id>.note.t12@domain>``, ``…file.<digest>…``), the same on every
  resend, so a resend is recognisable - and dropped by systems that de-duplicate on it.
  File messages point at the note (``In-Reply-To``) for systems that thread by headers.
* **Attachments**: one message per file (the poster records each step on its own):
  a text part and the file as a base64 MIME part with its explicit content type (text
  files that are not UTF-8 go as ``application/octet-stream`` so no gateway re-encodes
  them).  :data:`MAX_FILE_BYTES` per file keeps a message under the 25 MB that mail
  servers commonly take, base64 included; a server's ``552`` is :class:`TooLarge`.
* **Not possible by e-mail**: setting the status or the owner, and reading the ticket back.
  The status and assignment steps raise :class:`NotSupported` ("not supported by e-mail:
  … in the PSA"), so the outbox item says what is left to do by hand instead of
  pretending; :meth:`EmailConnector.notes` and :meth:`~EmailConnector.attachments` are
  empty (there is nothing to ask).
* **Duplicates**: a step counts as done when the server answered the end of DATA with
  250 - the outbox records that.  Refusals before that point (4xx: retry later; 5xx:
  failed) never deliver anything.  If the connection breaks *after* the message went
  out and before the 250, the message may or may not have arrived and nothing can tell:
  it is **not** sent again by itself - the step fails with that reason and the engineer
  checks the ticket; ``handoff outbox retry`` then sends it again with the same
  Message-ID.  The same holds after a crash between the 250 and the outbox write
  (milliseconds): the resend is one recognisable duplicate at worst.
"""

from __future__ import annotations

import hashlib
import json
import re
import smtplib
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path
from typing import ClassVar

from handoff.delivery.connector import (
    AuthError,
    Cancelled,
    Choice,
    ConnectionProfile,
    ConnectorError,
    ManualStep,
    NotFound,
    Offline,
    Progress,
    RemoteAttachment,
    RemoteNote,
    RemoteTicket,
    TooLarge,
)
from handoff.delivery.connectors.uploads import is_utf8
from handoff.delivery.http import HttpClient

MAX_FILE_BYTES = 18 * 1024 * 1024
DEFAULT_SUBJECT = "[{queue} #{ticket}]"
_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_MARKER = re.compile(r"\[handoff(?:-reply|-mention)?:([A-Za-z0-9]+)\]")
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


class NotSupported(ManualStep):
    """Something e-mail cannot do; the engineer must do it in the PSA by hand."""


@dataclass(frozen=True)
class _Settings:
    host: str
    port: int
    security: str
    user: str
    sender: str
    to: str
    reply_to: str
    subject_format: str
    queue: str
    ticket_url: str
    cafile: str
    auth: bool
    timeout: float

    @classmethod
    def of(cls, profile: ConnectionProfile) -> _Settings:
        f = {k: v.strip() for k, v in profile.fields.items()}
        security = f.get("smtp_security", "starttls").lower() or "starttls"
        port = f.get("smtp_port", "")
        return cls(
            host=f.get("smtp_host", ""), security=security,
            port=int(port) if port.isdigit() else _PORTS.get(security, 587),
            user=f.get("smtp_user") or f.get("from", ""), sender=f.get("from", ""),
            to=f.get("to", ""), reply_to=f.get("reply_to", ""),
            subject_format=f.get("subject_format") or DEFAULT_SUBJECT, queue=f.get("queue", ""),
            ticket_url=f.get("ticket_url", ""), cafile=f.get("smtp_cafile", ""),
            auth=f.get("smtp_auth", "").lower() != "none", timeout=profile.timeout_seconds,
        )  # fmt: skip

    def problem(self) -> str:
        """What is missing for sending at all ("" when nothing is)."""
        missing = [n for n, v in (("smtp_host", self.host), ("from", self.sender),
                                  ("to", self.to)) if not v]  # fmt: skip
        if self.security not in _PORTS:
            return f"smtp_security must be starttls, ssl or none, not {self.security!r}"
        return f"the e-mail connection lacks {', '.join(missing)}" if missing else ""

    @property
    def domain(self) -> str:
        return _UNSAFE.sub("", self.sender.rpartition("@")[2]) or "handoff.invalid"


def _smtp_refusal(exc: smtplib.SMTPResponseException, host: str, what: str) -> ConnectorError:
    """A reply code that refused the message: nothing was delivered."""
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
        else str(exc.smtp_error)  # fmt: skip
    line = f"{host} refused {what} ({exc.smtp_code} {' '.join(text.split())[:200]})"
    if exc.smtp_code in (530, 534, 535, 538):
        return AuthError(f"{line}: check the SMTP user and password in Settings")
    if exc.smtp_code == 552:
        return TooLarge(line)
    return ConnectorError(line, retryable=400 <= exc.smtp_code < 500, status=exc.smtp_code)


def _connect_error(exc: OSError, host: str) -> ConnectorError:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ConnectorError(f"the TLS certificate of {host} is not trusted: "
                              f"{exc.verify_message or exc}")  # fmt: skip
    if isinstance(exc, ssl.SSLError):
        return ConnectorError(f"TLS with {host} failed: {exc.reason or exc}")
    if isinstance(exc, socket.gaierror):
        return Offline(f"cannot find {host} (DNS lookup failed): offline or a wrong host")
    return Offline(f"cannot reach the mail server {host}: {exc.strerror or exc}")


def _handoff_id_of(path: Path) -> str:
    """The handoff an outbox file copy belongs to (``<outbox>/<item>/<file>`` beside
    ``<outbox>/<item>.json``), or "" for a file outside an outbox."""
    try:
        item = json.loads(path.parent.with_suffix(".json").read_bytes())
        return str(item["handoff"]["id"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


class EmailConnector:
    """E-mail to ticket over SMTP (any PSA with a mail gateway)."""

    kind: ClassVar[str] = "email"
    max_attachment_bytes: ClassVar[int | None] = MAX_FILE_BYTES
    profile_fields: ClassVar[dict[str, str]] = {
        "smtp_host": "SMTP server",
        "smtp_port": "SMTP port (optional)",
        "smtp_security": "SMTP security: starttls, ssl or none (optional)",
        "smtp_user": "SMTP user (optional: the sender)",
        "smtp_auth": "SMTP login (optional: none skips it)",
        "smtp_cafile": "Private CA file (optional)",
        "from": "From: your address",
        "to": "To: the PSA's address for internal notes",
        "reply_to": "Reply-to: the PSA's address for replies (optional)",
        "queue": "Queue in the subject (optional)",
        "subject_format": "Subject token (optional: [{queue} #{ticket}])",
        "ticket_url": "Ticket link (optional: {url}/…?id={ticket})",
    }
    secret_label: ClassVar[str] = "SMTP password"  # noqa: S105 - its name, not a secret

    @classmethod
    def needs_secret(cls, profile: ConnectionProfile) -> bool:
        """No password for a relay that trusts the network (``smtp_auth=none``)."""
        return _Settings.of(profile).auth

    def __init__(self, profile: ConnectionProfile, secret: str, client: HttpClient) -> None:
        self.profile, self.secret = profile, secret
        self.settings = _Settings.of(profile)
        self._http = client  # unused: connect() builds one for every kind

    def close(self) -> None:
        self._http.close()

    # -- SMTP ------------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[smtplib.SMTP]:
        """A connected, secured and logged-in SMTP session; nothing sent yet."""
        s = self.settings
        if problem := s.problem():
            raise ConnectorError(f"{problem}: set it in Settings (or --field KEY=VALUE)")
        context = self._tls_context()
        smtp: smtplib.SMTP
        try:
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        except OSError as exc:
            raise _connect_error(exc, s.host) from None
        try:
            self._greet(smtp, context)
            yield smtp
        finally:
            with suppress(OSError, smtplib.SMTPException):
                smtp.quit()
            smtp.close()

    def _tls_context(self) -> ssl.SSLContext:
        cafile = self.settings.cafile
        try:
            return ssl.create_default_context(cafile=cafile or None)
        except (OSError, ssl.SSLError) as exc:
            raise ConnectorError(f"cannot use smtp_cafile {cafile}: {exc}") from None

    def _greet(self, smtp: smtplib.SMTP, context: ssl.SSLContext) -> None:
        s = self.settings
        try:
            smtp.ehlo()
            if s.security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.auth and self.secret:
                if s.security == "none":
                    raise ConnectorError(
                        "the SMTP password would go unencrypted: use smtp_security "
                        "starttls or ssl (or smtp_auth=none)"
                    )
                smtp.login(s.user, self.secret)
        except smtplib.SMTPNotSupportedError:
            raise ConnectorError(f"{s.host} does not offer STARTTLS / AUTH: check "
                                 "smtp_security in Settings") from None  # fmt: skip
        except smtplib.SMTPResponseException as exc:
            raise _smtp_refusal(exc, s.host, "the login") from None
        except (OSError, smtplib.SMTPServerDisconnected) as exc:
            error = exc if isinstance(exc, OSError) else OSError(str(exc))
            raise _connect_error(error, s.host) from None

    def _send(self, message: EmailMessage) -> str:
        """Send ``message``; its Message-ID once the server answered 250 to its data."""
        s, data = self.settings, message.as_bytes(policy=policy.SMTP)
        mid = str(message["Message-ID"])
        with self._session() as smtp:
            try:
                options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
                self._expect(smtp.mail(s.sender, options), (250,), "the sender")
                self._expect(smtp.rcpt(str(message["To"])), (250, 251), "the recipient")
            except smtplib.SMTPResponseException as exc:  # an OSError too: first
                raise _smtp_refusal(exc, s.host, "the message") from None
            except OSError as exc:  # dropped before DATA: nothing was delivered
                raise _connect_error(exc, s.host) from None
            self._data(smtp, data, mid)
        return mid

    @staticmethod
    def _expect(reply: tuple[int, bytes], codes: tuple[int, ...], what: str) -> None:
        if reply[0] not in codes:
            raise smtplib.SMTPResponseException(reply[0], reply[1] + f" ({what})".encode())

    def _data(self, smtp: smtplib.SMTP, data: bytes, mid: str) -> None:
        """DATA: a refusal delivered nothing; a break after sending leaves it unknown."""
        host = self.settings.host
        try:
            code, reply = smtp.data(data)
        except smtplib.SMTPResponseException as exc:  # DATA itself refused: nothing sent
            raise _smtp_refusal(exc, host, "the message") from None
        except (OSError, smtplib.SMTPServerDisconnected):
            raise ConnectorError(
                f"the connection to {host} broke after the message was sent: it may have "
                f"arrived. Check the ticket; 'handoff outbox retry' sends it again with the "
                f"same Message-ID {mid}",
            ) from None  # fmt: skip
        if code != 250:
            raise _smtp_refusal(smtplib.SMTPResponseException(code, reply), host, "the message")

    # -- building messages ----------------------------------------------------------------

    def _check_ticket(self, ticket_id: str) -> str:
        ticket = ticket_id.strip().lstrip("#")
        if not ticket or any(c.isspace() or c in "[]<>" for c in ticket):
            raise NotFound(f"{ticket_id!r} is not a ticket number a Subject can carry")
        return ticket

    def _subject(self, ticket: str, rest: str) -> str:
        s = self.settings
        try:
            token = s.subject_format.format(queue=s.queue, ticket=ticket)
        except (KeyError, IndexError, ValueError):
            raise ConnectorError(f"subject_format {s.subject_format!r} may use only {{queue}} "
                                 "and {ticket}") from None  # fmt: skip
        return " ".join(f"{token} {rest}".split())[:250]

    def _message_id(self, hid: str, part: str, ticket: str) -> str:
        hid_part = f"handoff.{_UNSAFE.sub('', hid)}" if hid else "handoff"
        return f"<{hid_part}.{part}.t{_UNSAFE.sub('-', ticket)}@{self.settings.domain}>"

    def _message(self, ticket: str, subject: str, text: str, *, to: str) -> EmailMessage:
        message = EmailMessage(policy=policy.SMTP)
        message["From"], message["To"] = self.settings.sender, to
        message["Subject"] = self._subject(ticket, subject)
        message["Date"] = formatdate(usegmt=True)
        message.set_content(text, charset="utf-8", cte="quoted-printable")
        return message

    # -- the connector protocol ------------------------------------------------------------

    def test(self) -> str:
        s = self.settings
        with self._session() as smtp:
            smtp.noop()
        who = f" as {s.user}" if s.auth and self.secret else ""
        return (f"Connected to the mail server {s.host}:{s.port} ({s.security}){who}; "
                f"handoffs go to {s.to}")  # fmt: skip

    def fetch_ticket(self, ticket_id: str) -> RemoteTicket:
        """Only what we know: mail cannot read a ticket (nothing is asked)."""
        ticket = self._check_ticket(ticket_id)
        url = self.settings.ticket_url
        link = url.format(url=self.profile.url.rstrip("/"), ticket=ticket) if url else ""
        return RemoteTicket(id=ticket, url=link)

    def statuses(self, ticket_id: str) -> list[Choice]:
        raise NotSupported("not supported by e-mail: set the status in the PSA")

    def assignees(self, ticket_id: str) -> list[Choice]:
        raise NotSupported("not supported by e-mail: assign the ticket in the PSA")

    def notes(self, ticket_id: str) -> list[RemoteNote]:
        """Mail cannot read the ticket back: nothing is known to be there."""
        return []

    def attachments(self, ticket_id: str) -> list[RemoteAttachment]:
        """Mail cannot read the ticket back: nothing is known to be there."""
        return []

    def add_note(self, ticket_id: str, text: str, *, internal: bool) -> str:
        """The note to the internal intake address; a reply to the reply address."""
        ticket, s = self._check_ticket(ticket_id), self.settings
        to = s.to if internal else s.reply_to
        if not to:
            raise NotSupported("not supported by this e-mail connection (no reply_to "
                               "address): reply to the user in the PSA")  # fmt: skip
        found = _MARKER.search(text)
        first = (text.strip().splitlines() or ["Handoff"])[0]
        subject = first if internal else "Update on your request"
        message = self._message(ticket, subject, text, to=to)
        hid = found.group(1) if found else ""
        message["Message-ID"] = self._message_id(hid, "note" if internal else "reply", ticket)
        if found:
            message["X-Handoff-Id"] = found.group(1)
        return self._send(message)

    def upload(  # noqa: PLR0917 - signature fixed by docs/delivery.md
        self, ticket_id: str, path: Path, name: str, media_type: str,
        progress: Progress, cancel: threading.Event,
    ) -> str:  # fmt: skip
        ticket, size = self._check_ticket(ticket_id), path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES / 2**20
            raise TooLarge(f"{name} is {size / 2**20:.1f} MiB; by e-mail at most "
                           f"{limit:.0f} MiB per file: zip or split it")  # fmt: skip
        if cancel.is_set():
            raise Cancelled("upload cancelled")
        hid, data = _handoff_id_of(path), path.read_bytes()
        digest = hashlib.sha256(name.encode() + b"\0" + data).hexdigest()[:16]
        text = f"Handoff attachment: {name} ({size} bytes)\n"
        message = self._message(ticket, f"Handoff attachment: {name}", text, to=self.settings.to)
        message["Message-ID"] = self._message_id(hid, f"file.{digest}", ticket)
        if hid:
            message["X-Handoff-Id"] = hid
            message["In-Reply-To"] = self._message_id(hid, "note", ticket)
        self._attach(message, path, name, media_type, data)
        progress(0, size)
        sent = self._send(message)
        progress(size, size)
        return sent

    @staticmethod
    def _attach(message: EmailMessage, path: Path, name: str, media_type: str,
                data: bytes) -> None:  # fmt: skip
        """The file as a base64 part with an explicit type (UTF-8 text says its charset)."""
        maintype, _, subtype = media_type.partition("/")
        params: dict[str, str] = {}
        if maintype == "text" and is_utf8(path):
            params["charset"] = "utf-8"
        elif maintype == "text" or not subtype:
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name,
                               cte="base64", params=params)  # fmt: skip

    def set_status(self, ticket_id: str, status: Choice) -> None:
        raise NotSupported(f"not supported by e-mail: set the status to {status.name} in the PSA")

    def assign(self, ticket_id: str, assignee: Choice) -> None:
        raise NotSupported(f"not supported by e-mail: give the ticket to {assignee.name} "
                           "in the PSA")  # fmt: skip

    def mention(self, ticket_id: str, handle: str, text: str) -> None:
        """Mail has no @mentions: nothing to do (the note names the assignee)."""
