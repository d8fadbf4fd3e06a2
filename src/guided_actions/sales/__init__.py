"""The sales workspace: one place where a rep sees the day's work.

Task buckets, sequence cards, the schedule (with its privacy rule), the
activity feed, deal views, deal insights, workspace dashboards and the summary tab that
puts a rep's day together.  Everything
here is a pure function of a :class:`~guided_actions.crm.CrmSnapshot`, a user
and ``now``; calendar questions are asked in the user's own timezone.
"""

from guided_actions.sales._dashboards import (
    DashboardAccess,
    DashboardRefused,
    WorkspaceDashboard,
    add_dashboard,
    can_view_dashboard,
)
from guided_actions.sales._deals import DEAL_VIEWS, deal_views, has_activity_scheduled
from guided_actions.sales._feed import FEED_DAYS, ActivityType, FeedGroup, activity_feed
from guided_actions.sales._insights import (
    ACTIVITY_BASIS,
    RECENT_ACTIVITY,
    CanView,
    DealInsights,
    DealRisk,
    RiskCode,
    deal_insights,
    default_can_view,
)
from guided_actions.sales._schedule import (
    BUSY_TITLE,
    HIDDEN_TASK_TITLE,
    ScheduleItem,
    contacts_with_meetings_today,
    day_window,
    month_window,
    schedule,
    week_window,
)
from guided_actions.sales._sequences import SequenceCard, SequenceStepTasks, sequence_cards
from guided_actions.sales._summary import SalesSummary, sales_summary
from guided_actions.sales._tasks import TaskBuckets, TaskCounts, task_buckets

__all__ = [
    "ACTIVITY_BASIS",
    "BUSY_TITLE",
    "DEAL_VIEWS",
    "FEED_DAYS",
    "HIDDEN_TASK_TITLE",
    "RECENT_ACTIVITY",
    "ActivityType",
    "CanView",
    "DashboardAccess",
    "DashboardRefused",
    "DealInsights",
    "DealRisk",
    "FeedGroup",
    "RiskCode",
    "SalesSummary",
    "ScheduleItem",
    "SequenceCard",
    "SequenceStepTasks",
    "TaskBuckets",
    "TaskCounts",
    "WorkspaceDashboard",
    "activity_feed",
    "add_dashboard",
    "can_view_dashboard",
    "contacts_with_meetings_today",
    "day_window",
    "deal_insights",
    "deal_views",
    "default_can_view",
    "has_activity_scheduled",
    "month_window",
    "sales_summary",
    "schedule",
    "sequence_cards",
    "task_buckets",
    "week_window",
]
