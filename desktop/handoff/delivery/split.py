"""Attachments over a system's size limit: keep them on this computer, or split them.

The post dialog (``ui/delivery/post_flow.py``) asks the engineer, per attachment over
the connector's ``max_attachment_bytes``, whether to keep it here (:data:`KEEP`) or post
it in numbered parts (:data:`SPLIT`); :func:`queue_postable` then writes the parts and
queues the handoff as it will be posted.  Nothing is dropped silently: the next
technician's note says where a kept file is and how to join a split one
(``copy /b`` on Windows, ``cat`` elsewhere).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from handoff import paths
from handoff.delivery.outbox import Outbox, OutboxItem
from handoff.model import Attachment, Handoff

KEEP, SPLIT = "keep", "split"


def human_size(size: int) -> str:
    """``512 bytes``, ``1.5 KB``, ``18.0 MB`` (powers of 1024)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"  # pragma: no cover - the loop returns


def file_size(attachment: Attachment) -> int:
    """The size of the file on disk now, else the size recorded when it was attached."""
    source = Path(attachment.source or "")
    return source.stat().st_size if attachment.source and source.is_file() else attachment.size


def parts_needed(size: int, limit: int) -> int:
    return max(1, -(-size // limit))


def split_file(source: Path, limit: int, folder: Path, name: str) -> list[Path]:
    """``name.001``, ``name.002`` … each at most ``limit`` bytes (``cat``/``copy /b`` joins)."""
    parts: list[Path] = []
    with source.open("rb") as handle:
        while block := handle.read(limit):
            part = folder / f"{name}.{len(parts) + 1:03d}"
            part.write_bytes(block)
            parts.append(part)
    return parts


def postable(h: Handoff, decisions: dict[str, str], limit: int | None, folder: Path) -> Handoff:
    """The handoff as it will be posted: kept-local files left out, split ones in parts.

    ``decisions`` maps an attachment id to :data:`KEEP` or :data:`SPLIT` (others are
    posted whole); parts are written to ``folder``.  The note says what happened to
    each, so the next technician knows where the evidence is and how to put a split
    file back together.
    """
    out = h.model_copy(deep=True)
    lines: list[str] = []
    attachments: list[Attachment] = []
    for a in out.attachments:
        choice = decisions.get(a.id)
        if choice == KEEP or (choice == SPLIT and not limit):
            lines.append(f"- {a.name} ({human_size(file_size(a))}) was too large to post: "
                         f"ask {h.author or 'the previous technician'} for it.")  # fmt: skip
        elif choice == SPLIT and limit:
            parts = split_file(Path(a.source or ""), limit, folder, a.name)
            attachments += [Attachment(name=p.name, source=str(p), size=p.stat().st_size,
                                       note=f"part of {a.name}") for p in parts]  # fmt: skip
            joined = "+".join(p.name for p in parts)
            lines.append(f"- {a.name} is in {len(parts)} parts: join them with "
                         f"`copy /b {joined} \"{a.name}\"` (Windows) or "
                         f"`cat \"{a.name}\".0* > \"{a.name}\"`.")  # fmt: skip
        else:
            attachments.append(a)
    out.attachments = attachments
    if lines:
        note = out.next_tech_note.text.rstrip()
        out.next_tech_note.text = note + "\n\nAttachments not posted whole:\n" + "\n".join(lines)
    return out


def queue_postable(
    h: Handoff, decisions: dict[str, str], limit: int | None, outbox: Outbox, *,
    connection: str, ticket: str, reply: bool,
) -> OutboxItem:  # fmt: skip
    """Split what must be split and queue the result (the outbox copies the files).

    The parts live in a temporary folder under the data folder only until the outbox
    has its own copies.
    """
    folder = Path(tempfile.mkdtemp(prefix="split-", dir=paths.data_dir()))
    try:
        return outbox.add_draft(postable(h, decisions, limit, folder), connection=connection,
                                ticket_id=ticket, user_reply=reply)  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
