"""Tests of ``guided_actions.testing``: strategies, snapshots() and synthetic_portal."""
