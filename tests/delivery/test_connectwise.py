"""The ConnectWise connector against a local ConnectWise that checks every request.

The fake follows /work/shared/reference/ticket-systems.md section 3: the codebase from
``/login/companyinfo`` (asked without credentials), Basic ``company+public:private``
plus ``clientId`` on every API call, notes with their flags, documents as multipart,
JSON-Patch with statuses per board, ``page``/``pageSize`` paging, and 429s from the edge.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from handoff.delivery.connector import AuthError, Choice, ConnectionProfile, ConnectorError
from handoff.delivery.connectors import connect
from handoff.delivery.http import HttpClient, RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox, StepState
from handoff.delivery.plan import note_marker, reply_marker
from handoff.model import Assignee, AssigneeKind, Handoff
from tests.delivery.conftest import Fault, VendorFake, file_bytes, json_response, run_poster

COMPANY, PUBLIC, PRIVATE = "acme", "pUbLiCkEy01", "pRiVaTeKeY02"
WRONG = "wrong-secret"
CLIENT_ID = "5c7e0a52-1f3b-4a8e-9d3c-2b9d1e6f0a11"
CODEBASE = "v2025_1"
API = f"/{CODEBASE}/apis/3.0"
TICKET = 4321
AGENT1 = 101


def _status(
    sid: int, name: str, *, default: bool = False, inactive: bool = False
) -> dict[str, Any]:
    return {"id": sid, "name": name, "defaultFlag": default, "inactive": inactive}


class FakeConnectWise(VendorFake):
    def __init__(self, server: HTTPServer) -> None:
        super().__init__(server)
        self.ids = itertools.count(5000)
        self.boards = {1: "Service Desk", 2: "Network Team", 3: "Old Board"}
        self.board_statuses = {
            1: [_status(10, "New", default=True), _status(11, "In Progress"),
                _status(12, "Waiting Customer"), _status(13, "Completed"),
                _status(14, "Retired", inactive=True)],
            2: [_status(20, "New", default=True), _status(21, "Waiting Customer")],
        }  # fmt: skip
        self.members = [{"id": AGENT1, "identifier": "agent1", "firstName": "Agent",
                         "lastName": "One", "inactiveFlag": False}]  # fmt: skip
        self.members += [{"id": 200 + n, "identifier": f"tech{n}", "firstName": "Tech",
                          "lastName": str(n), "inactiveFlag": n == 7}
                         for n in range(300)]  # fmt: skip
        self.ticket: dict[str, Any] = {
            "id": TICKET, "summary": "VPN fails after password change",
            "board": {"id": 1, "name": "Service Desk"}, "status": {"id": 10, "name": "New"},
            "owner": None, "company": {"id": 19, "identifier": "ACME", "name": "Acme Corp"},
            "contact": {"id": 7, "name": "Maria Lopez"},
            "priority": {"id": 8, "name": "Priority 3 - Normal Response"},
            "requiredDate": "2026-05-11T17:00:00Z",
        }  # fmt: skip
        self.notes: list[dict[str, Any]] = []
        self.documents: list[dict[str, Any]] = []
        self._routes()

    def _routes(self) -> None:
        t = rf"{API}/service/tickets/(\d+)"
        self.route("GET", r"/login/companyinfo/(\w+)", "companyinfo", self.companyinfo)
        self.route("GET", rf"{API}/system/info", "info", lambda r, m: json_response(
            {"version": "v2025.1.104470", "isCloud": True, "cloudRegion": "NA"}))  # fmt: skip
        self.route("GET", t, "ticket", self.get_ticket)
        self.route("PATCH", t, "patch", self.patch)
        self.route("GET", rf"{t}/notes", "notes", lambda r, m: self.page(r, self.notes))
        self.route("POST", rf"{t}/notes", "add_note", self.add_note)
        self.route("GET", rf"{API}/service/boards/(\d+)/statuses", "statuses", self.statuses)
        self.route(
            "GET",
            rf"{API}/service/boards",
            "boards",
            lambda r, m: self.page(
                r, [{"id": i, "name": n, "inactiveFlag": i == 3} for i, n in self.boards.items()]
            ),
        )
        self.route("GET", rf"{API}/system/members", "members",
                   lambda r, m: self.page(r, self.members))  # fmt: skip
        self.route("GET", rf"{API}/system/documents", "documents", self.list_documents)
        self.route("POST", rf"{API}/system/documents", "upload", self.upload)

    # -- the vendor's rules -----------------------------------------------------------

    def refuse(self, request: Request, name: str) -> Response | None:
        auth = request.authorization
        if name == "companyinfo":
            self.expect(auth is None, "companyinfo is asked without credentials")
            return None
        ok = (auth is not None and auth.type == "basic"
              and auth.username == f"{COMPANY}+{PUBLIC}" and auth.password == PRIVATE)  # fmt: skip
        self.expect(request.headers.get("clientId") == CLIENT_ID, f"{name}: clientId header")
        if not ok:
            return json_response({"code": "Unauthorized", "message": "Access denied"}, 401)
        return None

    def page(self, request: Request, rows: list[dict[str, Any]]) -> Response:
        page, size = request.args.get("page", ""), request.args.get("pageSize", "")
        self.expect(page.isdigit() and size.isdigit() and int(size) <= 1000,
                    f"{request.path}: page/pageSize {page!r}/{size!r}")  # fmt: skip
        conditions = request.args.get("conditions", "")
        if conditions in ("inactiveFlag=false", "inactive=false"):
            key = conditions.split("=")[0]
            rows = [r for r in rows if not r.get(key)]
        start = (int(page or 1) - 1) * int(size or 25)
        return json_response(rows[start : start + int(size or 25)])

    def companyinfo(self, request: Request, match: Any) -> Response:
        if match.group(1) != COMPANY:
            return json_response({"message": "company not found"}, 404)
        return json_response({"CompanyName": "Acme Corp", "Codebase": f"{CODEBASE}/",
                              "VersionCode": "v2025.1", "CompanyID": COMPANY,
                              "IsCloud": True})  # fmt: skip

    def _ticket_or_404(self, match: Any) -> Response | None:
        if int(match.group(1)) != TICKET:
            return json_response({"code": "NotFound", "message": "Ticket not found"}, 404)
        return None

    def get_ticket(self, request: Request, match: Any) -> Response:
        return self._ticket_or_404(match) or json_response(self.ticket)

    def statuses(self, request: Request, match: Any) -> Response:
        return self.page(request, self.board_statuses.get(int(match.group(1)), []))

    def add_note(self, request: Request, match: Any) -> Response:
        if (missing := self._ticket_or_404(match)) is not None:
            return missing
        body = self.json_body(request, "add_note")
        self.expect(isinstance(body.get("text"), str) and body["text"], "a note has text")
        if body.get("internalAnalysisFlag"):
            self.expect(body.get("detailDescriptionFlag") is False
                        and body.get("processNotifications") is False,
                        f"an internal note mails nobody: {body}")  # fmt: skip
        else:
            self.expect(body.get("detailDescriptionFlag") is True
                        and body.get("processNotifications") is True,
                        f"a reply is a Discussion note that notifies: {body}")  # fmt: skip
        note = {**body, "id": next(self.ids), "ticketId": TICKET}
        self.notes.append(note)
        return json_response(note, 201)

    def list_documents(self, request: Request, match: Any) -> Response:
        self.expect(request.args.get("recordType") == "Ticket", "documents: recordType=Ticket")
        record = request.args.get("recordId")
        docs = [d for d in self.documents if str(d["recordId"]) == record]
        return self.page(request, [{k: v for k, v in d.items() if k != "data"} for d in docs])

    def upload(self, request: Request, match: Any) -> Response:
        form, part = request.form, request.files.get("file")
        self.expect(request.mimetype == "multipart/form-data", "documents are multipart")
        self.expect(form.get("recordType") == "Ticket" and form.get("recordId") == str(TICKET)
                    and form.get("title") and form.get("privateFlag") == "true",
                    f"document fields {dict(form)}")  # fmt: skip
        if part is None:
            self.problems.append("documents: no file part")
            return json_response({"message": "file required"}, 400)
        data = part.read()
        doc = {"id": next(self.ids), "recordId": TICKET, "title": form.get("title"),
               "fileName": part.filename, "size": len(data), "data": data,
               "contentType": part.mimetype}  # fmt: skip
        self.documents.append(doc)
        return json_response({k: v for k, v in doc.items() if k != "data"}, 201)

    def patch(self, request: Request, match: Any) -> Response:
        ops = self.json_body(request, "patch")
        self.expect(isinstance(ops, list) and ops, "a ticket PATCH is a JSON-Patch array")
        changed = dict(self.ticket)
        for op in ops:
            self.expect(set(op) == {"op", "path", "value"} and op["op"] == "replace"
                        and op["path"] in ("status", "owner", "board")
                        and isinstance(op["value"].get("id"), int),
                        f"JSON-Patch op {op}")  # fmt: skip
            changed[op["path"]] = {"id": op["value"]["id"]}
        board = changed["board"]["id"]
        valid = {s["id"] for s in self.board_statuses.get(board, []) if not s["inactive"]}
        if changed["status"]["id"] not in valid:
            return json_response({"code": "InvalidObject", "message": "ticket object is invalid",
                                  "errors": [{"message": "status not valid for board"}]},
                                 400)  # fmt: skip
        names = {s["id"]: s["name"] for s in self.board_statuses[board]}
        changed["status"]["name"] = names[changed["status"]["id"]]
        changed["board"]["name"] = self.boards[board]
        self.ticket = changed
        return json_response(self.ticket)


@pytest.fixture
def cw(httpserver: HTTPServer) -> Iterator[FakeConnectWise]:
    fake = FakeConnectWise(httpserver)
    yield fake
    assert fake.problems == []
    httpserver.check_handler_errors()


@pytest.fixture
def profile(cw: FakeConnectWise) -> ConnectionProfile:
    fields = {"company_id": COMPANY, "public_key": PUBLIC, "client_id": CLIENT_ID}
    return ConnectionProfile(name="cw-test", kind="connectwise", url=cw.url, fields=fields)


def _connector(profile: ConnectionProfile, policy: RetryPolicy, secret: str = PRIVATE) -> Any:
    return connect(profile, secret, client=HttpClient(profile.url, timeout=10, policy=policy))


def test_a_handoff_lands_whole_through_the_poster(
    cw: FakeConnectWise, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy,
) -> None:  # fmt: skip
    item = outbox.add_draft(handoff, connection="cw-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, PRIVATE, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert done.link.endswith(f"/{CODEBASE}/services/system_io/Service/fv_sr100_request.rsp"
                              f"?companyName={COMPANY}&service_recid={TICKET}")  # fmt: skip
    [note] = cw.notes
    assert note_marker(handoff.id) in note["text"] and note["internalAnalysisFlag"] is True
    assert {d["fileName"]: d["data"] for d in cw.documents} == file_bytes(handoff)
    assert {d["fileName"]: d["contentType"] for d in cw.documents} == {
        "vpn error.png": "image/png", "PanGPS.log": "text/plain"}  # fmt: skip
    assert cw.ticket["status"]["id"] == 12  # "Waiting on user" -> "Waiting Customer" by name
    assert cw.ticket["owner"] == {"id": AGENT1}
    assert cw.count("companyinfo") == 1, "the codebase is asked once per connection"


def test_no_duplicates_when_answers_are_lost_after_the_work(
    cw: FakeConnectWise, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy,
) -> None:  # fmt: skip
    cw.fault("add_note", Fault("after", 500))
    cw.fault("upload", Fault("after", 502))
    item = outbox.add_draft(handoff, connection="cw-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, PRIVATE, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert len(cw.notes) == 1 and len(cw.documents) == 2
    assert cw.count("add_note") == 1 and cw.count("upload") == 2, "re-read, not resent"
    assert done.steps[0].remote_id == str(cw.notes[0]["id"])


def test_edge_429s_are_waited_out_and_nothing_is_doubled(  # noqa: PLR0917 - pytest injects fixtures by name
    cw: FakeConnectWise, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, sleeps: list[float],
) -> None:  # fmt: skip
    busy = Fault("before", 429, {"message": "Too Many Requests"}, {"Retry-After": "7"})
    cw.fault("ticket", busy, busy)
    cw.fault("add_note", busy)
    cw.fault("members", Fault("before", 503))
    item = outbox.add_draft(handoff, connection="cw-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, PRIVATE, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert sleeps.count(7.0) == 3 and len(cw.notes) == 1


def test_the_connector_reads_what_connectwise_offers(
    cw: FakeConnectWise, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    c = _connector(profile, policy)
    ticket = c.fetch_ticket(str(TICKET))
    statuses = [s.name for s in c.statuses(str(TICKET))]
    people = c.assignees(str(TICKET))

    assert (ticket.title, ticket.client, ticket.contact) == (
        "VPN fails after password change", "Acme Corp", "Maria Lopez")  # fmt: skip
    assert ticket.status == Choice(id="10", name="New", kind="status")
    assert ticket.sla_due is not None and ticket.sla_due.isoformat() == "2026-05-11T17:00:00+00:00"
    assert statuses == ["New", "In Progress", "Waiting Customer", "Completed"]  # board 1, active
    members = [p for p in people if p.kind == "member"]
    assert len(members) == 300 and cw.count("members") == 2, "300 active members: two pages"
    assert Choice(id=str(AGENT1), name="Agent One (agent1)", kind="member") in members
    assert [p.name for p in people if p.kind == "queue"] == [
        "Service Desk (board)", "Network Team (board)"]  # fmt: skip
    assert c.test().startswith("Connected to ConnectWise PSA v2025.1.104470 at ")


def test_moving_to_a_board_sends_a_status_that_exists_there(
    cw: FakeConnectWise, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    c = _connector(profile, policy)
    c.set_status(str(TICKET), Choice(id="12", name="Waiting Customer"))
    c.assign(str(TICKET), Choice(id="2", name="Network Team (board)", kind="queue"))

    assert cw.ticket["board"]["id"] == 2
    assert cw.ticket["status"]["id"] == 21, "the same status name on the new board"


def test_a_user_reply_is_a_discussion_note_that_notifies(
    cw: FakeConnectWise, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy,
) -> None:  # fmt: skip
    handoff.assignee = Assignee(kind=AssigneeKind.NETWORKING_TEAM)
    item = outbox.add_draft(handoff, connection="cw-test", ticket_id=str(TICKET),
                            user_reply=True)  # fmt: skip
    done = run_poster(outbox, profile, PRIVATE, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    [reply] = [n for n in cw.notes if reply_marker(handoff.id) in n["text"]]
    assert reply["detailDescriptionFlag"] is True and reply["internalAnalysisFlag"] is False
    assert cw.ticket["board"]["id"] == 2, "Networking team -> the Network Team board"


def test_a_refused_key_pair_fails_at_once(  # noqa: PLR0917 - pytest injects fixtures by name
    cw: FakeConnectWise, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, sleeps: list[float],
) -> None:  # fmt: skip
    with pytest.raises(AuthError, match="401"):
        _connector(profile, policy, secret=WRONG).test()
    item = outbox.add_draft(handoff, connection="cw-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, WRONG, policy)(item.id)

    assert done.state is ItemState.FAILED and "check the connection in Settings" in done.reason
    assert sleeps == [] and cw.notes == []
    assert all(s.state is StepState.PENDING for s in done.steps)


def test_a_known_codebase_or_api_url_skips_the_lookup(
    cw: FakeConnectWise, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    with_codebase = profile.model_copy(update={"fields": {**profile.fields, "codebase": CODEBASE}})
    api_url = profile.model_copy(update={"url": f"{cw.url}{API}"})
    for p in (with_codebase, api_url):
        assert _connector(p, policy).fetch_ticket(str(TICKET)).id == str(TICKET)
    assert cw.count("companyinfo") == 0


@pytest.mark.parametrize(
    ("change", "ticket", "message"),
    [
        ({"fields": {"company_id": COMPANY}}, str(TICKET), "lacks public_key, client_id"),
        ({"fields": {"company_id": "nosuch", "public_key": PUBLIC, "client_id": CLIENT_ID}},
         str(TICKET), "not found"),
        ({}, "T-42", "ticket ids are numbers"),
        ({}, "9999", "not found"),
    ],
)  # fmt: skip
def test_bad_settings_and_tickets_are_one_line_errors(  # noqa: PLR0917 - pytest injects fixtures by name
    cw: FakeConnectWise, profile: ConnectionProfile, policy: RetryPolicy,
    change: dict[str, Any], ticket: str, message: str,
) -> None:  # fmt: skip
    with pytest.raises(ConnectorError, match=message) as raised:
        _connector(profile.model_copy(update=change), policy).fetch_ticket(ticket)
    assert "\n" not in str(raised.value) and PRIVATE not in str(raised.value)
