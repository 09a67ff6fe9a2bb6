"""The collector's progress: rich bars on a terminal (one per symbol when there are few, and a total with an
ETA), plain lines every few seconds elsewhere (a log file, CI)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self, TextIO

from .candle_file import CandleFile

__all__ = ["LineCollectProgress", "RichCollectProgress"]

#: Above this many symbols, only the total bar is shown.
_MAX_SYMBOL_BARS = 12


class RichCollectProgress:
    """Bars measured in candles (expected from the time range), on stderr so stdout stays clean."""

    def __init__(self, store: CandleFile, *, step_ms: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._step_ms = step_ms
        self._progress = Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("candles"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        plan = store.plan
        span = plan.end_ms - plan.start_ms
        symbols = sorted(store.next_start)
        done = {symbol: store.next_start[symbol] - plan.start_ms for symbol in symbols}
        self._total: Any = self._progress.add_task(
            "total",
            total=self._candles(span) * len(symbols),
            completed=sum(self._candles(ms) for ms in done.values()),
        )
        self._bars: dict[str, Any] = {}
        if len(symbols) <= _MAX_SYMBOL_BARS:
            for symbol in symbols:
                self._bars[symbol] = self._progress.add_task(
                    symbol, total=self._candles(span), completed=self._candles(done[symbol])
                )

    def _candles(self, ms: int) -> int:
        return -(-ms // self._step_ms)

    def advance(self, symbol: str, covered_ms: int, rows: int) -> None:
        candles = self._candles(covered_ms)
        self._progress.advance(self._total, candles)
        if symbol in self._bars:
            self._progress.advance(self._bars[symbol], candles)

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()


class LineCollectProgress:
    """For a non-terminal (a log file, CI): one plain progress line every ``interval`` seconds, and one at the end."""

    def __init__(
        self,
        store: CandleFile,
        *,
        step_ms: int,
        interval: float = 5.0,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        plan = store.plan
        self._step_ms = step_ms
        self._interval = interval
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._symbols = len(store.next_start)
        self._total = self._candles(plan.end_ms - plan.start_ms) * self._symbols
        self._done = sum(self._candles(start - plan.start_ms) for start in store.next_start.values())
        self._rows = 0
        self._started = self._last = clock()

    def _candles(self, ms: int) -> int:
        return -(-ms // self._step_ms)

    def advance(self, symbol: str, covered_ms: int, rows: int) -> None:
        self._done += self._candles(covered_ms)
        self._rows += rows
        now = self._clock()
        if now - self._last >= self._interval:
            self._last = now
            self._print(now)

    def _print(self, now: float) -> None:
        share = 100 * self._done / self._total if self._total else 100.0
        print(
            f"collect: {self._done:,} of {self._total:,} candles ({share:.0f}%), {self._rows:,} written this run, "
            f"{now - self._started:.0f} s",
            file=self._stream,
            flush=True,
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._print(self._clock())
