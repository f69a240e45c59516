"""Read a YAML file safely: its data, the line of every key and item, and duplicate keys.

Only plain YAML is read (PyYAML's safe loader: no Python objects), parsed by libyaml (the C
parser) and, only to word a problem, by PyYAML's pure-Python parser. Anchors and aliases
(``&defaults`` / ``*defaults``, ``<<: *defaults``) are allowed, but the document they expand
to is bounded: a file whose nodes, counted with every alias expanded, exceed
:data:`MAX_EXPANDED_NODES`, whose aliases refer to themselves, or which nests deeper than
Python can follow is refused before anything is built from it. A "billion laughs" file of
1 KB would otherwise expand to gigabytes when validated.

:data:`MAX_EXPANDED_NODES` is 200,000: the demo park (30 enterprises, 50 roofs) has about
2,300 nodes, so the bound leaves room for parks nearly a hundred times larger, and
validating that many nodes takes seconds and tens of MB, not gigabytes.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from greenpark.errors import InputError
from greenpark.i18n import text
from greenpark.inputs.problems import Loc, Problem, field_path, problem

MAX_EXPANDED_NODES = 200_000


def read_yaml(path: Path, label: str) -> tuple[dict[str, object], dict[Loc, int], list[Problem]]:
    """The file's top-level mapping, the line of every key and item, and duplicate keys.

    Raises
    ------
    InputError
        The file is missing, not UTF-8, not YAML, not a mapping, or expands too far.
    """
    lines: dict[Loc, int] = {}
    duplicates: list[tuple[Loc, str, int, int]] = []
    data = _parse(_decoded(path, label), label, lines, duplicates)
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise InputError(
            [
                text(
                    f"{label}: 顶层必须是键值映射（park:、enterprises: …），实际为 {kind}",
                    f"{label}: the top level must be a mapping (park:, enterprises:), got {kind}",
                )
            ]
        )
    problems = [
        problem(
            label,
            field_path(parent, data),
            text(
                f"键 {key!r} 出现了两次（第 {first} 行与第 {second} 行），后者会覆盖前者",
                f"key {key!r} appears twice (lines {first} and {second}); the second overrides",
            ),
            line=second,
        )
        for parent, key, first, second in duplicates
    ]
    return data, lines, problems


def _decoded(path: Path, label: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError([text(f"{label}: 文件不存在", f"{label}: file not found")]) from exc
    except NotADirectoryError as exc:
        raise InputError(
            [
                text(
                    f"{path.parent}: 是文件，不是园区目录（应为含 park.yaml 的文件夹）",
                    f"{path.parent}: is a file, not a park folder (a folder with park.yaml)",
                )
            ]
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                text(
                    f"{label}: 不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8",
                    f"{label}: not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                )
            ]
        ) from exc


def _parse(
    content: str,
    label: str,
    lines: dict[Loc, int],
    duplicates: list[tuple[Loc, str, int, int]],
) -> object:
    """The document's data; fills ``lines`` and ``duplicates`` from the nodes as written
    (before merge keys ``<<`` are expanded, which would look like repeated keys)."""
    node = _composed(content, label)
    if node is None:
        return None
    _check_expansion(node, label)
    loader = yaml.CSafeLoader("")
    try:
        _walk(node, (), lines, duplicates)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(label, exc)]) from exc
    except RecursionError as exc:
        raise InputError([_too_deep(label)]) from exc
    finally:
        loader.dispose()


def _composed(content: str, label: str) -> yaml.Node | None:
    """The document's node graph, composed by libyaml (C); when that fails, by PyYAML's
    pure-Python parser, whose wording of the problem (and refusal of unprintable
    characters) the messages quote."""
    try:
        return _compose(content, yaml.CSafeLoader)
    except (yaml.YAMLError, RecursionError):
        pass
    try:
        return _compose(content, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(label, exc)]) from exc
    except yaml.YAMLError as exc:
        raise InputError(
            [text(f"{label}: YAML 错误：{exc}", f"{label}: YAML error: {exc}")]
        ) from exc
    except RecursionError as exc:
        raise InputError([_too_deep(label)]) from exc


def _compose(
    content: str, loader_class: type[yaml.SafeLoader | yaml.CSafeLoader]
) -> yaml.Node | None:
    loader = loader_class(content)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _too_deep(label: str) -> str:
    return text(f"{label}: 嵌套层数过多，无法读取", f"{label}: nested too deeply to be read")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node, label: str) -> None:
    """Refuse a node graph whose aliases loop or expand beyond :data:`MAX_EXPANDED_NODES`.

    Counts each node once per place it appears (an alias counts its whole target again),
    visiting each distinct node once, so the count costs time linear in the file. A file
    without aliases (each node in one place: a tree) is only counted.
    """
    count = _tree_size(root)
    if count is not None:
        if count > MAX_EXPANDED_NODES:
            raise InputError([_expansion_problem(label, recursive=False)])
        return
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            size[key] = min(1 + sum(size[id(c)] for c in _children(node)), MAX_EXPANDED_NODES + 1)
            continue
        if key in size:
            continue
        if key in on_path:
            raise InputError([_expansion_problem(label, recursive=True)])
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)
    if size[id(root)] > MAX_EXPANDED_NODES:
        raise InputError([_expansion_problem(label, recursive=False)])


def _tree_size(root: yaml.Node) -> int | None:
    """How many nodes the graph has when no node appears in two places, else None."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return None  # an alias (or a loop)
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for pair in node.value:
                stack.extend(pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return len(seen)


def _expansion_problem(label: str, *, recursive: bool) -> str:
    if recursive:
        return text(
            f"{label}: 别名（*名称）引用了包含它自身的锚点（&名称），展开后无穷无尽",
            f"{label}: an alias (*name) refers to the anchor (&name) that contains it; "
            "it would expand forever",
        )
    return text(
        f"{label}: 别名（*名称）展开后超过 {MAX_EXPANDED_NODES:,} 个节点，拒绝读取"
        "（疑似“别名炸弹”）；请直接写出内容，少用别名",
        f"{label}: its aliases (*name) expand to more than {MAX_EXPANDED_NODES:,} nodes; "
        "refused (an alias bomb?); write the content out, with fewer aliases",
    )


def _syntax_problem(label: str, exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    if mark is None:
        return text(f"{label}: YAML 语法错误：{what}", f"{label}: YAML syntax error: {what}")
    return text(
        f"{label}: 第 {mark.line + 1} 行第 {mark.column + 1} 列 YAML 语法错误：{what}",
        f"{label}: YAML syntax error at line {mark.line + 1}, column {mark.column + 1}: {what}",
    )


def _walk(
    node: yaml.Node | None,
    path: Loc,
    lines: dict[Loc, int],
    duplicates: list[tuple[Loc, str, int, int]],
) -> None:
    """Record the line of each key and list item below ``node``, and keys given twice."""
    stack: list[tuple[yaml.Node | None, Loc]] = [(node, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key, line = str(key_node.value), key_node.start_mark.line + 1
                if key in seen:
                    duplicates.append((where, key, seen[key], line))
                seen[key] = lines[(*where, key)] = line
                stack.append((value_node, (*where, key)))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*where, index)] = item.start_mark.line + 1
                stack.append((item, (*where, index)))
