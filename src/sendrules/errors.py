"""Exceptions raised by sendrules. None of them echoes case values (names, dates of birth)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a rule file: where it is, what is wrong, and how bad."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"
    key: str | None = None

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" [{self.key}]" if self.key else ""
        return f"{where}: {self.severity}{key}: {self.message}"


class SendrulesError(Exception):
    """Base class for every error this package raises on purpose."""


@dataclass
class RulebookError(SendrulesError):
    """The rulebook could not be loaded: every diagnostic is listed."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        errors = [d for d in self.diagnostics if d.severity == "error"]
        head = f"rulebook has {len(errors)} error(s)"
        return head + "\n" + "\n".join(d.render() for d in self.diagnostics)


@dataclass
class InputError(SendrulesError):
    """Case facts, settings or a scenario failed validation. Messages name paths, never values."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "invalid input:\n" + "\n".join(f"  - {p}" for p in self.problems)
