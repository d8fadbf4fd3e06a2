"""Fixtures shared by the shared-deal tests: a partner, an instant, a registered deal."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from guided_actions._builders import EPOCH, make_deal
from guided_actions.crm import Deal, ObjectRef, ObjectType
from guided_actions.shared_deals import (
    Partner,
    SharedDeal,
    SharedDealEvent,
    Side,
    add_note,
    apply,
    create_shared_deal,
)

NOW = EPOCH
LATER = EPOCH + _dt.timedelta(hours=1)
CONTACT = ObjectRef(ObjectType.CONTACT, "c1")


def make_partner(**overrides: Any) -> Partner:
    """Partner ``p`` with users ``pu1``..``pu3``, capacity 3 and a default pipeline ``partner-deals``."""
    fields: dict[str, Any] = {
        "id": "p",
        "name": "Reseller GmbH",
        "user_ids": frozenset({"pu1", "pu2", "pu3"}),
        "capacity": 3,
        "default_pipeline_id": "partner-deals",
    }
    fields.update(overrides)
    return Partner(**fields)


def registration(partner: Partner | None = None, **overrides: Any) -> tuple[SharedDealEvent, ...]:
    """The events of a valid registration by ``partner`` (overrides go to ``create_shared_deal``)."""
    fields: dict[str, Any] = {
        "source": CONTACT,
        "name": "ACME expansion",
        "partner_owner_id": "pu1",
        "vendor_rep_id": "vr1",
        "product_interest": frozenset({"sales-hub"}),
        "introduction": "Met at the fair.",
        "pain_points": "Spreadsheets everywhere.",
        "next_steps": "Demo next week.",
        "active_registrations": 0,
        "now": NOW,
    }
    fields.update(overrides)
    return create_shared_deal(partner or make_partner(), **fields)


def fold(state: SharedDeal | None, events: tuple[SharedDealEvent, ...]) -> SharedDeal:
    """Apply ``events`` one by one."""
    for event in events:
        state = apply(state, event)
    assert state is not None
    return state


def registered(**overrides: Any) -> SharedDeal:
    """The state right after a valid registration."""
    return fold(None, registration(**overrides))


def convertible_deal(**overrides: Any) -> Deal:
    """A CRM deal with a company and a contact, owned by vendor rep ``vr1``."""
    fields: dict[str, Any] = {"company_ids": ("co1",), "contact_ids": ("c1",), "owner_id": "vr1"}
    fields.update(overrides)
    return make_deal(**fields)


def with_note(
    state: SharedDeal, *, side: Side, shared: bool, attachments: tuple[str, ...] = ("plan.pdf",)
) -> SharedDeal:
    """``state`` with one more note by ``side``."""
    author = "pu1" if side is Side.PARTNER else "vr1"
    return fold(
        state,
        add_note(state, side=side, author_id=author, body="Pricing", shared=shared, attachments=attachments, now=LATER),
    )
