"""Why a shared-deal command can be refused: every code and its wording, in one table."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from guided_actions.errors import CommandRefused

__all__ = ["REFUSALS", "refuse"]

REFUSALS: Mapping[str, str] = MappingProxyType(
    {
        "bad_source": "a shared deal is registered from a contact or a company record, not from {source}",
        "capacity_reached": (
            "partner {partner_id!r} already has {active} active deal registrations, its capacity is {capacity}"
        ),
        "missing_field": "{field} must not be empty",
        "not_partner_user": "user {user_id!r} is not a user of partner {partner_id!r}",
        "wrong_partner": "shared deal {deal_id!r} belongs to partner {expected!r}, not to {partner_id!r}",
        "missing_company": "deal {deal_id!r} has no associated company; associate one before sharing it",
        "missing_contact": "deal {deal_id!r} has no associated contact; associate one before sharing it",
        "availability_not_confirmed": "confirm that you contacted partner {partner_id!r} about its availability",
        "deal_closed": "deal {deal_id!r} is closed; a closed shared deal accepts no more changes",
        "unknown_note": "shared deal {deal_id!r} has no note {note_id!r}",
        "not_visible": "note {note_id!r} is private to the {owner} side; the {side} side cannot see it",
        "unknown_attachment": "note {note_id!r} has no attachment {attachment_id!r}",
        "duplicate_attachment": "attachment id {attachment_id!r} appears twice on the note",
    }
)
"""``code -> message template``: the only place a refusal is worded."""


def refuse(code: str, **details: object) -> CommandRefused:
    """The :class:`~guided_actions.errors.CommandRefused` for ``code``, worded from :data:`REFUSALS`."""
    return CommandRefused(code, REFUSALS[code].format(**details))
