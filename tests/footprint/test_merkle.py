"""RFC 6962 Merkle trees and the hash chain, against hashes written out by hand."""

from __future__ import annotations

import hashlib

import pytest

from greenpark.footprint.merkle import chain, inclusion_proof, leaf_hash, merkle_root, node_hash


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


LEAVES = [leaf_hash(bytes([i])) for i in range(5)]


def test_leaf_and_node_hashes_use_the_rfc_6962_prefixes() -> None:
    assert leaf_hash(b"a") == _h(b"\x00a")
    assert node_hash(b"l", b"r") == _h(b"\x01lr")


def test_five_leaves_split_at_four() -> None:
    a, b, c, d, e = LEAVES
    left = node_hash(node_hash(a, b), node_hash(c, d))
    assert merkle_root(LEAVES) == node_hash(left, e)
    assert merkle_root([]) == _h(b"")
    assert merkle_root([a]) == a


def test_the_audit_path_of_every_leaf_leads_to_the_root() -> None:
    a, b, c, d, e = LEAVES
    assert inclusion_proof(LEAVES, 2) == [d, node_hash(a, b), e]
    assert inclusion_proof(LEAVES, 4) == [node_hash(node_hash(a, b), node_hash(c, d))]
    with pytest.raises(ValueError):
        inclusion_proof(LEAVES, 5)


def test_the_chain_links_each_leaf_to_those_before() -> None:
    a, b = LEAVES[:2]
    first = _h(bytes(32) + a)
    assert chain([a, b]) == [first, _h(first + b)]
    assert chain([b, a])[1] != chain([a, b])[1]
