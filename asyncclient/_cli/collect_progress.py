"""The collector's progress bar (rich): one bar per symbol when there are few, and a total with an ETA."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from .candle_file import CandleFile

__all__ = ["RichCollectProgress"]

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
