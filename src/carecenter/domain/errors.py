"""Errors the domain and application raise; the web layer maps each to one HTTP status.

They carry what a user needs to fix the problem (the field and the reason), never a stack trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """Base of every error a user may see."""

    title = "Request failed"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class FieldProblem:
    """One bad input value: `field` is its dotted path (`phones.0`), `reason` says why in plain words."""

    field: str
    reason: str


class InvalidInput(DomainError):
    """Input that cannot be accepted; `problems` names every bad field (maps to 400/422)."""

    title = "Invalid input"

    def __init__(self, problems: list[FieldProblem] | FieldProblem, detail: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, FieldProblem) else list(problems)
        super().__init__(detail or "; ".join(f"{p.field}: {p.reason}" for p in self.problems))


class NotFound(DomainError):
    title = "Not found"


class Forbidden(DomainError):
    title = "Forbidden"


class Unauthenticated(DomainError):
    title = "Not logged in"


class Conflict(DomainError):
    """Someone changed the record since the caller read it, or a unique value is taken."""

    title = "Conflict"

    def __init__(self, detail: str, current: dict[str, object] | None = None) -> None:
        super().__init__(detail)
        self.current = current or {}


class TooManyAttempts(DomainError):
    title = "Too many attempts"

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


@dataclass
class ProblemCollector:
    """Gathers field problems so a form or an import row reports all of them at once."""

    problems: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str, reason: str) -> None:
        self.problems.append(FieldProblem(field_name, reason))

    def check_length(self, field_name: str, value: str | None, maximum: int) -> None:
        """Note a problem when `value` is longer than its column allows."""
        if value is not None and len(value) > maximum:
            self.add(field_name, f"at most {maximum} characters")

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)
