"""``greenpark run`` / ``runs`` / ``db`` as real processes: simultaneous runs on a fresh
database, runs killed while writing ``--out``, a full disk, bad targets, and no password ever
shown or stored."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from greenpark.report.run_files import RESULT_FILES
from greenpark.store.database import RunStore

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "sites" / "jincheng-edz"
SECRET = "Gp-S3cret-7781"
PROCESSES = 8


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENPARK_")}
    return {**env, **extra}


def _start(
    args: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "greenpark", *args],
        cwd=cwd,
        env=env or _env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(
    args: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "greenpark", *args],
        cwd=cwd,
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def _with_password(url: str) -> str:
    return make_url(url).set(password=SECRET).render_as_string(hide_password=False)


# ------------------------------------------------------------------ simultaneous processes


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/runs.db"
    return str(request.getfixturevalue("pg_schema_url"))


@pytest.mark.slow
def test_simultaneous_runs_on_a_fresh_database_all_succeed(fresh_url: str, tmp_path: Path) -> None:
    """8 processes, two kinds of run (4 identical each): 2 runs stored, 6 recognised."""
    processes = [
        _start(
            [
                "run",
                str(DEMO),
                "--db",
                fresh_url,
                "--contract-matching",
                ("monthly", "hourly")[i % 2],
            ],
            tmp_path,
        )
        for i in range(PROCESSES)
    ]
    outputs = [p.communicate(timeout=900) for p in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    last_lines = [out.strip().splitlines()[-1] for out, _ in outputs]
    assert sum(line.startswith("运行已保存：") for line in last_lines) == 2
    assert sum(line.startswith("运行已保存过") for line in last_lines) == PROCESSES - 2
    with RunStore(fresh_url) as store:
        runs = store.list()
    assert sorted(r.options["contract_matching"] for r in runs) == ["hourly", "monthly"]
    for record in runs:
        keys = [(r.scope, r.metric) for r in record.results]
        assert len(keys) == len(set(keys)) > 100  # each result once: no doubled rows
        assert record.factors and record.messages
    assert {(r.scope, r.metric) for r in runs[0].results} == {
        (r.scope, r.metric) for r in runs[1].results
    }


def test_simultaneous_upgrades_of_a_fresh_database(fresh_url: str, tmp_path: Path) -> None:
    processes = [_start(["db", "upgrade", "--db", fresh_url], tmp_path) for _ in range(PROCESSES)]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0] * PROCESSES, [e for _, e in outputs]
    created = [out for out, _ in outputs if "空（无表） → 0004" in out]
    assert len(created) == 1, [out for out, _ in outputs]
    assert (
        "数据库结构版本 0004（最新）" in _run(["db", "current", "--db", fresh_url], tmp_path).stdout
    )


@pytest.mark.slow
def test_a_rerun_after_a_code_change_is_a_new_run_beside_the_old_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/runs.db"
    assert _run(["run", str(DEMO), "--db", url], tmp_path).returncode == 0
    changed = tmp_path / "changed"
    shutil.copytree(
        ROOT / "greenpark", changed / "greenpark", ignore=shutil.ignore_patterns("__pycache__")
    )
    with (changed / "greenpark" / "errors.py").open("a", encoding="utf-8") as source:
        source.write("\n# a fix\n")
    env = _env(PYTHONPATH=str(changed), GREENPARK_FACTORS_DIR=str(ROOT / "factors"))
    outputs = [_run(["run", str(DEMO), "--db", url], tmp_path, env) for _ in range(2)]
    assert [o.returncode for o in outputs] == [0, 0], outputs[0].stderr
    assert "运行已保存：" in outputs[0].stdout and "运行已保存过" in outputs[1].stdout
    with RunStore(url) as store:
        old, new = sorted(store.list(), key=lambda r: r.created_at)
    assert old.inputs_hash == new.inputs_hash and old.code_hash != new.code_hash
    assert old.run_id != new.run_id
    assert new.code_version == "0.1.0"  # the copy is no git checkout
    assert old.results == new.results  # a comment changed nothing; the old run is intact


# ------------------------------------------------------------------ killed while writing


EARLIER = b"EARLIER RUN\n"


def _fake_earlier_results(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    for name in RESULT_FILES:
        (out / name).write_bytes(EARLIER)


def _state(out: Path) -> str:
    """``earlier`` (untouched) or ``new`` (complete); anything else fails the test."""
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(RESULT_FILES), names
    contents = {name: (out / name).read_bytes() for name in names}
    if all(c == EARLIER for c in contents.values()):
        return "earlier"
    assert EARLIER not in contents.values(), "a folder mixing earlier and new files"
    assert len(pd.read_parquet(out / "hourly.parquet")) == 8760 * 30
    assert len(pd.read_csv(out / "annual.csv")) == 31
    return "new"


def _files(staging: Path) -> list[Path]:
    try:
        return list(staging.iterdir())
    except OSError:
        return []


#: moments to kill a run at, once its staging folder exists: a test on that folder, and the
#: folder ``--out`` must then hold
KILL_MOMENTS: list[tuple[str, Callable[[Path], bool], str]] = [
    ("staging folder created", lambda staging: True, "earlier"),
    ("3 files staged", lambda staging: len(_files(staging)) >= 3, "earlier"),
    ("6 files staged", lambda staging: len(_files(staging)) >= 6, "earlier"),
    ("all 7 staged", lambda staging: len(_files(staging)) >= 7, "earlier"),
    ("swapped in, storing the run", lambda staging: not staging.exists(), "new"),
]


@pytest.mark.slow
def test_a_run_killed_while_writing_leaves_the_earlier_or_the_new_folder(tmp_path: Path) -> None:
    out, url = tmp_path / "out", f"sqlite:///{tmp_path}/runs.db"
    for moment, reached, expected in KILL_MOMENTS:
        _fake_earlier_results(out)
        process = _start(["run", str(DEMO), "--out", str(out), "--db", url], tmp_path)
        staging = tmp_path / f".out.greenpark-staging-{process.pid}"
        while not staging.exists() and process.poll() is None:
            time.sleep(0.0005)
        while not reached(staging) and process.poll() is None:
            time.sleep(0.0005)
        caught = process.poll() is None
        process.kill()
        process.communicate()
        state = _state(out)
        if caught:  # killed at that moment, not after the run ended
            assert state == expected, moment
    done = _run(["run", str(DEMO), "--out", str(out), "--db", url], tmp_path)
    assert done.returncode == 0, done.stderr
    assert _state(out) == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "runs.db"]  # leftovers cleaned
    clean_url = f"sqlite:///{tmp_path}/clean.db"
    assert _run(["run", str(DEMO), "--db", clean_url], tmp_path).returncode == 0
    with RunStore(url) as killed, RunStore(clean_url) as clean:
        (stored,) = killed.list()  # a killed save left nothing half-stored
        assert stored.results == clean.list()[0].results


# ------------------------------------------------------------------ clear errors


def _fill_disk_at_1_mb() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))


def test_a_full_disk_is_a_clear_error_and_keeps_the_earlier_results(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _fake_earlier_results(out)
    done = subprocess.run(
        [sys.executable, "-m", "greenpark", "run", str(DEMO), "--out", str(out)],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=_fill_disk_at_1_mb,
    )
    _no_traceback(done)
    assert "无法写出结果" in done.stderr and "File too large" in done.stderr
    assert _state(out) == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging, no database


def test_bad_targets_are_clear_one_line_errors(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    for args, words in (
        (["run", str(DEMO), "--out", str(afile)], "是一个文件"),
        (["run", str(afile)], "是文件，不是园区目录"),
        (
            ["run", str(DEMO), "--db", "postgresql+psycopg://u@127.0.0.1:port/db"],
            "不是有效的数据库",
        ),
        (["run", str(DEMO), "--db", "nosuchdriver://x"], "无法打开运行数据库"),
        (["runs", "list"], "不存在"),
        (["runs", "show", "abc"], "不存在"),
        (["db", "current"], "不存在"),
    ):
        done = _run(args, tmp_path)
        _no_traceback(done)
        assert words in done.stderr, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]  # nothing created


# ------------------------------------------------------------------ no password shown or stored


def _database_text(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = ("runs", "run_factors", "run_messages", "run_results", "alembic_version")
        dump = [str(connection.execute(text(f"SELECT * FROM {t}")).all()) for t in tables]
    engine.dispose()
    return "\n".join(dump)


def test_no_password_in_any_output_file_or_stored_row(pg_schema_url: str, tmp_path: Path) -> None:
    good = _with_password(pg_schema_url)
    parsed = make_url(good)
    bad = {
        "port": parsed.set(port=1),
        "host": parsed.set(host="no-such-host.invalid"),
        "database": parsed.set(database="no_such_database_greenpark"),
    }
    bad_urls = {k: u.render_as_string(hide_password=False) for k, u in bad.items()}
    commands: list[tuple[list[str], dict[str, str], int]] = []
    for url in bad_urls.values():
        commands += [
            (["run", str(DEMO), "--db", url], _env(), 1),
            (["runs", "list"], _env(GREENPARK_DB=url), 1),
        ]
    commands += [
        (["run", str(DEMO), "--db", good, "--out", str(tmp_path / "out")], _env(), 0),
        (["run", str(DEMO)], _env(GREENPARK_DB=good), 0),  # already stored
        (["runs", "list", "--db", good], _env(), 0),
        (["runs", "list"], _env(GREENPARK_DB=good), 0),
        (["db", "current"], _env(GREENPARK_DB=good), 0),
        (["db", "upgrade", "--db", good], _env(), 0),
        (["runs", "show", "nope"], _env(GREENPARK_DB=good), 1),
    ]
    shown: list[str] = []
    for args, env, code in commands:
        done = _run(args, tmp_path, env)
        assert done.returncode == code, (args, done.stderr)
        assert "Traceback" not in done.stderr
        shown += [done.stdout, done.stderr]
    with RunStore(pg_schema_url) as store:
        run_id = store.list()[0].run_id
    done = _run(["runs", "show", run_id], tmp_path, _env(GREENPARK_DB=good))
    shown += [done.stdout, done.stderr]
    assert "***" in "".join(shown)
    files = [p.read_bytes().decode("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file()]
    everything = "\n".join([*shown, *files, _database_text(pg_schema_url)])
    assert SECRET not in everything
    assert "S3cret" not in everything
