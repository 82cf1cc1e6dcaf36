"""Metric definitions and live projections (wallboard) over the lifecycle events."""
