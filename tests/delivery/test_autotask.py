"""The Autotask connector against a local Autotask that checks every request.

The fake follows /work/shared/reference/ticket-systems.md section 4: zone discovery,
the ``ApiIntegrationCode`` / ``UserName`` / ``Secret`` headers, ``{"item": …}`` and
``{"items": …, "pageDetails": …}`` answers (next pages POSTed again with the same body),
picklists from ``entityInformation/fields``, notes under the ticket, attachments as
base64 JSON, sparse ``PATCH /Tickets``, ``{"errors": […]}`` error bodies and the
thread-limit refusal that is not a 429.
"""

from __future__ import annotations

import base64
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from handoff.delivery.connector import (
    AuthError,
    Choice,
    ConnectionProfile,
    ConnectorError,
    NotFound,
    TooLarge,
)
from handoff.delivery.connectors import connect
from handoff.delivery.connectors.autotask import MAX_FILE_BYTES, AutotaskConnector
from handoff.delivery.connectors.uploads import AttachmentBudget
from handoff.delivery.http import HttpClient, RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox
from handoff.delivery.plan import note_marker
from handoff.model import Handoff
from tests.delivery.conftest import Fault, VendorFake, file_bytes, json_response, run_poster

USER, SECRET, CODE = "handoff-api@acme.example", "s3cr3t*AT", "HANDOFF1234567890ABCDEF"
WRONG = "wrong-secret"
ZONE = "/zone5/ATServicesRest/V1.0"
TICKET, NUMBER, AGENT1, ROLE = 7001, "T20260509.0042", 29682885, 29683400
THREAD_LIMIT = Fault("before", 500, {"errors": [
    "Itgenatr005: The thread threshold of 3 concurrent requests for this endpoint "
    "has been exceeded. Please retry the request."]})  # fmt: skip


def _picklist(name: str, *values: tuple[int, str], default: int | None = None) -> dict[str, Any]:
    return {"name": name, "dataType": "integer", "isPickList": True, "picklistValues": [
        {"value": str(v), "label": label, "isDefaultValue": v == default, "sortOrder": v,
         "isActive": True, "isSystem": False} for v, label in values]}  # fmt: skip


class FakeAutotask(VendorFake):
    def __init__(self, server: HTTPServer) -> None:
        super().__init__(server)
        self.ids = itertools.count(90_000)
        self.ticket: dict[str, Any] = {
            "id": TICKET, "ticketNumber": NUMBER, "title": "VPN fails after password change",
            "status": 1, "priority": 2, "queueID": 8, "companyID": 300, "contactID": 31,
            "assignedResourceID": None, "assignedResourceRoleID": None,
            "resolvedDueDateTime": "2026-05-11T17:00:00Z",
        }  # fmt: skip
        self.resources = [{"id": 100 + n, "firstName": "Tech", "lastName": str(n),
                           "userName": f"tech{n}", "isActive": True} for n in range(3)]  # fmt: skip
        self.resources.append({"id": AGENT1, "firstName": "Agent", "lastName": "One",
                               "userName": "agent1", "isActive": True})  # fmt: skip
        self.roles = [{"id": 1, "resourceID": AGENT1, "roleID": 1, "isDefault": False,
                       "isActive": True},
                      {"id": 2, "resourceID": AGENT1, "roleID": ROLE, "isDefault": True,
                       "isActive": True}]  # fmt: skip
        self.notes: list[dict[str, Any]] = []
        self.files: list[dict[str, Any]] = []
        self.requests: list[Request] = []
        self.last_query: Any = None
        self._routes()

    def _routes(self) -> None:
        z = ZONE
        self.route("GET", r"/ATServicesRest/V1\.0/zoneInformation", "zone", self.zone)
        self.route("GET", rf"{z}/ThresholdInformation", "threshold", lambda r, m: json_response(
            {"externalRequestThreshold": 10000, "requestThresholdTimeframe": 60,
             "currentTimeframeRequestCount": 42}))  # fmt: skip
        self._picklist_routes()
        self.route("GET", rf"{z}/Tickets/(\d+)", "ticket", self.get_ticket)
        for entity, rows in (
            ("Companies", {300: {"id": 300, "companyName": "Acme Corp"}}),
            ("Contacts", {31: {"id": 31, "firstName": "Maria", "lastName": "Lopez"}}),
            ("Resources", {r["id"]: r for r in self.resources}),
        ):
            self.route(
                "GET",
                rf"{z}/{entity}/(\d+)",
                entity.lower(),
                lambda r, m, rows=rows: json_response({"item": rows.get(int(m[1]))}),
            )
        self.route("POST", rf"{z}/(\w+)/query", "query", self.query)
        self.route("POST", rf"{z}/(\w+)/query/next", "query_next", self.query)
        self.route("POST", rf"{z}/Tickets/(\d+)/Notes", "add_note", self.add_note)
        self.route("POST", rf"{z}/Tickets/(\d+)/Attachments", "upload", self.upload)
        self.route("PATCH", rf"{z}/Tickets", "patch", self.patch)

    def _picklist_routes(self) -> None:
        tickets = {"fields": [
            _picklist("status", (1, "New"), (5, "Complete"), (7, "Waiting Customer"),
                      (8, "In Progress")),
            _picklist("queueID", (8, "Level I Support"), (9, "Networking")),
            _picklist("priority", (1, "High"), (2, "Medium"))]}  # fmt: skip
        notes = {"fields": [
            _picklist("publish", (1, "All Autotask Users"), (2, "Internal Project Team"),
                      (4, "Internal & Co-Managed")),
            _picklist("noteType", (1, "Task Summary"), (2, "Task Detail"), (3, "Task Notes"),
                      default=2)]}  # fmt: skip
        self.route("GET", rf"{ZONE}/Tickets/entityInformation/fields", "ticket_fields",
                   lambda r, m: json_response(tickets))  # fmt: skip
        self.route("GET", rf"{ZONE}/TicketNotes/entityInformation/fields", "note_fields",
                   lambda r, m: json_response(notes))  # fmt: skip

    def refuse(self, request: Request, name: str) -> Response | None:
        self.requests.append(request)
        given = (request.headers.get("ApiIntegrationCode"), request.headers.get("UserName"),
                 request.headers.get("Secret"))  # fmt: skip
        if name == "zone":
            self.expect(given == (None, None, None), "the zone lookup carries no credentials")
            return None
        if given != (CODE, USER, SECRET):
            return json_response({"errors": ["Unauthorized"]}, 401)
        return None

    def zone(self, request: Request, match: Any) -> Response:
        if request.args.get("user") != USER:
            return json_response({"errors": ["Object reference not set to an instance"]}, 500)
        return json_response({"zoneName": "America East 5", "url": f"{self.url}{ZONE}/",
                              "webUrl": f"{self.url}/ww5/", "ci": 4711})  # fmt: skip

    def get_ticket(self, request: Request, match: Any) -> Response:
        return json_response({"item": self.ticket if int(match[1]) == TICKET else None})

    def query(self, request: Request, match: Any) -> Response:
        body = self.json_body(request, "query")
        filters = {f["field"]: f["value"] for f in body.get("filter", []) if f.get("op") == "eq"}
        self.expect(body.get("filter") and len(filters) == len(body["filter"]), f"filter {body}")
        rows: list[dict[str, Any]] = {
            "Tickets": [self.ticket], "Resources": self.resources, "TicketNotes": self.notes,
            "ResourceServiceDeskRoles": self.roles, "TicketAttachments": self.files,
        }.get(match[1], [])  # fmt: skip
        rows = [r for r in rows if all(r.get(k) == v for k, v in filters.items())]
        rows = [{k: v for k, v in r.items() if k != "data"} for r in rows]
        page = 1 if request.path.endswith("/query") else 2
        if page == 2:
            self.expect(body == self.last_query, "a next page is POSTed with the same body")
        self.last_query = body
        if match[1] != "Resources" or page == 2:
            return json_response({"items": rows[2:] if page == 2 else rows, "pageDetails":
                                  {"count": len(rows), "nextPageUrl": None}})  # fmt: skip
        following = f"{self.url}{ZONE}/Resources/query/next?paging=2"
        return json_response(
            {"items": rows[:2], "pageDetails": {"count": 2, "nextPageUrl": following}}
        )

    def add_note(self, request: Request, match: Any) -> Response:
        body = self.json_body(request, "add_note")
        self.expect(body.get("ticketID") == int(match[1]) == TICKET, "a note names its ticket")
        self.expect(isinstance(body.get("noteType"), int) and body.get("publish") in (1, 2, 4)
                    and 0 < len(body.get("description") or "") <= 32000,
                    f"note {body}")  # fmt: skip
        self.notes.append({**body, "id": next(self.ids)})
        return json_response({"itemId": self.notes[-1]["id"]})

    def upload(self, request: Request, match: Any) -> Response:
        body = self.json_body(request, "upload")
        self.expect(set(body) == {"id", "parentID", "title", "publish", "data", "fullPath",
                                  "attachmentType"}, f"attachment keys {sorted(body)}")  # fmt: skip
        self.expect(body["id"] == 0 and body["parentID"] == TICKET == int(match[1])
                    and body["attachmentType"] == "FILE_ATTACHMENT" and body["publish"] in (1, 2),
                    "attachment fields")  # fmt: skip
        self.expect(request.headers.get("Content-Length") and
                    "chunked" not in request.headers.get("Transfer-Encoding", ""),
                    "the base64 body has a Content-Length")  # fmt: skip
        data = base64.b64decode(body["data"], validate=True)
        if len(data) > MAX_FILE_BYTES:
            return json_response({"errors": ["Attachment exceeds the maximum size"]}, 500)
        item = {"id": next(self.ids), "parentID": TICKET, "title": body["title"],
                "fullPath": body["fullPath"], "fileSize": len(data), "data": data}  # fmt: skip
        self.files.append(item)
        return json_response({"itemId": item["id"]})

    def patch(self, request: Request, match: Any) -> Response:
        body = self.json_body(request, "patch")
        self.expect(body.get("id") == TICKET, "PATCH /Tickets names the ticket in the body")
        allowed = {"id", "status", "queueID", "assignedResourceID", "assignedResourceRoleID"}
        self.expect(set(body) <= allowed, f"only the changed fields: {sorted(body)}")
        if ("assignedResourceID" in body) != ("assignedResourceRoleID" in body):
            return json_response({"errors": ["assignedResourceID requires "
                                             "assignedResourceRoleID"]}, 500)  # fmt: skip
        if "assignedResourceID" in body and not any(
            r["resourceID"] == body["assignedResourceID"]
            and r["roleID"] == body["assignedResourceRoleID"]
            for r in self.roles
        ):
            return json_response({"errors": ["The resource does not hold that role"]}, 500)
        self.ticket.update({k: v for k, v in body.items() if k != "id"})
        return json_response({"itemId": TICKET})


@pytest.fixture
def at(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAutotask]:
    monkeypatch.setattr(AutotaskConnector, "budget", AttachmentBudget())
    fake = FakeAutotask(httpserver)
    yield fake
    assert fake.problems == []
    httpserver.check_handler_errors()


@pytest.fixture
def profile(at: FakeAutotask) -> ConnectionProfile:
    fields = {"username": USER, "integration_code": CODE, "min_interval": "0"}
    return ConnectionProfile(name="at-test", kind="autotask", url=at.url, fields=fields)


def _connector(profile: ConnectionProfile, policy: RetryPolicy, secret: str = SECRET) -> Any:
    return connect(profile, secret, client=HttpClient(profile.url, timeout=10, policy=policy))


def test_a_handoff_lands_whole_through_the_poster(
    at: FakeAutotask, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy,
) -> None:  # fmt: skip
    item = outbox.add_draft(handoff, connection="at-test", ticket_id=NUMBER)
    done = run_poster(outbox, profile, SECRET, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert done.link == f"{at.url}/ww5/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&mode=0" \
                        f"&TicketID={TICKET}"  # fmt: skip
    [note] = at.notes
    assert note_marker(handoff.id) in note["description"]
    assert (note["publish"], note["noteType"]) == (2, 2), "Internal…, the default note type"
    assert {f["fullPath"]: f["data"] for f in at.files} == file_bytes(handoff)
    assert at.ticket["status"] == 7  # "Waiting on user" -> "Waiting Customer"
    assert (at.ticket["assignedResourceID"], at.ticket["assignedResourceRoleID"]) == (AGENT1, ROLE)
    assert at.count("zone") == 1 and at.count("query_next") >= 1


def test_thread_limit_refusals_are_retried_even_for_posts(  # noqa: PLR0917 - pytest injects fixtures by name
    at: FakeAutotask, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, sleeps: list[float],
) -> None:  # fmt: skip
    at.fault("ticket", THREAD_LIMIT)
    at.fault("add_note", THREAD_LIMIT, THREAD_LIMIT)
    at.fault("upload", Fault("after", 500, {"errors": ["Timeout expired"]}))
    item = outbox.add_draft(handoff, connection="at-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, SECRET, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert len(at.notes) == 1 and at.count("add_note") == 3
    assert len(at.files) == 2 and at.count("upload") == 2, "the lost answer: re-read, not resent"
    assert len(sleeps) >= 3


def test_the_connector_reads_what_autotask_offers(
    at: FakeAutotask, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    c = _connector(profile, policy)
    ticket = c.fetch_ticket(NUMBER)
    people = c.assignees(NUMBER)

    assert (ticket.id, ticket.client, ticket.contact) == (str(TICKET), "Acme Corp", "Maria Lopez")
    assert (
        ticket.status == Choice(id="1", name="New", kind="status") and ticket.priority == "Medium"
    )
    assert [s.name for s in c.statuses(NUMBER)] == ["New", "Complete", "Waiting Customer",
                                                    "In Progress"]  # fmt: skip
    assert Choice(id=str(AGENT1), name="Agent One (agent1)", kind="member") in people
    assert [p.name for p in people if p.kind == "queue"] == ["Level I Support (queue)",
                                                             "Networking (queue)"]  # fmt: skip
    assert len([p for p in people if p.kind == "member"]) == 4, "both pages of resources"
    assert c.test().endswith("(42 of 10000 API requests used this hour)")
    assert at.count("query") >= 2 and at.count("ticket_fields") == 1


def test_a_queue_is_set_by_queue_id(
    at: FakeAutotask, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    _connector(profile, policy).assign(str(TICKET), Choice(id="9", name="Networking", kind="queue"))
    assert at.ticket["queueID"] == 9


def test_the_five_minute_byte_budget_waits_or_keeps_the_item_queued(  # noqa: PLR0917 - pytest injects fixtures by name
    at: FakeAutotask, profile: ConnectionProfile, policy: RetryPolicy, sleeps: list[float],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    now = [1000.0]
    monkeypatch.setattr(AutotaskConnector, "budget",
                        AttachmentBudget(limit=1000, window=300, clock=lambda: now[0]))  # fmt: skip
    log = tmp_path / "a.log"
    log.write_bytes(b"x" * 600)
    c, stop = _connector(profile, policy), threading.Event()

    def upload() -> str:
        return str(c.upload(str(TICKET), log, "a.log", "text/plain", lambda d, t: None, stop))

    upload()
    now[0] += 100
    with pytest.raises(ConnectorError, match="can go in 200 s") as raised:
        upload()
    assert raised.value.retryable and raised.value.retry_after == 200
    now[0] += 150
    upload()

    assert sleeps == [50.0] and len(at.files) == 2


def test_over_six_mib_is_refused_before_sending(
    at: FakeAutotask, profile: ConnectionProfile, policy: RetryPolicy, tmp_path: Path
) -> None:
    big = tmp_path / "big.evtx"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(TooLarge, match="at most 6 MiB"):
        _connector(profile, policy).upload(str(TICKET), big, "big.evtx",
                                           "application/octet-stream", lambda d, t: None,
                                           threading.Event())  # fmt: skip
    assert at.count("upload") == 0


def test_an_unknown_api_user_is_named_and_not_retried(
    at: FakeAutotask, profile: ConnectionProfile, policy: RetryPolicy, sleeps: list[float]
) -> None:
    wrong = profile.model_copy(update={"fields": {**profile.fields, "username": "nobody"}})
    with pytest.raises(NotFound, match="does not know the API user 'nobody'"):
        _connector(wrong, policy).fetch_ticket(str(TICKET))
    assert at.count("zone") == 1 and sleeps == []


def test_a_refused_secret_asks_the_zone_once_more_then_fails(  # noqa: PLR0917 - pytest injects fixtures by name
    at: FakeAutotask, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, sleeps: list[float],
) -> None:  # fmt: skip
    with pytest.raises(AuthError, match=r"401.*Unauthorized"):
        _connector(profile, policy, secret=WRONG).fetch_ticket(str(TICKET))
    assert at.count("zone") == 2, "a 401 may mean the database moved zone"
    item = outbox.add_draft(handoff, connection="at-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, WRONG, policy)(item.id)
    assert done.state is ItemState.FAILED and sleeps == [] and at.notes == []


def test_a_resource_without_a_role_gets_a_clear_reason(
    at: FakeAutotask, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    at.roles.clear()
    with pytest.raises(ConnectorError, match="no active service-desk role"):
        _connector(profile, policy).assign(str(TICKET), Choice(id=str(AGENT1), name="Agent One"))
    assert at.count("patch") == 0


def test_requests_are_spaced_unless_the_profile_says_otherwise(
    profile: ConnectionProfile,
) -> None:
    plain = profile.model_copy(update={"fields": {"username": USER, "integration_code": CODE}})
    with HttpClient(plain.url) as client:
        connect(plain, SECRET, client=client)
        assert client.min_interval == 0.1
