"""Shared types every stage may import: runtime values, types, compiled programs, the rule-file format."""
