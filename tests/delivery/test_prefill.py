"""Prefill: the draft from a real RT ticket, the merge rule, and the offline cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handoff.delivery.connector import (
    AuthError,
    Choice,
    ConnectionProfile,
    Connector,
    NotFound,
    Offline,
    RemoteTicket,
)
from handoff.delivery.connectors import connect
from handoff.delivery.http import HttpClient, RetryPolicy
from handoff.delivery.prefill import (
    TicketCache,
    TicketInfo,
    lookup,
    merge_info,
    merge_ticket,
    priority_from,
)
from handoff.model import Assignee, AssigneeKind, Handoff, Priority, Status, Ticket, Urgency
from tests.helpers.rt_server import RtServer, free_port

WRONG_TOKEN = "1-14-" + "0" * 32
Connect = Callable[..., Connector]


@pytest.fixture
def connector(profile: ConnectionProfile, rt: RtServer, policy: RetryPolicy) -> Connect:
    """``connector(url=..., token=...)``: an RT connector that never really sleeps."""

    def make(*, url: str | None = None, token: str | None = None) -> Connector:
        target = profile.model_copy(update={"url": url or rt.url})
        client = HttpClient(target.url, timeout=10, policy=policy)
        return connect(target, token or rt.token, client=client)

    return make


@pytest.fixture
def cache(data_dir: Path) -> TicketCache:
    return TicketCache()


def closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


# -- the pure merge ---------------------------------------------------------------------------

REMOTE = RemoteTicket(
    id="42", title="VPN fails after MFA", client="Contoso", contact="maria@contoso.example",
    status=Choice(id="open", name="open", kind="status"),
    assignee=Choice(id="Nobody", name="Nobody (unassigned)", kind="member"),
    priority="P2 - High", sla_due=datetime(2026, 5, 9, 17, 0, tzinfo=UTC),
)  # fmt: skip
STATUSES = [Choice(id=n, name=n, kind="status") for n in ("new", "open", "stalled", "resolved")]


def test_an_empty_draft_takes_everything_the_ticket_says() -> None:
    merged = merge_ticket(Handoff(), REMOTE, statuses=STATUSES)

    h = merged.handoff
    assert h.ticket == Ticket(id="42", title="VPN fails after MFA", client="Contoso",
                              contact="maria@contoso.example")  # fmt: skip
    assert h.urgency == Urgency(priority=Priority.HIGH, sla_due=REMOTE.sla_due)
    assert h.status is Status.IN_PROGRESS  # "open" translates back by name
    assert h.assignee.kind is AssigneeKind.NEXT_AVAILABLE_TECH  # "Nobody" = unassigned
    assert merged.filled == ["ticket", "title", "client", "contact", "priority", "SLA due",
                             "status", "assignee"]  # fmt: skip


def test_what_the_engineer_typed_is_never_overwritten() -> None:
    typed = Handoff(
        ticket=Ticket(id="T-42", title="Maria: VPN", client="", contact="ext. 214"),
        status=Status.WAITING_ON_VENDOR,
        assignee=Assignee(kind=AssigneeKind.NETWORKING_TEAM),
        urgency=Urgency(priority=Priority.LOW),
    )
    before = typed.model_copy(deep=True)

    merged = merge_ticket(typed, REMOTE, statuses=STATUSES)

    assert typed == before, "the merge is pure: the input is untouched"
    h = merged.handoff
    assert (h.ticket.id, h.ticket.title, h.ticket.contact) == ("T-42", "Maria: VPN", "ext. 214")
    assert h.ticket.client == "Contoso"
    assert h.status is Status.WAITING_ON_VENDOR
    assert h.assignee.kind is AssigneeKind.NETWORKING_TEAM
    assert h.urgency.priority is Priority.LOW
    assert merged.filled == ["client", "SLA due"]


def test_a_named_owner_is_not_proposed_as_the_next_one() -> None:
    owned = REMOTE.model_copy(
        update={"assignee": Choice(id="agent1", name="Agent One (agent1)", kind="member"),
                "status": Choice(id="new", name="new", kind="status")}
    )  # fmt: skip
    h = merge_ticket(Handoff(), owned, statuses=STATUSES).handoff
    assert h.assignee.kind is None
    assert h.status is None  # "new" is none of ours


def test_the_connection_mapping_translates_back() -> None:
    tier2 = Choice(id="7", name="Tier 2 (queue)", kind="queue")
    waiting = Choice(id="pending-cust", name="Pending customer", kind="status")
    remote = REMOTE.model_copy(update={"assignee": tier2, "status": waiting})
    profile = ConnectionProfile(
        name="x", kind="rt", url="https://x.example",
        status_map={Status.WAITING_ON_USER: waiting},
        assignee_map={AssigneeKind.ESCALATION_TEAM: tier2},
    )  # fmt: skip
    info = TicketInfo(connection="x", ticket_id="42", fetched_at=datetime.now(UTC),
                      ticket=remote, statuses=[waiting], assignees=[tier2])  # fmt: skip

    h = merge_info(Handoff(), info, profile).handoff

    assert h.status is Status.WAITING_ON_USER
    assert h.assignee.kind is AssigneeKind.ESCALATION_TEAM


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Priority 1 - Emergency Response", Priority.CRITICAL), ("Urgent", Priority.CRITICAL),
     ("3 - Normal", Priority.MEDIUM), ("low", Priority.LOW), ("50", None), ("", None)],
)  # fmt: skip
def test_priority_names_but_not_bare_numbers(name: str, expected: Priority | None) -> None:
    assert priority_from(name) is expected


# -- against the real RT -------------------------------------------------------------------------


def test_a_ticket_id_fetches_the_ticket_and_its_choices(
    connector: Connect, cache: TicketCache, ticket: str, profile: ConnectionProfile
) -> None:
    found = lookup(connector(), profile.name, ticket, cache)

    assert not found.from_cache
    info = found.info
    assert info.ticket.id == ticket
    assert info.ticket.title.startswith("Handoff test ")
    assert info.ticket.contact == "user@example.com"
    assert info.ticket.status is not None and info.ticket.status.id == "new"
    assert {"open", "stalled", "resolved"} <= {c.id for c in info.statuses}
    assert "deleted" not in {c.id for c in info.statuses}
    names = {c.id for c in info.assignees}
    assert {"Nobody", "agent1", "agent2"} <= names
    assert any(c.kind == "queue" and c.name.startswith("General") for c in info.assignees)
    assert "fetched from rt-test at" in found.describe()

    saved = json.loads(cache.path_for(profile.name, ticket).read_text())
    assert saved["ticket_id"] == ticket and saved["connection"] == "rt-test"
    assert not list(cache.folder.glob(".*")), "no temp file left behind"

    h = merge_info(Handoff(), info, profile).handoff
    assert h.ticket.id == ticket and h.ticket.contact == "user@example.com"
    assert h.assignee.kind is AssigneeKind.NEXT_AVAILABLE_TECH  # RT's "Nobody"


def test_offline_the_cache_answers_with_its_time_and_reason(
    connector: Connect, cache: TicketCache, ticket: str, profile: ConnectionProfile
) -> None:
    online = lookup(
        connector(), profile.name, ticket, cache, now=datetime(2026, 5, 9, 8, 30, tzinfo=UTC)
    )
    offline = lookup(connector(url=closed_url()), profile.name, f" {ticket} ", cache)

    assert offline.from_cache
    assert offline.info == online.info
    assert "refused the connection" in offline.reason
    assert offline.describe().startswith("offline copy from 2026-05-09 ")


def test_offline_without_a_cache_says_why(
    connector: Connect, cache: TicketCache, ticket: str, profile: ConnectionProfile
) -> None:
    with pytest.raises(Offline, match="refused the connection"):
        lookup(connector(url=closed_url()), profile.name, ticket, cache)
    with pytest.raises(Exception, match="never fetched"):
        lookup(None, profile.name, ticket, cache)


def test_a_refused_token_or_a_missing_ticket_is_not_hidden_by_the_cache(
    connector: Connect, cache: TicketCache, ticket: str, profile: ConnectionProfile
) -> None:
    lookup(connector(), profile.name, ticket, cache)
    with pytest.raises(AuthError, match=r"refused \(401\)"):
        lookup(connector(token=WRONG_TOKEN), profile.name, ticket, cache)
    with pytest.raises(NotFound):
        lookup(connector(), profile.name, "999999", cache)


def test_the_cache_is_per_connection_and_survives_bad_files(
    connector: Connect, cache: TicketCache, ticket: str, profile: ConnectionProfile
) -> None:
    lookup(connector(), profile.name, ticket, cache)
    assert cache.load("other", ticket) is None
    assert cache.load("RT-TEST", ticket) is not None, "connection names are case-insensitive"
    assert [i.ticket_id for i in cache.all_for(profile.name)] == [ticket]
    via_secretless = lookup(None, profile.name, ticket, cache)
    assert via_secretless.from_cache and "no secret" in via_secretless.reason

    cache.path_for(profile.name, ticket).write_text("{not json")
    assert cache.load(profile.name, ticket) is None
    cache.forget(profile.name)
    assert cache.all_for(profile.name) == []
