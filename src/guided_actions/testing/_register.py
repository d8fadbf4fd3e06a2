"""``register_strategies``: make ``st.from_type(Entity)`` draw valid entities."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

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
from guided_actions.testing._snapshots import snapshots
from guided_actions.testing._strategies import (
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

__all__ = ["register_strategies"]


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
