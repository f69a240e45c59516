"""Which code computed a run: a version for people and a fingerprint for run ids.

- :func:`code_version`: the package version, plus ``+g<commit>`` (12 hex digits of
  ``git rev-parse HEAD``) when the package runs from a git checkout of greenpark (the folder
  above the package holds ``.git``), plus ``.dirty`` when tracked package files differ from
  that commit. An installed wheel has no checkout: its version alone.
- :func:`code_hash`: sha256 over the bytes of every file of the installed package (sources,
  migrations, shipped tables; no byte-code), so even an uncommitted edit gives a new run id.

Both are read once per process, at run time.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from pathlib import Path

from greenpark import __version__

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(CHECKOUT), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@functools.cache
def code_version() -> str:
    """``0.1.0``, ``0.1.0+g5b1ebd603bc7`` or ``0.1.0+g5b1ebd603bc7.dirty``."""
    if not (CHECKOUT / ".git").exists():
        return __version__
    commit = _git("rev-parse", "HEAD")
    if not commit:
        return __version__
    changed = _git("status", "--porcelain", "--untracked-files=no", "--", PACKAGE.name)
    return f"{__version__}+g{commit[:12]}" + (".dirty" if changed else "")


@functools.cache
def code_hash() -> str:
    """sha256 (hex) over the package's files (:func:`tree_hash` of the package folder)."""
    return tree_hash(PACKAGE)


def tree_hash(folder: Path) -> str:
    """sha256 (hex) over every file below ``folder``, by relative path and bytes; byte-code
    (``__pycache__``, ``*.pyc``) is left out."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(path.relative_to(folder).as_posix().encode("utf-8"))
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
