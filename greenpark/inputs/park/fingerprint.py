"""A fingerprint of everything a run reads, so re-running the same inputs is recognised."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from greenpark.inputs.meters import early
from greenpark.inputs.park.schema import ParkConfig


def park_input_files(park_dir: Path, config: ParkConfig) -> list[Path]:
    """park.yaml, every data file and every contract profile file of a park."""
    files = [park_dir / "park.yaml"]
    files += [park_dir / source.file for source in config.data]
    files += [park_dir / c.profile_file for c in config.contracts if c.profile_file is not None]
    return files


def inputs_hash(files: Iterable[Path], directories: Iterable[Path] = (), extra: str = "") -> str:
    """sha256 over the files' bytes, every file below ``directories`` and ``extra`` text."""
    digest = hashlib.sha256()
    every = [*files]
    for directory in directories:
        every += sorted(p for p in directory.rglob("*") if p.is_file())
    for path in every:
        digest.update(path.name.encode("utf-8"))
        digest.update(early.file_digest(path))  # a meter file read ahead is not read again
    digest.update(extra.encode("utf-8"))
    return digest.hexdigest()
