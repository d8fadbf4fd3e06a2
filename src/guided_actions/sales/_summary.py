"""The summary tab: a rep's day in one value.

Task counts and buckets, sequence cards, the guided actions under their filter
chips (*All*, *Deal-related*, *Prospecting-related*) and today's schedule, for
one user at ``now``.  The guided actions come from
:func:`guided_actions.actions.reconcile`, run for that user only; the
reconciliation is returned too, because the host must store it (it is what
keeps a suggestion from coming back once it expired).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from guided_actions.actions import (
    ActionCategory,
    GuidedAction,
    Reconciliation,
    RuleRegistry,
    default_registry,
    reconcile,
)
from guided_actions.crm import CrmSnapshot
from guided_actions.sales._common import check_aware, require_user
from guided_actions.sales._schedule import ScheduleItem, day_window, schedule
from guided_actions.sales._sequences import SequenceCard, sequence_cards
from guided_actions.sales._tasks import TaskBuckets, TaskCounts, task_buckets

__all__ = ["SalesSummary", "sales_summary"]


@attrs.frozen(kw_only=True)
class SalesSummary:
    """Everything the summary tab shows for one user at one instant.

    ``guided_actions`` are the user's active actions in reconcile's order (the
    *All* chip); ``actions_by_category`` has one entry per
    :class:`~guided_actions.actions.ActionCategory`, always present, possibly
    empty (actions whose type has no category appear under *All* only).
    ``reconciliation`` is the full result of the reconcile, to be stored by the
    host and passed back as ``known_actions`` next time.
    """

    user_id: str
    now: _dt.datetime
    tasks: TaskBuckets
    sequence_cards: tuple[SequenceCard, ...]
    guided_actions: tuple[GuidedAction, ...]
    actions_by_category: Mapping[ActionCategory, tuple[GuidedAction, ...]]
    schedule_today: tuple[ScheduleItem, ...]
    reconciliation: Reconciliation

    @property
    def task_counts(self) -> TaskCounts:
        """The three task numbers: ``overdue``, ``due_today``, ``due_tomorrow``."""
        return self.tasks.counts

    def actions(self, category: ActionCategory | str | None = None) -> tuple[GuidedAction, ...]:
        """The actions under one filter chip; ``None`` is *All*."""
        if category is None:
            return self.guided_actions
        return self.actions_by_category.get(ActionCategory(category), ())


def sales_summary(
    crm: CrmSnapshot,
    user_id: str,
    *,
    now: _dt.datetime,
    known_actions: Iterable[GuidedAction] = (),
    registry: RuleRegistry | None = None,
) -> SalesSummary:
    """The summary tab of ``user_id`` at ``now``.

    ``known_actions`` are the guided actions the host stored from earlier
    reconciles (of this user or others: only this user's are reconciled, the
    rest come back unchanged in ``reconciliation``).  ``registry`` defaults to
    :func:`~guided_actions.actions.default_registry`.  The schedule is the
    user's own local today (:func:`day_window` in their timezone).

    Raises :class:`~guided_actions.errors.GuidedActionsError` for an unknown
    user or a naive ``now``.
    """
    where = "sales_summary"
    user = require_user(crm, user_id, where=where)
    check_aware(now, where=where, argument="now")
    registry = registry if registry is not None else default_registry()
    reconciliation = reconcile(crm, now=now, known=tuple(known_actions), registry=registry, user_ids=(user.id,))
    mine = tuple(action for action in reconciliation.active if action.owner_id == user.id)
    by_category: dict[ActionCategory, list[GuidedAction]] = {category: [] for category in ActionCategory}
    for action in mine:
        category = action.category(registry)
        if category is not None:
            by_category[category].append(action)
    start, end = day_window(now, user.timezone)
    return SalesSummary(
        user_id=user.id,
        now=now,
        tasks=task_buckets(crm, user.id, now=now),
        sequence_cards=sequence_cards(crm, user.id, now=now),
        guided_actions=mine,
        actions_by_category=MappingProxyType({category: tuple(actions) for category, actions in by_category.items()}),
        schedule_today=schedule(crm, user.id, viewer_id=user.id, start=start, end=end),
        reconciliation=reconciliation,
    )
