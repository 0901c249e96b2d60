"""Check stage: static analysis of the whole rulebook."""
