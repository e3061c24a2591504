"""Typo-tolerant lookup of place keys: symmetric single deletions plus a French sound key.

Both indexes are sorted arrays of 32-bit CRC hashes (compact, no Python dict of
hundreds of thousands of strings); every hit is checked with a real edit distance.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geodata.text import damerau, phonetic


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _deletions(key: str) -> set[str]:
    return {key} | {key[:i] + key[i + 1 :] for i in range(len(key))}


@dataclass(frozen=True)
class FuzzyMatch:
    key: str
    distance: float  # edit distance; sound-alike matches count 1.5


class FuzzyIndex:
    """Finds the keys closest to a misspelt one."""

    def __init__(
        self,
        keys: list[str],
        del_hash: np.ndarray,
        del_key: np.ndarray,
        snd_hash: np.ndarray,
        snd_key: np.ndarray,
    ) -> None:
        self.keys = keys
        self._del = (del_hash, del_key)
        self._snd = (snd_hash, snd_key)

    @classmethod
    def build(cls, keys: Iterable[str], min_length: int) -> FuzzyIndex:
        uniq = sorted({k for k in keys if len(k.replace(" ", "")) >= min_length})
        pairs = [(_crc(d), i) for i, k in enumerate(uniq) for d in _deletions(k)]
        snd = [(_crc(phonetic(k)), i) for i, k in enumerate(uniq)]
        return cls(uniq, *_sorted_pairs(pairs), *_sorted_pairs(snd))

    def save(self, path: Path) -> None:
        np.savez(
            path,
            keys=np.array("\n".join(self.keys)),
            del_hash=self._del[0],
            del_key=self._del[1],
            snd_hash=self._snd[0],
            snd_key=self._snd[1],
        )

    @classmethod
    def load(cls, path: Path) -> FuzzyIndex:
        with np.load(path) as npz:
            keys = str(npz["keys"]).split("\n")
            return cls(keys, npz["del_hash"], npz["del_key"], npz["snd_hash"], npz["snd_key"])

    def _ids(self, table: tuple[np.ndarray, np.ndarray], text: str) -> np.ndarray:
        hashes, ids = table
        h = np.uint32(_crc(text))
        lo = np.searchsorted(hashes, h, side="left")
        hi = np.searchsorted(hashes, h, side="right")
        return ids[lo:hi]

    def search(self, query: str, max_distance: int = 2) -> list[FuzzyMatch]:
        """Keys within ``max_distance`` edits (found through one deletion on each side),
        or sounding alike, best first."""
        found: dict[int, float] = {}
        for variant in _deletions(query):
            for i in map(int, self._ids(self._del, variant)):
                if i not in found:
                    dist = damerau(query, self.keys[i], max_distance)
                    if dist <= max_distance:
                        found[i] = dist
        sound = phonetic(query)
        for i in map(int, self._ids(self._snd, sound)):
            key = self.keys[i]
            if i not in found and phonetic(key) == sound and damerau(query, key, 4) <= 4:
                found[i] = 1.5
        return sorted(
            (FuzzyMatch(self.keys[i], d) for i, d in found.items()),
            key=lambda m: (m.distance, m.key),
        )


def _sorted_pairs(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    arr = np.array(pairs, dtype=np.uint64).reshape(-1, 2)
    order = np.argsort(arr[:, 0], kind="stable")
    return arr[order, 0].astype(np.uint32), arr[order, 1].astype(np.uint32)
