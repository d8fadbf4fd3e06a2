"""A guided action as a HubSpot task payload, so a host can surface suggestions inside HubSpot.

The payload is the body of ``POST /crm/v3/objects/tasks``: ``properties`` (all
strings, as HubSpot wants them) and ``associations`` with HubSpot-defined type
ids for task → contact (204), company (192), deal (216) and lead (647).  Meetings,
calls and tasks have no documented task association type, so an action about
one of them is associated with the contacts and companies it captured instead.
"""

from __future__ import annotations

import datetime as _dt
import html
from typing import TYPE_CHECKING, Any

from guided_actions.crm import ObjectRef, ObjectType
from guided_actions.errors import GuidedActionsError
from guided_actions.hubspot._values import encode_instant

if TYPE_CHECKING:
    from guided_actions.actions import GuidedAction, RuleRegistry

__all__ = ["TASK_ASSOCIATION_TYPES", "guided_action_to_hubspot_task"]

#: HubSpot-defined association type ids from a task to the records it can be attached to.
TASK_ASSOCIATION_TYPES: dict[ObjectType, int] = {
    ObjectType.CONTACT: 204,
    ObjectType.COMPANY: 192,
    ObjectType.DEAL: 216,
    ObjectType.LEAD: 647,
}
_EMAIL_TYPES = frozenset(
    {"email_replies", "contacts_awaiting_reply", "reply_to_email", "leads_awaiting_reply", "follow_up_with_buyer"}
)


def _body(action: GuidedAction, registry: RuleRegistry | None) -> str:
    from guided_actions.actions import default_registry

    rule = (registry if registry is not None else default_registry()).get(action.type)
    parts = [f"<p>Suggested by guided actions: <strong>{html.escape(action.title(registry))}</strong>.</p>"]
    if rule is not None:
        reasons = "".join(f"<li>{html.escape(criterion.describe(rule))}</li>" for criterion in rule.criteria)
        parts.append(f"<p>Why:</p><ul>{reasons}</ul>")
    if len(action.items) > 1 or (action.items and action.items[0] != action.subject):
        items = "".join(f"<li>{html.escape(str(item))}</li>" for item in action.items)
        parts.append(f"<p>Records:</p><ul>{items}</ul>")
    parts.append(f"<p>Guided action {html.escape(action.id)} (triggered {encode_instant(action.triggered_at)}).</p>")
    return "".join(parts)


def _associations(action: GuidedAction) -> list[dict[str, Any]]:
    refs: dict[ObjectRef, None] = {}
    for ref in (action.subject, *action.items):
        if ref.kind in TASK_ASSOCIATION_TYPES:
            refs[ref] = None
    for contact_id in action.contact_ids:
        refs[ObjectRef(ObjectType.CONTACT, contact_id)] = None
    for company_id in action.company_ids:
        refs[ObjectRef(ObjectType.COMPANY, company_id)] = None
    return [
        {
            "to": {"id": ref.id},
            "types": [
                {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": TASK_ASSOCIATION_TYPES[ref.kind]}
            ],
        }
        for ref in refs
    ]


def guided_action_to_hubspot_task(
    action: GuidedAction, *, now: _dt.datetime, registry: RuleRegistry | None = None
) -> dict[str, Any]:
    """The HubSpot task payload for one guided action, due ``now``, assigned to the action's owner.

    The subject is the action's title (looked up in ``registry``, the default
    registry when ``None``); the body explains why it was suggested (the rule's
    creation criteria), lists the records of a combined action and names the
    action id so a host can find the task again.  An expired action gives a
    ``COMPLETED`` task, which a host can send as an update to close it.
    """
    if not isinstance(now, _dt.datetime) or now.utcoffset() is None:
        raise GuidedActionsError(f"guided_action_to_hubspot_task: now must be an aware datetime, got {now!r}")
    properties = {
        "hs_task_subject": action.title(registry),
        "hs_task_body": _body(action, registry),
        "hs_timestamp": encode_instant(now),
        "hs_task_status": "NOT_STARTED" if action.active else "COMPLETED",
        "hs_task_type": "EMAIL" if action.type in _EMAIL_TYPES else "TODO",
        "hubspot_owner_id": action.owner_id,
    }
    if action.type == "todays_high_priority_tasks":
        properties["hs_task_priority"] = "HIGH"
    return {"properties": properties, "associations": _associations(action)}
