"""Associations from both HubSpot shapes, merged into one undirected graph.

A record's v3 ``associations`` block lists ``{id, type}`` rows per plural object
name, and the v4 batch-read results list ``{from: {id}, to: [{toObjectId,
associationTypes}]}``.  Both list one related record once *per association type*
(``contact_to_company`` and ``contact_to_company_unlabeled`` for the same
company), so ids are de-duplicated here, keeping first-seen order.  An
association holds in both directions: the deal's contacts are the same facts as
the contacts' deals, whichever side the export listed them on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from guided_actions.errors import Problem
from guided_actions.hubspot._values import BadValue, decode_id

__all__ = ["PRIMARY_TYPE_IDS", "AssociationGraph", "object_name"]

#: HubSpot-defined association type ids that mark the *primary* related record.
PRIMARY_TYPE_IDS: frozenset[int] = frozenset({1, 2, 5, 6, 578, 580, 582})

_NAMES: dict[str, str] = {}
for _plural, _singular, _type_id in (
    ("contacts", "contact", "0-1"),
    ("companies", "company", "0-2"),
    ("deals", "deal", "0-3"),
    ("leads", "lead", "0-136"),
    ("tasks", "task", "0-27"),
    ("notes", "note", "0-46"),
    ("meetings", "meeting", "0-47"),
    ("calls", "call", "0-48"),
    ("emails", "email", "0-49"),
):
    for _alias in (_plural, _singular, _type_id):
        _NAMES[_alias] = _plural


def object_name(name: object) -> str | None:
    """The plural object name (``"contacts"``) for any spelling HubSpot uses, ``None`` if not ours."""
    if not isinstance(name, str):
        return None
    return _NAMES.get(name.strip().lower())


def _get(row: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        if name in row:
            return row[name]
    return None


def _rows(value: object) -> Iterable[Any] | None:
    """The result rows of a list, or of a response object holding ``results``."""
    if isinstance(value, Mapping):
        value = value.get("results")
    if isinstance(value, list | tuple):
        return value
    return None


class AssociationGraph:
    """Who is associated with whom: ``related(("deals", "7"), "contacts")`` → contact ids.

    Built while reading an export, then only read.  ``primary`` answers "which
    related record is flagged primary" (type ids 1, 2, 5, 6, 578, 580, 582, a v4
    label ``Primary`` or a v3 type name containing ``primary``).
    """

    __slots__ = ("_edges", "_primary")

    def __init__(self) -> None:
        self._edges: dict[tuple[str, str], dict[str, dict[str, None]]] = {}
        self._primary: dict[tuple[str, str], dict[str, str]] = {}

    def add(self, from_type: str, from_id: str, to_type: str, to_id: str, *, primary: bool = False) -> None:
        """Record one association (both directions); ``primary`` flags ``to`` as the primary of ``from``."""
        self._edges.setdefault((from_type, from_id), {}).setdefault(to_type, {})[to_id] = None
        self._edges.setdefault((to_type, to_id), {}).setdefault(from_type, {})[from_id] = None
        if primary:
            self._primary.setdefault((from_type, from_id), {}).setdefault(to_type, to_id)

    def related(self, from_type: str, from_id: str, to_type: str) -> tuple[str, ...]:
        """The ids of ``to_type`` records associated with the record, each once, first-seen first."""
        targets = self._edges.get((from_type, from_id))
        if not targets:
            return ()
        return tuple(targets.get(to_type, ()))

    def primary(self, from_type: str, from_id: str, to_type: str) -> str | None:
        """The related ``to_type`` record flagged primary, if any."""
        return self._primary.get((from_type, from_id), {}).get(to_type)

    def add_v3_block(self, from_type: str, from_id: str, block: object, path: str, problems: list[Problem]) -> None:
        """Read a record's v3 ``associations`` block (unknown object names are ignored)."""
        if block is None:
            return
        if not isinstance(block, Mapping):
            problems.append(Problem("bad_association", path, f"associations must be an object, got {block!r}"))
            return
        for name, collection in block.items():
            to_type = object_name(name)
            if to_type is None:
                continue
            rows = _rows(collection)
            if rows is None:
                problems.append(Problem("bad_association", f"{path}.{name}", "expected {results: [...]}"))
                continue
            for index, row in enumerate(rows):
                where = f"{path}.{name}.results[{index}]"
                try:
                    to_id = decode_id(row.get("id")) if isinstance(row, Mapping) else None
                except BadValue:
                    to_id = None
                if not to_id:
                    problems.append(Problem("bad_association", where, f"association row without an id: {row!r}"))
                    continue
                label = str(row.get("type") or "").lower()
                self.add(from_type, from_id, to_type, to_id, primary="primary" in label)

    def add_v4_results(self, key: object, results: object, problems: list[Problem]) -> None:
        """Read v4 batch-read results filed under ``"<from>/<to>"`` (e.g. ``"deals/contacts"``)."""
        path = f"associations.{key}"
        from_name, _, to_name = str(key).partition("/")
        from_type, to_type = object_name(from_name), object_name(to_name)
        if from_type is None or to_type is None:
            problems.append(
                Problem("unsupported_key", path, f"association key {key!r} is not '<from>/<to>' of our object types")
            )
            return
        rows = _rows(results)
        if rows is None:
            problems.append(Problem("bad_association", path, "expected a list of v4 batch-read results"))
            return
        for index, row in enumerate(rows):
            where = f"{path}[{index}]"
            source = _get(row, "from", "_from", "from_") if isinstance(row, Mapping) else None
            try:
                from_id = decode_id(source.get("id")) if isinstance(source, Mapping) else None
            except BadValue:
                from_id = None
            targets = row.get("to") if isinstance(row, Mapping) else None
            if not from_id or not isinstance(targets, list | tuple):
                problems.append(Problem("bad_association", where, "expected {from: {id}, to: [...]}"))
                continue
            for position, target in enumerate(targets):
                self._add_v4_target(from_type, from_id, to_type, target, f"{where}.to[{position}]", problems)

    def _add_v4_target(
        self, from_type: str, from_id: str, to_type: str, target: object, where: str, problems: list[Problem]
    ) -> None:
        try:
            to_id = decode_id(_get(target, "toObjectId", "to_object_id")) if isinstance(target, Mapping) else None
        except BadValue:
            to_id = None
        if not to_id or not isinstance(target, Mapping):
            problems.append(Problem("bad_association", f"{where}.toObjectId", f"no usable toObjectId in {target!r}"))
            return
        primary = False
        for spec in _get(target, "associationTypes", "association_types") or ():
            if not isinstance(spec, Mapping):
                continue
            type_id = _get(spec, "typeId", "type_id")
            if isinstance(type_id, str) and type_id.strip().isdigit():
                type_id = int(type_id)
            category = str(spec.get("category") or "HUBSPOT_DEFINED").upper()
            label = str(spec.get("label") or "").lower()
            if (category == "HUBSPOT_DEFINED" and type_id in PRIMARY_TYPE_IDS) or label == "primary":
                primary = True
        self.add(from_type, from_id, to_type, to_id, primary=primary)
