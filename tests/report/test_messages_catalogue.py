"""Every message the package builds has words in both languages (greenpark/report/messages.py).

The codes are collected from the source: each ``Message("code", {...})`` call (ast), with the
keys it is built with. Each renders in Chinese and English from sample parameters chosen by
the format its template gives each field; a field the call does not provide fails here, not
in front of a user. Messages of real runs render too.
"""

from __future__ import annotations

import ast
import json
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import greenpark as gp
from greenpark.messages import LEGACY_TEXT, Message, Param
from greenpark.report.message_templates import FRAGMENTS, TEMPLATES
from greenpark.report.messages import TERMINAL_LIST, message_line, render, severity_word

PACKAGE = Path(__file__).resolve().parents[2] / "greenpark"


def _calls() -> Iterator[tuple[str, str, frozenset[str] | None, str]]:
    """(where, code, keys or None when not a literal, severity) of every Message(...) call."""
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Message"):
                continue
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            first = node.args[0] if node.args else None
            assert isinstance(first, ast.Constant), f"{where}: the code must be a literal"
            yield where, str(first.value), _keys(node), _severity(node)


def _keys(call: ast.Call) -> frozenset[str] | None:
    params = call.args[1] if len(call.args) > 1 else None
    if params is None:
        return frozenset()
    if not isinstance(params, ast.Dict):
        return None  # built elsewhere (a variable): checked by the run tests below
    if any(k is None for k in params.keys):
        return None  # ``{**other, ...}``: likewise
    return frozenset(str(k.value) for k in params.keys if isinstance(k, ast.Constant))


def _severity(call: ast.Call) -> str:
    value = call.args[2] if len(call.args) > 2 else None
    return str(value.value) if isinstance(value, ast.Constant) else "warning"


CALLS = list(_calls())


def _fields(template: str) -> Iterator[tuple[str, str]]:
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            yield name, spec or ""


def _sample(name: str, spec: str) -> Param:
    if spec == "parts":
        return tuple(FRAGMENTS[name])  # every phrase of the group at once
    if spec.endswith("d"):
        return 7
    if spec:
        return 1234.5678
    return ("A", "B") if name.endswith("ids") else f"<{name}>"


def _fields_of(code: str) -> dict[str, str]:
    """Every field the code's templates and their phrases use, with its format."""
    found: dict[str, str] = {}
    todo = list(TEMPLATES[code])
    while todo:
        for name, spec in _fields(todo.pop()):
            found[name] = spec
            if spec == "parts":
                todo += [words for pair in FRAGMENTS[name].values() for words in pair]
    return found


def test_the_package_builds_messages() -> None:
    assert len({code for _, code, _, _ in CALLS}) >= 40


@pytest.mark.parametrize(("where", "code", "keys", "severity"), CALLS, ids=lambda v: str(v))
def test_every_built_message_renders_in_both_languages(
    where: str, code: str, keys: frozenset[str] | None, severity: str
) -> None:
    assert code in TEMPLATES, f"{where}: no template for {code!r}"
    assert severity in ("info", "warning"), where
    fields = _fields_of(code)
    if keys is not None:
        assert set(fields) <= keys, f"{where}: {code} is built without {set(fields) - keys}"
    message = Message(code, {n: _sample(n, s) for n, s in fields.items()}, severity)  # type: ignore[arg-type]
    zh, en = render(message, "zh"), render(message, "en")
    assert zh and en and zh != en
    assert "{" not in zh + en and "}" not in zh + en
    assert message_line(message, "en").startswith(f"{severity_word(message, 'en')}: ")


def test_every_template_is_built_somewhere() -> None:
    built = {code for _, code, _, _ in CALLS}
    assert set(TEMPLATES) == built, "templates without a producer, or codes without words"


def test_the_field_forms() -> None:
    message = Message(
        "months_completed",
        {
            "enterprise": "E07",
            "carrier": "natural_gas",
            "use": "feedstock",
            "files": "gas.csv",
            "year": 2025,
            "steps": ("billed", "known_share"),
            "billed_months": "1,3",
            "billed_hours": 12.0,
            "known_fraction": 0.25,
            "spread": "evenly",
        },
    )
    assert render(message, "en") == (
        "E07 natural_gas (feedstock) (gas.csv), 2025: month(s) 1,3: 12 h completed from monthly "
        "bills; the known months cover 25.0% of the year (--allow-gaps); these hours are spread "
        "evenly over time and flagged as modelled"
    )
    assert render(message, "zh") == (
        "E07 natural_gas（原料）（gas.csv）：2025 年 1,3 月的 12 个缺测小时按月度账单补齐；"
        "已知月份占全年 25.0%（--allow-gaps）；这些小时按时长均摊，标记为模拟值"
    )
    no_use = Message("weather_resplit", {"model": "erbs"}, "info")
    assert message_line(no_use, "zh") == "提示：DNI 与 DHI 由 GHI 经 erbs 分解模型得到"
    assert message_line(Message("contract_unbundled", {"contract_id": "C"}), "en").startswith(
        "warning: contract C has no bundled"
    )


def test_legacy_text_is_shown_as_it_is_and_unknown_codes_are_refused() -> None:
    old = Message(LEGACY_TEXT, {"text": "电网因子回退"})
    assert render(old, "en") == render(old, "zh") == "电网因子回退"
    with pytest.raises(ValueError, match="no template"):
        render(Message("no_such_code"), "en")


@pytest.mark.parametrize("park_dir", ["sites/jincheng-edz", "tests/parks/two_firms"])
def test_messages_of_real_runs_render_in_both_languages(park_dir: str) -> None:
    result = gp.run(gp.RunSpec(PACKAGE.parent / park_dir))
    assert result.message_items
    for message in result.message_items:
        zh, en = render(message, "zh"), render(message, "en")
        assert zh != en and "{" not in zh + en, message
        assert Message.from_dict(json.loads(json.dumps(message.as_dict()))) == message


def test_long_lists_are_cut_on_a_terminal_line_and_kept_whole_in_files() -> None:
    def flagged(ids: tuple[str, ...]) -> Message:
        factors = {"residual_kg_per_kwh": 0.6096, "location_kg_per_kwh": 0.6634}
        return Message(
            "market_below_location_without_instruments", {"enterprise_ids": ids, **factors}
        )

    ids = tuple(f"E{i:04d}" for i in range(1, 501))
    message = flagged(ids)
    whole_zh, whole_en = render(message, "zh"), render(message, "en")
    assert all(i in whole_zh and i in whole_en for i in ids)  # messages.txt: every id
    first = ", ".join(ids[:TERMINAL_LIST])
    line_zh, line_en = message_line(message, "zh"), message_line(message, "en")
    assert f"{first}, … 等共 500 个 基于市场" in line_zh
    assert f"({first}, … and {500 - TERMINAL_LIST} more)" in line_en
    assert ids[TERMINAL_LIST] not in line_zh + line_en
    # only the list changed: the words after it are the file's
    assert line_en.endswith(whole_en[whole_en.index(ids[-1]) + len(ids[-1]) :])
    few = flagged(ids[:TERMINAL_LIST])
    assert message_line(few, "en").endswith(render(few, "en"))
    assert message_line(few, "zh").endswith(render(few, "zh"))
