"""A one-line progress bar on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, unit: str, stream=None):
        self.total, self.unit, self.done = total, unit, 0
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.monotonic()

    def __enter__(self) -> "Progress":
        return self

    def advance(self, count: int) -> None:
        self.advance_to(self.done + count)

    def advance_to(self, done: int) -> None:
        self.done = done
        if self.enabled:
            rate = self.done / max(time.monotonic() - self.started, 1e-9)
            filled = int(30 * self.done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} {self.unit} "
                              f"({rate:,.0f}/s)")
            self.stream.flush()

    def __exit__(self, *exc) -> None:
        if self.enabled:
            self.stream.write("\n")
