"""Messages in words: the one place a :class:`~greenpark.messages.Message` becomes text.

Each code has a Chinese and an English template (:data:`TEMPLATES`, in
:mod:`greenpark.report.message_templates`) in :meth:`str.format` syntax, with the number
format beside each field (``{energy_mwh:,.3f}``, ``{change_fraction:+.1%}``). Two more field
forms:

- a tuple parameter is listed with ``, `` (``{batch_ids}`` → ``G1, G2``); on a terminal line
  (:func:`message_line`) a list longer than :data:`TERMINAL_LIST` items shows its first ones
  and the count (``E0001, …, E0010 等共 500 个``): at 500 enterprises one message listed every
  id over 20 lines; files (``messages.txt``, ``messages.json``) keep the whole list;
- ``{field:parts}`` names phrases of the group ``field`` in :data:`FRAGMENTS` (one code or a
  tuple of codes); each phrase is filled from the same parameters and they are joined with
  ``；`` / ``; `` (no code: nothing). A message whose wording depends on a choice (the reasons
  of a factor fallback, the ways a month was completed) says which phrases it needs.

Runs stored before messages were data hold text only: code :data:`LEGACY_TEXT`, shown as is.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from greenpark.i18n import Language, get_language
from greenpark.messages import LEGACY_TEXT, Message, Param
from greenpark.report.message_templates import FRAGMENTS, TEMPLATES

#: the word before a message shown on its own line, by severity
SEVERITY_WORDS: dict[str, tuple[str, str]] = {
    "info": ("提示", "note"),
    "warning": ("注意", "warning"),
}
_SEPARATOR = {"zh": "；", "en": "; "}
#: the most items a list shows on a terminal line before it is cut to its first ones and a count
TERMINAL_LIST = 10
_COLON = {"zh": "：", "en": ": "}


class _Formatter(string.Formatter):
    """``str.format`` plus tuples listed with ``, `` and ``{field:parts}`` phrases."""

    def __init__(
        self, language: Language, params: Mapping[str, Param], longest_list: int | None = None
    ) -> None:
        self.language = language
        self.params = params
        self.side = 0 if language == "zh" else 1
        self.longest_list = longest_list

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        value, used = super().get_field(field_name, args, kwargs)
        return (field_name, value), used

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        name, raw = value
        return name, super().convert_field(raw, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        name, raw = value
        if format_spec == "parts":
            codes = (raw,) if isinstance(raw, str) else tuple(raw or ())
            group = FRAGMENTS[name]
            return _SEPARATOR[self.language].join(
                self.vformat(group[str(code)][self.side], (), self.params) for code in codes
            )
        if isinstance(raw, tuple):
            return self._listed(raw, format_spec)
        return format(raw, format_spec)

    def _listed(self, items: tuple[Any, ...], format_spec: str) -> str:
        """``items`` joined with ``, ``; past ``longest_list``, the first ones and the count."""
        if self.longest_list is None or len(items) <= self.longest_list:
            return ", ".join(format(item, format_spec) for item in items)
        shown = ", ".join(format(item, format_spec) for item in items[: self.longest_list])
        if self.language == "zh":
            return f"{shown}, … 等共 {len(items)} 个"
        return f"{shown}, … and {len(items) - self.longest_list} more"


def render(
    message: Message, language: Language | None = None, longest_list: int | None = None
) -> str:
    """``message`` in words, in ``language`` (default: the current language); lists longer
    than ``longest_list`` items cut to their first ones and the count (None: whole)."""
    language = get_language() if language is None else language
    if message.code == LEGACY_TEXT:
        return str(message.params.get("text", ""))
    try:
        template = TEMPLATES[message.code][0 if language == "zh" else 1]
    except KeyError:
        raise ValueError(f"no template for message code {message.code!r}") from None
    formatter = _Formatter(language, message.params, longest_list)
    return formatter.vformat(template, (), message.params)


def render_all(messages: Iterable[Message], language: Language | None = None) -> list[str]:
    """Each message in words, in order."""
    return [render(message, language) for message in messages]


def severity_word(message: Message, language: Language | None = None) -> str:
    """``提示`` / ``注意`` (``note`` / ``warning``)."""
    language = get_language() if language is None else language
    return SEVERITY_WORDS[message.severity][0 if language == "zh" else 1]


def message_line(message: Message, language: Language | None = None) -> str:
    """``提示：…`` / ``note: …``: the severity word, then the message, for a terminal (lists cut
    at :data:`TERMINAL_LIST` items)."""
    language = get_language() if language is None else language
    words = render(message, language, TERMINAL_LIST)
    return severity_word(message, language) + _COLON[language] + words


def strict_problems(messages: Iterable[Message], language: Language | None = None) -> list[str]:
    """``--strict``: the warnings among ``messages`` as problem lines (none: the run may go on).

    Info messages say what was done and stay messages.
    """
    language = get_language() if language is None else language
    warnings = [render(m, language) for m in messages if m.severity == "warning"]
    if not warnings:
        return []
    head = (
        "--strict：以下注意事项视为错误：" if language == "zh" else "--strict: warnings are errors:"
    )
    return [head, *warnings]
