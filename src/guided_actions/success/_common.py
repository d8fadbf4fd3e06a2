"""The mapping converter, the problem wording and the "did you mean" helper the customer success values share.

The field validators and converters themselves (non-empty strings, aware
datetimes, enums, collections, property bags) come from
:mod:`guided_actions.crm._checks`, so a customer success value refuses a bad
field exactly as a CRM entity does, with
:class:`~guided_actions.errors.InvalidEntity` naming the class, the field and the
value.  What is left here is what the core does not do.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from guided_actions.crm._checks import read_only_mapping
from guided_actions.errors import Problem

__all__ = ["close_match", "did_you_mean", "frozen_mapping", "worded_problem"]


def frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Converter: a read-only copy of a mapping (so a value can never change under us).

    More lenient than the core's ``read_only_mapping``: an iterable of pairs is
    taken as a mapping and any empty value as the empty mapping, as the values
    of this package always have.
    """
    if isinstance(value, Mapping):
        return read_only_mapping(value)
    pairs: Any = value  # typed as a mapping, but hosts pass pairs too
    return read_only_mapping(dict(pairs) if pairs else None)


def close_match(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``name`` when one is close enough, else ``None``."""
    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` when a candidate is close to ``name``, else ``""``."""
    match = close_match(name, candidates)
    return f"; did you mean {match!r}?" if match is not None else ""


def worded_problem(table: Mapping[str, str], code: str, path: str, **fields: object) -> Problem:
    """A :class:`~guided_actions.errors.Problem` worded from a code table (``hint`` defaults to none).

    Each module keeps its wording in one table; this is the one way they are filled in.
    """
    fields.setdefault("hint", "")
    return Problem(code, path, table[code].format(**fields))
