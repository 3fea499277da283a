"""One module per wizard page, in the order of the handoff procedure."""

from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.pages.notify import NotifyPage
from handoff.ui.pages.remaining import RemainingPage
from handoff.ui.pages.root_cause import RootCausePage
from handoff.ui.pages.status import StatusPage
from handoff.ui.pages.steps import StepsPage
from handoff.ui.pages.ticket import TicketPage

__all__ = [
    "AttachmentsPage",
    "NotifyPage",
    "RemainingPage",
    "RootCausePage",
    "StatusPage",
    "StepsPage",
    "TicketPage",
]
