"""The HaloPSA connector against a local Halo that checks every request.

The fake follows /work/shared/reference/ticket-systems.md section 5: the auth server
found through ``/api/authinfo``, client-credentials tokens (form body, ``tenant``
parameter), ``Bearer`` on every API call and 401 for a revoked or expired token,
actions and attachments POSTed as JSON arrays (attachments base64), ticket updates as
``POST /api/Tickets`` arrays with an ``id``, and ``pageinate``d lists.
"""

from __future__ import annotations

import base64
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from handoff.delivery.connector import AuthError, Choice, ConnectionProfile
from handoff.delivery.connectors import connect
from handoff.delivery.connectors.halopsa import HaloPsaConnector
from handoff.delivery.http import HttpClient, RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox
from handoff.delivery.plan import note_marker, reply_marker
from handoff.model import Assignee, AssigneeKind, Handoff
from tests.delivery.conftest import Fault, VendorFake, file_bytes, json_response, run_poster

CLIENT_ID, SECRET, TENANT = "7f1c9a2e-handoff", "halo-client-secret", "acme"
WRONG = "wrong-secret"
TICKET, AGENT1 = 1234, 12


class FakeHalo(VendorFake):
    def __init__(self, server: HTTPServer) -> None:
        super().__init__(server)
        self.ids = itertools.count(800)
        self.tokens: list[str] = []
        self.valid: set[str] = set()
        self.token_forms: list[dict[str, str]] = []
        self.statuses = [{"id": 1, "name": "New", "type": 1}, {"id": 2, "name": "In Progress"},
                         {"id": 21, "name": "Waiting on Customer"},
                         {"id": 9, "name": "Closed"}]  # fmt: skip
        self.agents = [{"id": AGENT1, "name": "Agent One", "email": "agent1@example.com"},
                       {"id": 13, "name": "Old Agent", "isdisabled": True}]  # fmt: skip
        self.teams = [{"id": 3, "name": "1st Line"}, {"id": 4, "name": "Network Team"}]
        self.ticket: dict[str, Any] = {
            "id": TICKET, "summary": "VPN fails after password change", "status_id": 1,
            "agent_id": 1, "team": "1st Line", "client_name": "Acme Corp",
            "user_name": "Maria Lopez", "priority_id": 3, "fixbydate": "2026-05-11T17:00:00",
        }  # fmt: skip
        self.actions: list[dict[str, Any]] = []
        self.files: list[dict[str, Any]] = []
        self._routes()

    def _routes(self) -> None:
        self.route("GET", "/api/authinfo", "authinfo",
                   lambda r, m: json_response({"auth_url": f"{self.url}/auth"}))  # fmt: skip
        self.route("POST", "/auth/token", "token", self.token)
        self.route("GET", rf"/api/Tickets/({TICKET}|\d+)", "ticket", self.get_ticket)
        self.route("POST", "/api/Tickets", "update", self.update)
        self.route("GET", "/api/Status", "statuses", self.get_statuses)
        self.route("GET", "/api/Agent", "agents", lambda r, m: json_response(self.agents))
        self.route("GET", "/api/Team", "teams", lambda r, m: json_response(self.teams))
        self.route(
            "GET",
            "/api/Actions",
            "actions",
            lambda r, m: self.listing(
                r, "actions", [a for a in self.actions if a["ticket_id"] == TICKET]
            ),
        )
        self.route("POST", "/api/Actions", "add_action", self.add_action)
        self.route(
            "GET",
            "/api/Attachment",
            "files",
            lambda r, m: self.listing(
                r, "attachments", [{k: v for k, v in f.items() if k != "data"} for f in self.files]
            ),
        )
        self.route("POST", "/api/Attachment", "upload", self.upload)

    def refuse(self, request: Request, name: str) -> Response | None:
        auth = request.headers.get("Authorization", "")
        if name in ("authinfo", "token"):
            self.expect(not auth, f"{name} is asked without a bearer token")
            return None
        if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") not in self.valid:
            return json_response({"message": "Unauthorized"}, 401)
        return None

    def token(self, request: Request, match: Any) -> Response:
        self.expect(request.mimetype == "application/x-www-form-urlencoded", "a form body")
        self.expect(request.args.get("tenant") == TENANT, "hosted Halo: the tenant parameter")
        form = dict(request.form)
        self.token_forms.append(form)
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, SECRET):
            return json_response({"error": "invalid_client"}, 400)
        self.expect(form.get("grant_type") == "client_credentials" and form.get("scope") == "all",
                    f"token form {form}")  # fmt: skip
        token = f"tok-{len(self.tokens) + 1}"
        self.tokens.append(token)
        self.valid.add(token)
        return json_response({"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def listing(self, request: Request, key: str, rows: list[dict[str, Any]]) -> Response:
        self.expect(request.args.get("ticket_id") == str(TICKET), f"{key}: ticket_id")
        self.expect(request.args.get("pageinate") == "true", f"{key}: pageinate=true")
        size, number = int(request.args.get("page_size", 50)), int(request.args.get("page_no", 1))
        chunk = rows[(number - 1) * size : number * size]
        return json_response({"record_count": len(rows), key: chunk})

    def get_ticket(self, request: Request, match: Any) -> Response:
        if int(match[1]) != TICKET:
            return json_response({"message": "Ticket not found"}, 404)
        self.expect(request.args.get("includedetails") == "true", "includedetails=true")
        return json_response(self.ticket)

    def get_statuses(self, request: Request, match: Any) -> Response:
        self.expect(request.args.get("type") == "ticket", "statuses of type ticket")
        return json_response(self.statuses)

    def _one(self, request: Request, name: str, keys: set[str]) -> dict[str, Any]:
        body = self.json_body(request, name)
        self.expect(isinstance(body, list) and len(body) == 1, f"{name}: a JSON array of one")
        item: dict[str, Any] = body[0] if isinstance(body, list) and body else {}
        self.expect(keys <= set(item), f"{name}: {sorted(keys - set(item))} missing")
        return item

    def add_action(self, request: Request, match: Any) -> Response:
        action = self._one(request, "add_action",
                           {"ticket_id", "note", "hiddenfromuser", "sendemail"})  # fmt: skip
        self.expect(action.get("ticket_id") == TICKET, "an action names its ticket")
        self.expect(action.get("sendemail") is not action.get("hiddenfromuser"),
                    f"private mails nobody, public mails the user: {action}")  # fmt: skip
        self.actions.append({**action, "id": next(self.ids)})
        return json_response(self.actions[-1], 201)

    def upload(self, request: Request, match: Any) -> Response:
        item = self._one(request, "upload", {"ticket_id", "filename", "data_base64"})
        self.expect(item.get("ticket_id") == TICKET, "an attachment names its ticket")
        data = base64.b64decode(item.get("data_base64", ""), validate=True)
        self.files.append({"id": next(self.ids), "filename": item["filename"],
                           "filesize": len(data), "data": data})  # fmt: skip
        return json_response({k: v for k, v in self.files[-1].items() if k != "data"}, 201)

    def update(self, request: Request, match: Any) -> Response:
        change = self._one(request, "update", {"id"})
        fields = {"id", "status_id", "agent_id", "team"}
        self.expect(change.get("id") == TICKET and set(change) <= fields, f"update {change}")
        if "status_id" in change and change["status_id"] == 9:
            return json_response(self.ticket)  # the workflow does not allow it: unchanged
        self.ticket.update({k: v for k, v in change.items() if k != "id"})
        return json_response(self.ticket)

    def revoke(self) -> None:
        self.valid.clear()


@pytest.fixture
def halo(httpserver: HTTPServer) -> Iterator[FakeHalo]:
    fake = FakeHalo(httpserver)
    yield fake
    assert fake.problems == []
    httpserver.check_handler_errors()


@pytest.fixture
def profile(halo: FakeHalo) -> ConnectionProfile:
    fields = {"client_id": CLIENT_ID, "tenant": TENANT}
    return ConnectionProfile(name="halo-test", kind="halopsa", url=halo.url, fields=fields)


def _connector(profile: ConnectionProfile, policy: RetryPolicy, secret: str = SECRET) -> Any:
    return connect(profile, secret, client=HttpClient(profile.url, timeout=10, policy=policy))


def test_a_handoff_lands_whole_with_one_token(
    halo: FakeHalo, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy,
) -> None:  # fmt: skip
    item = outbox.add_draft(handoff, connection="halo-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, SECRET, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert done.link == f"{halo.url}/ticket?id={TICKET}"
    [note] = halo.actions
    assert note_marker(handoff.id) in note["note"]
    assert (note["hiddenfromuser"], note["sendemail"]) == (True, False)
    assert {f["filename"]: f["data"] for f in halo.files} == file_bytes(handoff)
    assert (halo.ticket["status_id"], halo.ticket["agent_id"]) == (21, AGENT1)
    assert halo.tokens == ["tok-1"] and halo.count("authinfo") == 1


def test_a_revoked_token_is_renewed_once_and_the_request_repeated(
    halo: FakeHalo, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy,
) -> None:  # fmt: skip
    def add_then_revoke(request: Request, match: Any) -> Response:
        answer = halo.add_action(request, match)
        halo.revoke()  # e.g. the API application's secret was rotated, or Halo restarted
        return answer

    halo.routes = [(m, p, add_then_revoke if n == "add_action" else h, n)
                   for m, p, h, n in halo.routes]  # fmt: skip
    halo.fault("upload", Fault("before", 401, {"message": "token expired"}))
    item = outbox.add_draft(handoff, connection="halo-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, SECRET, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert halo.tokens == ["tok-1", "tok-2", "tok-3"], "one new token after each 401"
    assert len(halo.actions) == 1 and halo.count("upload") == 3, "the refused upload resent"
    assert {f["filename"]: f["data"] for f in halo.files} == file_bytes(handoff)


def test_a_second_401_after_a_fresh_token_is_an_auth_error(
    halo: FakeHalo, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    deny = Fault("before", 401, {"message": "no permission"})
    halo.fault("statuses", deny, deny)
    c = _connector(profile, policy)
    c._token, c._expires = "stale", c.clock() + 600
    with pytest.raises(AuthError):
        c.statuses(str(TICKET))
    assert halo.tokens == ["tok-1"] and halo.count("statuses") == 2


def test_a_token_is_renewed_before_it_expires(
    halo: FakeHalo, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    now = [0.0]
    c = _connector(profile, policy)
    assert isinstance(c, HaloPsaConnector)
    c.clock = lambda: now[0]
    c.fetch_ticket(str(TICKET))
    now[0] += 3600 - 61
    c.statuses(str(TICKET))
    now[0] += 2
    c.assignees(str(TICKET))
    assert halo.tokens == ["tok-1", "tok-2"] and halo.count("token") == 2


def test_no_duplicates_when_answers_are_lost_after_the_work(  # noqa: PLR0917 - pytest injects fixtures by name
    halo: FakeHalo, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, sleeps: list[float],
) -> None:  # fmt: skip
    halo.fault("add_action", Fault("after", 504))
    halo.fault("upload", Fault("before", 429, {"message": "slow down"}, {"Retry-After": "5"}),
               Fault("after", 500))  # fmt: skip
    item = outbox.add_draft(handoff, connection="halo-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, SECRET, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert len(halo.actions) == 1 and len(halo.files) == 2
    assert 5.0 in sleeps


def test_a_user_reply_mails_the_user_and_a_team_is_set_by_name(
    halo: FakeHalo, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy,
) -> None:  # fmt: skip
    handoff.assignee = Assignee(kind=AssigneeKind.NETWORKING_TEAM)
    item = outbox.add_draft(handoff, connection="halo-test", ticket_id=str(TICKET),
                            user_reply=True)  # fmt: skip
    done = run_poster(outbox, profile, SECRET, policy)(item.id)

    assert done.state is ItemState.POSTED, done.reason
    [reply] = [a for a in halo.actions if reply_marker(handoff.id) in a["note"]]
    assert (reply["hiddenfromuser"], reply["sendemail"]) == (False, True)
    assert halo.ticket["team"] == "Network Team"


def test_a_refused_client_secret_fails_at_once(  # noqa: PLR0917 - pytest injects fixtures by name
    halo: FakeHalo, profile: ConnectionProfile, outbox: Outbox, handoff: Handoff,
    policy: RetryPolicy, sleeps: list[float],
) -> None:  # fmt: skip
    item = outbox.add_draft(handoff, connection="halo-test", ticket_id=str(TICKET))
    done = run_poster(outbox, profile, WRONG, policy)(item.id)

    assert done.state is ItemState.FAILED, done.reason
    assert "HaloPSA refused the client id / secret" in done.reason
    assert WRONG not in done.reason and sleeps == [] and halo.actions == []


def test_the_connector_reads_what_halo_offers(
    halo: FakeHalo, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    c = _connector(profile.model_copy(update={"fields": {**profile.fields,
                                                         "auth_url": f"{halo.url}/auth"}}),
                   policy)  # fmt: skip
    ticket = c.fetch_ticket(str(TICKET))
    people = c.assignees(str(TICKET))

    assert (ticket.title, ticket.client, ticket.contact) == (
        "VPN fails after password change", "Acme Corp", "Maria Lopez")  # fmt: skip
    assert ticket.status == Choice(id="1", name="New", kind="status")
    assert ticket.sla_due is not None and ticket.sla_due.isoformat() == "2026-05-11T17:00:00+00:00"
    assert [s.name for s in c.statuses(str(TICKET))][:3] == ["New", "In Progress",
                                                             "Waiting on Customer"]  # fmt: skip
    assert [p.name for p in people] == ["Agent One", "1st Line (team)", "Network Team (team)"]
    assert c.test().endswith("(4 ticket statuses)")
    assert halo.count("authinfo") == 0, "a configured auth_url is used as it is"


def test_a_status_the_workflow_refuses_is_reported(
    halo: FakeHalo, profile: ConnectionProfile, policy: RetryPolicy
) -> None:
    with pytest.raises(Exception, match="did not set the status to Closed"):
        _connector(profile, policy).set_status(str(TICKET), Choice(id="9", name="Closed"))
