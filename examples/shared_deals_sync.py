"""Sync a shared deal between a partner's account and the vendor's account.

Run it with ``python examples/shared_deals_sync.py``.  Each account is a host
with its own event store; commands return events, each account stores the
events it caused and the events it received, and the sync sends the other
account only what ``events_for`` lets it see.  Private notes never leave home.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs
import pendulum

from guided_actions.crm import ObjectRef, ObjectType
from guided_actions.shared_deals import (
    Partner,
    SharedDeal,
    SharedDealEvent,
    Side,
    add_note,
    banner,
    close_won,
    comment_on_note,
    create_shared_deal,
    events_for,
    notification_recipients,
    replay,
    request_shared_quote,
    set_deal_team,
    visible_notes,
)


@attrs.define
class Account:
    """One side's storage: every event it knows per deal, and the events it caused but has not sent yet."""

    side: Side
    log: dict[str, list[SharedDealEvent]] = attrs.field(factory=dict)
    outbox: list[SharedDealEvent] = attrs.field(factory=list)

    def record(self, events: Iterable[SharedDealEvent]) -> None:
        """Store the events this account's own command returned, and queue them for the sync."""
        for event in events:
            self.log.setdefault(event.deal_id, []).append(event)
            self.outbox.append(event)

    def receive(self, events: Iterable[SharedDealEvent]) -> None:
        """Store the events the other account sent."""
        for event in events:
            self.log.setdefault(event.deal_id, []).append(event)

    def deal(self, deal_id: str) -> SharedDeal:
        """This account's view of a deal: the fold of the events it holds."""
        return replay(self.log[deal_id])


def sync(one: Account, other: Account) -> None:
    """Send each account the new events of the other that it may see; private ones stay home."""
    other.receive(events_for(one.outbox, other.side))
    one.receive(events_for(other.outbox, one.side))
    one.outbox.clear()
    other.outbox.clear()


def main() -> None:
    """Walk one shared deal from registration to the purchased banner, printing each side's view."""
    partner = Partner(
        id="reseller",
        name="Reseller GmbH",
        user_ids={"anna", "ben"},
        capacity=3,
        notifications_enabled=True,
        notification_recipient_id="ben",
        default_pipeline_id="partner-deals",
    )
    at = pendulum.datetime(2026, 3, 2, 9, tz="Europe/Berlin")
    minute = _dt.timedelta(minutes=1)
    partner_side, vendor_side = Account(Side.PARTNER), Account(Side.VENDOR)

    registered = create_shared_deal(
        partner,
        source=ObjectRef(ObjectType.COMPANY, "acme"),
        name="ACME expansion",
        partner_owner_id="anna",
        vendor_rep_id="rep-1",
        product_interest={"sales-hub"},
        introduction="Met their COO at the fair.",
        pain_points="Quotes are built in spreadsheets.",
        next_steps="Demo on Friday.",
        active_registrations=0,
        now=at,
    )
    partner_side.record(registered)
    deal_id = registered[0].deal_id
    sync(partner_side, vendor_side)

    vendor_view = vendor_side.deal(deal_id)
    vendor_side.record(
        add_note(vendor_view, side=Side.VENDOR, author_id="rep-1", body="Demo booked.", shared=True, now=at + minute)
    )
    vendor_side.record(
        add_note(
            vendor_side.deal(deal_id),
            side=Side.VENDOR,
            author_id="rep-1",
            body="Margin floor 20%.",
            shared=False,
            now=at + 2 * minute,
        )
    )
    partner_view = partner_side.deal(deal_id)
    partner_side.record(set_deal_team(partner_view, partner, {"anna", "ben"}, by="anna", now=at + 3 * minute))
    partner_side.record(
        add_note(
            partner_side.deal(deal_id),
            side=Side.PARTNER,
            author_id="anna",
            body="They fear a long rollout.",
            shared=False,
            now=at + 4 * minute,
        )
    )
    sync(partner_side, vendor_side)

    shared_note = next(n for n in visible_notes(partner_side.deal(deal_id), Side.PARTNER) if n.side is Side.VENDOR)
    partner_side.record(
        comment_on_note(
            partner_side.deal(deal_id),
            shared_note.id,
            side=Side.PARTNER,
            author_id="ben",
            body="Great, we'll join.",
            now=at + 5 * minute,
        )
    )
    partner_side.record(
        request_shared_quote(
            partner_side.deal(deal_id),
            side=Side.PARTNER,
            author_id="anna",
            note="Quote for 25 seats, please.",
            now=at + 6 * minute,
        )
    )
    sync(partner_side, vendor_side)
    vendor_side.record(close_won(vendor_side.deal(deal_id), now=at + 7 * minute))
    sync(partner_side, vendor_side)

    for account in (partner_side, vendor_side):
        view = account.deal(deal_id)
        print(f"{account.side.value}: {len(account.log[deal_id])} events, status {view.status.value}")
        for note in visible_notes(view, account.side):
            kind = "shared" if note.shared else "private"
            comments = "".join(f"\n      ↳ {c.author_id}: {c.body}" for c in note.comments)
            print(f"    [{kind}] {note.author_id}: {note.body}{comments}")
    partner_view = partner_side.deal(deal_id)
    print("partner banner:", banner(partner_view))
    print("notified:", ", ".join(sorted(notification_recipients(partner_view, partner))))
    assert "Margin floor 20%." not in repr(partner_side.log)
    assert "They fear a long rollout." not in repr(vendor_side.log)


if __name__ == "__main__":
    main()
