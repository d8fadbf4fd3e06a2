"""The public names of ``../shared/spec/api.md`` exist at top level, exactly so."""

from __future__ import annotations

import inspect

import pytest

import guided_actions

CONTRACT = """
GuidedActionsError InvalidEntity InvalidSnapshot InvalidSettings CommandRefused AccessDenied Problem
User Team Seat Permission Company Contact Lead Deal Pipeline Stage StageState Task TaskStatus TaskPriority
SequenceStep Meeting MeetingOutcome Call CallStatus Email EmailDirection Note ObjectType ObjectRef
PortalSettings CrmSnapshot
to_dict from_dict to_json from_json converter
ActionType ActionCategory ActionStatus Feedback GuidedAction Reconciliation reconcile explain Explanation
with_feedback Rule RuleRegistry default_registry
task_buckets TaskBuckets sequence_cards SequenceCard schedule ScheduleItem day_window week_window
month_window contacts_with_meetings_today activity_feed FeedGroup deal_views deal_insights DealInsights
DashboardAccess add_dashboard can_view_dashboard
Tier Tab Sharing can_manage_cs_settings can_edit_health_scores can_share_view_with_everyone visible_tabs
can_view_as workspace_for CustomerSuccessSettings ObjectSettings ServicesSettings RevenueSettings
RevenueObjectSettings TeamWorkspace CustomerView PortalSchema ObjectSchema PropertyType validate_settings
ensure_valid delete_workspace HealthScore ScoreGroup PropertyCriterion EventCriterion Condition Operator
Event HealthStatus StatusThresholds ScoreState ScoreResult calculate validate_health_score
default_health_score score_trend summarize HealthSummary health_alerts HealthAlert active_alerts
Side Partner SharedDeal SharedDealStatus SharedNote create_shared_deal convert_to_shared_deal
change_product_interest set_deal_team add_note comment_on_note delete_attachment request_shared_quote
close_won close_lost apply replay visible_notes events_for notification_recipients banner Banner
active_registrations
""".split()  # noqa: SIM905 - a readable block of names

ACTION_TYPES = """
NEWLY_ASSIGNED_CONTACTS NEWLY_ASSIGNED_LEADS RE_ENGAGED_CONTACTS SEQUENCE_ACTIVITY EMAIL_REPLIES
FOLLOW_UP_MEETING LOG_MEETING_OUTCOME LOG_CALL_OUTCOME CONTACTS_AWAITING_REPLY REPLY_TO_EMAIL
LEADS_AWAITING_REPLY UPCOMING_MEETING_PREP TODAYS_HIGH_PRIORITY_TASKS TARGET_ACCOUNT_ACTIVITY
RECENTLY_ENGAGED_LEADS UPDATE_NEXT_STEPS ADD_CONTACT_TO_DEAL INITIAL_OUTREACH_NEEDED FOLLOW_UP_WITH_BUYER
""".split()  # noqa: SIM905 - a readable block of names


@pytest.mark.parametrize("name", CONTRACT)
def test_every_contract_name_is_importable_from_the_top_level_and_listed_in_all(name: str) -> None:
    assert hasattr(guided_actions, name), name
    assert name in guided_actions.__all__


def test_all_is_sorted_within_each_group_and_has_no_duplicates() -> None:
    assert len(set(guided_actions.__all__)) == len(guided_actions.__all__)


def test_action_type_has_the_nineteen_members_in_table_order_with_snake_case_values() -> None:
    members = list(guided_actions.ActionType)
    assert [m.name for m in members] == ACTION_TYPES
    assert all(m.value == m.name.lower() for m in members)


def test_errors_derive_from_guided_actions_error_which_is_a_value_error() -> None:
    assert issubclass(guided_actions.GuidedActionsError, ValueError)
    for name in ("InvalidEntity", "InvalidSnapshot", "InvalidSettings", "CommandRefused", "AccessDenied"):
        assert issubclass(getattr(guided_actions, name), guided_actions.GuidedActionsError)


@pytest.mark.parametrize(
    ("name", "keywords"),
    [
        ("reconcile", ["now", "known", "registry", "user_ids", "changed", "since"]),
        ("explain", ["user_id", "now", "registry"]),
        ("task_buckets", ["now"]),
        ("schedule", ["viewer_id", "start", "end", "hide_weekends"]),
        ("deal_insights", ["viewer_id", "now", "can_view"]),
        ("calculate", ["now"]),
        ("score_trend", ["now", "months"]),
        ("active_alerts", ["now", "limit"]),
        ("validate_health_score", ["tier", "existing"]),
        ("delete_workspace", ["confirmed"]),
    ],
)
def test_contract_functions_take_the_keywords_the_spec_names(name: str, keywords: list[str]) -> None:
    parameters = inspect.signature(getattr(guided_actions, name)).parameters
    for keyword in keywords:
        assert keyword in parameters, f"{name} lacks keyword {keyword}"


def test_every_public_name_has_a_docstring() -> None:
    missing = [
        name
        for name in guided_actions.__all__
        if not name.startswith("__") and not (inspect.getdoc(getattr(guided_actions, name)) or "").strip()
    ]
    assert missing == []
