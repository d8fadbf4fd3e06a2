"""The fold: the transition table, one handler per event, ``apply`` and ``replay``.

The transition table is the single source of the shared deal's life: commands
ask it whether they may act (a closed deal has no way out, so everything is
refused with ``deal_closed``), ``apply`` asks it for the status an event leads
to, and the reference docs render their state diagram from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, get_args

import attrs

from guided_actions.errors import GuidedActionsError
from guided_actions.shared_deals._events import (
    AttachmentDeleted,
    ClosedLost,
    ClosedWon,
    CommentAdded,
    DealTeamSet,
    NoteAdded,
    ProductInterestChanged,
    QuoteRequested,
    SharedDealConverted,
    SharedDealEvent,
    SharedDealRegistered,
)
from guided_actions.shared_deals._values import (
    Comment,
    QuoteRequest,
    SharedDeal,
    SharedDealStatus,
    SharedNote,
)

__all__ = ["CREATION_EVENTS", "EVENT_TYPES", "TRANSITIONS", "apply", "check_transitions", "replay"]

_OPEN = SharedDealStatus.OPEN

EVENT_TYPES: tuple[type[SharedDealEvent], ...] = get_args(SharedDealEvent)
"""Every event class, in the order of the :data:`SharedDealEvent` union."""

CREATION_EVENTS: frozenset[type[SharedDealEvent]] = frozenset({SharedDealRegistered, SharedDealConverted})
"""The events that start a shared deal (applied to no state at all)."""

TRANSITIONS: Mapping[tuple[SharedDealStatus | None, type[SharedDealEvent]], SharedDealStatus] = MappingProxyType(
    {
        (None, SharedDealRegistered): _OPEN,
        (None, SharedDealConverted): _OPEN,
        (_OPEN, ProductInterestChanged): _OPEN,
        (_OPEN, DealTeamSet): _OPEN,
        (_OPEN, NoteAdded): _OPEN,
        (_OPEN, CommentAdded): _OPEN,
        (_OPEN, AttachmentDeleted): _OPEN,
        (_OPEN, QuoteRequested): _OPEN,
        (_OPEN, ClosedWon): SharedDealStatus.CLOSED_WON,
        (_OPEN, ClosedLost): SharedDealStatus.CLOSED_LOST,
    }
)
"""``(status before, event class) -> status after``; ``None`` is "no shared deal yet".

A pair that is not in the table is not allowed: the command that would cause
it is refused.  Closed statuses have no entry, which is what makes them final.
"""


def check_transitions(
    table: Mapping[tuple[SharedDealStatus | None, type[SharedDealEvent]], SharedDealStatus],
) -> tuple[str, ...]:
    """Every reason ``table`` is not a sound life cycle (empty when it is sound).

    Checked when the module is imported, so a broken edit of the table fails at
    once: every event class is used, every status is reachable from "no deal",
    and the closed statuses have no way out.
    """
    problems: list[str] = []
    used = {event for _, event in table}
    problems += [f"event {event.__name__} has no transition" for event in EVENT_TYPES if event not in used]
    reached: set[SharedDealStatus | None] = {None}
    changed = True
    while changed:
        changed = False
        for (source, _), target in table.items():
            if source in reached and target not in reached:
                reached.add(target)
                changed = True
    problems += [f"status {status.value} is unreachable" for status in SharedDealStatus if status not in reached]
    problems += [
        f"final status {source.value} has a way out ({event.__name__})"
        for source, event in table
        if source is not None and source.is_closed
    ]
    return tuple(problems)


_PROBLEMS = check_transitions(TRANSITIONS)
if _PROBLEMS:  # pragma: no cover - guards edits of the table above
    raise RuntimeError("unsound shared-deal transition table: " + "; ".join(_PROBLEMS))


def _registered(event: SharedDealRegistered) -> SharedDeal:
    return SharedDeal(
        id=event.shared_deal_id,
        deal_id=event.deal_id,
        partner_id=event.partner_id,
        partner_owner_id=event.partner_owner_id,
        vendor_rep_id=event.vendor_rep_id,
        status=_OPEN,
        name=event.name,
        pipeline_id=event.pipeline_id,
        product_interest=event.product_interest,
        introduction=event.introduction,
        pain_points=event.pain_points,
        next_steps=event.next_steps,
        team_ids=frozenset({event.partner_owner_id}),
        registered_at=event.at,
    )


def _converted(event: SharedDealConverted) -> SharedDeal:
    return SharedDeal(
        id=event.shared_deal_id,
        deal_id=event.deal_id,
        partner_id=event.partner_id,
        partner_owner_id=event.partner_owner_id,
        vendor_rep_id=event.vendor_rep_id,
        status=_OPEN,
        name=event.name,
        pipeline_id=event.pipeline_id,
        next_steps=event.next_steps,
        welcome_note=event.welcome_note,
        team_ids=frozenset({event.partner_owner_id}),
        registered_at=event.at,
    )


def _replace_note(state: SharedDeal, note_id: str, change: Callable[[SharedNote], SharedNote]) -> SharedDeal:
    note = state.note(note_id)
    if note is None:
        raise GuidedActionsError(f"event refers to note {note_id!r}, which shared deal {state.id!r} does not have")
    return attrs.evolve(state, notes=tuple(change(n) if n.id == note_id else n for n in state.notes))


def _new_note(state: SharedDeal, note_id: str) -> None:
    if state.note(note_id) is not None:
        raise GuidedActionsError(
            f"shared deal {state.id!r} already has note {note_id!r}; was an event delivered twice?"
        )


def _product_interest_changed(state: SharedDeal, event: ProductInterestChanged) -> SharedDeal:
    return attrs.evolve(state, product_interest=event.products)


def _deal_team_set(state: SharedDeal, event: DealTeamSet) -> SharedDeal:
    return attrs.evolve(state, team_ids=event.user_ids)


def _note_added(state: SharedDeal, event: NoteAdded) -> SharedDeal:
    _new_note(state, event.note_id)
    note = SharedNote(
        id=event.note_id,
        side=event.side,
        author_id=event.author_id,
        body=event.body,
        shared=event.shared,
        attachments=event.attachments,
        created_at=event.at,
    )
    return attrs.evolve(state, notes=(*state.notes, note))


def _comment_added(state: SharedDeal, event: CommentAdded) -> SharedDeal:
    comment = Comment(
        id=event.comment_id, side=event.side, author_id=event.author_id, body=event.body, created_at=event.at
    )
    return _replace_note(state, event.note_id, lambda n: attrs.evolve(n, comments=(*n.comments, comment)))


def _attachment_deleted(state: SharedDeal, event: AttachmentDeleted) -> SharedDeal:
    def remove(note: SharedNote) -> SharedNote:
        return attrs.evolve(note, attachments=tuple(a for a in note.attachments if a.id != event.attachment_id))

    return _replace_note(state, event.note_id, remove)


def _quote_requested(state: SharedDeal, event: QuoteRequested) -> SharedDeal:
    _new_note(state, event.note_id)
    note = SharedNote(
        id=event.note_id, side=event.side, author_id=event.author_id, body=event.note, shared=True, created_at=event.at
    )
    request = QuoteRequest(
        id=event.quote_request_id,
        side=event.side,
        author_id=event.author_id,
        note_id=event.note_id,
        requested_at=event.at,
    )
    return attrs.evolve(state, notes=(*state.notes, note), quote_requests=(*state.quote_requests, request))


def _closed(state: SharedDeal, event: ClosedWon | ClosedLost) -> SharedDeal:
    return attrs.evolve(state, closed_at=event.at)


_CREATE: Mapping[type[SharedDealEvent], Callable[[Any], SharedDeal]] = MappingProxyType(
    {SharedDealRegistered: _registered, SharedDealConverted: _converted}
)
_HANDLERS: Mapping[type[SharedDealEvent], Callable[[SharedDeal, Any], SharedDeal]] = MappingProxyType(
    {
        ProductInterestChanged: _product_interest_changed,
        DealTeamSet: _deal_team_set,
        NoteAdded: _note_added,
        CommentAdded: _comment_added,
        AttachmentDeleted: _attachment_deleted,
        QuoteRequested: _quote_requested,
        ClosedWon: _closed,
        ClosedLost: _closed,
    }
)
"""One handler per event class that changes an existing deal, looked up by exact class."""

if set(_CREATE) | set(_HANDLERS) != set(EVENT_TYPES):  # pragma: no cover - guards edits of the tables above
    raise RuntimeError("every shared-deal event class needs exactly one handler")


def apply(state: SharedDeal | None, event: SharedDealEvent) -> SharedDeal:
    """Fold one event into the state: the only way a :class:`SharedDeal` changes.

    ``state`` is ``None`` before the first event, which must register or
    convert the deal.  Events are facts, so they are not judged again here —
    except that a stream that cannot be right is refused with a
    :class:`~guided_actions.errors.GuidedActionsError`: a creation event on an
    existing deal, another event before any creation, an event of another deal,
    a second close, a note delivered twice, or a comment on a note the deal
    does not have.  A fact the
    other side wrote before it learned of the close is still kept, so both
    accounts converge whatever order the sync delivers concurrent events in.
    """
    kind = type(event)
    if state is None:
        create = _CREATE.get(kind)
        if create is None:
            raise GuidedActionsError(f"{kind.__name__} cannot start a shared deal; the first event must create it")
        return attrs.evolve(create(event), version=1)
    if kind in _CREATE:
        raise GuidedActionsError(f"{kind.__name__} cannot be applied to existing shared deal {state.id!r}")
    if event.deal_id != state.deal_id:
        raise GuidedActionsError(f"event of deal {event.deal_id!r} cannot be applied to deal {state.deal_id!r}")
    target = TRANSITIONS.get((state.status, kind))
    if target is None:
        if (_OPEN, kind) not in TRANSITIONS or TRANSITIONS[(_OPEN, kind)] is not _OPEN:
            raise GuidedActionsError(f"{kind.__name__} cannot follow status {state.status.value} of {state.id!r}")
        target = state.status  # a late fact from the other side: kept, the deal stays closed
    changed = _HANDLERS[kind](state, event)
    return attrs.evolve(changed, status=target, version=state.version + 1)


def replay(events: Iterable[SharedDealEvent]) -> SharedDeal:
    """The state the events lead to, oldest first; ``version`` is their number.

    A host that stores events rebuilds a shared deal with this; the two sides
    replay what they each hold (see :func:`~guided_actions.shared_deals.events_for`).
    """
    state: SharedDeal | None = None
    for event in events:
        state = apply(state, event)
    if state is None:
        raise GuidedActionsError("cannot replay a shared deal from no events")
    return state
