"""Messages are data: they pickle, hash, and round-trip through JSON unchanged."""

from __future__ import annotations

import json
import pickle

import pytest

from greenpark.messages import Message


def test_round_trip_through_json_and_pickle() -> None:
    message = Message("grid_factor_fallback", {"year": 2025, "used_year": 2023, "ids": ("a",)})
    again = Message.from_dict(json.loads(json.dumps(message.as_dict())))
    assert again == message and hash(again) == hash(message)
    assert pickle.loads(pickle.dumps(message)) == message
    assert len({message, again}) == 1


def test_bad_data_is_refused() -> None:
    with pytest.raises(ValueError, match="severity"):
        Message.from_dict({"code": "x", "severity": "fatal"})
    with pytest.raises(ValueError, match="parameter"):
        Message.from_dict({"code": "x", "params": {"p": {"nested": 1}}})
