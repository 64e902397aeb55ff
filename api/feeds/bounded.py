"""A least-recently-used map bounded by entry count and by total bytes.

Both public caches hold rendered documents; a bound on entries alone lets a few large ones
(or many small ones) take as much memory as they like, so every value carries its size.

>>> lru = BoundedLru(max_entries=2, max_bytes=10)
>>> lru.put("a", b"12345", size=5); lru.put("b", b"123456", size=6)
>>> sorted(lru.keys())  # "a" went: 5 + 6 bytes is over the 10-byte bound
['b']
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedLru(Generic[V]):
    """Thread-safe; a value larger than `max_bytes` on its own is never kept."""

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: V, *, size: int) -> None:
        with self._lock:
            self._drop(key)
            if size > self.max_bytes:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._items)))

    def keys(self) -> list[Hashable]:
        with self._lock:
            return list(self._items)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def _drop(self, key: Hashable) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._bytes -= item[1]
