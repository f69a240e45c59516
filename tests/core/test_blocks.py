"""Row blocks: they cover every row once, in order, within the size asked, and labelled
blocks never mix two labels."""

from __future__ import annotations

import numpy as np

from greenpark.core.blocks import labelled_blocks, row_blocks


def test_row_blocks_cover_every_row_once_within_the_size() -> None:
    blocks = list(row_blocks((10, 3), block_bytes=8 * 3 * 4))  # 4 rows of 3 floats
    assert [(b.start, b.stop) for b in blocks] == [(0, 4), (4, 8), (8, 10)]
    assert list(row_blocks((5, 1000), block_bytes=8)) == [slice(i, i + 1) for i in range(5)]
    assert list(row_blocks((0, 4))) == []


def test_labelled_blocks_end_where_the_label_changes() -> None:
    labels = np.array([1, 1, 1, 1, 1, 2, 2, 1, 3, 3, 3])
    blocks = list(labelled_blocks(labels, (len(labels), 2), block_bytes=8 * 2 * 3))
    rows = [r for block, _ in blocks for r in range(block.start, block.stop)]
    assert rows == list(range(len(labels)))
    for block, label in blocks:
        assert block.stop - block.start <= 3
        assert set(labels[block].tolist()) == {label}
    assert [label for _, label in blocks] == [1, 1, 2, 1, 3]
