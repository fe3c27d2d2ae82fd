"""US Census 1990 names: a real text corpus for character-level language models.

    load_names(kind="last")    88,799 surnames, most frequent first
    load_names(kind="first")   5,494 first names (1,219 male + 4,275 female rows; a name
                               used by both sexes appears once per sex), with sex and frequency

Source: the 1990 US Census name-frequency files ``dist.all.last``, ``dist.male.first`` and
``dist.female.first`` (US Census Bureau, Genealogy section; a work of the US government,
public domain), as carried unchanged by the PyPI package ``names`` 0.3.0 (Trey Hunner,
MIT licence). They ship here xz-compressed in ``lucidml/datasets/data/``, byte for byte
the package's files once decompressed; nothing is downloaded at run time. Each line holds
the name, its frequency in percent of the sampled population, the cumulative
percentage and the rank. Names are upper case in the files and returned in lower case.

>>> names = load_names("last")
>>> len(names), names[:3]
(88799, ['smith', 'johnson', 'williams'])
>>> first = load_names("first")
>>> first.names[:2], first.sex[:2], first.frequency[:2].tolist()
(['james', 'john'], ['M', 'M'], [3.318, 3.271])
"""
from __future__ import annotations

import lzma
from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = ["load_names", "FirstNames"]

_FILES = {"last": ["dist.all.last"], "first": ["dist.male.first", "dist.female.first"]}


@dataclass(frozen=True)
class FirstNames:
    """First names with the sex they were recorded for and their frequency (percent of that sex)."""

    names: list[str]
    sex: list[str]                 # "M" or "F"
    frequency: np.ndarray          # percent of the sampled people of that sex
    rank: np.ndarray               # 1 = most frequent within its sex

    def __len__(self) -> int:
        return len(self.names)


def load_names(kind: str = "last", *, with_frequency: bool = False):
    """The 1990 US Census names, lower case, most frequent first.

    kind="last" returns a list of surnames (with ``with_frequency=True`` a pair
    (names, frequency in percent)); kind="first" returns :class:`FirstNames` (names, sex,
    frequency, rank), the male rows first.
    """
    if kind not in _FILES:
        raise ValueError(f"load_names: kind={kind!r} is not supported; choose 'first' or 'last'.")
    rows = []
    for filename in _FILES[kind]:
        sex = "F" if "female" in filename else "M"
        for line in _read(filename).splitlines():
            parts = line.split()
            if len(parts) == 4:
                rows.append((parts[0].lower(), sex, float(parts[1]), int(parts[3])))
    names = [r[0] for r in rows]
    frequency = np.array([r[2] for r in rows])
    if kind == "last":
        return (names, frequency) if with_frequency else names
    return FirstNames(names, [r[1] for r in rows], frequency, np.array([r[3] for r in rows]))


def _read(filename: str) -> str:
    data = resources.files("lucidml.datasets").joinpath("data", f"{filename}.xz").read_bytes()
    return lzma.decompress(data).decode("ascii")
