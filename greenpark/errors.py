"""Exception hierarchy. Library code raises these; only the CLI turns them into exit codes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greenpark.messages import Message


class GreenparkError(Exception):
    """Root of every error greenpark raises on purpose."""


class InputError(GreenparkError, ValueError):
    """A file or configuration value is wrong.

    Carries every problem found, so a user can fix them all in one pass.
    Each problem is one line: where, what, got, expected.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__("\n".join(self.problems))


class StrictError(GreenparkError):
    """``strict`` was asked and the run has warnings: ``warnings`` holds them as data
    (:class:`~greenpark.messages.Message`); ``greenpark.report.messages.strict_problems``
    words them."""

    def __init__(self, warnings: Iterable[Message]) -> None:
        self.warnings: tuple[Message, ...] = tuple(warnings)
        codes = ", ".join(m.code for m in self.warnings)
        super().__init__(f"strict: the run has warnings ({codes})")


class UnitError(GreenparkError, TypeError):
    """A quantity has the wrong dimension or an unknown unit."""


class StoreError(GreenparkError):
    """The run database could not be opened, read or written (its URL shown masked)."""


class OutputError(GreenparkError):
    """Result files could not be written where asked (``--out``)."""
