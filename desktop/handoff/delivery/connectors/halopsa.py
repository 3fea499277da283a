"""HaloPSA (and HaloITSM / Halo Service Desk, same API) with OAuth2 client credentials.

Follows /work/shared/reference/ticket-systems.md section 5.  How the connector protocol
maps onto Halo, and why:

* **Auth**: ``POST {auth_url}/token`` with the form ``grant_type=client_credentials``,
  ``client_id`` (field ``client_id``), ``client_secret`` (the secret) and ``scope``
  (field ``scope``, default ``all``); on hosted multi-tenant Halo also the query
  parameter ``tenant`` (field ``tenant``).  ``auth_url`` is the field of that name, else
  what ``GET /api/authinfo`` names, else ``{url}/auth``.  The bearer token is kept until
  a minute before it expires; a 401 on an API call gets one fresh token and one more try
  (a 401 cannot have done anything, so even a POST is safe to repeat).  Token requests
  carry no bearer header, API requests carry no client secret.
* **Tickets**: ``GET /api/Tickets/{id}?includedetails=true``.
* **Statuses**: ``GET /api/Status?type=ticket``.  Halo restricts statuses per ticket type
  / workflow in its own configuration but the API lists ticket statuses as a whole, so a
  status the ticket's workflow refuses is caught by reading the ticket back.
* **Members and queues**: agents ``GET /api/Agent`` and teams ``GET /api/Team``.
* **Notes** are *actions*: ``POST /api/Actions`` with a JSON **array** of one action:
  ``ticket_id``, ``note``, ``hiddenfromuser: true`` and ``sendemail: false`` for the
  internal note; ``hiddenfromuser: false`` and ``sendemail: true`` for the user reply
  (Halo mails the ticket's user as the outcome is configured).  The action type is the
  field ``note_outcome_id`` / ``reply_outcome_id`` when set (instance-specific), else
  Halo's default.  Existing notes: ``GET /api/Actions?ticket_id=``.
* **Attachments**: ``POST /api/Attachment`` with an array of ``{"ticket_id", "filename",
  "data_base64"}``, streamed (see :class:`~.uploads.Base64JsonBody`).  Existing files:
  ``GET /api/Attachment?ticket_id=``.  Halo documents no size limit.
* **Status / agent / team**: ``POST /api/Tickets`` with ``[{"id", "status_id"}]``,
  ``[{"id", "agent_id"}]`` or ``[{"id", "team"}]`` - Halo uses POST for create *and*
  update, an ``id`` means update, so these are safe to repeat.
* **Paging**: ``pageinate=true`` (sic) with ``page_size`` and ``page_no``.
* **@mention**: not part of Halo's API as documented; :meth:`HaloPsaConnector.mention`
  does nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

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
)
from handoff.delivery.connectors.uploads import Base64JsonBody
from handoff.delivery.http import HttpClient

PAGE_SIZE = 100
MAX_PAGES = 50
TOKEN_MARGIN = 60.0
"""A token is renewed this many seconds before Halo says it expires."""


def _number(value: str, what: str) -> int:
    value = value.strip().lstrip("#")
    if not value.isdigit():
        raise NotFound(f"HaloPSA {what} ids are numbers: {value!r} is not one")
    return int(value)


def _date(value: object) -> datetime | None:
    """Halo's dates are UTC; ``1900-01-01`` means "none"."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.year < 1971:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _first(answer: Any) -> dict[str, Any]:
    """Halo answers a POSTed array with the object or with an array of objects."""
    if isinstance(answer, list) and answer and isinstance(answer[0], dict):
        return answer[0]
    if isinstance(answer, dict):
        return answer
    raise ConnectorError("HaloPSA answered with neither an object nor a list of objects")


class HaloPsaConnector:
    """HaloPSA / HaloITSM (REST API, OAuth2 client credentials)."""

    kind: ClassVar[str] = "halopsa"
    max_attachment_bytes: ClassVar[int | None] = None
    """Halo documents none; a 413 from the server is reported as TooLarge."""
    profile_fields: ClassVar[dict[str, str]] = {
        "client_id": "Client ID",
        "tenant": "Tenant (optional, hosted Halo)",
        "auth_url": "Authorisation server (optional)",
        "scope": "Scope (optional: all)",
        "note_outcome_id": "Internal note outcome ID (optional)",
        "reply_outcome_id": "User reply outcome ID (optional)",
    }
    secret_label: ClassVar[str] = "Client secret"  # noqa: S105 - its name, not a secret

    def __init__(self, profile: ConnectionProfile, secret: str, client: HttpClient) -> None:
        self.profile, self.client, self._secret = profile, client, secret
        self.fields = {k: v.strip() for k, v in profile.fields.items()}
        self.clock: Callable[[], float] = time.monotonic
        self._auth_url = self.fields.get("auth_url", "").rstrip("/")
        self._token = ""
        self._expires = 0.0
        self._statuses: list[Choice] | None = None
        self._agents: list[Choice] | None = None
        self._teams: dict[str, str] = {}

    def close(self) -> None:
        self.client.close()

    # -- auth ------------------------------------------------------------------------

    def _token_url(self) -> str:
        if not self._auth_url:
            info = self.client.json("GET", "/api/authinfo")
            named = info.get("auth_url") if isinstance(info, dict) else None
            self._auth_url = str(named or f"{self.profile.url.rstrip('/')}/auth").rstrip("/")
        return f"{self._auth_url}/token"

    def _new_token(self) -> str:
        client_id = self.fields.get("client_id", "")
        if not client_id:
            raise ConnectorError("the HaloPSA connection lacks client_id: add it in Settings "
                                 "(or --field client_id=…)")  # fmt: skip
        form = {
            "grant_type": "client_credentials", "client_id": client_id,
            "client_secret": self._secret, "scope": self.fields.get("scope") or "all",
        }  # fmt: skip
        tenant = self.fields.get("tenant")
        try:
            answer = self.client.json("POST", self._token_url(), data=form, idempotent=True,
                                      params={"tenant": tenant} if tenant else None)  # fmt: skip
        except ConnectorError as exc:
            if exc.status not in (400, 401, 403):
                raise
            raise AuthError(f"HaloPSA refused the client id / secret ({exc}): check the "
                            "connection in Settings", status=exc.status) from None  # fmt: skip
        self._token = str(answer.get("access_token") or "")
        applog.register_secret(self._token)  # a bearer token is as good as the secret
        if not self._token:
            raise AuthError("HaloPSA's token endpoint gave no access_token")
        lifetime = float(answer.get("expires_in") or 3600)
        self._expires = self.clock() + max(0.0, lifetime - TOKEN_MARGIN)
        return self._token

    def _bearer(self) -> tuple[str, bool]:
        """The cached token (and False), or a new one (and True)."""
        if self._token and self.clock() < self._expires:
            return self._token, False
        return self._new_token(), True

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """An API request with the bearer token; one new token and one more try on a 401."""
        token, fresh = self._bearer()
        extra = kwargs.pop("headers", {})
        try:
            return self.client.json(
                method,
                f"/api{path}",
                **kwargs,
                headers={**extra, "Authorization": f"Bearer {token}"},
            )
        except AuthError as exc:
            if fresh or exc.status != 401:
                raise
        self._token = ""
        token, _ = self._bearer()
        return self.client.json(
            method, f"/api{path}", **kwargs, headers={**extra, "Authorization": f"Bearer {token}"}
        )

    def _list(self, path: str, key: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every record of a paged Halo list (``{"record_count": n, key: [...]}``)."""
        seen = 0
        for page in range(1, MAX_PAGES + 1):
            paging = {"pageinate": "true", "page_size": PAGE_SIZE, "page_no": page}
            data = self._call("GET", path, params={**params, **paging})
            rows = data.get(key) if isinstance(data, dict) else data
            rows = rows if isinstance(rows, list) else []
            yield from rows
            seen += len(rows)
            total = data.get("record_count") if isinstance(data, dict) else None
            if len(rows) < PAGE_SIZE or (isinstance(total, int) and seen >= total):
                return

    def _ticket(self, ticket_id: str) -> dict[str, Any]:
        number = _number(ticket_id, "ticket")
        data: dict[str, Any] = self._call("GET", f"/Tickets/{number}",
                                          params={"includedetails": "true"})  # fmt: skip
        return data

    # -- reading -----------------------------------------------------------------------

    def test(self) -> str:
        count = len(self._all_statuses())
        return (f"Connected to HaloPSA at {self.profile.url} as API application "
                f"{self.fields.get('client_id', '?')} ({count} ticket statuses)")  # fmt: skip

    def fetch_ticket(self, ticket_id: str) -> RemoteTicket:
        data = self._ticket(ticket_id)
        status = str(data.get("status_id") or "")
        agent = str(data.get("agent_id") or "")
        statuses = {c.id: c for c in self._all_statuses()} if status else {}
        agents = {c.id: c for c in self._all_agents()} if agent else {}
        priority = data.get("priority")
        return RemoteTicket(
            id=str(data["id"]), title=str(data.get("summary") or ""),
            client=str(data.get("client_name") or ""), contact=str(data.get("user_name") or ""),
            status=statuses.get(status) or (Choice(id=status, name=status, kind="status")
                                            if status else None),
            assignee=agents.get(agent),
            priority=str(priority.get("name", "") if isinstance(priority, dict)
                         else data.get("priority_id") or ""),
            sla_due=_date(data.get("fixbydate")),
            url=f"{self.profile.url.rstrip('/')}/ticket?id={data['id']}",
        )  # fmt: skip

    def _all_statuses(self) -> list[Choice]:
        if self._statuses is None:
            rows = self._call("GET", "/Status", params={"type": "ticket"})
            self._statuses = [Choice(id=str(s["id"]), name=str(s["name"]), kind="status")
                              for s in rows or []]  # fmt: skip
        return self._statuses

    def _all_agents(self) -> list[Choice]:
        if self._agents is None:
            rows = self._call("GET", "/Agent")
            self._agents = sorted(
                (Choice(id=str(a["id"]), name=str(a.get("name") or a["id"]), kind="member")
                 for a in rows or [] if not a.get("isdisabled")),
                key=lambda c: c.name.casefold(),
            )  # fmt: skip
        return self._agents

    def statuses(self, ticket_id: str) -> list[Choice]:
        _number(ticket_id, "ticket")
        return list(self._all_statuses())

    def assignees(self, ticket_id: str) -> list[Choice]:
        _number(ticket_id, "ticket")
        teams = self._call("GET", "/Team") or []
        self._teams = {str(t["id"]): str(t["name"]) for t in teams}
        queues = [
            Choice(id=i, name=f"{name} (team)", kind="queue") for i, name in self._teams.items()
        ]
        return [*self._all_agents(), *queues]

    def notes(self, ticket_id: str) -> list[RemoteNote]:
        number = _number(ticket_id, "ticket")
        rows = self._list("/Actions", "actions", ticket_id=number, excludesys="true")
        return [RemoteNote(id=str(a["id"]), text=str(a.get("note") or a.get("note_html") or ""),
                           internal=bool(a.get("hiddenfromuser")))
                for a in rows]  # fmt: skip

    def attachments(self, ticket_id: str) -> list[RemoteAttachment]:
        number = _number(ticket_id, "ticket")
        rows = self._list("/Attachment", "attachments", ticket_id=number)
        return [RemoteAttachment(id=str(a["id"]), name=str(a.get("filename") or ""),
                                 size=int(a["filesize"]) if a.get("filesize") else None)
                for a in rows]  # fmt: skip

    # -- writing -------------------------------------------------------------------------

    def add_note(self, ticket_id: str, text: str, *, internal: bool) -> str:
        """A private action that mails nobody, or a visible one that mails the user."""
        action: dict[str, Any] = {
            "ticket_id": _number(ticket_id, "ticket"), "note": text,
            "hiddenfromuser": internal, "sendemail": not internal,
        }  # fmt: skip
        outcome = self.fields.get("note_outcome_id" if internal else "reply_outcome_id")
        if outcome:
            action["outcome_id"] = _number(outcome, "outcome")
        return str(_first(self._call("POST", "/Actions", json=[action]))["id"])

    def upload(  # noqa: PLR0917 - signature fixed by docs/delivery.md
        self, ticket_id: str, path: Path, name: str, media_type: str,
        progress: Progress, cancel: threading.Event,
    ) -> str:  # fmt: skip
        document = [{"ticket_id": _number(ticket_id, "ticket"), "filename": name}]
        body = Base64JsonBody(document, "data_base64", path, progress, cancel)
        answer = self._call("POST", "/Attachment", cancel=cancel, **body.request_args())
        return str(_first(answer)["id"])

    def _update(self, ticket_id: str, changes: dict[str, object]) -> dict[str, Any]:
        body = [{"id": _number(ticket_id, "ticket"), **changes}]
        answer = self._call("POST", "/Tickets", json=body, idempotent=True)
        return _first(answer) if answer else {}

    def set_status(self, ticket_id: str, status: Choice) -> None:
        self._update(ticket_id, {"status_id": _number(status.id, "status")})
        now = str(self._ticket(ticket_id).get("status_id") or "")
        if now != status.id:
            raise ConnectorError(f"HaloPSA did not set the status to {status.name} (the ticket's "
                                 f"workflow may not allow it): it is still {now}")  # fmt: skip

    def assign(self, ticket_id: str, assignee: Choice) -> None:
        if assignee.kind != "queue":
            self._update(ticket_id, {"agent_id": _number(assignee.id, "agent")})
            return
        if assignee.id not in self._teams:
            self.assignees(ticket_id)
        team = self._teams.get(assignee.id) or assignee.name.removesuffix(" (team)")
        self._update(ticket_id, {"team": team})

    def mention(self, ticket_id: str, handle: str, text: str) -> None:
        """Halo's API offers no @mention: nothing to do (the note names the assignee)."""
