"""A result folder that is replaced whole or not at all (``greenpark run --out DIR``).

Files are written into a sibling staging folder ``.<name>.greenpark-staging-<pid>``, flushed to
disk, and the staging folder then takes the target's place:

- no target yet: one ``rename`` (atomic);
- a target folder: on Linux ``renameat2(RENAME_EXCHANGE)`` swaps the two folders atomically and
  the old results, now in the staging folder, are removed; elsewhere (or on a file system
  without the exchange) the target is first renamed to ``.<name>.greenpark-old-<pid>`` and the
  staging folder renamed in its place.

A process killed at any moment leaves the earlier folder untouched or the new one complete.
The only exception is the fallback's instant between its two renames: the earlier folder then
waits under its ``-old-`` name, and the next run with the same ``--out`` puts it back.
Leftovers of dead processes (their pid no longer runs) are cleaned by that next run.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from greenpark.errors import OutputError
from greenpark.i18n import text

STAGING = "staging"
OLD = "old"
RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100
_OWN_LEFTOVER_PREFIX = ".greenpark-"  # staging folders inside DIR from greenpark 0.1.0
#: files a file browser adds to a folder it showed; replacing them loses nothing
DESKTOP_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


def target(out: Path) -> Path:
    """The folder that is replaced, as an absolute path (``--out .`` names the current folder,
    whose staging sibling is beside it); where it points if it is a link."""
    return out.resolve() if out.is_symlink() else Path(os.path.abspath(out))


def _sibling(out: Path, kind: str, pid: int) -> Path:
    return out.parent / f".{out.name}.greenpark-{kind}-{pid}"


def check_out_folder(out: Path, expected: Collection[str]) -> None:
    """Before computing: make sure ``out`` can take the results, else raise :class:`OutputError`.

    ``out`` must be missing, empty, or hold only files named in ``expected`` (an earlier run's
    results), because the whole folder is replaced. Leftovers of killed runs are dealt with.
    """
    out = target(out)
    try:
        problem = _out_problem(out, expected)
        if not problem:
            recover_leftovers(out)
    except OSError as exc:
        problem = text(f"--out {out}：{exc.strerror or exc}", f"--out {out}: {exc.strerror or exc}")
    if problem:
        raise OutputError(problem)


def _out_problem(out: Path, expected: Collection[str]) -> str | None:
    if out.exists() and not out.is_dir():
        return text(f"--out {out}：是一个文件，不是文件夹", f"--out {out}: is a file, not a folder")
    ancestor = next(p for p in (out, *out.parents) if p.exists())
    if not ancestor.is_dir():
        return text(f"--out {out}：{ancestor} 是文件", f"--out {out}: {ancestor} is a file")
    if not os.access(ancestor, os.W_OK):
        return text(f"--out {out}：{ancestor} 不可写", f"--out {out}: {ancestor} is not writable")
    if out.is_dir():
        others = sorted(p.name for p in out.iterdir() if not _replaceable(p.name, expected))
        if others:
            shown = "、".join(others[:5]) + ("…" if len(others) > 5 else "")
            return text(
                f"--out {out}：文件夹中已有其他文件（{shown}）；结果会整体替换该文件夹，"
                "请换一个新的或空的文件夹",
                f"--out {out}: the folder holds other files ({shown}); the results replace "
                "the whole folder, so choose a new or empty one",
            )
    return None


def _replaceable(name: str, expected: Collection[str]) -> bool:
    """A result file, a file a desktop adds beside it, or a 0.1.0 staging folder."""
    return (
        name in expected
        or name in DESKTOP_FILES
        or (name.startswith("~$") and name[2:] in expected)  # an office lock file
        or name.startswith(_OWN_LEFTOVER_PREFIX)
    )


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap, safe test: leave the leftover alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_leftovers(out: Path) -> None:
    """Put back an earlier folder a killed run left under its ``-old-`` name; remove the
    staging and old folders of processes that no longer run."""
    if not out.parent.is_dir():
        return
    pattern = re.compile(rf"\.{re.escape(out.name)}\.greenpark-({STAGING}|{OLD})-(\d+)")
    found = [(m, p) for p in out.parent.iterdir() if (m := pattern.fullmatch(p.name))]
    dead = [(m[1], p) for m, p in found if not _pid_alive(int(m[2]))]
    for kind, path in sorted(dead, key=lambda kp: kp[0] != OLD):
        if kind == OLD and not out.exists():
            path.rename(out)
        else:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staged_folder(out: Path, expected: Collection[str]) -> Iterator[Path]:
    """Yield an empty staging folder; on success it replaces ``out`` (see the module doc).

    ``out`` is checked again just before (:func:`check_out_folder`), in case files were put
    there while the results were computed.
    """
    out = target(out)
    stage = _sibling(out, STAGING, os.getpid())
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        yield stage
        _flush(stage)
        problem = _out_problem(out, expected)
        if problem:
            raise OutputError(problem)
        _swap_in(stage, out)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        detail = exc.strerror or str(exc)
        where = exc.filename or out
        raise OutputError(
            text(
                f"无法写出结果到 {out}：{where}：{detail}",
                f"cannot write results to {out}: {where}: {detail}",
            )
        ) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


def _flush(folder: Path) -> None:
    """fsync every file and the folder itself, so a rename never publishes unwritten data
    (a file made :func:`durable` already costs next to nothing here)."""
    for path in folder.iterdir():
        durable(path)
    _fsync_folder(folder)


def durable(path: Path) -> None:
    """fsync ``path``: its data is on disk when this returns."""
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(stage: Path, out: Path) -> None:
    if not out.exists():
        try:
            stage.rename(out)
        except OSError as exc:  # created meanwhile by another run
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
        else:
            _fsync_folder(out.parent)
            return
    if _exchange(stage, out):
        shutil.rmtree(stage, ignore_errors=True)  # now the earlier results; else the next run
    else:
        swap_by_renames(stage, out)
    _fsync_folder(out.parent)


def swap_by_renames(stage: Path, out: Path) -> None:
    """The portable swap: ``out`` → ``-old-<pid>``, ``stage`` → ``out``, remove the old one."""
    old = _sibling(out, OLD, os.getpid())
    out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # no C library to ask, or no renameat2
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
