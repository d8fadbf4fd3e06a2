"""Shared test configuration: Hypothesis profiles.

``dev`` (the default) keeps the suite quick on a 2-core machine; ``ci`` runs more
examples and is chosen with ``HYPOTHESIS_PROFILE=ci``.  No test reads the wall
clock: every time-dependent call gets an explicit ``now``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "dev",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
