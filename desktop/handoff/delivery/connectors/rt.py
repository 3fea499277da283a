"""Request Tracker 5 over REST2 (``<url>/REST/2.0``), with an auth token.

Checked against Debian's RT 5.0.3 (see tests/delivery).  How each part of the
connector protocol maps onto REST2, and why:

* **Auth**: ``Authorization: token <token>`` (RT's own auth tokens; a user makes one
  under Settings -> Auth Tokens).  401/403 -> :class:`AuthError`.
* **Internal note** = ``POST /ticket/{id}/comment`` (a *comment* is never mailed to the
  requestor); **user reply** = ``POST /ticket/{id}/correspond``.  Plain text, with the
  marker line as the message Subject too.  RT answers ``201`` and
  ``Location: /REST/2.0/transaction/<id>``: that transaction is the remote id.
* **Attachments**: one comment per file, ``multipart/form-data`` with a ``JSON`` part
  and an ``Attachments`` part.  httpx streams the file from disk in 64 KiB chunks
  (progress and cancel between chunks), so memory stays flat on our side; RT itself
  buffers the upload and stores it in its database.  REST2 has no size limit of its
  own and RT 5 stores any size by default; ``$MaxAttachmentSize`` (10 MiB by default)
  only applies when ``$TruncateLongAttachments`` or ``$DropLongAttachments`` is set,
  and the database may cap a row (MySQL ``max_allowed_packet``).  So after every
  upload the stored size is read back: a truncated or dropped file raises
  :class:`TooLarge` instead of being reported as posted.  A text file that is not
  valid UTF-8 is sent as ``application/octet-stream``: RT re-encodes ``text/*``
  parts to UTF-8, which would change its bytes.
* **Status**: ``PUT /ticket/{id}`` ``{"Status": …}``.  REST2 answers 200 even when RT
  refused the change (the reason is in the message list), so the ticket is read
  back and a mismatch is an error with RT's own words.  The statuses offered are the
  ticket's current status plus the transitions its queue's lifecycle allows (REST2
  exposes them as ``lifecycle`` hyperlinks of the ticket), plus - for queues on RT's
  standard ``default`` lifecycle, which REST2 cannot list - that lifecycle's statuses
  new / open / stalled / resolved / rejected.  ``deleted`` is never offered.  Cached
  per connector.
* **Owner**: ``PUT /ticket/{id}`` ``{"Owner": name}`` (or ``{"Queue": id}`` for a
  queue), read back the same way.  Owners are the members of RT's Privileged group
  (only privileged users can hold OwnTicket; REST2 cannot query rights).  That needs a
  token allowed to see group membership; otherwise every enabled user is offered and
  RT itself refuses an owner without OwnTicket, which we report.  ``Nobody`` means
  unassigned ("next available tech").
* **Existing notes**: the ticket's history (transaction types) joined with its text
  bodies (``/ticket/{id}/attachments`` limited to ``text/plain`` parts without a
  file name) - two paged reads however long the ticket is.  **Existing attachments**:
  the same collection limited to parts with a file name.
* **@mention**: RT 5 has none; :meth:`RtConnector.mention` does nothing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from handoff.delivery.connector import (
    Choice,
    ConnectionProfile,
    ConnectorError,
    NotFound,
    Progress,
    RemoteAttachment,
    RemoteNote,
    RemoteTicket,
    TooLarge,
)
from handoff.delivery.connectors.uploads import UploadStream, is_utf8
from handoff.delivery.http import HttpClient

API = "/REST/2.0"
PER_PAGE = 100
MAX_PAGES = 50
DEFAULT_LIFECYCLE = ("new", "open", "stalled", "resolved", "rejected")
NOBODY = Choice(id="Nobody", name="Nobody (unassigned)", kind="member")
_NO_DATE = "1970-01-01T00:00:00Z"
_TEXT_BODIES = [{"field": "ContentType", "value": "text/plain"},
                {"field": "Filename", "operator": "IS", "value": "NULL"}]  # fmt: skip
_FILES = [{"field": "Filename", "operator": "IS NOT", "value": "NULL"}]


def _transaction_id(response: httpx.Response) -> str:
    location = response.headers.get("Location", "")
    return location.rstrip("/").rsplit("/", 1)[-1] if "/transaction/" in location else ""


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value or value == _NO_DATE:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class RtConnector:
    """Request Tracker 5 (REST2)."""

    kind: ClassVar[str] = "rt"
    max_attachment_bytes: ClassVar[int | None] = None
    """No REST2 limit; the stored size is checked after each upload (see above)."""
    profile_fields: ClassVar[dict[str, str]] = {}
    """RT needs nothing beyond the URL and the token: the ticket says its own queue."""
    secret_label: ClassVar[str] = "API token"  # noqa: S105 - its name, not a secret

    def __init__(self, profile: ConnectionProfile, secret: str, client: HttpClient) -> None:
        self.profile = profile
        self.client = client
        client.headers["Authorization"] = f"token {secret}"
        self._lifecycles: dict[str, str] = {}
        self._members: list[Choice] | None = None

    def close(self) -> None:
        self.client.close()

    # -- plumbing ------------------------------------------------------------------

    def _get(self, path: str, **params: Any) -> Any:
        return self.client.json("GET", API + path, params=params or None)

    def _pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a paged REST2 collection (bounded)."""
        for page in range(1, MAX_PAGES + 1):
            data = self._get(path, per_page=PER_PAGE, page=page, **params)
            yield from data.get("items") or []
            if page >= int(data.get("pages") or 1):
                return

    @staticmethod
    def _check_id(ticket_id: str) -> str:
        ticket_id = ticket_id.strip().lstrip("#")
        if not ticket_id.isdigit():
            raise NotFound(f"RT ticket numbers are digits: {ticket_id!r} is not one")
        return ticket_id

    def _ticket_data(self, ticket_id: str) -> dict[str, Any]:
        data: dict[str, Any] = self._get(f"/ticket/{self._check_id(ticket_id)}")
        return data

    def _put(self, ticket_id: str, body: dict[str, str]) -> list[str]:
        path = f"{API}/ticket/{self._check_id(ticket_id)}"
        answer = self.client.json("PUT", path, json=body)
        return [str(m) for m in answer] if isinstance(answer, list) else []

    # -- reading -----------------------------------------------------------------------

    def test(self) -> str:
        version = self._get("/rt").get("Version", "?")
        return f"Connected to Request Tracker {version} at {self.profile.url}"

    def fetch_ticket(self, ticket_id: str) -> RemoteTicket:
        data = self._ticket_data(ticket_id)
        owner = (data.get("Owner") or {}).get("id", "")
        requestors = [r.get("id", "") for r in data.get("Requestor") or []]
        return RemoteTicket(
            id=str(data["id"]), title=str(data.get("Subject") or ""),
            contact=", ".join(r for r in requestors if r),
            status=Choice(id=data["Status"], name=data["Status"], kind="status"),
            assignee=Choice(id=owner, name=owner, kind="member") if owner else None,
            priority=str(data.get("Priority") or ""), sla_due=_date(data.get("Due")),
            url=f"{self.profile.url}/Ticket/Display.html?id={data['id']}",
        )  # fmt: skip

    def _lifecycle(self, queue_id: str) -> str:
        if queue_id not in self._lifecycles:
            self._lifecycles[queue_id] = str(self._get(f"/queue/{queue_id}").get("Lifecycle", ""))
        return self._lifecycles[queue_id]

    def statuses(self, ticket_id: str) -> list[Choice]:
        data = self._ticket_data(ticket_id)
        names = [str(data["Status"])]
        names += [str(link["to"]) for link in data.get("_hyperlinks") or []
                  if link.get("ref") == "lifecycle" and link.get("to")]  # fmt: skip
        if self._lifecycle(str(data["Queue"]["id"])) == "default":
            names = [*DEFAULT_LIFECYCLE, *names]
        unique = dict.fromkeys(n for n in names if n != "deleted")
        return [Choice(id=name, name=name, kind="status") for name in unique]

    def _privileged_members(self) -> list[Choice]:
        query = json.dumps([{"field": "Domain", "value": "SystemInternal"},
                            {"field": "Name", "value": "Privileged"}])  # fmt: skip
        groups = self._get("/groups", query=query).get("items") or []
        if not groups:
            raise NotFound("RT has no Privileged group")
        path = f"/group/{groups[0]['id']}/members"
        ids = [m["id"] for m in self._pages(path, users=1, groups=0, recursively=1)]
        users = [self._get(f"/user/{user_id}") for user_id in ids]
        return [_member(u) for u in users if not int(u.get("Disabled") or 0)]

    def _all_users(self) -> list[Choice]:
        fields = "Name,RealName,EmailAddress,Disabled"
        system = ("RT_System", "Nobody")
        users = self._pages("/users", fields=fields)
        return [_member(u) for u in users if u.get("Name") not in system and not u.get("Disabled")]

    def assignees(self, ticket_id: str) -> list[Choice]:
        self._check_id(ticket_id)
        if self._members is None:
            try:
                self._members = self._privileged_members()
            except ConnectorError as exc:
                if exc.status not in (401, 403, 404) and not isinstance(exc, NotFound):
                    raise
                self._members = self._all_users()
        queues = [Choice(id=str(q["id"]), name=f"{q['Name']} (queue)", kind="queue")
                  for q in self._pages("/queues/all", fields="Name")]  # fmt: skip
        return [NOBODY, *sorted(self._members, key=lambda c: c.name.casefold()), *queues]

    def notes(self, ticket_id: str) -> list[RemoteNote]:
        ticket_id = self._check_id(ticket_id)
        kinds = {str(t["id"]): str(t.get("Type", ""))
                 for t in self._pages(f"/ticket/{ticket_id}/history", fields="Type")}  # fmt: skip
        texts: dict[str, str] = {}
        fields, query = "TransactionId,Subject,Content", json.dumps(_TEXT_BODIES)
        for body in self._pages(f"/ticket/{ticket_id}/attachments", query=query, fields=fields):
            txn = str(body.get("TransactionId", ""))
            subject, content = str(body.get("Subject") or ""), str(body.get("Content") or "")
            text = content if subject.strip() in content else f"{subject}\n{content}"
            texts[txn] = texts.get(txn, "") + text
        return [RemoteNote(id=txn, text=text, internal=kinds.get(txn) == "Comment")
                for txn, text in texts.items()
                if kinds.get(txn) in ("Comment", "Correspond", "Create")]  # fmt: skip

    def attachments(self, ticket_id: str) -> list[RemoteAttachment]:
        ticket_id = self._check_id(ticket_id)
        items = self._pages(f"/ticket/{ticket_id}/attachments", query=json.dumps(_FILES),
                            fields="Filename,ContentLength")  # fmt: skip
        return [RemoteAttachment(id=str(a["id"]), name=a["Filename"],
                                 size=int(a["ContentLength"]) if a.get("ContentLength") else None)
                for a in items if a.get("Filename")]  # fmt: skip

    # -- writing -------------------------------------------------------------------------

    def add_note(self, ticket_id: str, text: str, *, internal: bool) -> str:
        action = "comment" if internal else "correspond"
        subject = text.strip().splitlines()[0][:200] if text.strip() else ""
        body = {"Content": text, "ContentType": "text/plain"}
        if internal and subject:  # a reply's Subject would be mailed to the user
            body["Subject"] = subject
        path = f"{API}/ticket/{self._check_id(ticket_id)}/{action}"
        return _transaction_id(self.client.request("POST", path, json=body))

    def upload(  # noqa: PLR0917 - signature fixed by docs/delivery.md
        self, ticket_id: str, path: Path, name: str, media_type: str,
        progress: Progress, cancel: threading.Event,
    ) -> str:  # fmt: skip
        url = f"{API}/ticket/{self._check_id(ticket_id)}/comment"
        size = path.stat().st_size
        if media_type.startswith("text/") and not is_utf8(path):
            media_type = "application/octet-stream"
        note = {"Content": f"Handoff attachment: {name}", "ContentType": "text/plain",
                "Subject": f"Handoff attachment: {name}"}  # fmt: skip
        with path.open("rb") as raw:
            stream = UploadStream(raw, size, progress, cancel)
            files = [("JSON", (None, json.dumps(note), "application/json")),
                     ("Attachments", (name, stream, media_type))]  # fmt: skip
            response = self.client.request("POST", url, files=files, cancel=cancel)
        return self._stored(_transaction_id(response), name, size)

    def _stored(self, txn: str, name: str, size: int) -> str:
        """The stored attachment's id, after checking RT kept every byte."""
        parts = self._pages(f"/transaction/{txn}/attachments", fields="Filename,ContentLength")
        for part in parts:
            if part.get("Filename") == name:
                stored = int(part.get("ContentLength") or 0)
                if stored != size:
                    raise TooLarge(
                        f"RT kept only {stored} of {size} bytes of {name}: its "
                        "MaxAttachmentSize / TruncateLongAttachments settings cut it"
                    )
                return str(part["id"])
        raise TooLarge(f"RT dropped {name} (over its MaxAttachmentSize with DropLongAttachments)")

    def set_status(self, ticket_id: str, status: Choice) -> None:
        messages = self._put(ticket_id, {"Status": status.id})
        now = self._ticket_data(ticket_id).get("Status")
        if now != status.id:
            raise ConnectorError(f"RT did not set the status to {status.name}: "
                                 + ("; ".join(messages) or f"it is still {now}"))  # fmt: skip

    def assign(self, ticket_id: str, assignee: Choice) -> None:
        field = "Queue" if assignee.kind == "queue" else "Owner"
        messages = self._put(ticket_id, {field: assignee.id})
        now = str((self._ticket_data(ticket_id).get(field) or {}).get("id", ""))
        if now != assignee.id:
            raise ConnectorError(f"RT did not give the ticket to {assignee.name}: "
                                 + ("; ".join(messages) or f"it is still {now}"))  # fmt: skip

    def mention(self, ticket_id: str, handle: str, text: str) -> None:
        """RT 5 has no @mentions: nothing to do (the note names the assignee)."""


def _member(user: dict[str, Any]) -> Choice:
    name = str(user.get("Name") or user.get("id"))
    real = str(user.get("RealName") or "")
    return Choice(id=name, name=f"{real} ({name})" if real else name, kind="member")
