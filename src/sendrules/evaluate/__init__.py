"""Evaluate stage: a pure function of (compiled rulebook, facts, as-at date, settings)."""
