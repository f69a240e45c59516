"""Broken generated parks: ``greenpark check`` must fail and name the mistake (file and
field), and whenever it passes, ``run`` must not refuse the park (no InputError).

The check runs through the typer app in English (``--lang en``); the run is the library
calls of ``greenpark run`` (:func:`gen_harness.run_in_process`).
"""

from __future__ import annotations

from pathlib import Path

from gen_harness import StepError, run_in_process
from gen_session import Evaluation
from parkgen import GeneratedPark, generate_park
from typer.testing import CliRunner

from greenpark.cli.app import app
from greenpark.errors import GreenparkError
from greenpark.i18n import set_language

#: broken parks are kept small: the mistake, not the size, is what is tested
MAX_ENTERPRISES = 5


def check_text(directory: Path) -> tuple[int, str, BaseException | None]:
    """Exit code, everything shown (output and the error's text) and the exception."""
    try:
        result = CliRunner().invoke(app, ["check", str(directory), "--lang", "en"])
    finally:
        set_language("zh")
    error = result.exception
    shown = result.output + ("\n" + str(error) if error is not None else "")
    return result.exit_code, shown, error


def _check_names(
    code: int, shown: str, error: BaseException | None, park: GeneratedPark
) -> list[str]:
    if code == 0:
        return ["check passed"]
    if error is not None and not isinstance(error, GreenparkError | SystemExit):
        return [f"check crashed: {StepError.of(error)}"]
    missing = [text for text in park.expected_in_check if text not in shown]
    if missing:
        head = " | ".join(shown.strip().splitlines()[:3])
        return [f"check output lacks {missing}: {head[:300]}"]
    return []


def check_broken(seed: int, kind: str, folder: Path) -> tuple[GeneratedPark, Evaluation]:
    """Generate the ``kind`` variant of ``seed``; violations of the two broken-park rules."""
    park = generate_park(seed, folder, broken=kind, max_enterprises=MAX_ENTERPRISES)
    code, shown, error = check_text(folder)
    violations = {"check_names_the_mistake": tuple(_check_names(code, shown, error, park))}
    refused: tuple[str, ...] = ()
    if code == 0:
        outcome = run_in_process(park, folder.with_name(folder.name + "-out"), "sqlite://")
        run_error = outcome.errors.get("run")
        if run_error is not None and run_error.input_error:
            refused = (f"run refused what check passed: {run_error}",)
    violations["check_passes_run_accepts"] = refused
    return park, Evaluation(violations)
