"""Reading a shared deal: what each side sees, who is notified, the banner, the capacity count."""

from __future__ import annotations

from collections.abc import Iterable

from guided_actions.errors import GuidedActionsError
from guided_actions.shared_deals._events import SharedDealEvent
from guided_actions.shared_deals._values import Banner, Partner, SharedDeal, SharedDealStatus, SharedNote, Side

__all__ = ["active_registrations", "banner", "events_for", "notification_recipients", "visible_notes"]


def visible_notes(state: SharedDeal, side: Side, *, shared_only: bool = False) -> tuple[SharedNote, ...]:
    """The notes ``side`` may see: shared ones and its own private ones, oldest first.

    ``shared_only=True`` gives the "Shared" tab, which lists only what was
    shared with the other side.  A private note of the other side never appears.
    """
    notes = [note for note in state.notes if note.shared or (not shared_only and note.side is side)]
    # Stable: notes written at the same instant keep the order they were applied in.
    notes.sort(key=lambda note: note.created_at)
    return tuple(notes)


def events_for(events: Iterable[SharedDealEvent], side: Side) -> tuple[SharedDealEvent, ...]:
    """The events ``side`` may receive, in their order: exactly what the sync sends it.

    Shared events go to both sides; an event private to one side (a private
    note, a comment on it, a file removed from it) never reaches the other.
    Replaying what a side received rebuilds that side's view of the deal.
    """
    return tuple(event for event in events if event.visibility.visible_to(side))


def notification_recipients(state: SharedDeal, partner: Partner) -> frozenset[str]:
    """Who in the partner's account is notified of the deal's activity.

    The deal team, plus the partner's notification recipient when the partner
    turned notifications on — and never anyone outside the partner's account,
    even a team member who has since left it.
    """
    if partner.id != state.partner_id:
        raise GuidedActionsError(
            f"shared deal {state.id!r} belongs to partner {state.partner_id!r}, not {partner.id!r}"
        )
    recipients = set(state.team_ids)
    if partner.notifications_enabled and partner.notification_recipient_id is not None:
        recipients.add(partner.notification_recipient_id)
    return frozenset(recipients & partner.user_ids)


def banner(state: SharedDeal) -> Banner | None:
    """The banner on the shared deal in the partner's portal: ``None`` while it is open."""
    if state.status is SharedDealStatus.CLOSED_WON:
        return Banner.PURCHASED
    if state.status is SharedDealStatus.CLOSED_LOST:
        return Banner.LOST
    return None


def active_registrations(states: Iterable[SharedDeal], partner_id: str) -> int:
    """How many of the partner's shared deals are still open: its "active deal registrations".

    Pass the result as ``active_registrations=`` to the commands that start a
    shared deal, which refuse a partner at capacity.
    """
    return sum(1 for state in states if state.partner_id == partner_id and state.status is SharedDealStatus.OPEN)
