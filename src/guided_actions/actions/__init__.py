"""Guided actions: suggestions made for a user from fixed, named criteria.

An action is created only when all of its rule's creation criteria hold and
expires as soon as any of its expiration conditions holds.  :func:`reconcile`
keeps a host's stored actions in line with a :class:`~guided_actions.crm.CrmSnapshot`;
:func:`explain` shows, criterion by criterion, why a rule fires or not.  Rules
are data (:class:`Rule`, :class:`Criterion`) held by a :class:`RuleRegistry`;
:func:`default_registry` returns a new one with the 19 built-ins.
"""

from guided_actions.actions._explain import Check, Explanation, explain
from guided_actions.actions._known import KnownActions
from guided_actions.actions._model import (
    DONE_REASONS,
    LAPSED_REASONS,
    ActionCategory,
    ActionStatus,
    ActionType,
    Feedback,
    GuidedAction,
    Reconciliation,
)
from guided_actions.actions._reconcile import action_id, reconcile, with_feedback
from guided_actions.actions._registry import RuleRegistry, default_registry
from guided_actions.actions._rule import Candidate, Context, Criterion, Predicate, Rule, Trigger
from guided_actions.actions._shard import shard, shard_records, shards
from guided_actions.actions._table import render_rule_table

__all__ = [
    "DONE_REASONS",
    "LAPSED_REASONS",
    "ActionCategory",
    "ActionStatus",
    "ActionType",
    "Candidate",
    "Check",
    "Context",
    "Criterion",
    "Explanation",
    "Feedback",
    "GuidedAction",
    "Predicate",
    "KnownActions",
    "Reconciliation",
    "Rule",
    "RuleRegistry",
    "Trigger",
    "action_id",
    "default_registry",
    "explain",
    "reconcile",
    "render_rule_table",
    "shard",
    "shard_records",
    "shards",
    "with_feedback",
]
