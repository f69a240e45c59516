"""Messages as data: what a run (or a load) has to tell people, without the words.

A :class:`Message` is a code, a severity and its parameters: numbers stay numbers, their unit
in the parameter's name (``energy_tce``, ``factor_kg_per_kwh``, ``hours``), as in column
names. Words are chosen only when a message is shown, in the reader's language, by
:mod:`greenpark.report.messages`; stored runs keep the data, so a run stored in one language
reads in the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["info", "warning"]
#: the code of a message stored as text before messages were data (``params["text"]``)
LEGACY_TEXT = "legacy_text"
#: a parameter's value: text, a number (its unit in the parameter's name) or a list of them
Param = str | int | float | bool | None | tuple[str | int | float, ...]


@dataclass(frozen=True)
class Message:
    """One thing to tell people: ``code`` names the template, ``params`` fill it.

    ``severity`` ``warning`` is something a user should act on or disclose (a fallback, an
    imputed gap, an unclaimed certificate); ``info`` says what was done. ``--strict`` turns
    warnings into errors.
    """

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)
    severity: Severity = "warning"

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", dict(self.params))

    def __hash__(self) -> int:
        return hash((self.code, self.severity, tuple(sorted(self.params.items(), key=str))))

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON (the store)."""
        return {"code": self.code, "severity": self.severity, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Message:
        params = data.get("params") or {}
        if not isinstance(params, Mapping):
            raise ValueError(f"message params must be a mapping, got {params!r}")
        severity = data.get("severity", "warning")
        if severity not in ("info", "warning"):
            raise ValueError(f"message severity must be info or warning, got {severity!r}")
        return cls(str(data["code"]), {str(k): _param(v) for k, v in params.items()}, severity)


def _param(value: object) -> Param:
    """A JSON value back as a parameter (JSON lists come back as tuples)."""
    if isinstance(value, list):
        return tuple(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError(f"message parameter must be text, a number or a list, got {value!r}")
