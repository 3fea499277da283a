"""ConnectWise PSA (Manage) over REST API 3.0, with an API member key pair.

Follows /work/shared/reference/ticket-systems.md section 3.  How the connector protocol
maps onto ConnectWise, and why:

* **Where**: ``https://{host}/{codebase}apis/3.0/``.  The codebase (``v4_6_release/``
  or a versioned one) differs per company and moves with upgrades, so unless the profile
  names it (field ``codebase``, or a URL that already ends in ``apis/3.0``) it is asked
  once from the unauthenticated ``GET /login/companyinfo/{companyId}`` (``Codebase``).
* **Auth**: HTTP Basic ``{companyId}+{publicKey}:{privateKey}`` (profile fields
  ``company_id`` and ``public_key``; the private key is the secret) **plus** the
  mandatory ``clientId`` header (field ``client_id``) that ConnectWise issues per
  integration.  Both travel as per-request headers, so the company-info lookup goes out
  without credentials.
* **Internal note** = ``POST /service/tickets/{id}/notes`` with
  ``internalAnalysisFlag: true``, ``detailDescriptionFlag: false`` and
  ``processNotifications: false`` - an internal note with notifications on has been seen
  to e-mail the contact.  **User reply** = a Discussion note: ``detailDescriptionFlag:
  true`` with ``processNotifications: true`` (the board's rules send the e-mail).
* **Attachments**: ``POST /system/documents`` as ``multipart/form-data`` (``recordType=
  Ticket``, ``recordId``, ``title``, ``privateFlag``, ``readOnlyFlag`` and the ``file``
  part).  The file part is streamed from disk as raw bytes - string-encoding binary bodies
  is the known way to corrupt uploads there.  Existing files (duplicate check) come from
  ``GET /system/documents?recordType=Ticket&recordId={id}``.  ConnectWise documents no
  size limit; a 413 becomes :class:`TooLarge`.
* **Status / owner / board**: JSON-Patch ``PATCH /service/tickets/{id}`` with
  ``[{"op": "replace", "path": "status", "value": {"id": …}}]``.  Statuses belong to a
  board (``GET /service/boards/{boardId}/statuses``), so they are read for the ticket's
  own board; moving the ticket to another board (a "queue") sends, in the same patch, the
  status of the same name on the target board (else its default), because statuses do
  not carry across boards.  A replace is idempotent, so a 5xx on it is simply retried.
* **Members and queues**: active ``/system/members`` and active ``/service/boards``.
* **Paging**: ``page`` (1-based) and ``pageSize``; a short page is the last one.
* **Throttling**: no published limit; the cloud edge answers 429 and the shared
  :class:`~handoff.delivery.http.HttpClient` waits (``Retry-After``) and retries, like 5xx
  on reads.
* **@mention**: ConnectWise has none; :meth:`ConnectWiseConnector.mention` does nothing.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from handoff import applog
from handoff.delivery.connector import (
    Choice,
    ConnectionProfile,
    ConnectorError,
    NotFound,
    Progress,
    RemoteAttachment,
    RemoteNote,
    RemoteTicket,
)
from handoff.delivery.connectors.uploads import UploadStream
from handoff.delivery.http import HttpClient

API = "apis/3.0"
PAGE_SIZE = 250
MAX_PAGES = 40
REQUIRED_FIELDS = ("company_id", "public_key", "client_id")
TICKET_FIELDS = "id,summary,board,status,owner,company,contact,priority,requiredDate"
Patch = list[dict[str, Any]]


def _int_id(value: str, what: str) -> int:
    value = value.strip().lstrip("#")
    if not value.isdigit():
        raise NotFound(f"ConnectWise {what} ids are numbers: {value!r} is not one")
    return int(value)


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _name(ref: object, *keys: str) -> str:
    """The display name of a ConnectWise reference object (``{"id": 1, "name": …}``)."""
    if not isinstance(ref, dict):
        return ""
    return next((str(ref[k]) for k in keys if ref.get(k)), "")


def _member(data: dict[str, Any]) -> Choice:
    full = " ".join(str(data.get(k) or "") for k in ("firstName", "lastName")).strip()
    ident = str(data.get("identifier") or data["id"])
    return Choice(id=str(data["id"]), name=f"{full} ({ident})" if full else ident, kind="member")


def _replace(path: str, ref_id: int) -> dict[str, Any]:
    return {"op": "replace", "path": path, "value": {"id": ref_id}}


class ConnectWiseConnector:
    """ConnectWise PSA (REST API 3.0)."""

    kind: ClassVar[str] = "connectwise"
    max_attachment_bytes: ClassVar[int | None] = None
    """Not documented by ConnectWise; a 413 from the server is reported as TooLarge."""
    profile_fields: ClassVar[dict[str, str]] = {
        "company_id": "Company ID",
        "public_key": "Public key",
        "client_id": "Client ID",
        "codebase": "Codebase (optional)",
    }
    secret_label: ClassVar[str] = "Private key"  # noqa: S105 - its name, not a secret

    def __init__(self, profile: ConnectionProfile, secret: str, client: HttpClient) -> None:
        self.profile = profile
        self.client = client
        fields = {k: v.strip() for k, v in profile.fields.items()}
        self._missing = [name for name in REQUIRED_FIELDS if not fields.get(name)]
        self.company = fields.get("company_id", "")
        user = f"{self.company}+{fields.get('public_key', '')}"
        basic = base64.b64encode(f"{user}:{secret}".encode()).decode("ascii")
        applog.register_secret(basic)
        applog.register_secret(fields.get("client_id"))
        self._auth = {"Authorization": f"Basic {basic}", "clientId": fields.get("client_id", ""),
                      "Accept": "application/json"}  # fmt: skip
        self._codebase = fields.get("codebase", "").strip("/")
        self._prefix: str | None = self._known_prefix()
        self._board_statuses: dict[int, list[dict[str, Any]]] = {}
        self._members: list[Choice] | None = None

    def close(self) -> None:
        self.client.close()

    # -- plumbing ------------------------------------------------------------------

    def _known_prefix(self) -> str | None:
        """The API path when the profile says it (a URL ending in apis/3.0, or a codebase)."""
        if urlsplit(self.profile.url).path.rstrip("/").endswith(API):
            return ""  # the client's base URL is the API root already
        return f"/{self._codebase}/{API}" if self._codebase else None

    def _api(self) -> str:
        """The API path prefix, asking ConnectWise for the company's codebase once."""
        if self._missing:
            raise ConnectorError(
                "the ConnectWise connection lacks " + ", ".join(self._missing)
                + ": add them in Settings (or --field KEY=VALUE)"
            )  # fmt: skip
        if self._prefix is None:
            path = f"/login/companyinfo/{self.company}"
            info = self.client.json("GET", path, headers={"Accept": "application/json"})
            codebase = str((info or {}).get("Codebase") or "").strip("/")
            if not codebase:
                raise NotFound(
                    f"ConnectWise knows no company {self.company!r} at {self.profile.url}: "
                    "check company_id (or set the codebase field)"
                )
            self._codebase, self._prefix = codebase, f"/{codebase}/{API}"
        return self._prefix

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.client.json(method, self._api() + path, headers=self._auth, **kwargs)

    def _pages(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a paged list (bounded): a page shorter than pageSize is the last."""
        for page in range(1, MAX_PAGES + 1):
            batch = self._call("GET", path, params={**params, "page": page,
                                                     "pageSize": PAGE_SIZE})  # fmt: skip
            if not isinstance(batch, list):
                raise ConnectorError(f"ConnectWise answered {path} with something not a list")
            yield from batch
            if len(batch) < PAGE_SIZE:
                return

    def _ticket(self, ticket_id: str) -> dict[str, Any]:
        number = _int_id(ticket_id, "ticket")
        data: dict[str, Any] = self._call("GET", f"/service/tickets/{number}",
                                          params={"fields": TICKET_FIELDS})  # fmt: skip
        return data

    def _patch(self, ticket_id: str, patch: Patch) -> dict[str, Any]:
        number = _int_id(ticket_id, "ticket")
        data: dict[str, Any] = self._call("PATCH", f"/service/tickets/{number}", json=patch,
                                          idempotent=True)  # fmt: skip
        return data

    def _web_link(self, ticket_id: str) -> str:
        """The ticket in the ConnectWise web client (the API host without ``api-``)."""
        parts = urlsplit(self.profile.url)
        host = parts.netloc.removeprefix("api-")
        codebase = self._codebase or urlsplit(self.profile.url).path.split(API)[0].strip("/")
        return (
            f"{parts.scheme}://{host}/{codebase}/services/system_io/Service/"
            f"fv_sr100_request.rsp?companyName={self.company}&service_recid={ticket_id}"
        )

    # -- reading -----------------------------------------------------------------------

    def test(self) -> str:
        info = self._call("GET", "/system/info")
        version = (info or {}).get("version", "?")
        return (f"Connected to ConnectWise PSA {version} at {self.profile.url} "
                f"as company {self.company}")  # fmt: skip

    def fetch_ticket(self, ticket_id: str) -> RemoteTicket:
        data = self._ticket(ticket_id)
        status, owner = data.get("status") or {}, data.get("owner") or {}
        return RemoteTicket(
            id=str(data["id"]), title=str(data.get("summary") or ""),
            client=_name(data.get("company"), "name", "identifier"),
            contact=_name(data.get("contact"), "name"),
            status=Choice(id=str(status["id"]), name=_name(status, "name"), kind="status")
            if status.get("id") else None,
            assignee=Choice(id=str(owner["id"]), name=_name(owner, "name", "identifier"),
                            kind="member") if owner.get("id") else None,
            priority=_name(data.get("priority"), "name"), sla_due=_date(data.get("requiredDate")),
            url=self._web_link(str(data["id"])),
        )  # fmt: skip

    def _statuses_of(self, board_id: int) -> list[dict[str, Any]]:
        if board_id not in self._board_statuses:
            path = f"/service/boards/{board_id}/statuses"
            self._board_statuses[board_id] = list(self._pages(path, conditions="inactive=false"))
        return self._board_statuses[board_id]

    def _board_of(self, ticket_id: str) -> int:
        board = self._ticket(ticket_id).get("board") or {}
        if not board.get("id"):
            raise NotFound(f"ConnectWise ticket {ticket_id} has no board")
        return int(board["id"])

    def statuses(self, ticket_id: str) -> list[Choice]:
        rows = self._statuses_of(self._board_of(ticket_id))
        return [Choice(id=str(s["id"]), name=str(s["name"]), kind="status") for s in rows]

    def assignees(self, ticket_id: str) -> list[Choice]:
        _int_id(ticket_id, "ticket")
        if self._members is None:
            rows = self._pages("/system/members", conditions="inactiveFlag=false",
                               fields="id,identifier,firstName,lastName")  # fmt: skip
            self._members = sorted((_member(m) for m in rows), key=lambda c: c.name.casefold())
        boards = self._pages("/service/boards", conditions="inactiveFlag=false", fields="id,name")
        queues = [Choice(id=str(b["id"]), name=f"{b['name']} (board)", kind="queue")
                  for b in boards]  # fmt: skip
        return [*self._members, *queues]

    def notes(self, ticket_id: str) -> list[RemoteNote]:
        number = _int_id(ticket_id, "ticket")
        return [RemoteNote(id=str(n["id"]), text=str(n.get("text") or ""),
                           internal=bool(n.get("internalAnalysisFlag")))
                for n in self._pages(f"/service/tickets/{number}/notes")]  # fmt: skip

    def attachments(self, ticket_id: str) -> list[RemoteAttachment]:
        number = _int_id(ticket_id, "ticket")
        docs = self._pages("/system/documents", recordType="Ticket", recordId=number)
        return [RemoteAttachment(id=str(d["id"]), name=str(d.get("fileName") or d.get("title")),
                                 size=int(d["size"]) if d.get("size") is not None else None)
                for d in docs]  # fmt: skip

    # -- writing -------------------------------------------------------------------------

    def add_note(self, ticket_id: str, text: str, *, internal: bool) -> str:
        """An Internal note (no notifications) or a Discussion note that e-mails the contact."""
        number = _int_id(ticket_id, "ticket")
        body = {"text": text, "internalAnalysisFlag": internal,
                "detailDescriptionFlag": not internal, "resolutionFlag": False,
                "processNotifications": not internal}  # fmt: skip
        answer = self._call("POST", f"/service/tickets/{number}/notes", json=body)
        return str(answer["id"])

    def upload(  # noqa: PLR0917 - signature fixed by docs/delivery.md
        self, ticket_id: str, path: Path, name: str, media_type: str,
        progress: Progress, cancel: threading.Event,
    ) -> str:  # fmt: skip
        number = _int_id(ticket_id, "ticket")
        form = {"recordType": "Ticket", "recordId": str(number), "title": name,
                "privateFlag": "true", "readOnlyFlag": "false"}  # fmt: skip
        with path.open("rb") as raw:
            stream = UploadStream(raw, path.stat().st_size, progress, cancel)
            files = {"file": (name, stream, media_type)}
            answer = self._call("POST", "/system/documents", data=form, files=files,
                                cancel=cancel)  # fmt: skip
        return str(answer["id"])

    def set_status(self, ticket_id: str, status: Choice) -> None:
        answer = self._patch(ticket_id, [_replace("status", _int_id(status.id, "status"))])
        now = str((answer.get("status") or {}).get("id", status.id))
        if now != status.id:
            raise ConnectorError(f"ConnectWise kept status {now} instead of {status.name}")

    def _status_on(self, board_id: int, current: str) -> int:
        """The target board's status named like ``current``, else its default one."""
        rows = self._statuses_of(board_id)
        same = [s for s in rows if str(s.get("name", "")).casefold() == current.casefold()]
        chosen = same or [s for s in rows if s.get("defaultFlag")] or rows
        if not chosen:
            raise NotFound(f"ConnectWise board {board_id} has no active status to move to")
        return int(chosen[0]["id"])

    def assign(self, ticket_id: str, assignee: Choice) -> None:
        """A member becomes the owner; a board ("queue") gets the ticket with a valid status."""
        if assignee.kind != "queue":
            self._patch(ticket_id, [_replace("owner", _int_id(assignee.id, "member"))])
            return
        board = _int_id(assignee.id, "board")
        current = _name(self._ticket(ticket_id).get("status"), "name")
        patch = [_replace("board", board), _replace("status", self._status_on(board, current))]
        self._patch(ticket_id, patch)

    def mention(self, ticket_id: str, handle: str, text: str) -> None:
        """ConnectWise notes have no @mentions: nothing to do (the note names the assignee)."""
