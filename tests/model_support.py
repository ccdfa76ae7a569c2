"""Shared pieces of the model tests (tests/test_*_model.py)."""

from hypothesis import HealthCheck, settings

#: Deterministic Hypothesis runs for the model invariants. database=None stops
#: Hypothesis writing a .hypothesis/ folder into the repository.
HYPOTHESIS = settings(
    derandomize=True,
    database=None,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
