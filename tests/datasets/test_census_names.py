"""The shipped census names: counts, order, fields, and a byte-for-byte check of the first lines."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml.datasets import load_names


def test_surnames():
    names, freq = load_names("last", with_frequency=True)
    assert len(names) == 88799 and names[:3] == ["smith", "johnson", "williams"]
    assert freq[0] == 1.006 and np.all(np.diff(freq) <= 0)             # most frequent first
    assert set("".join(names)) <= set("abcdefghijklmnopqrstuvwxyz")


def test_first_names():
    first = load_names("first")
    assert len(first) == 1219 + 4275
    assert first.names[0] == "james" and first.sex[0] == "M" and first.names[1219] == "mary"
    assert first.sex.count("F") == 4275 and first.rank[1219] == 1


def test_bad_kind():
    with pytest.raises(ValueError, match="kind='middle'"):
        load_names("middle")
