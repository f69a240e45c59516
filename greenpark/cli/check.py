"""``greenpark check PARK_DIR`` (to be written by the park-loader work)."""

from __future__ import annotations

from pathlib import Path


def check(park_dir: Path) -> None:
    """校验园区配置与数据文件 / validate a park's configuration and data files."""
    raise NotImplementedError
