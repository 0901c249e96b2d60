"""Scenario files: cases with expected outcomes, each with its legal source and hand working."""
