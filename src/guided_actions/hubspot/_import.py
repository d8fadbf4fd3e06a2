"""``snapshot_from_hubspot``: a whole export of HubSpot API payloads → a :class:`CrmSnapshot`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from guided_actions.crm import CrmSnapshot, PortalSettings
from guided_actions.crm._checks import known_timezone
from guided_actions.errors import GuidedActionsError, InvalidSnapshot, Problem
from guided_actions.hubspot import _engagements, _records
from guided_actions.hubspot._associations import AssociationGraph
from guided_actions.hubspot._envelope import Reader, read_records
from guided_actions.hubspot._owners_pipelines import read_owners, read_pipelines

__all__ = ["EXPORT_KEYS", "HubSpotImport", "InvalidExport", "snapshot_from_hubspot"]

#: Object keys of an export, in the order they are read (companies before contacts before leads).
_OBJECTS: tuple[tuple[str, Callable[[Reader, _records.Context], Any]], ...] = (
    ("companies", _records.company_from),
    ("contacts", _records.contact_from),
    ("deals", _records.deal_from),
    ("leads", _records.lead_from),
    ("tasks", _engagements.task_from),
    ("meetings", _engagements.meeting_from),
    ("calls", _engagements.call_from),
    ("emails", _engagements.email_from),
    ("notes", _engagements.note_from),
)
#: Every key an export may have; all are optional.
EXPORT_KEYS: tuple[str, ...] = (*(name for name, _ in _OBJECTS), "owners", "pipelines", "associations")


class InvalidExport(InvalidSnapshot):
    """A HubSpot export had problems and ``strict=True`` was asked for (``.problems`` lists them all).

    It is an :class:`~guided_actions.errors.InvalidSnapshot`, so a host that
    already catches bad snapshots catches bad exports too.
    """

    _what = "invalid HubSpot export"


@attrs.frozen(kw_only=True)
class HubSpotImport:
    """The snapshot built from an export, and every problem met on the way.

    In lenient mode a record that cannot be used is skipped and named in
    ``problems`` (object type, id, property, value); everything else is kept,
    so a few bad rows never cost a host its whole portal.
    """

    snapshot: CrmSnapshot
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the export was read without a single problem."""
        return not self.problems


def _read_associations(graph: AssociationGraph, value: object, problems: list[Problem]) -> None:
    if not isinstance(value, Mapping):
        problems.append(Problem("bad_export", "associations", "associations must be {'<from>/<to>': [results]}"))
        return
    for key, results in value.items():
        graph.add_v4_results(key, results, problems)


def snapshot_from_hubspot(
    export: Mapping[str, Any],
    *,
    strict: bool = False,
    portal_timezone: str = "UTC",
    settings: PortalSettings | None = None,
) -> HubSpotImport:
    """Build a snapshot from HubSpot CRM API payloads, exactly as the API returned them.

    ``export`` maps ``"contacts"``, ``"companies"``, ``"deals"``, ``"leads"``,
    ``"tasks"``, ``"meetings"``, ``"calls"``, ``"emails"``, ``"notes"`` to lists of v3
    records (raw JSON or ``hubspot-api-client`` ``to_dict()`` output), ``"owners"``
    to the Owners API ``results``, ``"pipelines"`` to ``{"deals": [...], "leads":
    [...]}`` and ``"associations"`` to v4 batch-read results per ``"<from>/<to>"``.
    Every key is optional.

    Lenient (the default): bad records are skipped and reported, the snapshot is
    built with ``strict=False`` (references to records outside the export are
    allowed), and nothing is raised for bad payloads.  ``strict=True`` raises
    :class:`InvalidExport` with every problem found, and builds a strict
    snapshot.  ``portal_timezone`` is the zone whose calendar date a deal's
    ``closedate`` instant falls on.
    """
    if not known_timezone(portal_timezone):
        raise GuidedActionsError(f"portal_timezone: {portal_timezone!r} is not a known IANA timezone")
    problems: list[Problem] = []
    if not isinstance(export, Mapping):
        problems.append(Problem("bad_export", "", f"an export must be a mapping, got {type(export).__name__}"))
        export = {}
    for key in export:
        if key not in EXPORT_KEYS:
            problems.append(Problem("unsupported_key", str(key), f"{key!r} is not an export key; ignored"))

    owners = read_owners(export["owners"], problems) if "owners" in export else None
    pipelines = read_pipelines(export["pipelines"], problems) if "pipelines" in export else []
    readers = {name: read_records(name, export[name], problems) for name, _ in _OBJECTS if name in export}

    graph = AssociationGraph()
    for name, group in readers.items():
        for reader in group:
            graph.add_v3_block(name, reader.id, reader.associations, f"{reader.path}.associations", problems)
    if "associations" in export:
        _read_associations(graph, export["associations"], problems)

    ctx = _records.Context(
        graph=graph,
        known_owners=owners.known_ids if owners is not None else None,
        owner_emails={user.id: user.email for user in owners.users} if owners is not None else {},
        pipelines={pipeline.id: pipeline for pipeline in pipelines},
        timezone=portal_timezone,
    )
    built: dict[str, list[Any]] = {name: [] for name, _ in _OBJECTS}
    for name, convert in _OBJECTS:
        for reader in readers.get(name, ()):
            entity = convert(reader, ctx)
            if entity is not None:
                built[name].append(entity)
    built["emails"] = _engagements.link_replies(built["emails"])

    if strict and problems:
        raise InvalidExport(problems)
    snapshot = CrmSnapshot.build(
        users=owners.users if owners is not None else (),
        teams=owners.teams if owners is not None else (),
        pipelines=pipelines,
        settings=settings,
        strict=strict,
        **built,
    )
    return HubSpotImport(snapshot=snapshot, problems=tuple(problems))
