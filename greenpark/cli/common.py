"""Options shared by every command."""

from __future__ import annotations

from typing import Annotated, Literal, cast

import typer

from greenpark.i18n import set_language

LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="输出语言 zh|en / output language zh|en", envvar="GREENPARK_LANG"),
]


def apply_language(lang: str | None) -> None:
    """Set the output language from ``--lang`` (given on the root or on a command)."""
    if lang is None:
        return
    if lang not in ("zh", "en"):
        raise typer.BadParameter(f"--lang must be zh or en, got {lang!r}")
    set_language(cast(Literal["zh", "en"], lang))
