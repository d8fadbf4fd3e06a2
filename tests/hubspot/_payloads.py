"""Payload builders for the HubSpot tests, in the wire format the facts file documents.

``record`` builds a v3 ``SimplePublicObjectWithAssociations``; the pipelines and
owners below follow the Pipelines and Owners API shapes.  Values are strings, as
HubSpot sends them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def load(*parts: str) -> Any:
    """A JSON file under ``tests/hubspot/data``."""
    return json.loads(DATA.joinpath(*parts).read_text(encoding="utf-8"))


def record(
    record_id: str,
    properties: dict[str, Any] | None = None,
    *,
    associations: dict[str, list[tuple[str, str]]] | None = None,
    history: dict[str, list[tuple[str, str]]] | None = None,
    created: str = "2026-01-05T09:00:00.000Z",
) -> dict[str, Any]:
    """A v3 record; ``associations``: plural name → ``(id, type)`` rows; ``history``: ``(value, timestamp)``."""
    raw: dict[str, Any] = {
        "id": record_id,
        "properties": {"hs_object_id": record_id, **(properties or {})},
        "createdAt": created,
        "updatedAt": created,
        "archived": False,
    }
    if associations:
        raw["associations"] = {
            name: {"results": [{"id": rid, "type": kind} for rid, kind in rows]} for name, rows in associations.items()
        }
    if history:
        raw["propertiesWithHistory"] = {
            name: [{"value": value, "timestamp": stamp, "sourceType": "CRM_UI"} for value, stamp in rows]
            for name, rows in history.items()
        }
    return raw


def owner(owner_id: str, email: str, *, teams: tuple[tuple[str, str, bool], ...] = (), **extra: Any) -> dict[str, Any]:
    """An Owners API ``PublicOwner``."""
    raw: dict[str, Any] = {
        "id": owner_id,
        "email": email,
        "firstName": email.split("@")[0].title(),
        "lastName": "Example",
        "type": "PERSON",
        "userId": int(owner_id) + 1000,
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-01T00:00:00Z",
        "archived": False,
    }
    if teams:
        raw["teams"] = [{"id": tid, "name": name, "primary": primary} for tid, name, primary in teams]
    raw.update(extra)
    return raw


def stage(stage_id: str, label: str, order: int, **metadata: str) -> dict[str, Any]:
    """A Pipelines API ``PipelineStage`` (metadata values are strings)."""
    return {
        "id": stage_id,
        "label": label,
        "displayOrder": order,
        "archived": False,
        "createdAt": "1970-01-01T00:00:00Z",
        "updatedAt": "1970-01-01T00:00:00Z",
        "metadata": metadata,
    }


def deal_pipeline() -> dict[str, Any]:
    """HubSpot's default sales pipeline: won and lost only by ``isClosed`` + ``probability``."""
    return {
        "id": "default",
        "label": "Sales Pipeline",
        "displayOrder": 0,
        "archived": False,
        "createdAt": "1970-01-01T00:00:00Z",
        "updatedAt": "1970-01-01T00:00:00Z",
        "stages": [
            stage("appointmentscheduled", "Appointment Scheduled", 0, isClosed="false", probability="0.2"),
            stage("qualifiedtobuy", "Qualified To Buy", 1, isClosed="false", probability="0.4"),
            stage("contractsent", "Contract Sent", 2, isClosed="false", probability="0.9"),
            # labels swapped on purpose: the state must come from metadata only
            stage("closedwon", "Closed lost (renamed)", 3, isClosed="true", probability="1.0"),
            stage("closedlost", "Closed won (renamed)", 4, isClosed="true", probability="0.0"),
        ],
    }


def lead_pipeline() -> dict[str, Any]:
    """HubSpot's default lead pipeline (no documented metadata on lead stages)."""
    return {
        "id": "lead-pipeline-id",
        "label": "Lead pipeline",
        "displayOrder": 0,
        "archived": False,
        "createdAt": "1970-01-01T00:00:00Z",
        "updatedAt": "1970-01-01T00:00:00Z",
        "stages": [
            stage("new-stage-id", "New", 0),
            stage("attempting-stage-id", "Attempting", 1),
            stage("connected-stage-id", "Connected", 2),
            stage("qualified-stage-id", "Qualified", 3),
            stage("unqualified-stage-id", "Disqualified", 4),
        ],
    }


def email_headers(sender: str, to: tuple[str, ...], cc: tuple[str, ...] = ()) -> str:
    """``hs_email_headers`` as HubSpot stores it: JSON encoded into a string."""
    return json.dumps(
        {
            "from": {"email": sender, "firstName": "From", "lastName": "Sender"},
            "to": [{"email": address, "firstName": "To", "lastName": "Person"} for address in to],
            "cc": [{"email": address} for address in cc],
            "bcc": [],
        }
    )


def v4_result(from_id: str, *targets: tuple[object, list[tuple[str, int, str | None]]]) -> dict[str, Any]:
    """One v4 batch-read result: ``targets`` are ``(toObjectId, [(category, typeId, label)])``."""
    return {
        "from": {"id": from_id},
        "to": [
            {
                "toObjectId": to_id,
                "associationTypes": [{"category": c, "typeId": t, "label": label} for c, t, label in types],
            }
            for to_id, types in targets
        ],
    }
