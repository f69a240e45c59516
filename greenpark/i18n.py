"""Language of the words greenpark shows people: Chinese by default, English on request.

Messages are written inline in both languages, ``text("中文", "English")``, so each module
keeps its own words next to its code. The CLI sets the language once per process.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]
_current: list[Language] = ["zh"]


def set_language(language: Language) -> None:
    """Choose the language for everything shown from now on."""
    _current[0] = language


def get_language() -> Language:
    return _current[0]


def text(zh: str, en: str) -> str:
    """Return the message in the current language."""
    return zh if _current[0] == "zh" else en
