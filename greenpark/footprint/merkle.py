"""SHA-256 hash chain and RFC 6962 Merkle tree over a run's claim records.

RFC 6962 §2.1: the Merkle Tree Hash of n leaves is SHA-256() for none, SHA-256(0x00 ‖ d) for
one, else SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k the largest power of two below n;
an inclusion proof (audit path, §2.1.1) lists the sibling hashes from the leaf up. The chain
links every record to all before it: c_0 = SHA-256(0³² ‖ leaf_0), c_i = SHA-256(c_(i−1) ‖ leaf_i)
with leaf_i the record's leaf hash, so a changed, removed or moved record changes every link
from it on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

GENESIS = bytes(32)


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 ‖ data): the hash of one leaf."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 ‖ left ‖ right): the hash of an inner node."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n ≥ 2)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle Tree Hash of ``leaves`` (leaf hashes already taken)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf ``index`` (RFC 6962 §2.1.1 PATH), bottom-up."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)}")
    if len(leaves) == 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*inclusion_proof(leaves[:k], index), merkle_root(leaves[k:])]
    return [*inclusion_proof(leaves[k:], index - k), merkle_root(leaves[:k])]


def chain(leaves: Sequence[bytes]) -> list[bytes]:
    """The chain link of every leaf: c_i = SHA-256(c_(i−1) ‖ leaf_i), c_(−1) = 32 zero bytes."""
    links, previous = [], GENESIS
    for leaf in leaves:
        previous = hashlib.sha256(previous + leaf).digest()
        links.append(previous)
    return links
