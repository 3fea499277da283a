"""The worked example of the handoff procedure: a user who cannot connect to the VPN.

``handoff example`` prints it, the tests and benchmarks build on it, and the
screenshots in ``docs/`` show it.  It is complete: it passes the quality check.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from handoff.model import (
    Assignee,
    AssigneeKind,
    Blocker,
    BlockerKind,
    Blockers,
    Certainty,
    GeneratedText,
    Handoff,
    Priority,
    RemainingStep,
    RootCause,
    Status,
    Step,
    StepKind,
    Ticket,
    Urgency,
    UserMessage,
    utc_now,
)


def example_handoff(now: datetime | None = None) -> Handoff:
    """A complete VPN handoff; times are relative to ``now`` so the SLA is in the future."""
    now = now or utc_now()
    return Handoff(
        author="Dana Onsite",
        created_at=now - timedelta(hours=1),
        updated_at=now,
        ticket=Ticket(
            id="T-20418",
            title="VPN fails to connect for remote user",
            client="Contoso Dental",
            site="Main office, 12 Harbour St",
            contact="Maria Lopez, +1 555 0142",
        ),
        summary=(
            "Maria cannot connect to the company VPN (GlobalProtect) from home or the office "
            "since Monday; the client shows 'Authentication failed' after the MFA prompt. "
            "Other users connect fine. Her AD account is enabled and not locked. The gateway "
            "answers and DNS resolves, so the network path is fine; the failure is at "
            "authentication. Waiting on the networking team to check the VPN gateway's "
            "auth logs and her group mapping."
        ),
        steps_taken=[
            Step(
                kind=StepKind.TEST,
                action="Pinged the VPN gateway",
                command="ping vpn.contoso-dental.com",
                result="Replies from 203.0.113.10, 0% loss, 24 ms average",
            ),
            Step(
                kind=StepKind.TEST,
                action="Checked DNS resolution of the gateway",
                command="nslookup vpn.contoso-dental.com",
                result="Resolves to 203.0.113.10 from office and hotspot",
            ),
            Step(
                kind=StepKind.TEST,
                action="Tested on a mobile hotspot",
                command="",
                result="Same 'Authentication failed' error: not the office network",
            ),
            Step(
                kind=StepKind.ACTION,
                action="Reinstalled the GlobalProtect client (6.2.1)",
                result="Installed cleanly; same error after reinstall",
            ),
            Step(
                kind=StepKind.ACTION,
                action="Cleared saved credentials in Credential Manager and the client",
                result="Prompted for credentials again; same error",
            ),
            Step(
                kind=StepKind.ACTION,
                action="Reset MFA registration with the user",
                result="New Authenticator registration works for Outlook web; VPN still fails",
            ),
            Step(
                kind=StepKind.COMMAND,
                action="Checked AD group membership",
                command="Get-ADPrincipalGroupMembership mlopez | Select Name",
                result="User is NOT in 'VPN-Users' (was removed in Monday's group clean-up)",
            ),
            Step(
                kind=StepKind.LOG_REVIEWED,
                action="Reviewed GlobalProtect PanGPS.log",
                result="'Authentication failed: user not in allowed group' at 09:14 and 09:32",
            ),
        ],
        root_cause=RootCause(
            certainty=Certainty.SUSPECTED,
            text=(
                "Maria was removed from the VPN-Users AD group in Monday's clean-up; the "
                "gateway's auth profile only allows that group."
            ),
        ),
        remaining_steps=[
            RemainingStep(
                action="Confirm on the gateway auth log that the group check is what fails",
                owner="Networking team",
            ),
            RemainingStep(
                action="Re-add Maria to VPN-Users once approved, then test a connection with her",
                owner="Next available tech",
            ),
        ],
        blockers=Blockers(
            items=[
                Blocker(
                    kind=BlockerKind.APPROVAL,
                    description="Group change needs the practice manager's approval (requested)",
                ),
                Blocker(
                    kind=BlockerKind.USER_AVAILABILITY,
                    description="Maria is available for a test call after 14:00",
                    when=(now + timedelta(hours=3)).replace(minute=0, second=0),
                ),
            ]
        ),
        status=Status.WAITING_ON_ESCALATION,
        assignee=Assignee(kind=AssigneeKind.NETWORKING_TEAM, name="", mention="netops"),
        urgency=Urgency(priority=Priority.HIGH, sla_due=now + timedelta(hours=6)),
        next_tech_note=GeneratedText(),
        user_message=UserMessage(needed=True),
    )
