"""Explain stage: the trace of one evaluation as plain English, an auditor tree, and JSON."""
