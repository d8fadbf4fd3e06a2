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
uses these strategies.  The strategies need Hypothesis, a test dependency;
without it the builders and :func:`synthetic_portal` still import and work.
The library itself never imports this module.
"""

from __future__ import annotations

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

# The strategies need Hypothesis (a test dependency); the builders and
# synthetic_portal do not, so examples and demos can use them without it.
try:
    from guided_actions.testing._datetimes import TIMEZONES, aware_datetimes, near
    from guided_actions.testing._register import register_strategies
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
except ModuleNotFoundError as _missing:  # pragma: no cover - exercised without Hypothesis installed
    if _missing.name != "hypothesis":
        raise
    _HYPOTHESIS_MISSING = True
else:
    _HYPOTHESIS_MISSING = False
    register_strategies()

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
