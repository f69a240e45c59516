"""Files a park names (``data[].file``, ``contracts[].profile_file``) stay inside its folder.

A path is read only when it is relative and, with every ``..`` and symbolic link resolved,
still lies inside the park folder (itself resolved). An absolute path, a ``..`` that climbs
out, or a link pointing outside is refused before the file is opened, and the refusal
quotes only what ``park.yaml`` says, never the target or its content: a park folder from
someone else must not make greenpark read, or print a line of, ``/etc/passwd``.

Paths are portable: ``data\\m.csv`` (as Windows users write it) and ``data/m.csv`` name the same
file on every system (:func:`portable`); a drive (``C:\\data\\m.csv``, ``C:m.csv``), a UNC share
(``\\\\server\\share``) or a leading separator is absolute and refused, whatever the system.
"""

from __future__ import annotations

from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from greenpark.i18n import text

#: (section, key) of every park.yaml key that names a file
FILE_KEYS = (("data", "file"), ("contracts", "profile_file"))


def portable(name: str | PurePath) -> str:
    """A path as written in ``park.yaml``, Windows separators read as ``/`` (``data\\m.csv`` ->
    ``data/m.csv``), so a park folder means the same files on Windows, Linux and macOS."""
    return str(name).replace("\\", "/")


def outside_park(park_dir: Path, name: str | PurePath) -> str | None:
    """Why ``name`` may not be read from ``park_dir`` (None when it may be).

    Parameters
    ----------
    park_dir
        The park folder (the folder of ``park.yaml``).
    name
        The path as written in ``park.yaml``, relative to the park folder.
    """
    written = str(name)
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).anchor:
        return text(
            "不能用绝对路径，数据文件须放在园区文件夹内，并写相对路径（如 data/meters.csv）",
            "an absolute path is not allowed; keep data files inside the park folder and "
            "write a relative path (like data/meters.csv)",
        )
    try:
        root, target = park_dir.resolve(), (park_dir / portable(written)).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return text(
            "路径是循环的符号链接，无法读取",
            "the path is a loop of symbolic links and cannot be read",
        )
    if target == root or root in target.parents:
        return None
    if ".." in PurePosixPath(portable(written)).parts:
        return text(
            "路径用 .. 离开了园区文件夹；数据文件须放在园区文件夹内",
            "the path leaves the park folder with ..; keep data files inside the park folder",
        )
    return text(
        "路径经符号链接指向园区文件夹之外，拒绝读取；请把文件复制到园区文件夹内",
        "the path is a symbolic link to a place outside the park folder and is not read; "
        "copy the file into the park folder",
    )


def readable_park_file(park_dir: Path, name: str | PurePath) -> bool:
    """Whether ``name`` is inside the park folder and an existing file."""
    return outside_park(park_dir, name) is None and (park_dir / portable(name)).is_file()
