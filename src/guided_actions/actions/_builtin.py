"""The 19 built-in rules, in the order of the spec's table.

Each rule is declared in its area's module so that it reads like its row:
prospecting (contacts and leads), replies (rules 5, 9, 11), activity (meetings, calls, today's tasks)
and deals.  This module only fixes the table order.
"""

from __future__ import annotations

from guided_actions.actions._builtin_activity import (
    follow_up_meeting,
    log_call_outcome,
    log_meeting_outcome,
    todays_high_priority_tasks,
    upcoming_meeting_prep,
)
from guided_actions.actions._builtin_deals import (
    add_contact_to_deal,
    follow_up_with_buyer,
    initial_outreach_needed,
    reply_to_email,
    update_next_steps,
)
from guided_actions.actions._builtin_prospecting import (
    newly_assigned_contacts,
    newly_assigned_leads,
    re_engaged_contacts,
    recently_engaged_leads,
    sequence_activity,
    target_account_activity,
)
from guided_actions.actions._builtin_replies import contacts_awaiting_reply, email_replies, leads_awaiting_reply
from guided_actions.actions._rule import Rule

__all__ = ["builtin_rules"]


def builtin_rules() -> tuple[Rule, ...]:
    """The 19 built-in rules, freshly built, in table order."""
    return (
        newly_assigned_contacts(),
        newly_assigned_leads(),
        re_engaged_contacts(),
        sequence_activity(),
        email_replies(),
        follow_up_meeting(),
        log_meeting_outcome(),
        log_call_outcome(),
        contacts_awaiting_reply(),
        reply_to_email(),
        leads_awaiting_reply(),
        upcoming_meeting_prep(),
        todays_high_priority_tasks(),
        target_account_activity(),
        recently_engaged_leads(),
        update_next_steps(),
        add_contact_to_deal(),
        initial_outreach_needed(),
        follow_up_with_buyer(),
    )
