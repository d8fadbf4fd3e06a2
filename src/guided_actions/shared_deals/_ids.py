"""Deterministic ids: derived from what was said, by whom, when and at which version."""

from __future__ import annotations

import datetime as _dt
import hashlib

__all__ = ["derive_id"]

_UTC = _dt.UTC


def _part(value: object) -> str:
    if isinstance(value, _dt.datetime):
        # The same instant gives the same id whether pendulum or stdlib, whatever the zone.
        return value.astimezone(_UTC).isoformat()
    return str(value)


def derive_id(prefix: str, *parts: object) -> str:
    """``prefix-`` and 16 hex digits of a SHA-256 over ``parts``: same inputs, same id, never random."""
    digest = hashlib.sha256("\x1f".join(_part(p) for p in parts).encode()).hexdigest()
    return f"{prefix}-{digest[:16]}"
