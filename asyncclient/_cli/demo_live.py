"""The demo's live view (rich): elapsed time, traffic, orders and the clock, redrawn a few times a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

import anyio

__all__ = ["LiveView"]

#: A function returning the figures to show, as (label, value) rows.
Snapshot = Callable[[], list[tuple[str, str]]]


class LiveView:
    """A progress bar for the run's duration above a table of figures; drawn on stderr."""

    def __init__(self, duration: float, snapshot: Snapshot) -> None:
        from rich.console import Console, Group
        from rich.live import Live
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self._snapshot = snapshot
        self._group_type: Any = Group
        self._progress = Progress(
            TextColumn("[bold]demo"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
        )
        self._task = self._progress.add_task("demo", total=duration)
        self._started = time.monotonic()
        self._live = Live(self._render(), console=Console(stderr=True), refresh_per_second=8, transient=False)

    def _render(self) -> Any:
        from rich.table import Table

        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold")
        table.add_column(justify="right")
        for label, value in self._snapshot():
            table.add_row(label, value)
        return self._group_type(self._progress, table)

    async def run(self, stop: anyio.Event) -> None:
        """Refresh until ``stop`` is set."""
        while not stop.is_set():
            self.refresh()
            with anyio.move_on_after(0.25):
                await stop.wait()
        self.refresh()

    def refresh(self) -> None:
        self._progress.update(self._task, completed=time.monotonic() - self._started)
        self._live.update(self._render())

    def __enter__(self) -> Self:
        self._live.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._live.stop()
