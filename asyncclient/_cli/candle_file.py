"""A resumable candle file: append-only rows and an atomic checkpoint; a killed run loses and repeats nothing.

Every page of candles is appended and fsynced, then the checkpoint (``OUT.checkpoint.json``) is replaced
atomically with the file's committed length and, per symbol, where the next page starts. A run killed between
the two leaves bytes past the committed length; resuming truncates them and fetches that page again, so each
candle is written exactly once. Parquet cannot be appended to: rows are staged as JSON Lines and converted at
the end.
"""

from __future__ import annotations

import csv
import importlib
import importlib.util
import io
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..models import Candle
from ..models._convert import decimal_to_wire
from .exits import CommandError
from .options import format_ms

__all__ = [
    "COLUMNS",
    "FORMATS",
    "CandleFile",
    "CollectPlan",
    "candle_row",
    "checkpoint_symbols",
    "format_for_path",
    "require_parquet_support",
]

COLUMNS = ("symbol", "ts", "open", "high", "low", "close", "base_volume", "usdt_volume", "quote_volume")
FORMATS = ("csv", "jsonl", "parquet")
_CHECKPOINT_VERSION = 1
_SUFFIX_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


@attrs.frozen
class CollectPlan:
    """What a collection run fetches; a resumed run must ask for the same thing."""

    granularity: str
    start_ms: int
    end_ms: int
    format: str


def format_for_path(path: Path, requested: str | None) -> str:
    """The output format: ``--format`` if given, else from the file's suffix."""
    if requested:
        return requested
    found = _SUFFIX_FORMATS.get(path.suffix.lower())
    if found is None:
        raise CommandError(f"cannot tell the format of {path.name}; add --format csv, jsonl or parquet")
    return found


def require_parquet_support() -> None:
    """Refuse Parquet, before any request, when pyarrow is missing."""
    if importlib.util.find_spec("pyarrow") is None:
        raise CommandError(
            "Parquet output needs pyarrow, which is not installed",
            hint="pip install 'bitget-asyncclient[parquet]' (or pyarrow), or use --format csv or --format jsonl",
        )


def candle_row(candle: Candle) -> list[str]:
    """A candle as the file's columns after ``symbol`` (numbers as the exchange writes them)."""
    usdt = "" if candle.usdt_volume is None else decimal_to_wire(candle.usdt_volume)
    prices = (candle.open, candle.high, candle.low, candle.close, candle.base_volume)
    return [str(candle.open_time_ms), *map(decimal_to_wire, prices), usdt, decimal_to_wire(candle.quote_volume)]


def _encode_rows(fmt: str, symbol: str, rows: Iterable[Sequence[str]]) -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow((symbol, *row))
        return buffer.getvalue().encode()
    lines = [json.dumps(_record(symbol, row), separators=(",", ":")) + "\n" for row in rows]
    return "".join(lines).encode()


def _record(symbol: str, row: Sequence[str]) -> dict[str, Any]:
    record: dict[str, Any] = dict(zip(COLUMNS[2:], row[1:], strict=False))
    return {"symbol": symbol, "ts": int(row[0]), **record}


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def checkpoint_symbols(out: Path) -> list[str]:
    """The symbols an earlier run's checkpoint of ``out`` holds (none when there is no readable checkpoint)."""
    path = out.with_name(out.name + ".checkpoint.json")
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        return sorted(str(symbol) for symbol in saved["symbols"])
    except (OSError, ValueError, KeyError, TypeError):
        return []


class CandleFile:
    """The output file of one collection and its checkpoint. Not thread-safe: one writer at a time."""

    def __init__(self, out: Path, plan: CollectPlan, symbols: Sequence[str]) -> None:
        self.out = out
        self.plan = plan
        self.checkpoint_path = out.with_name(out.name + ".checkpoint.json")
        # Parquet is written once at the end; until then rows are staged as JSON Lines.
        self.data_path = out.with_name(out.name + ".partial.jsonl") if plan.format == "parquet" else out
        self._row_format = "jsonl" if plan.format == "parquet" else plan.format
        self.next_start: dict[str, int] = {}
        self.written: dict[str, int] = {}
        self.complete = False
        self.resumed = False
        self._committed = 0
        self._load_or_create(symbols)

    def _load_or_create(self, symbols: Sequence[str]) -> None:
        if self.checkpoint_path.exists():
            self._resume(json.loads(self.checkpoint_path.read_text(encoding="utf-8")))
        elif self.data_path.exists() and self.data_path.stat().st_size > 0:
            raise CommandError(
                f"{self.data_path} exists and has no checkpoint, so it cannot be resumed",
                hint="choose another --out, or delete the file to start over",
            )
        else:
            self.data_path.parent.mkdir(parents=True, exist_ok=True)
            self.data_path.write_bytes(b"")
            if self._row_format == "csv":
                self._append_bytes(",".join(COLUMNS).encode() + b"\n")
        for symbol in symbols:
            if symbol not in self.next_start:
                self.next_start[symbol] = self.plan.start_ms
                self.written[symbol] = 0
                self.complete = False
        self._save()

    def _resume(self, saved: dict[str, Any]) -> None:
        if saved.get("version") != _CHECKPOINT_VERSION:
            raise CommandError(
                f"{self.checkpoint_path} was written by another version",
                hint=f"delete {self.out} and {self.checkpoint_path} to start over",
            )
        planned = saved["plan"]
        if CollectPlan(**planned) != self.plan:
            raise CommandError(
                f"{self.out} was started with other settings ({planned['granularity']}, "
                f"start {format_ms(planned['start_ms'])}, end {format_ms(planned['end_ms'])}, {planned['format']}); "
                "a resumed run must ask for the same candles",
                hint="repeat the first run's --granularity, --start, --end and --format, or another --out "
                f"(or delete {self.out} and {self.checkpoint_path} to start over)",
            )
        self.resumed = True
        self.complete = bool(saved["complete"])
        self._committed = int(saved["committed_bytes"])
        for symbol, state in saved["symbols"].items():
            self.next_start[symbol] = int(state["next_start"])
            self.written[symbol] = int(state["written"])
        if self.complete and not self.data_path.exists():
            return  # Parquet already converted; the staging file is gone.
        size = self.data_path.stat().st_size if self.data_path.exists() else -1
        if size < self._committed:
            raise CommandError(
                f"{self.data_path} is shorter than its checkpoint says; it was changed by something else",
                hint=f"delete {self.data_path} and {self.checkpoint_path} to start over",
            )
        if size > self._committed:
            # Rows written after the last checkpoint (a killed run): drop them, their page is fetched again.
            with self.data_path.open("r+b") as handle:
                handle.truncate(self._committed)

    def _append_bytes(self, payload: bytes) -> None:
        with self.data_path.open("ab") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        self._committed += len(payload)

    def _save(self) -> None:
        saved = {
            "version": _CHECKPOINT_VERSION,
            "plan": attrs.asdict(self.plan),
            "complete": self.complete,
            "committed_bytes": self._committed,
            "symbols": {
                symbol: {"next_start": self.next_start[symbol], "written": self.written[symbol]}
                for symbol in sorted(self.next_start)
            },
        }
        _write_atomically(self.checkpoint_path, json.dumps(saved, indent=1))

    def pending(self, symbol: str) -> bool:
        return self.next_start[symbol] < self.plan.end_ms

    def append(self, symbol: str, candles: Sequence[Candle], next_start: int) -> None:
        """Write one page of a symbol's candles (ascending, all before ``next_start``) and commit it."""
        if candles:
            self._append_bytes(_encode_rows(self._row_format, symbol, map(candle_row, candles)))
        self.next_start[symbol] = next_start
        self.written[symbol] += len(candles)
        self._save()

    def finish(self) -> None:
        """Mark the collection complete (converting the staged rows to Parquet first)."""
        if self.plan.format == "parquet" and self.data_path.exists():
            _convert_to_parquet(self.data_path, self.out)
            self.data_path.unlink()
        self.complete = True
        self._save()


def _convert_to_parquet(staging: Path, out: Path) -> None:
    # Imported by name: pyarrow is optional and ships no type information.
    pa: Any = importlib.import_module("pyarrow")
    pq: Any = importlib.import_module("pyarrow.parquet")

    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    with staging.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            for name in COLUMNS:
                columns[name].append(record.get(name))
    # Prices and volumes stay strings: exactly what the exchange sent, no float rounding.
    schema = pa.schema([(name, pa.int64() if name == "ts" else pa.string()) for name in COLUMNS])
    temporary = out.with_name(out.name + ".tmp")
    pq.write_table(pa.table(columns, schema=schema), temporary)
    os.replace(temporary, out)
