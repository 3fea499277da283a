"""The texts generated from a handoff: the note to the next tech, the user message,
and the Markdown and HTML reports that go into the package.

Wording lives in Jinja2 templates under ``resources/templates/`` so it can be
changed without touching code.  HTML is autoescaped (ticket text is untrusted);
the plain-text and Markdown templates are not, or ``&`` would become ``&amp;``
in a note pasted into a ticket.  ``StrictUndefined`` turns a typo in a template
into an error in the tests instead of a silently blank section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from handoff.model import Certainty, Handoff, RemainingStep, utc_now
from handoff.resources import resource_path

if TYPE_CHECKING:
    from jinja2 import Environment

_CERTAINTY_TEXT = {
    None: "not assessed yet",
    Certainty.CONFIRMED: "confirmed",
    Certainty.SUSPECTED: "suspected, not confirmed",
    Certainty.UNKNOWN: "unknown",
}

NOT_NEEDED_TEXT = "No user message: the engineer marked it as not needed for this handoff.\n"
"""What the package's user-message.txt says when ``user_message.needed`` is false."""


def format_time(value: datetime | None) -> str:
    """Local time with weekday and zone, unambiguous for a reader in another office."""
    if value is None:
        return ""
    local = value.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".rstrip()


def format_friendly_time(value: datetime | None) -> str:
    """Plain wording for end users: ``Saturday 9 May at 14:00``."""
    if value is None:
        return ""
    local = value.astimezone()
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M}"


def format_size(size: int | None) -> str:
    """Human-readable byte count (binary units, one decimal)."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover - loop always returns


def _span(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def format_time_left(delta: timedelta | None) -> str:
    """``"5 h 20 min left"``, ``"overdue by 10 min"``, ``"due now"``; ``""`` without an SLA.

    Whole minutes are truncated: an SLA should never look further away than it is.
    """
    if delta is None:
        return ""
    seconds = int(delta.total_seconds())
    if abs(seconds) < 60:
        return "due now"
    if seconds > 0:
        return f"{_span(seconds // 60)} left"
    return f"overdue by {_span(-seconds // 60)}"


def _first_name(contact: str) -> str:
    """``"Maria Lopez, +1 555 0142"`` -> ``"Maria"``; empty when it is not a name."""
    words = contact.split(",", 1)[0].split()
    if not words or not words[0][0].isalpha() or "@" in words[0]:
        return ""
    return words[0]


@cache
def _environment() -> Environment:
    # Jinja2 is imported on first use, not at start-up: importing it costs ~80 ms, and
    # the first wizard page needs no rendered text.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape  # noqa: PLC0415

    env = Environment(
        loader=FileSystemLoader(resource_path("templates")),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        when=format_time,
        friendly_when=format_friendly_time,
        size=format_size,
        capitalize_first=lambda text: text[:1].upper() + text[1:],
        md_cell=lambda text: " ".join(str(text).split()).replace("|", "\\|"),
    )
    return env


def _context(h: Handoff, now: datetime | None) -> dict[str, Any]:
    now = now or utc_now()
    remaining: list[RemainingStep] = list(h.remaining_steps)
    return {
        "h": h,
        "now": now,
        "time_left": format_time_left(h.urgency.time_left(now)),
        "certainty": _CERTAINTY_TEXT[h.root_cause.certainty],
        "continue_from": remaining[0] if remaining else None,
        "first_name": _first_name(h.ticket.contact),
    }


def _render(template: str, h: Handoff, now: datetime | None, **extra: Any) -> str:
    return _environment().get_template(template).render(**_context(h, now), **extra)


def render_next_tech_note(h: Handoff, *, now: datetime | None = None) -> str:
    """The internal note: everything the next tech needs so nothing is repeated."""
    return _render("next-tech-note.txt", h, now)


def render_user_message(h: Handoff) -> str:
    """A plain message for the affected user: what happens next, who, and when.

    Rendered even when the message is marked not needed (the UI can still show
    it); only the package's ``user-message.txt`` honours ``needed``.
    """
    return _render("user-message.txt", h, None)


def refresh_generated(h: Handoff, *, now: datetime | None = None) -> None:
    """Regenerate the note and user message from the fields, keeping edited texts."""
    if not h.next_tech_note.edited:
        h.next_tech_note.text = render_next_tech_note(h, now=now)
    if not h.user_message.edited:
        h.user_message.text = render_user_message(h)


def render_markdown(h: Handoff, *, now: datetime | None = None) -> str:
    """The whole handoff as Markdown (for wikis and ticket systems that render it)."""
    return _render("handoff.md", h, now)


def render_html(
    h: Handoff,
    *,
    thumbnails: Mapping[str, str] | None = None,
    findings: Sequence[str] = (),
    now: datetime | None = None,
    override_by: str = "",
) -> str:
    """A self-contained report: inline CSS, no scripts, nothing fetched from a network.

    ``thumbnails`` maps attachment ids to ``data:image/...`` URIs; anything else
    is dropped so a caller cannot smuggle a remote URL into the page.
    ``findings`` are the quality-check findings the engineer chose to override
    (``override_by`` says who did).
    """
    safe_thumbs = {
        key: uri for key, uri in (thumbnails or {}).items() if uri.startswith("data:image/")
    }
    return _render(
        "handoff.html",
        h,
        now,
        thumbnails=safe_thumbs,
        findings=list(findings),
        override_by=override_by,
    )
