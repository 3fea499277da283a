"""Datto / Kaseya Autotask PSA over its REST API (``…/ATServicesRest/V1.0``).

Follows /work/shared/reference/ticket-systems.md section 4.  How the connector protocol
maps onto Autotask, and why:

* **Where**: every Autotask database lives in one zone (``webservicesN.autotask.net``).
  A profile URL that already points at ``…/ATServicesRest/V1.0`` is used as it is;
  otherwise (the generic ``https://webservices.autotask.net``) the zone is asked once
  with ``GET …/zoneInformation?user={apiUserName}``.  That lookup answers an unknown user
  with a 500, so it is not retried and the 500 is reported as "unknown user".  A 401
  later may mean the database moved zone: the zone is asked again once.
* **Auth**: the headers ``ApiIntegrationCode`` (field ``integration_code``),
  ``UserName`` (field ``username``, an API-only user) and ``Secret`` (the secret);
  ``ImpersonationResourceId`` when the field ``impersonation_resource_id`` is set, so
  notes appear as the engineer.
* **Tickets**: ``GET /Tickets/{id}`` (``{"item": …}``; a missing one is ``null``).  A
  ticket *number* such as ``T20240115.0042`` - what engineers see - is looked up once
  with ``POST /Tickets/query`` on ``ticketNumber``.
* **Statuses and queues** are instance picklists: the ``status`` and ``queueID`` fields
  of ``GET /Tickets/entityInformation/fields`` (active values only).  **Members** are
  active resources (``POST /Resources/query``).  Autotask needs a resource *and* one of
  its service-desk roles together, so assigning reads the resource's roles
  (``ResourceServiceDeskRoles``, default role first).
* **Notes**: ``POST /Tickets/{id}/Notes`` with ``noteType``, ``publish``, ``title`` and
  ``description`` (at most 32,000 characters).  ``publish`` and ``noteType`` are
  picklists too (``TicketNotes/entityInformation/fields``): the internal note takes the
  value labelled "Internal…", the user reply the one labelled "All…"; fields
  ``note_publish`` / ``reply_publish`` / ``note_type`` override.  Autotask itself e-mails
  nobody: a reply reaches the user only through the instance's workflow rules.
  Existing notes: ``POST /TicketNotes/query`` on ``ticketID``.
* **Attachments**: ``POST /Tickets/{id}/Attachments`` with JSON ``{"id": 0, "parentID",
  "title", "publish", "data": base64, "fullPath": name, "attachmentType":
  "FILE_ATTACHMENT"}``.  The body is streamed: the file is read and base64-encoded in
  chunks while it is sent, never held whole in memory.  Limits: :data:`MAX_FILE_BYTES`
  per file (refused before sending, :class:`TooLarge`), and 10,000,000 bytes per
  5 minutes per database, after which Autotask blocks attachments for 5 minutes - so
  :class:`AttachmentBudget` keeps a client-side account and waits (up to the retry
  policy's patience) or keeps the item queued with the time to wait.  Existing files:
  ``POST /TicketAttachments/query`` on ``parentID``.
* **Status / assignment**: ``PATCH /Tickets`` with the id in the body and only the changed
  fields (``status``; ``assignedResourceID`` + ``assignedResourceRoleID``; ``queueID``).
* **Throttling**: no rate-limit headers; 3 concurrent requests per endpoint and
  10,000 requests an hour per database.  We send one request at a time, spaced by the
  field ``min_interval`` (seconds, default 0.1), and treat the thread-limit refusal
  (``Itgenatr005`` / "thread threshold … exceeded", not always a 429) as "wait and
  retry" - the server refused before doing anything, so even a POST is safe to repeat.
* **@mention**: Autotask has none; :meth:`AutotaskConnector.mention` does nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx

from handoff import applog
from handoff.delivery.connector import (
    AuthError,
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
from handoff.delivery.connectors.uploads import AttachmentBudget, Base64JsonBody
from handoff.delivery.http import HttpClient, error_for_status

ZONE_LOOKUP_HOST = "https://webservices.autotask.net"
API_PATH = "/ATServicesRest/V1.0"
MAX_FILE_BYTES = 6 * 1024 * 1024
MAX_NOTE_CHARS = 32_000
MAX_PAGES = 20
DEFAULT_MIN_INTERVAL = 0.1
_TICKET_NUMBER = re.compile(r"^T\d{8}\.\d+$", re.IGNORECASE)
_THREAD_LIMIT = re.compile(r"itgenatr005|thread\s+threshold.*exceeded|thread limit", re.I | re.S)


def _check_response(response: httpx.Response) -> None:
    """An httpx response hook: read Autotask's own error text before the shared rules.

    The thread-limit refusal comes with varying statuses (not always 429), so it is
    recognised by its text and made retryable; other 4xx answers keep the shared meaning
    (401 -> AuthError …) with Autotask's ``{"errors": […]}`` words added.
    """
    code = response.status_code
    if code < 400:
        return
    response.read()
    if _THREAD_LIMIT.search(response.text):
        raise ConnectorError(
            "Autotask refused the request: its limit of 3 concurrent requests per endpoint "
            "was reached (Itgenatr005)", retryable=True, status=code,
        )  # fmt: skip
    words = _errors(response)
    if words and code < 500 and code not in (408, 429):
        exc = error_for_status(response, idempotent=True)
        raise type(exc)(f"{exc}: {words}", status=code)


def _errors(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    errors = data.get("errors") if isinstance(data, dict) else None
    return "; ".join(str(e) for e in errors)[:300] if isinstance(errors, list) else ""


def _eq(field: str, value: object) -> dict[str, object]:
    return {"op": "eq", "field": field, "value": value}


def _date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _number(value: str, what: str) -> int:
    if not value.strip().isdigit():
        raise NotFound(f"Autotask {what} ids are numbers: {value!r} is not one")
    return int(value)


def _resource(data: dict[str, Any]) -> Choice:
    full = " ".join(str(data.get(k) or "") for k in ("firstName", "lastName")).strip()
    user = str(data.get("userName") or data["id"])
    return Choice(id=str(data["id"]), name=f"{full} ({user})" if full else user, kind="member")


def _label_like(values: list[dict[str, Any]], word: str) -> str | None:
    return next((str(v["value"]) for v in values if word in str(v.get("label", "")).casefold()),
                None)  # fmt: skip


class AutotaskConnector:
    """Autotask PSA (REST API v1.0)."""

    kind: ClassVar[str] = "autotask"
    max_attachment_bytes: ClassVar[int | None] = MAX_FILE_BYTES
    profile_fields: ClassVar[dict[str, str]] = {
        "username": "API user name",
        "integration_code": "API integration code",
        "impersonation_resource_id": "Post as resource ID (optional)",
        "web_url": "Web address for ticket links (optional)",
        "note_publish": "Internal note publish value (optional)",
        "reply_publish": "User reply publish value (optional)",
        "note_type": "Note type value (optional)",
        "attachment_publish": "Attachment publish value (optional)",
        "min_interval": "Seconds between requests (optional)",
    }
    secret_label: ClassVar[str] = "API secret"  # noqa: S105 - its name, not a secret
    budget: ClassVar[AttachmentBudget] = AttachmentBudget()
    """Shared by every Autotask connection of this process (keyed by zone and user)."""

    def __init__(self, profile: ConnectionProfile, secret: str, client: HttpClient) -> None:
        self.profile, self.client = profile, client
        self.fields = {k: v.strip() for k, v in profile.fields.items()}
        self.username = self.fields.get("username", "")
        applog.register_secret(self.fields.get("integration_code"))
        self._headers = {"ApiIntegrationCode": self.fields.get("integration_code", ""),
                         "UserName": self.username, "Secret": secret,
                         "Accept": "application/json"}  # fmt: skip
        if resource := self.fields.get("impersonation_resource_id"):
            self._headers["ImpersonationResourceId"] = resource
        url = profile.url.rstrip("/")
        self._base: str | None = url if API_PATH.casefold() in url.casefold() else None
        self._discovered = False
        self._web_url = self.fields.get("web_url", "")
        client.min_interval = max(client.min_interval, self._interval())
        client.on_response(_check_response)
        self._ids: dict[str, int] = {}
        self._picklists: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def close(self) -> None:
        self.client.close()

    # -- plumbing ------------------------------------------------------------------

    def _interval(self) -> float:
        try:
            return max(0.0, float(self.fields.get("min_interval") or DEFAULT_MIN_INTERVAL))
        except ValueError:
            return DEFAULT_MIN_INTERVAL

    def _zone(self, *, again: bool = False) -> str:
        """The database's zone URL: from the profile, or asked of zoneInformation once."""
        missing = [k for k in ("username", "integration_code") if not self.fields.get(k)]
        if missing:
            raise ConnectorError(f"the Autotask connection lacks {', '.join(missing)}: add "
                                 "them in Settings (or --field KEY=VALUE)")  # fmt: skip
        if self._base is not None and not again:
            return self._base
        root = self.profile.url.rstrip("/") or ZONE_LOOKUP_HOST
        try:  # not retried: an unknown user is a 500 there
            info = self.client.json("GET", f"{root}{API_PATH}/zoneInformation", idempotent=False,
                                    params={"user": self.username})  # fmt: skip
        except ConnectorError as exc:
            if exc.status != 500:
                raise
            raise NotFound(f"Autotask does not know the API user {self.username!r} (its zone "
                           "lookup answered 500): check the user name") from None  # fmt: skip
        zone = str((info or {}).get("url") or "").rstrip("/")
        if not zone:
            raise ConnectorError(f"Autotask's zone lookup named no zone for {self.username!r}")
        self._base, self._discovered = zone, True
        self._web_url = self._web_url or str(info.get("webUrl") or "")
        return zone

    def _send(self, method: str, path: str, **kwargs: Any) -> Any:
        url = path if path.startswith(("http://", "https://")) else self._zone() + path
        headers = {**self._headers, **kwargs.pop("headers", {})}
        return self.client.json(method, url, headers=headers, **kwargs)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """A request to the zone; a 401 after a zone lookup asks for the zone once more."""
        try:
            return self._send(method, path, **dict(kwargs))
        except AuthError:
            old = self._base
            if not self._discovered or self._zone(again=True) == old:
                raise
            return self._send(method, path, **kwargs)

    def _query(self, entity: str, *filters: dict[str, object]) -> Iterator[dict[str, Any]]:
        """Every item matching ``filters``; later pages are POSTed with the same body."""
        body, path = {"filter": list(filters)}, f"/{entity}/query"
        for _ in range(MAX_PAGES):
            data = self._call("POST", path, json=body, idempotent=True)
            yield from data.get("items") or []
            path = (data.get("pageDetails") or {}).get("nextPageUrl") or ""
            if not path:
                return

    def _item(self, entity: str, item_id: object) -> dict[str, Any] | None:
        if item_id in (None, "", 0):
            return None
        item: dict[str, Any] | None = self._call("GET", f"/{entity}/{item_id}").get("item")
        return item

    def _ticket_id(self, ticket: str) -> int:
        """The ticket's id, from an id or from a ticket number (looked up once)."""
        ticket = ticket.strip().lstrip("#")
        if ticket.isdigit():
            return int(ticket)
        if not _TICKET_NUMBER.match(ticket):
            raise NotFound(f"Autotask tickets are ids (12345) or numbers (T20240115.0042): "
                           f"{ticket!r} is neither")  # fmt: skip
        if ticket not in self._ids:
            found = next(self._query("Tickets", _eq("ticketNumber", ticket)), None)
            if found is None:
                raise NotFound(f"Autotask has no ticket {ticket}")
            self._ids[ticket] = int(found["id"])
        return self._ids[ticket]

    def _picklist(self, entity: str, field: str) -> list[dict[str, Any]]:
        """The active values of a picklist field (read once per entity)."""
        if entity not in self._picklists:
            data = self._call("GET", f"/{entity}/entityInformation/fields")
            self._picklists[entity] = {
                str(f.get("name", "")).casefold():
                    [v for v in f.get("picklistValues") or [] if v.get("isActive", True)]
                for f in data.get("fields") or []
            }  # fmt: skip
        return self._picklists[entity].get(field.casefold(), [])

    def _label(self, entity: str, field: str, value: object) -> str:
        values = self._picklist(entity, field)
        return next((str(v["label"]) for v in values if str(v["value"]) == str(value)), str(value))

    def _publish(self, *, internal: bool) -> str:
        if value := self.fields.get("note_publish" if internal else "reply_publish"):
            return value
        values = self._picklist("TicketNotes", "publish")
        found = _label_like(values, "internal" if internal else "all")
        return found or ("2" if internal else "1")

    def _note_type(self) -> str:
        if value := self.fields.get("note_type"):
            return value
        values = self._picklist("TicketNotes", "noteType")
        default = [v for v in values if v.get("isDefaultValue")] or values
        return str(default[0]["value"]) if default else "1"

    def _link(self, ticket_id: object) -> str:
        if not self._web_url:
            return ""
        return (f"{self._web_url.rstrip('/')}/Mvc/ServiceDesk/TicketDetail.mvc"
                f"?workspace=False&mode=0&TicketID={ticket_id}")  # fmt: skip

    # -- reading -----------------------------------------------------------------------

    def test(self) -> str:
        zone = self._zone()
        info = self._call("GET", "/ThresholdInformation")
        used, limit = info.get("currentTimeframeRequestCount"), info.get("externalRequestThreshold")
        return (f"Connected to Autotask at {zone} as {self.username} "
                f"({used} of {limit} API requests used this hour)")  # fmt: skip

    def fetch_ticket(self, ticket_id: str) -> RemoteTicket:
        number = self._ticket_id(ticket_id)
        item = self._item("Tickets", number)
        if not item:
            raise NotFound(f"Autotask has no ticket {ticket_id}")
        company, contact = self._item("Companies", item.get("companyID")) or {}, \
            self._item("Contacts", item.get("contactID")) or {}  # fmt: skip
        owner = self._item("Resources", item.get("assignedResourceID"))
        status = item.get("status")
        return RemoteTicket(
            id=str(item["id"]), title=str(item.get("title") or ""),
            client=str(company.get("companyName") or ""),
            contact=" ".join(str(contact.get(k) or "") for k in ("firstName", "lastName")).strip(),
            status=Choice(id=str(status), name=self._label("Tickets", "status", status),
                          kind="status") if status is not None else None,
            assignee=_resource(owner) if owner else None,
            priority=self._label("Tickets", "priority", item.get("priority")),
            sla_due=_date(item.get("resolvedDueDateTime") or item.get("dueDateTime")),
            url=self._link(item["id"]),
        )  # fmt: skip

    def statuses(self, ticket_id: str) -> list[Choice]:
        self._ticket_id(ticket_id)
        return [Choice(id=str(v["value"]), name=str(v["label"]), kind="status")
                for v in self._picklist("Tickets", "status")]  # fmt: skip

    def assignees(self, ticket_id: str) -> list[Choice]:
        self._ticket_id(ticket_id)
        members = sorted((_resource(r) for r in self._query("Resources", _eq("isActive", True))),
                         key=lambda c: c.name.casefold())  # fmt: skip
        queues = [Choice(id=str(v["value"]), name=f"{v['label']} (queue)", kind="queue")
                  for v in self._picklist("Tickets", "queueID")]  # fmt: skip
        return [*members, *queues]

    def notes(self, ticket_id: str) -> list[RemoteNote]:
        number = self._ticket_id(ticket_id)
        internal = self._publish(internal=True)
        return [RemoteNote(id=str(n["id"]),
                           text=f"{n.get('title') or ''}\n{n.get('description') or ''}",
                           internal=str(n.get("publish")) == internal)
                for n in self._query("TicketNotes", _eq("ticketID", number))]  # fmt: skip

    def attachments(self, ticket_id: str) -> list[RemoteAttachment]:
        number = self._ticket_id(ticket_id)
        return [RemoteAttachment(id=str(a["id"]), name=str(a.get("fullPath") or a.get("title")),
                                 size=int(a["fileSize"]) if a.get("fileSize") else None)
                for a in self._query("TicketAttachments", _eq("parentID", number))]  # fmt: skip

    # -- writing -------------------------------------------------------------------------

    def add_note(self, ticket_id: str, text: str, *, internal: bool) -> str:
        number = self._ticket_id(ticket_id)
        if len(text) > MAX_NOTE_CHARS:
            raise TooLarge(f"the note has {len(text)} characters; Autotask takes at most "
                           f"{MAX_NOTE_CHARS:,}")  # fmt: skip
        title = (text.strip().splitlines() or ["Handoff"])[0][:250]
        body = {"ticketID": number, "title": title, "description": text,
                "noteType": _as_int(self._note_type()),
                "publish": _as_int(self._publish(internal=internal))}  # fmt: skip
        return str(self._call("POST", f"/Tickets/{number}/Notes", json=body)["itemId"])

    def _wait_for_budget(self, size: int, name: str, cancel: threading.Event) -> str:
        """Wait until ``size`` bytes fit Autotask's 5-minute allowance; the budget key."""
        key = f"{self._zone()}|{self.username}"
        wait = self.budget.wait_for(key, size)
        if wait > self.client.policy.max_retry_after:
            raise ConnectorError(
                f"Autotask takes at most 10,000,000 bytes of attachments per 5 minutes: "
                f"{name} can go in {wait:.0f} s", retryable=True, retry_after=wait,
            )  # fmt: skip
        if wait > 0:
            self.client.policy.wait(wait, cancel)
        return key

    def upload(  # noqa: PLR0917 - signature fixed by docs/delivery.md
        self, ticket_id: str, path: Path, name: str, media_type: str,
        progress: Progress, cancel: threading.Event,
    ) -> str:  # fmt: skip
        number, size = self._ticket_id(ticket_id), path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES / 2**20
            raise TooLarge(f"{name} is {size / 2**20:.1f} MiB; Autotask takes at most "
                           f"{limit:.0f} MiB per attachment: zip or split it")  # fmt: skip
        key = self._wait_for_budget(size, name, cancel)
        document = {"id": 0, "parentID": number, "title": name, "fullPath": name,
                    "publish": _as_int(self.fields.get("attachment_publish") or "2"),
                    "attachmentType": "FILE_ATTACHMENT"}  # fmt: skip
        body = Base64JsonBody(document, "data", path, progress, cancel)
        self.budget.record(key, size)  # counted even if the answer is lost: it may have landed
        answer = self._call("POST", f"/Tickets/{number}/Attachments", cancel=cancel,
                            **body.request_args())  # fmt: skip
        return str(answer["itemId"])

    def _patch(self, body: dict[str, object]) -> None:
        self._call("PATCH", "/Tickets", json=body, idempotent=True)

    def set_status(self, ticket_id: str, status: Choice) -> None:
        self._patch({"id": self._ticket_id(ticket_id), "status": _number(status.id, "status")})

    def _role(self, resource: Choice) -> int:
        """The resource's default (else first) active service-desk role."""
        rows = list(self._query("ResourceServiceDeskRoles",
                                _eq("resourceID", _number(resource.id, "resource")),
                                _eq("isActive", True)))  # fmt: skip
        if not rows:
            raise ConnectorError(f"{resource.name} has no active service-desk role in Autotask, "
                                 "which a ticket's primary resource needs: give them one, or "
                                 "assign a queue")  # fmt: skip
        rows.sort(key=lambda r: not r.get("isDefault"))
        return int(rows[0]["roleID"])

    def assign(self, ticket_id: str, assignee: Choice) -> None:
        number = self._ticket_id(ticket_id)
        if assignee.kind == "queue":
            self._patch({"id": number, "queueID": _number(assignee.id, "queue")})
            return
        self._patch({"id": number, "assignedResourceID": _number(assignee.id, "resource"),
                     "assignedResourceRoleID": self._role(assignee)})  # fmt: skip

    def mention(self, ticket_id: str, handle: str, text: str) -> None:
        """Autotask has no @mentions: nothing to do (the note names the assignee)."""


def _as_int(value: str) -> int | str:
    """Picklist values arrive as strings; the API takes numbers where they are numbers."""
    return int(value) if value.strip().lstrip("-").isdigit() else value
