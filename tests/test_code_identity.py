"""Which code computed a run: version + git commit for people, a file fingerprint for ids."""

from __future__ import annotations

import re
from pathlib import Path

from greenpark import __version__
from greenpark.code_identity import PACKAGE, code_hash, code_version, tree_hash

ROOT = Path(__file__).resolve().parents[1]


def test_code_version_names_the_commit_in_a_checkout() -> None:
    if (ROOT / ".git").exists():
        assert re.fullmatch(re.escape(__version__) + r"\+g[0-9a-f]{12}(\.dirty)?", code_version())
    else:  # an unpacked source archive: the version alone
        assert code_version() == __version__


def test_code_hash_is_the_package_fingerprint() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", code_hash())
    assert code_hash() == tree_hash(PACKAGE)


def test_tree_hash_follows_every_byte_and_name_but_not_byte_code(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub" / "b.csv").write_text("k,v\n")
    first = tree_hash(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert tree_hash(tmp_path) == first
    (tmp_path / "a.py").write_text("x = 2\n")
    second = tree_hash(tmp_path)
    assert second != first
    (tmp_path / "sub" / "b.csv").rename(tmp_path / "sub" / "c.csv")
    assert tree_hash(tmp_path) not in (first, second)
