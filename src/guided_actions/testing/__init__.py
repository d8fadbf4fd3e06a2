"""Test support for hosts and for us: builders, Hypothesis strategies, synthetic portals.

- Builders (``make_user(**overrides)``, ``make_contact(...)``, …, :data:`EPOCH`)
  give one valid entity with sensible defaults, for fixtures and examples.
- Strategies, one per entity with a plural name (``users()``, ``contacts()``,
  ``deals()``, …) and keyword-only arguments that are themselves strategies,
  plus :func:`snapshots` for whole, referentially consistent portals around a
  ``now`` and :func:`aware_datetimes` / :func:`near` for instants.
- :func:`synthetic_portal` for a large, realistic, deterministic portal.

Importing this module calls :func:`register_strategies` once, so
``st.from_type(Contact)`` (and ``st.builds`` of anything that takes entities)
uses these strategies.  It needs Hypothesis, which is a test dependency: the
library itself never imports this module.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from guided_actions._builders import (
    EPOCH,
    make_call,
    make_company,
    make_contact,
    make_deal,
    make_email,
    make_lead,
    make_lead_pipeline,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_team,
    make_user,
)
from guided_actions._portal import synthetic_portal
from guided_actions.crm import (
    Call,
    Company,
    Contact,
    CrmSnapshot,
    Deal,
    Email,
    Engagement,
    Lead,
    Meeting,
    Note,
    ObjectRef,
    Pipeline,
    PortalSettings,
    SequenceStep,
    Stage,
    Task,
    Team,
    User,
)
from guided_actions.testing._datetimes import TIMEZONES, aware_datetimes, near
from guided_actions.testing._snapshots import snapshots
from guided_actions.testing._strategies import (
    LIFECYCLE_STAGES,
    calls,
    companies,
    contacts,
    deals,
    emails,
    leads,
    meetings,
    notes,
    object_refs,
    pipelines,
    portal_settings,
    sequence_steps,
    stages,
    tasks,
    teams,
    users,
)

__all__ = [
    "EPOCH",
    "LIFECYCLE_STAGES",
    "TIMEZONES",
    "aware_datetimes",
    "calls",
    "companies",
    "contacts",
    "deals",
    "emails",
    "leads",
    "make_call",
    "make_company",
    "make_contact",
    "make_deal",
    "make_email",
    "make_lead",
    "make_lead_pipeline",
    "make_meeting",
    "make_note",
    "make_pipeline",
    "make_task",
    "make_team",
    "make_user",
    "meetings",
    "near",
    "notes",
    "object_refs",
    "pipelines",
    "portal_settings",
    "register_strategies",
    "sequence_steps",
    "snapshots",
    "stages",
    "synthetic_portal",
    "tasks",
    "teams",
    "users",
]


def register_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """Register a strategy for every entity with ``st.register_type_strategy``; return what was registered.

    Called once when this module is imported, so ``st.from_type(Deal)`` draws
    deals in real pipeline stages rather than whatever Hypothesis would infer
    from the field types (which the validators would mostly refuse).  Calling
    it again re-registers the same strategies, which is harmless; a test suite
    that wants other defaults registers its own afterwards.  ``Engagement``
    draws any of the five engagement kinds; ``CrmSnapshot`` draws
    :func:`snapshots`.
    """
    registered: dict[type, st.SearchStrategy[Any]] = {
        User: users(),
        Team: teams(),
        Company: companies(),
        Contact: contacts(),
        Lead: leads(),
        Deal: deals(),
        Pipeline: pipelines(),
        Stage: stages(),
        Task: tasks(),
        SequenceStep: sequence_steps(),
        Meeting: meetings(),
        Call: calls(),
        Email: emails(),
        Note: notes(),
        PortalSettings: portal_settings(),
        ObjectRef: object_refs(),
        CrmSnapshot: snapshots(),
    }
    registered[Engagement] = st.one_of(
        registered[Task], registered[Meeting], registered[Call], registered[Email], registered[Note]
    )
    for cls, strategy in registered.items():
        st.register_type_strategy(cls, strategy)
    return registered


register_strategies()
