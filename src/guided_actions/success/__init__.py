"""The customer success workspace: settings and their validation, permissions,
team workspaces and default views, health scores, alerts and the summary tab.

Everything is pure: settings in, problems out; records and events in, scores out.
"""

from guided_actions.success._alerts import ALERT_LIFETIME, HealthAlert, active_alerts, health_alerts
from guided_actions.success._boards import BoardRecord, StageMove, move_to_stage
from guided_actions.success._bulk import BulkAction, bulk_update_tasks
from guided_actions.success._defaults import default_health_score
from guided_actions.success._events import EventType, engagement_events
from guided_actions.success._health import (
    Condition,
    Criterion,
    Event,
    EventCriterion,
    HealthScore,
    HealthStatus,
    HostCriterion,
    Operator,
    PropertyCriterion,
    ScoreGroup,
    ScoreState,
    StatusThresholds,
)
from guided_actions.success._health_validation import validate_health_score
from guided_actions.success._permissions import (
    Tab,
    can_edit_health_scores,
    can_manage_cs_settings,
    can_manage_views,
    can_share_view_with_everyone,
    can_view_as,
    visible_tabs,
    workspace_for,
)
from guided_actions.success._refusals import RequestRefused
from guided_actions.success._scoring import (
    CriterionResult,
    GroupResult,
    ScoredRecord,
    ScoreResult,
    TrendPoint,
    calculate,
    score_trend,
)
from guided_actions.success._settings import (
    CustomerSuccessSettings,
    CustomerView,
    ObjectSchema,
    ObjectSettings,
    PortalSchema,
    PropertyType,
    RevenueObjectSettings,
    RevenueSettings,
    ServicesSettings,
    Sharing,
    TeamWorkspace,
    Tier,
)
from guided_actions.success._summary import HealthSummary, summarize
from guided_actions.success._tabs import assigned_recently, customer_view_cards
from guided_actions.success._validation import SETTINGS_PROBLEMS, ensure_valid, validate_settings
from guided_actions.success._workspaces import (
    create_workspace,
    delete_view,
    delete_workspace,
    edit_view,
    remove_default_view,
    set_view_as_default,
    update_workspace,
)

__all__ = [
    "ALERT_LIFETIME",
    "SETTINGS_PROBLEMS",
    "BoardRecord",
    "BulkAction",
    "Condition",
    "Criterion",
    "CriterionResult",
    "CustomerSuccessSettings",
    "CustomerView",
    "Event",
    "EventCriterion",
    "EventType",
    "GroupResult",
    "HealthAlert",
    "HealthScore",
    "HealthStatus",
    "HealthSummary",
    "HostCriterion",
    "ObjectSchema",
    "ObjectSettings",
    "Operator",
    "PortalSchema",
    "PropertyCriterion",
    "PropertyType",
    "RequestRefused",
    "RevenueObjectSettings",
    "RevenueSettings",
    "ScoreGroup",
    "ScoreResult",
    "ScoreState",
    "ScoredRecord",
    "ServicesSettings",
    "Sharing",
    "StageMove",
    "StatusThresholds",
    "Tab",
    "TeamWorkspace",
    "Tier",
    "TrendPoint",
    "active_alerts",
    "assigned_recently",
    "bulk_update_tasks",
    "calculate",
    "can_edit_health_scores",
    "can_manage_cs_settings",
    "can_manage_views",
    "can_share_view_with_everyone",
    "can_view_as",
    "create_workspace",
    "customer_view_cards",
    "default_health_score",
    "delete_view",
    "delete_workspace",
    "edit_view",
    "engagement_events",
    "ensure_valid",
    "health_alerts",
    "move_to_stage",
    "remove_default_view",
    "score_trend",
    "set_view_as_default",
    "summarize",
    "update_workspace",
    "validate_health_score",
    "validate_settings",
    "visible_tabs",
    "workspace_for",
]

# Registers the health-score criteria with the library converter (a tagged union); imported last, for its effect.
from guided_actions.success import _serialization  # noqa: F401
