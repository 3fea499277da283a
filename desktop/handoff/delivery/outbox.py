"""The persistent outbox: every handoff to post, and how far each one got.

One JSON file per item, ``<data>/outbox/<item id>.json``, rewritten atomically
after every completed step, next to a folder ``<item id>/`` holding copies of the
attachments.  So an item survives a killed app, a reboot and the engineer moving
or deleting the package: the outbox needs nothing but itself to finish the post.

Item states: ``queued`` (waiting, with the reason it is not posted yet),
``posting`` (n of m steps done), ``posted`` (with the ticket's link), ``failed``
(a reason retrying cannot fix, such as a refused token) and ``cancelled``.  An
item found in ``posting`` whose lock nobody holds was interrupted; it is retried
like a queued one.  A step is ``pending``, ``done`` (with the remote id) or
``failed``; ``sent`` marks a step whose request may have reached the server, so
the poster checks the ticket before doing it again.

One process posts an item at a time: :meth:`Outbox.lock` takes an OS file lock
(released by the OS if the process dies, so a crash never leaves it stuck).
Another process asks for a cancel through a ``<item id>.cancel`` file.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Iterator, Mapping
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from handoff import paths
from handoff.atomic import write_text_atomic
from handoff.delivery.plan import PostStep, StepKind, plan
from handoff.model import Handoff, new_id, utc_now
from handoff.package import OpenedPackage, extract_attachment

OUTBOX_DIR = "outbox"
SCHEMA_VERSION = 1


class StepState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    MANUAL = "manual"
    """The system cannot do it through its API: the engineer does it in the PSA."""


class ItemState(StrEnum):
    QUEUED = "queued"
    POSTING = "posting"
    POSTED = "posted"
    FAILED = "failed"
    CANCELLED = "cancelled"


class OutboxError(Exception):
    """An outbox item cannot be found, read, locked or created; one line."""


class ItemBusy(OutboxError):  # noqa: N818 - a state
    """Another process is posting this item right now."""


class OutboxStep(PostStep):
    state: StepState = StepState.PENDING
    remote_id: str = ""
    reason: str = ""
    sent: bool = False
    """A request for this step may have reached the server: check before redoing it."""
    file: str = ""
    """The attachment's copy, relative to the item's folder."""
    done_at: AwareDatetime | None = None


class OutboxItem(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    schema_version: int = SCHEMA_VERSION
    id: str = Field(default_factory=new_id)
    created_at: AwareDatetime = Field(default_factory=utc_now)
    updated_at: AwareDatetime = Field(default_factory=utc_now)
    connection: str
    ticket_id: str
    origin: str = ""
    """Where the handoff came from: ``package <path>`` or ``draft``."""
    handoff: Handoff
    state: ItemState = ItemState.QUEUED
    reason: str = ""
    link: str = ""
    runs: int = 0
    steps: list[OutboxStep]

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.state is StepState.DONE)

    def pending(self) -> list[OutboxStep]:
        return [s for s in self.steps if s.state not in (StepState.DONE, StepState.MANUAL)]

    def manual(self) -> list[OutboxStep]:
        """Steps left for the engineer to do by hand in the ticket system."""
        return [s for s in self.steps if s.state is StepState.MANUAL]

    def summary(self) -> str:
        """One line: ``<id>  queued  ticket 42 on rt-main  2/5  <reason>``."""
        parts = [self.id, self.state.value, f"ticket {self.ticket_id} on {self.connection}",
                 f"{self.done_count}/{len(self.steps)} steps"]  # fmt: skip
        if self.link and self.state is ItemState.POSTED:
            parts.append(self.link)
        elif self.reason:
            parts.append(self.reason)
        return "  ".join(parts)


class Outbox:
    """The items in ``<data>/outbox`` (or ``folder``)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.data_dir() / OUTBOX_DIR
        self.folder.mkdir(parents=True, exist_ok=True)

    def path_for(self, item_id: str) -> Path:
        if not item_id or not item_id.isalnum():
            raise OutboxError(f"{item_id!r} is not an outbox item id")
        return self.folder / f"{item_id}.json"

    def files_dir(self, item_id: str) -> Path:
        return self.folder / item_id

    # -- reading and writing ----------------------------------------------------

    def save(self, item: OutboxItem) -> None:
        item.updated_at = utc_now()
        write_text_atomic(self.path_for(item.id), item.model_dump_json(indent=2) + "\n")

    def load(self, item_id: str) -> OutboxItem:
        path = self.path_for(item_id)
        try:
            return OutboxItem.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            raise OutboxError(f"no outbox item {item_id}") from None
        except OSError as exc:
            raise OutboxError(f"cannot read {path}: {exc.strerror or exc}") from None
        except ValidationError as exc:
            first = str(exc).splitlines()[0]
            raise OutboxError(f"{path} is not a valid outbox item: {first}") from None

    def items(self) -> list[OutboxItem]:
        """Every readable item, oldest first (an unreadable file is left alone)."""
        found: list[OutboxItem] = []
        for path in sorted(self.folder.glob("*.json")):
            with contextlib.suppress(OutboxError):
                found.append(self.load(path.stem))
        return sorted(found, key=lambda item: item.created_at)

    def drop_files(self, item_id: str) -> None:
        """Delete an item's attachment copies (once posted; the JSON stays as a record)."""
        shutil.rmtree(self.files_dir(item_id), ignore_errors=True)

    def remove(self, item_id: str) -> None:
        """Delete a finished item and its file copies."""
        self.path_for(item_id).unlink(missing_ok=True)
        shutil.rmtree(self.files_dir(item_id), ignore_errors=True)
        self.cancel_path(item_id).unlink(missing_ok=True)
        (self.folder / f"{item_id}.lock").unlink(missing_ok=True)

    # -- adding -----------------------------------------------------------------

    def _new(
        self, h: Handoff, connection: str, ticket_id: str, origin: str, *, user_reply: bool,
        now: datetime | None,
    ) -> OutboxItem:  # fmt: skip
        steps = [OutboxStep(**s.model_dump()) for s in plan(h, user_reply=user_reply, now=now)]
        return OutboxItem(connection=connection, ticket_id=ticket_id.strip(), origin=origin,
                          handoff=h.model_copy(deep=True), steps=steps)  # fmt: skip

    def _finish_add(
        self, item: OutboxItem, copy: Mapping[str, Path], *, move: bool = False
    ) -> OutboxItem:
        """Copy (or move) the attachments into the item's folder, then write the item last."""
        folder = self.files_dir(item.id)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            for step in item.steps:
                if step.kind is StepKind.ATTACHMENT:
                    target = folder / step.attachment_id
                    _copy_file(copy[step.attachment_id], target, move=move)
                    step.file = target.name
                    step.size = target.stat().st_size
            self.save(item)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return item

    def add_draft(
        self, h: Handoff, *, connection: str, ticket_id: str, user_reply: bool = False,
        now: datetime | None = None,
    ) -> OutboxItem:  # fmt: skip
        """Queue a draft; its attachments are copied from their ``source`` files now."""
        item = self._new(h, connection, ticket_id, "draft", user_reply=user_reply, now=now)
        missing = [a.name for a in h.attachments if not a.source or not Path(a.source).is_file()]
        if missing:
            raise OutboxError(f"attachment(s) missing on this computer: {', '.join(missing)}")
        return self._finish_add(item, {a.id: Path(a.source or "") for a in h.attachments})

    def add_package(
        self, opened: OpenedPackage, *, connection: str, ticket_id: str, user_reply: bool = False
    ) -> OutboxItem:
        """Queue an intact package; its attachments are extracted into the outbox now."""
        if not opened.ok:
            raise OutboxError(f"{opened.path} is not intact: run 'handoff verify' on it")
        h = opened.handoff
        origin = f"package {opened.path}"
        item = self._new(h, connection, ticket_id, origin, user_reply=user_reply, now=None)
        staging = self.files_dir(item.id) / ".extract"
        staging.mkdir(parents=True, exist_ok=True)
        try:
            copies = {a.id: extract_attachment(opened, a.id, staging) for a in h.attachments}
            return self._finish_add(item, copies, move=True)  # extracted copies: no 2nd copy
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # -- locking and cancelling across processes ------------------------------------

    def cancel_path(self, item_id: str) -> Path:
        return self.folder / f"{item_id}.cancel"

    def request_cancel(self, item_id: str) -> None:
        """Ask whoever posts the item to stop at the next safe point."""
        write_text_atomic(self.cancel_path(item_id), "cancel\n")

    def cancel_requested(self, item_id: str) -> bool:
        return self.cancel_path(item_id).exists()

    @contextlib.contextmanager
    def lock(self, item_id: str) -> Iterator[None]:
        """Hold the item's lock; ItemBusy when another process posts it now."""
        path = self.folder / f"{item_id}.lock"
        with path.open("a+b") as handle:
            if not _try_lock(handle):
                raise ItemBusy(f"outbox item {item_id} is being posted by another Handoff")
            try:
                yield
            finally:
                _unlock(handle)

    def is_locked(self, item_id: str) -> bool:
        try:
            with self.lock(item_id):
                return False
        except ItemBusy:
            return True


def _copy_file(source: Path, target: Path, *, move: bool = False) -> None:
    try:
        if move:
            source.replace(target)
        else:
            shutil.copyfile(source, target)
    except OSError as exc:
        raise OutboxError(f"cannot copy {source} into the outbox: {exc.strerror or exc}") from None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


__all__ = [
    "ItemBusy",
    "ItemState",
    "Outbox",
    "OutboxError",
    "OutboxItem",
    "OutboxStep",
    "StepState",
]
