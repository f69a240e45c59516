"""Write ``docs/park-yaml-keys.md``, the reference of every ``park.yaml`` key, from the schema.

Each key's type, unit, default and allowed values come from the pydantic models in
``greenpark/inputs/park/``; its meaning (Chinese and English) from the field's description
(its attribute docstring, ``"中文说明 / English meaning"``). ``tests/setup/test_park_keys.py``
fails when the file is out of date; run this after changing the schema.

Usage (from the repository root)::

    .venv/bin/python scripts/park_yaml_reference.py
"""

from __future__ import annotations

from pathlib import Path

from greenpark.report.park_keys import park_yaml_reference

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "park-yaml-keys.md"


def main() -> None:
    REFERENCE.write_text(park_yaml_reference(), encoding="utf-8")
    print(f"wrote {REFERENCE}")


if __name__ == "__main__":
    main()
