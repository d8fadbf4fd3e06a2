"""JSON for every value of the library: entities, results and whole snapshots.

One ``cattrs`` converter, :data:`converter`, built once with
``forbid_extra_keys=True`` and detailed validation, turns library values into
plain JSON-ready data (:func:`to_dict`, :func:`to_json`) and back
(:func:`from_dict`, :func:`from_json`).  The round trip is lossless, and a bad
document is refused with :class:`~guided_actions.errors.InvalidDocument` listing
**every** bad field as a :class:`~guided_actions.errors.Problem` whose ``path``
reads like ``$.contacts[3].created_at``.

The encoding:

* **date-times**: ISO 8601 with the UTC offset and, when the value's tzinfo is a
  named IANA zone (``pendulum`` zones and ``zoneinfo.ZoneInfo``), the zone name in
  brackets (RFC 9557): ``2026-03-01T09:30:00+05:30[Asia/Kolkata]``.  Microseconds
  are kept; ``fold`` is carried by the offset (``02:30+02:00`` and ``02:30+01:00``
  on the night Berlin leaves summer time).  pendulum's UTC is the zone ``UTC``,
  written ``+00:00[UTC]``; a fixed offset (``datetime.timezone``, pendulum's
  ``FixedTimezone``) has no name and is written without brackets.  Reading gives a
  ``pendulum.DateTime`` in the named zone, else in a fixed offset; ``Z`` alone
  reads as pendulum's UTC.  Naive and fuzzy strings (``"now"``), unknown zones and
  a zone whose offset at that instant is not the written one are refused — except
  a wall time inside a DST gap (a stdlib value can hold one), which is written
  with the offset Python gives it and read back unchanged.
* **dates**: ``YYYY-MM-DD`` (read as ``pendulum.Date``).
* **decimals**: strings, digit for digit (``"1500.00"`` stays ``"1500.00"``).
* **enums**: their value (``"completed"``).
* **frozensets**: sorted lists; **tuples**: lists; **read-only mappings**: objects,
  read back as read-only mappings.
* **property values** (:data:`~guided_actions.crm.PropertyValue`): a string,
  integer, float, boolean or null is plain JSON; the other kinds are a one-key
  object naming the type, so the exact type survives: ``{"decimal": "1.50"}``,
  ``{"datetime": "2026-03-01T09:30:00+01:00[Europe/Berlin]"}``,
  ``{"date": "2026-03-01"}``, and ``{"float": "nan"}`` / ``"inf"`` / ``"-inf"``
  for the floats JSON cannot hold.  A string that looks like a date stays a string.
* **CrmSnapshot**: one object with a list per kind (``users``, ``teams``,
  ``companies``, ``contacts``, ``leads``, ``deals``, ``tasks``, ``meetings``,
  ``calls``, ``emails``, ``notes``, ``pipelines``), ``settings`` and ``strict``.
  Every key is optional when reading; reading ends in ``CrmSnapshot.build``, so a
  well-formed but inconsistent document raises
  :class:`~guided_actions.errors.InvalidSnapshot`.
* **unions of attrs classes** (events, say): a ``"type"`` key naming the class,
  once the union is registered with :func:`register_tagged_union`.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, TypeVar, get_args, overload

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.strategies import configure_tagged_union

from guided_actions._converter import SNAPSHOT_KEYS, Refusal, describe, make_converter
from guided_actions.crm import CrmSnapshot
from guided_actions.errors import GuidedActionsError, InvalidDocument, InvalidEntity, InvalidSnapshot, Problem

__all__ = ["converter", "from_dict", "from_json", "register_tagged_union", "to_dict", "to_json"]

T = TypeVar("T")

converter: cattrs.Converter = make_converter()
"""The library's one configured converter.

Other packages' attrs classes use it as they are: any class whose fields use the
types above (and nested attrs classes) un/structures with no registration.  Prefer
:func:`to_dict`/:func:`from_dict`, which turn cattrs' errors into
:class:`~guided_actions.errors.InvalidDocument`.
"""


def to_dict(obj: Any, *, as_type: Any = None) -> Any:
    """``obj`` as JSON-ready data (dicts, lists, strings, numbers, booleans, ``None``).

    ``as_type`` names the declared type when it is not ``type(obj)`` — a
    registered union, so that the ``"type"`` tag is written.
    """
    return converter.unstructure(obj, unstructure_as=as_type)


@overload
def from_dict(cls: type[T], data: object) -> T: ...
@overload
def from_dict(cls: Any, data: object) -> Any: ...
def from_dict(cls: Any, data: object) -> Any:
    """The value of type ``cls`` that ``data`` describes (the inverse of :func:`to_dict`).

    Raises :class:`~guided_actions.errors.InvalidDocument` listing every bad field
    (unknown key, missing field, wrong type, bad date-time, enum value or decimal,
    a value an entity refuses); for a ``CrmSnapshot`` whose records are fine but do
    not fit together, :class:`~guided_actions.errors.InvalidSnapshot`.
    """
    try:
        return converter.structure(data, cls)
    except InvalidSnapshot:
        raise
    except Exception as exc:
        problems = _problems_of(exc)
        raise InvalidDocument(problems) from None


def to_json(obj: Any, *, as_type: Any = None, indent: int | None = None) -> str:
    """``obj`` as a JSON text (compact unless ``indent`` is given); see :func:`to_dict`."""
    data = to_dict(obj, as_type=as_type)
    try:
        if indent is None:
            return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)
    except (ValueError, TypeError) as exc:
        raise GuidedActionsError(f"cannot write {type(obj).__name__} as JSON: {exc}") from None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


@overload
def from_json(cls: type[T], text: str | bytes) -> T: ...
@overload
def from_json(cls: Any, text: str | bytes) -> Any: ...
def from_json(cls: Any, text: str | bytes) -> Any:
    """The value of type ``cls`` in a JSON text (the inverse of :func:`to_json`); raises as :func:`from_dict`."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as exc:
        where = f" at line {exc.lineno}, column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
        message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise InvalidDocument([Problem("invalid_json", "$", f"not valid JSON: {message}{where}")]) from None
    return from_dict(cls, data)


def register_tagged_union(union_type: Any, *, tag: str = "type") -> None:
    """Write members of a union of attrs classes with a ``tag`` key holding the class name.

    Packages call it once, where the union is defined (before any class that holds
    it is first converted — cattrs builds and caches each class's hook on first
    use): ``register_tagged_union(Created | Closed)`` makes ``{"type": "Closed",
    ...}`` the form of a ``Closed`` wherever a field is declared as the union (or
    the union or ``None``).  A missing or unknown tag is refused like any bad field.
    """
    members = get_args(union_type)
    if len(members) < 2 or not all(isinstance(m, type) and attrs.has(m) for m in members):
        raise GuidedActionsError(f"register_tagged_union needs a union of attrs classes, got {union_type!r}")
    by_name = {m.__name__: m for m in members}
    if len(by_name) != len(members):
        raise GuidedActionsError(f"register_tagged_union: class names in {union_type!r} must be unique")
    clashing = [m.__name__ for m in members if tag in attrs.fields_dict(m)]
    if clashing:
        raise GuidedActionsError(f"register_tagged_union: {', '.join(clashing)} already has a field {tag!r}")
    configure_tagged_union(union_type, converter, tag_name=tag)
    tagged = converter.get_structure_hook(union_type)
    member_hooks = {m: converter.get_unstructure_hook(m) for m in members}
    choices = ", ".join(sorted(by_name))

    def structure(value: object, cls: object) -> Any:
        if type(value) is not dict:
            raise Refusal("wrong_type", expected=f"an object with a {tag!r} key", got=describe(value))
        name = value.get(tag)
        if name is None:
            raise Refusal("missing_tag", tag=tag, choices=choices)
        if name not in by_name:
            raise Refusal("unknown_tag", value=name, choices=choices, hint=_did_you_mean(name, by_name))
        return tagged(value, cls)

    def structure_optional(value: object, cls: object) -> Any:
        return None if value is None else structure(value, union_type)

    def unstructure(value: Any) -> dict[str, Any]:
        # The tag goes first, so a reader (or a streaming parser) knows the class at once.
        return {tag: type(value).__name__, **member_hooks[type(value)](value)}

    def unstructure_optional(value: Any) -> Any:
        return None if value is None else unstructure(value)

    converter.register_structure_hook(union_type, structure)
    converter.register_unstructure_hook(union_type, unstructure)
    converter.register_structure_hook(union_type | None, structure_optional)
    converter.register_unstructure_hook(union_type | None, unstructure_optional)


# -- turning cattrs' exception groups into problems ----------------------------

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _step(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if _IDENTIFIER.fullmatch(key) else f"{path}[{json.dumps(key)}]"


def _did_you_mean(name: object, known: Any) -> str:
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _known_keys(cls: Any) -> tuple[str, ...]:
    if cls is CrmSnapshot:
        return SNAPSHOT_KEYS
    if isinstance(cls, type) and attrs.has(cls):
        return tuple(a.alias for a in attrs.fields(cls))
    return ()


def _note(exc: BaseException) -> AttributeValidationNote | IterableValidationNote | None:
    for note in reversed(getattr(exc, "__notes__", ())):
        if isinstance(note, AttributeValidationNote | IterableValidationNote):
            return note
    return None


def _problems_of(exc: BaseException, path: str = "$") -> list[Problem]:
    """Every problem in an exception raised while structuring, each with its path.

    Walks cattrs' ``ClassValidationError`` / ``IterableValidationError`` groups
    using the notes cattrs attaches (attribute name, list index, mapping key).
    """
    if isinstance(exc, BaseValidationError):
        found: list[Problem] = []
        for sub in exc.exceptions:
            note = _note(sub)
            if isinstance(note, AttributeValidationNote):
                here = _step(path, note.name)
                if isinstance(sub, KeyError) and sub.args == (note.name,):
                    found.append(Problem("missing_field", here, f"missing required field {note.name!r}"))
                    continue
            elif isinstance(note, IterableValidationNote):
                here = _step(path, note.index)
            else:
                here = path
            found.extend(_problems_of(sub, here))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        known = _known_keys(exc.cl)
        return [
            Problem(
                "unknown_key",
                _step(path, key),
                f"unknown field {key!r} for {exc.cl.__name__}{_did_you_mean(key, known)}",
            )
            for key in sorted(exc.extra_fields, key=str)
        ]
    if isinstance(exc, Refusal):
        return [Problem(exc.code, path, str(exc))]
    if isinstance(exc, InvalidEntity):
        return [Problem("invalid_entity", _step(path, exc.field), str(exc))]
    if isinstance(exc, InvalidSnapshot | InvalidDocument):
        return [Problem(p.code, f"{path}.{p.path}" if p.path else path, p.message) for p in exc.problems]
    if isinstance(exc, cattrs.StructureHandlerNotFoundError):
        return [Problem("unsupported_type", path, str(exc))]
    return [Problem("invalid_value", path, f"{type(exc).__name__}: {exc}")]
