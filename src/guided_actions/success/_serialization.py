"""Health-score criteria as JSON, through the library's one converter.

A group's criteria mix kinds, so :data:`Criterion` is registered as a tagged
union: each criterion is an object whose ``"type"`` names its class
(``{"type": "EventCriterion", "points": 10, ...}``), and health scores and
score results round-trip with ``to_dict`` / ``from_dict``.  A
:class:`HostCriterion` holds a host's function and cannot be written: trying
raises a :class:`~guided_actions.errors.GuidedActionsError` saying so.
"""

from __future__ import annotations

from typing import Any

from guided_actions.errors import GuidedActionsError
from guided_actions.serialization import converter, register_tagged_union
from guided_actions.success._health import Criterion, HostCriterion

__all__ = ["TAG"]

TAG = "type"
"""The key that names a criterion's class in its JSON object."""


def _not_serializable(value: Any, *_: Any) -> Any:
    raise GuidedActionsError(
        "a HostCriterion holds a host function and cannot be serialized; keep host criteria in code"
    )


def _register() -> None:
    converter.register_unstructure_hook(HostCriterion, _not_serializable)
    converter.register_structure_hook(HostCriterion, _not_serializable)
    register_tagged_union(Criterion, tag=TAG)


_register()
