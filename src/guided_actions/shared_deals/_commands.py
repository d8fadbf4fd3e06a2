"""The commands on an existing shared deal.

Each takes the current state, decides, and either raises
:class:`~guided_actions.errors.CommandRefused` (nothing changes) or returns the
events it caused, for the host to store, apply and sync.  Every command first
asks the transition table whether the event it would cause may follow the
deal's status; a closed deal has no way out, so every command on it is refused
with ``deal_closed``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from guided_actions.shared_deals._apply import TRANSITIONS
from guided_actions.shared_deals._events import (
    AttachmentDeleted,
    ClosedLost,
    ClosedWon,
    CommentAdded,
    DealTeamSet,
    NoteAdded,
    ProductInterestChanged,
    QuoteRequested,
    SharedDealEvent,
)
from guided_actions.shared_deals._ids import derive_id
from guided_actions.shared_deals._refusals import refuse
from guided_actions.shared_deals._values import Attachment, Partner, SharedDeal, SharedNote, Side, Visibility

__all__ = [
    "add_note",
    "change_product_interest",
    "close_lost",
    "close_won",
    "comment_on_note",
    "delete_attachment",
    "request_shared_quote",
    "set_deal_team",
]


def _allow(state: SharedDeal, event: type[SharedDealEvent]) -> None:
    if (state.status, event) not in TRANSITIONS:
        raise refuse("deal_closed", deal_id=state.deal_id)


def _require_text(field: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise refuse("missing_field", field=field)


def _visible_note(state: SharedDeal, note_id: str, side: Side) -> SharedNote:
    note = state.note(note_id)
    if note is None:
        raise refuse("unknown_note", deal_id=state.deal_id, note_id=note_id)
    if not note.visibility.visible_to(side):
        raise refuse("not_visible", note_id=note_id, owner=note.side.value, side=side.value)
    return note


def change_product_interest(
    state: SharedDeal, products: Iterable[str], *, by: str, now: _dt.datetime, side: Side | None = None
) -> tuple[SharedDealEvent, ...]:
    """Replace the products the customer is interested in; the change syncs both ways.

    ``by`` is the user who changed it.  The acting side is ``side`` when given,
    otherwise the vendor when ``by`` is the deal's vendor rep, else the partner.
    Refused with ``deal_closed`` on a closed deal and ``missing_field`` when
    ``products`` is empty.
    """
    _allow(state, ProductInterestChanged)
    chosen = frozenset((products,)) if isinstance(products, str) else frozenset(products)
    if not chosen or any(not isinstance(p, str) or not p.strip() for p in chosen):
        raise refuse("missing_field", field="products")
    acting = side if side is not None else (Side.VENDOR if by == state.vendor_rep_id else Side.PARTNER)
    return (
        ProductInterestChanged(
            at=now, deal_id=state.deal_id, side=acting, visibility=Visibility.SHARED, by=by, products=chosen
        ),
    )


def set_deal_team(
    state: SharedDeal, partner: Partner, user_ids: Iterable[str], *, by: str, now: _dt.datetime
) -> tuple[SharedDealEvent, ...]:
    """Replace the partner-side deal team; its members get the deal's activity notifications.

    Only users of the partner's own account may be on the team: refused with
    ``not_partner_user`` naming the first outsider (``wrong_partner`` when
    ``partner`` is not the deal's partner, ``deal_closed`` on a closed deal).
    An empty team is allowed.  The acting side is the partner when ``by`` is
    one of its users, else the vendor.
    """
    _allow(state, DealTeamSet)
    if partner.id != state.partner_id:
        raise refuse("wrong_partner", deal_id=state.deal_id, expected=state.partner_id, partner_id=partner.id)
    team = frozenset((user_ids,)) if isinstance(user_ids, str) else frozenset(user_ids)
    outsiders = sorted(team - partner.user_ids)
    if outsiders:
        raise refuse("not_partner_user", user_id=outsiders[0], partner_id=partner.id)
    acting = Side.PARTNER if by in partner.user_ids else Side.VENDOR
    return (
        DealTeamSet(at=now, deal_id=state.deal_id, side=acting, visibility=Visibility.SHARED, by=by, user_ids=team),
    )


def _attachments(note_id: str, given: Iterable[Attachment | str]) -> tuple[Attachment, ...]:
    result: list[Attachment] = []
    seen: set[str] = set()
    for index, item in enumerate(given):
        attachment = (
            item if isinstance(item, Attachment) else Attachment(id=derive_id("file", note_id, index, item), name=item)
        )
        if attachment.id in seen:
            raise refuse("duplicate_attachment", attachment_id=attachment.id)
        seen.add(attachment.id)
        result.append(attachment)
    return tuple(result)


def add_note(
    state: SharedDeal,
    *,
    side: Side,
    author_id: str,
    body: str,
    shared: bool,
    attachments: Iterable[Attachment | str] = (),
    now: _dt.datetime,
) -> tuple[SharedDealEvent, ...]:
    """Write a note: a ``shared`` one reaches both sides, a private one stays with ``side``.

    ``attachments`` are :class:`Attachment` values or plain file names (which
    get ids derived from the note).  Refused with ``missing_field`` for an empty
    body and ``deal_closed`` on a closed deal.
    """
    _allow(state, NoteAdded)
    _require_text("body", body)
    note_id = derive_id("note", state.id, state.version, side, author_id, body, now)
    files = _attachments(note_id, attachments)
    visibility = Visibility.SHARED if shared else Visibility.private(side)
    return (
        NoteAdded(
            at=now,
            deal_id=state.deal_id,
            side=side,
            visibility=visibility,
            note_id=note_id,
            author_id=author_id,
            body=body,
            shared=shared,
            attachments=files,
        ),
    )


def comment_on_note(
    state: SharedDeal, note_id: str, *, side: Side, author_id: str, body: str, now: _dt.datetime
) -> tuple[SharedDealEvent, ...]:
    """Comment on a note ``side`` can see; the comment goes wherever the note goes.

    Refused with ``unknown_note`` when there is no such note, ``not_visible``
    for a private note of the other side, ``missing_field`` for an empty body
    and ``deal_closed`` on a closed deal.
    """
    _allow(state, CommentAdded)
    note = _visible_note(state, note_id, side)
    _require_text("body", body)
    return (
        CommentAdded(
            at=now,
            deal_id=state.deal_id,
            side=side,
            visibility=note.visibility,
            note_id=note.id,
            comment_id=derive_id("comment", state.id, state.version, note.id, side, author_id, body, now),
            author_id=author_id,
            body=body,
        ),
    )


def delete_attachment(
    state: SharedDeal, note_id: str, attachment_id: str, *, side: Side, by: str, now: _dt.datetime
) -> tuple[SharedDealEvent, ...]:
    """Remove a file from a note, on both sides when the note is shared.

    Refused with ``unknown_note``, ``not_visible`` (a private note of the other
    side; whether it has the file is not revealed), ``unknown_attachment`` and
    ``deal_closed``.
    """
    _allow(state, AttachmentDeleted)
    note = _visible_note(state, note_id, side)
    if all(a.id != attachment_id for a in note.attachments):
        raise refuse("unknown_attachment", note_id=note_id, attachment_id=attachment_id)
    return (
        AttachmentDeleted(
            at=now,
            deal_id=state.deal_id,
            side=side,
            visibility=note.visibility,
            note_id=note.id,
            attachment_id=attachment_id,
            by=by,
        ),
    )


def request_shared_quote(
    state: SharedDeal, *, side: Side, author_id: str, note: str, now: _dt.datetime
) -> tuple[SharedDealEvent, ...]:
    """Ask for a shared quote; the request is recorded as a shared note both sides see.

    Refused with ``deal_closed`` on a closed deal and ``missing_field`` when
    ``note`` is empty.
    """
    _allow(state, QuoteRequested)
    _require_text("note", note)
    request_id = derive_id("quote", state.id, state.version, side, author_id, note, now)
    return (
        QuoteRequested(
            at=now,
            deal_id=state.deal_id,
            side=side,
            visibility=Visibility.SHARED,
            quote_request_id=request_id,
            note_id="note" + request_id.removeprefix("quote"),
            author_id=author_id,
            note=note,
        ),
    )


def close_won(state: SharedDeal, *, now: _dt.datetime) -> tuple[SharedDealEvent, ...]:
    """The customer bought: close the deal won; the partner sees the purchased banner.

    Closing is the vendor's act (the deal's stage lives in the vendor's CRM).
    Refused with ``deal_closed`` when the deal is already closed: closed is final.
    """
    _allow(state, ClosedWon)
    return (ClosedWon(at=now, deal_id=state.deal_id, side=Side.VENDOR, visibility=Visibility.SHARED),)


def close_lost(state: SharedDeal, *, now: _dt.datetime) -> tuple[SharedDealEvent, ...]:
    """Close the deal lost; the partner sees the lost banner.

    Refused with ``deal_closed`` when the deal is already closed: closed is final.
    """
    _allow(state, ClosedLost)
    return (ClosedLost(at=now, deal_id=state.deal_id, side=Side.VENDOR, visibility=Visibility.SHARED),)
