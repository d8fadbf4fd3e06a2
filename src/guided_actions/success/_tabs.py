"""The Summary and Customers tabs: customer view cards and "Assigned to me in the last 30 days"."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from guided_actions.crm import Company, Contact, CrmSnapshot, ObjectType
from guided_actions.success._settings import CustomerSuccessSettings, CustomerView
from guided_actions.success._validation import MAX_DEFAULT_VIEWS

__all__ = ["ASSIGNED_WINDOW", "OWNER_ASSIGNED_PROPERTY", "assigned_at", "assigned_recently", "customer_view_cards"]

ASSIGNED_WINDOW = _dt.timedelta(days=30)
"""How recent an assignment must be to show under "Assigned to me in the last 30 days"."""

OWNER_ASSIGNED_PROPERTY = "hubspot_owner_assigneddate"
"""The company property (HubSpot's own name) holding when the owner was assigned."""


def customer_view_cards(settings: CustomerSuccessSettings) -> tuple[CustomerView, ...]:
    """The default views as cards on the Summary tab, in their order, at most six."""
    return settings.default_views[:MAX_DEFAULT_VIEWS]


def assigned_at(record: Contact | Company) -> _dt.datetime | None:
    """When the record's current owner got it: a contact's ``owner_assigned_at``; for a
    company (which has no such field) the property ``hubspot_owner_assigneddate`` when it
    holds an aware datetime."""
    if isinstance(record, Contact):
        return record.owner_assigned_at
    value = record.properties.get(OWNER_ASSIGNED_PROPERTY)
    if isinstance(value, _dt.datetime) and value.utcoffset() is not None:
        return value
    return None


def assigned_recently(
    crm: CrmSnapshot | Iterable[Contact | Company], user_id: str, *, now: _dt.datetime
) -> tuple[Contact | Company, ...]:
    """Customer records (contacts and companies) the user owns and got less than 30 days before ``now``.

    From a snapshot, the user's companies and contacts; or from any iterable of
    records.  A record with no known assignment time is left out (it may be
    old), and so is one assigned after ``now``.  Newest assignment first, then
    by id.
    """
    if isinstance(crm, CrmSnapshot):
        records: Iterable[Contact | Company] = (
            *crm.owned_by(user_id, ObjectType.COMPANY),
            *crm.owned_by(user_id, ObjectType.CONTACT),
        )
    else:
        records = crm
    cutoff = now - ASSIGNED_WINDOW
    found: list[tuple[_dt.datetime, Contact | Company]] = []
    for record in records:
        if record.owner_id != user_id:
            continue
        at = assigned_at(record)
        if at is not None and cutoff < at <= now:
            found.append((at, record))
    found.sort(key=lambda pair: pair[1].id)
    found.sort(key=lambda pair: pair[0], reverse=True)
    return tuple(record for _, record in found)
