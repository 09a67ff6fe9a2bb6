"""Client overhead: CPU per request in the client process, wall latency at one caller, and a profile.

Every client talks to the same canned-response server (``benchmarks._fast_server``) in another process on a
loopback port, so the server's speed does not matter and no traffic leaves the machine. Each case runs in a
fresh process (imports and caches of one client never help another) and rounds are interleaved so machine load
drifts over all cases alike; a case's figure is the median over rounds.

Measured (issue 9 item 1, issue 10): raw aiohttp, raw ``httpx.AsyncClient`` (the floor of our stack), httpx
over ``httpx-aiohttp``, asyncclient (public GET and signed POST) on the default and on the fast transport, and
ccxt's async bitget client with its URLs pointed at the loopback server.

The issue 16 goals are judged on interleaved rounds (:mod:`benchmarks._paired`): both clients in one process,
taking turns; a round's ratio is the median of its turns' ratios. The same client against itself is measured the
same way in the same run (the A/A row): the spread a round's ratio shows when nothing differs.
"""

from __future__ import annotations

import cProfile
import json
import math
import pstats
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio
import attrs

from ._common import (
    LOOPBACK,
    Report,
    Row,
    Timer,
    bench_arguments,
    free_port,
    percentile,
    run_json,
    server_process,
)

__all__ = ["CASES", "main"]

TICKER_PATH = "/api/v2/spot/market/tickers"
TICKER_PARAMS = {"symbol": "BTCUSDT"}
ORDER_PATH = "/api/v2/spot/trade/place-order"
ORDER_PARAMS = {
    "symbol": "BTCUSDT",
    "side": "buy",
    "orderType": "limit",
    "force": "gtc",
    "price": "34000.5",
    "size": "0.001",
    "clientOid": "bench-0001",
}
# Throwaway credentials: the canned server checks nothing, they only make the clients sign.
API_KEY, API_SECRET, PASSPHRASE = "bench-key", "bench-secret", "bench-passphrase"
# What a raw client sends for the signed POST baseline: the same body and headers, signing excluded.
_RAW_BODY = json.dumps(ORDER_PARAMS, separators=(",", ":"))
_RAW_HEADERS = {
    "Content-Type": "application/json",
    "ACCESS-KEY": API_KEY,
    "ACCESS-PASSPHRASE": PASSPHRASE,
    "ACCESS-TIMESTAMP": "1700000000000",
    "ACCESS-SIGN": "c2lnbmF0dXJlLWJ5dGVzLXRoYXQtYXJlLW5vdC1jaGVja2Vk",
}

Call = Callable[[], Awaitable[Any]]
Close = Callable[[], Awaitable[None]]


@attrs.frozen
class Case:
    label: str
    build: Callable[[str], Awaitable[tuple[Call, Close]]]
    backend: str = "asyncio"


async def _raw_aiohttp_get(base: str) -> tuple[Call, Close]:
    import aiohttp

    session = aiohttp.ClientSession()
    url = f"{base}{TICKER_PATH}?symbol=BTCUSDT"

    async def call() -> bytes:
        async with session.get(url) as response:
            return await response.read()

    return call, session.close


async def _raw_httpx(base: str, *, post: bool = False, aiohttp_transport: bool = False) -> tuple[Call, Close]:
    import httpx

    transport: httpx.AsyncBaseTransport | None = None
    if aiohttp_transport:
        from httpx_aiohttp import AiohttpTransport

        transport = AiohttpTransport()
    client = httpx.AsyncClient(transport=transport)
    get_url, post_url = f"{base}{TICKER_PATH}?symbol=BTCUSDT", f"{base}{ORDER_PATH}"

    async def call_get() -> bytes:
        return (await client.get(get_url)).content

    async def call_post() -> bytes:
        return (await client.post(post_url, content=_RAW_BODY, headers=_RAW_HEADERS)).content

    return (call_post if post else call_get), client.aclose


async def _asyncclient(base: str, *, signed: bool, fast: bool) -> tuple[Call, Close]:
    from asyncclient import Client, default_catalogue

    # The whole default stack (limiter, clock, retries) stays on, with budgets too large to ever make a
    # request wait (every scope, the per-account ones of issue 14 included): what is measured is the cost of
    # each layer when it has nothing to do.
    client = Client(
        API_KEY,
        API_SECRET,
        PASSPHRASE,
        base_url=base,
        catalogue=default_catalogue().without_limits(),
        fast_transport=fast,
        credentials_from_env=False,
    )
    await client.__aenter__()

    async def call_get() -> Any:
        return await client.request("GET", TICKER_PATH, TICKER_PARAMS)

    async def call_post() -> Any:
        return await client.request("POST", ORDER_PATH, ORDER_PARAMS)

    return (call_post if signed else call_get), client.aclose


async def _ccxt(base: str, *, signed: bool, rate_limit: bool = False) -> tuple[Call, Close]:
    import ccxt.async_support as ccxt

    config: dict[str, Any] = {"apiKey": API_KEY, "secret": API_SECRET, "password": PASSPHRASE}
    # As its users run it for speed: no throttler. With ``rate_limit`` its throttler is on with a budget out of
    # reach (a millionth of a ms between requests), as asyncclient's limiter is in this benchmark: the same work.
    config |= {"enableRateLimit": True, "rateLimit": 1e-6} if rate_limit else {"enableRateLimit": False}
    exchange = ccxt.bitget(config)
    # Every API group's URL is "https://api.{hostname}" in bitget's describe(); point each at loopback.
    exchange.urls["api"] = dict.fromkeys(exchange.urls["api"], base)
    if any(url != base for url in exchange.urls["api"].values()):  # pragma: no cover - a guard, not a branch
        raise RuntimeError("ccxt would leave loopback")

    async def call_get() -> Any:
        return await exchange.publicSpotGetV2SpotMarketTickers(dict(TICKER_PARAMS))

    async def call_post() -> Any:
        return await exchange.privateSpotPostV2SpotTradePlaceOrder(dict(ORDER_PARAMS))

    return (call_post if signed else call_get), exchange.close


CASES: dict[str, Case] = {
    "aiohttp_get": Case("raw aiohttp GET", _raw_aiohttp_get),
    "httpx_get": Case("raw httpx GET", _raw_httpx),
    "httpx_post": Case("raw httpx POST (same body and headers, unsigned)", lambda b: _raw_httpx(b, post=True)),
    "httpx_aiohttp_get": Case("httpx over httpx-aiohttp GET", lambda b: _raw_httpx(b, aiohttp_transport=True)),
    "ac_get": Case("asyncclient public GET, default transport", lambda b: _asyncclient(b, signed=False, fast=False)),
    "ac_post": Case("asyncclient signed POST, default transport", lambda b: _asyncclient(b, signed=True, fast=False)),
    "ac_get_trio": Case(
        "asyncclient public GET, default transport, trio",
        lambda b: _asyncclient(b, signed=False, fast=False),
        backend="trio",
    ),
    "ac_get_fast": Case("asyncclient public GET, fast transport", lambda b: _asyncclient(b, signed=False, fast=True)),
    "ac_post_fast": Case("asyncclient signed POST, fast transport", lambda b: _asyncclient(b, signed=True, fast=True)),
    "ccxt_get": Case("ccxt async bitget public GET", lambda b: _ccxt(b, signed=False)),
    "ccxt_post": Case("ccxt async bitget signed POST", lambda b: _ccxt(b, signed=True)),
    "ccxt_get_rl": Case(
        "ccxt async bitget public GET, its rate limiter on", lambda b: _ccxt(b, signed=False, rate_limit=True)
    ),
    "ccxt_post_rl": Case(
        "ccxt async bitget signed POST, its rate limiter on", lambda b: _ccxt(b, signed=True, rate_limit=True)
    ),
}
#: Goals held in every round, not only by the median: (ours, baseline, at most this ratio).
EVERY_ROUND = (("ac_get_fast", "ccxt_get", 1.0), ("ac_post_fast", "ccxt_post", 1.0))
#: Ratios shown per round (the goals above, the default transport beside raw httpx, ccxt's own limiter).
PAIRS = (
    *EVERY_ROUND,
    ("ac_get", "httpx_get", 1.0),
    ("ac_post", "httpx_post", 1.0),
    ("ac_get_fast", "ccxt_get_rl", None),
    ("ac_post_fast", "ccxt_post_rl", None),
)
PROFILED = ("ac_get", "ac_post", "ac_get_fast", "ac_post_fast")
LATENCY_CASES = (
    "aiohttp_get",
    "httpx_get",
    "ccxt_get",
    "ac_get",
    "ac_get_fast",
    "ccxt_post",
    "ac_post",
    "ac_post_fast",
)


async def _measure(case: Case, base: str, requests: int, callers: int, latency_requests: int) -> dict[str, float]:
    call, close = await case.build(base)
    try:
        for _ in range(max(20, requests // 10)):  # warm up: connections, caches, lazy imports
            await call()
        per_caller = max(1, requests // callers)

        async def worker() -> None:
            for _ in range(per_caller):
                await call()

        with Timer() as timer:
            async with anyio.create_task_group() as group:
                for _ in range(callers):
                    group.start_soon(worker)
        done = per_caller * callers
        samples: list[float] = []
        for _ in range(latency_requests):
            start = time.perf_counter_ns()
            await call()
            samples.append((time.perf_counter_ns() - start) / 1000)
    finally:
        await close()
    result = {"cpu_us": timer.cpu / done * 1e6, "rps": done / timer.wall}
    if samples:
        result |= {"p50_us": percentile(samples, 50), "p99_us": percentile(samples, 99)}
    return result


async def _profile(case: Case, base: str, requests: int, callers: int) -> dict[str, Any]:
    call, close = await case.build(base)
    try:
        for _ in range(max(20, requests // 10)):
            await call()
        per_caller = max(1, requests // callers)

        async def worker() -> None:
            for _ in range(per_caller):
                await call()

        profiler = cProfile.Profile()
        profiler.enable()
        async with anyio.create_task_group() as group:
            for _ in range(callers):
                group.start_soon(worker)
        profiler.disable()
    finally:
        await close()
    return _summarize(pstats.Stats(profiler), per_caller * callers)


def _owner(filename: str) -> str:
    """Which package a profiled function belongs to."""
    if filename.startswith("~") or filename.startswith("<"):
        return "C builtins"
    parts = filename.replace("\\", "/").split("/")
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if "asyncclient" in parts:
        return "asyncclient"
    for index, part in enumerate(parts):
        if part.startswith("python3"):
            return f"stdlib {parts[index + 1].removesuffix('.py')}" if index + 1 < len(parts) else "stdlib"
    return parts[-1]


def _summarize(stats: pstats.Stats, requests: int) -> dict[str, Any]:
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    total = sum(entry[2] for entry in raw.values())
    by_owner: dict[str, float] = {}
    functions: list[dict[str, Any]] = []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in raw.items():
        owner = _owner(filename)
        by_owner[owner] = by_owner.get(owner, 0.0) + tottime
        short = filename.rsplit("site-packages/", 1)[-1].rsplit("/main/", 1)[-1]
        functions.append(
            {
                "function": f"{name} ({short}:{line})" if line else name,
                "owner": owner,
                "calls_per_request": calls / requests,
                "self_us": tottime / requests * 1e6,
                "cumulative_us": cumtime / requests * 1e6,
            }
        )
    functions.sort(key=lambda entry: entry["self_us"], reverse=True)
    asyncclient_own = sorted(
        (entry for entry in functions if entry["owner"] == "asyncclient"),
        key=lambda entry: entry["cumulative_us"],
        reverse=True,
    )
    return {
        "total_us": total / requests * 1e6,
        "by_owner": sorted(((k, v / requests * 1e6) for k, v in by_owner.items()), key=lambda kv: -kv[1]),
        "top_self": functions[:25],
        "asyncclient_cumulative": asyncclient_own[:12],
    }


def _child(argv: Sequence[str]) -> int:
    """Cases in this fresh process, one after another; prints one JSON line (results by case)."""
    parser = bench_arguments("overhead cases")
    parser.add_argument("--case", required=True, action="append", choices=sorted(CASES))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--callers", type=int, default=10)
    parser.add_argument("--latency", type=int, default=0)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    base = f"http://{LOOPBACK}:{args.port}"
    results: dict[str, Any] = {}
    for key in args.case:
        case = CASES[key]
        if args.profile:
            results[key] = anyio.run(_profile, case, base, args.requests, args.callers, backend=case.backend)
        else:
            latency = args.latency if key in LATENCY_CASES else 0
            results[key] = anyio.run(_measure, case, base, args.requests, args.callers, latency, backend=case.backend)
    print(json.dumps(results))
    return 0


def _profile_markdown(title: str, profile: dict[str, Any]) -> str:
    lines = [
        f"cProfile of {title}, per request (profiling inflates the totals; read the shares): "
        f"{profile['total_us']:.0f} µs profiled per request.",
        "",
        "By package (self time per request):",
        "",
        "| package | µs/request | share |",
        "| --- | ---: | ---: |",
    ]
    total = profile["total_us"] or 1.0
    lines += [f"| {owner} | {us:.1f} | {us / total:.0%} |" for owner, us in profile["by_owner"][:12]]
    lines += ["", "Top functions by self time:", "", "| function | calls/req | self µs/req | cum µs/req |"]
    lines.append("| --- | ---: | ---: | ---: |")
    lines += [
        f"| `{e['function']}` | {e['calls_per_request']:.1f} | {e['self_us']:.1f} | {e['cumulative_us']:.1f} |"
        for e in profile["top_self"][:20]
    ]
    lines += [
        "",
        "asyncclient's own functions by cumulative time:",
        "",
        "| function | cum µs/req | self µs/req |",
    ]
    lines.append("| --- | ---: | ---: |")
    lines += [
        f"| `{e['function']}` | {e['cumulative_us']:.1f} | {e['self_us']:.1f} |"
        for e in profile["asyncclient_cumulative"]
    ]
    return "\n".join(lines)


_WORK_NOTE = (
    "What each client does per request. asyncclient: validates the parameters, takes a slot from every budget of "
    "its strict-window limiter (budgets raised out of reach, so nobody waits, but every slot is taken and settled "
    "at the server's stamp), keeps the call's retry deadline in every wait (the transport's timeout cut to it), "
    "signs the POST with "
    "the synced server clock, gives the order placement its exactly-once step (clientOid kept, resend guard "
    "armed), reads the body within the size cap and decodes the envelope into `data`. ccxt (as configured for "
    "the goal rows: `enableRateLimit=False`, as its users run it for speed) skips the rate limiter, has no "
    "deadline, no exactly-once step and no size cap; it signs, parses the JSON and checks the envelope's code. "
    "The rows 'its rate limiter on' run ccxt's throttler with a budget out of reach, for the same work."
)

_SDK_NOTE = (
    "not measured: the exchange's own Python SDK is not on PyPI (`pip download bitget-api`: no such "
    "distribution); it is published as source in the exchange's GitHub repository and is synchronous "
    "(requests, prints every response), so it has no async figure to compare"
)


def _shares(profile: dict[str, Any]) -> dict[str, float]:
    """Each package's share of the profiled self time."""
    total = profile["total_us"] or 1.0
    return {owner: us / total for owner, us in profile["by_owner"]}


def _causes(cpu: dict[str, float], fast_profile: dict[str, Any]) -> dict[str, str]:
    """Why a goal is missed, in figures from the same run (shown only beside a missed goal)."""
    shares = _shares(fast_profile)
    where = (
        f"the fast-transport profile (asyncclient straight on aiohttp) splits its self time: aiohttp "
        f"{shares.get('aiohttp', 0):.0%}, asyncclient's layers {shares.get('asyncclient', 0):.0%}, anyio "
        f"{shares.get('anyio', 0):.0%}, C builtins "
        f"{shares.get('C builtins', 0):.0%}, asyncio "
        f"{shares.get('stdlib asyncio', 0):.0%}; ccxt adds only {cpu['ccxt_get'] - cpu['aiohttp_get']:+.0f} µs "
        "to raw aiohttp"
    )
    return {
        "layers_get": f"asyncclient's layers (limiter, clock, retry, envelope) add "
        f"{cpu['ac_get'] - cpu['httpx_get']:.0f} µs per request over raw httpx; see the profile below",
        "layers_post": f"asyncclient's layers (signing, limiter, clock, retry, envelope) add "
        f"{cpu['ac_post'] - cpu['httpx_post']:.0f} µs per request over the same raw httpx POST",
        "transport": f"the default transport is httpx's own (httpcore, h11, anyio): raw httpx alone costs "
        f"{cpu['httpx_get'] / cpu['aiohttp_get']:.1f}x raw aiohttp, on which ccxt rides; on asyncio, "
        "fast_transport=True is the answer",
        "fast_get": f"{cpu['ac_get_fast'] - cpu['ccxt_get']:.0f} µs a request above ccxt; {where}",
        "fast_post": f"{cpu['ac_post_fast'] - cpu['ccxt_post']:.0f} µs a request above ccxt; the same split "
        "as the public GET, plus signing and the JSON body (see the signed POST profile)",
    }


def round_ratios(samples: dict[str, list[float]], key: str, base: str) -> list[float]:
    """``key`` over ``base`` in each round (both ran in the same round, one after the other)."""
    return [value / baseline for value, baseline in zip(samples[key], samples[base], strict=False) if baseline]


def _rows(cpu: dict[str, float], fast_profile: dict[str, Any], samples: dict[str, list[float]]) -> list[Row]:
    section = "Client overhead: CPU per request in the client process, 10 concurrent callers"
    label = {key: case.label for key, case in CASES.items()}
    causes = _causes(cpu, fast_profile)

    def row(key: str, base: str | None = None, goal: str = "", limit: float | None = None, cause: str = "") -> Row:
        value = cpu[key]
        baseline = cpu[base] if base else None
        met = None if limit is None or baseline is None else value <= limit * baseline
        note = causes[cause] if cause and met is False else ""
        return Row(section, label[key], value, "µs", label[base] if base else "", baseline, goal, met, note)

    def every_round(key: str, base: str) -> Row:
        """The ratio in each round of separate processes: shown, not judged (see the interleaved rows)."""
        ratios = round_ratios(samples, key, base)
        shown = ", ".join(f"{ratio:.2f}x" for ratio in ratios)
        note = (
            f"rounds of separate processes {shown}: each process meets its own load on a shared machine, so these "
            "move by more than the difference judged; the issue 16 goal is judged on the interleaved rounds below"
        )
        return Row(section, label[key] + ", per round", cpu[key], "µs", label[base], cpu[base], note=note)

    return [
        row("aiohttp_get"),
        row("httpx_get", "aiohttp_get"),
        row("httpx_post", "httpx_get"),
        row("httpx_aiohttp_get", "httpx_get"),
        row("ac_get", "httpx_get", "≤ 1.10x raw httpx (issue 10)", 1.10, "layers_get"),
        row("ac_get", "httpx_get", "≤ 1.25x raw httpx (issue 9)", 1.25, "layers_get"),
        row("ac_post", "httpx_post", "≤ 1.10x raw httpx, same request (issue 10)", 1.10, "layers_post"),
        row("ac_get", "ccxt_get", "below ccxt (issue 9)", 1.0, "transport"),
        row("ac_post", "ccxt_post", "below ccxt (issue 9)", 1.0, "transport"),
        row("ac_get_trio", "ac_get"),
        row("ac_get_fast", "ccxt_get", "≤ ccxt, fast transport (issue 10)", 1.0, "fast_get"),
        row("ac_post_fast", "ccxt_post", "≤ ccxt, fast transport (issue 10)", 1.0, "fast_post"),
        every_round("ac_get_fast", "ccxt_get"),
        every_round("ac_post_fast", "ccxt_post"),
        row("ccxt_get", "aiohttp_get"),
        row("ccxt_post", "httpx_post"),
        row("ccxt_get_rl", "ccxt_get"),
        row("ccxt_post_rl", "ccxt_post"),
        row("ac_get_fast", "ccxt_get_rl"),
        row("ac_post_fast", "ccxt_post_rl"),
        Row(section, "the exchange's own Python SDK", None, "µs", note=_SDK_NOTE),
    ]


def _latency_markdown(latency: dict[str, tuple[float, float]], requests: int) -> str:
    lines = [
        f"Wall time per request at one caller, {requests} sequential requests after warm-up, same server.",
        "",
        "| client | p50 µs | p99 µs |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {CASES[key].label} | {p50:.0f} | {p99:.0f} |" for key, (p50, p99) in latency.items()]
    return "\n".join(lines)


def _cases_argv(keys: Sequence[str], port: int, requests: int) -> list[str]:
    argv = ["-m", "benchmarks.bench_overhead", "--port", str(port), "--requests", str(requests)]
    for key in keys:
        argv += ["--case", key]
    return argv


#: Judged on the median of interleaved rounds (the default transport costs 5x more a call: fewer calls a round).
MEDIAN_PAIRS = (("ac_get", "httpx_get"), ("ac_post", "httpx_post"))
#: The same client on both sides, measured like the pairs above: how far a round's ratio strays when nothing
#: differs, on this machine, in this run (the resolution the every-round goals are judged at).
NOISE_FLOOR = ("ac_post_fast", "ac_post_fast")


def _paired(port: int, blocks: int, requests: int, slices: int) -> dict[tuple[str, str], dict[str, Any]]:
    """The issue 16 goals, both clients in one process: each round ``slices`` turns each, interleaved."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    pairs = [(key, base, requests) for key, base, _ in EVERY_ROUND]
    pairs += [(key, base, max(slices, requests // 3)) for key, base in MEDIAN_PAIRS]
    pairs.append((*NOISE_FLOOR, requests))
    for key, base, calls in pairs:
        argv = ["-m", "benchmarks._paired", "--pair", key, base, "--port", str(port), "--slices", str(slices)]
        found[key, base] = run_json([*argv, "--blocks", str(blocks), "--requests", str(calls)])
    return found


def _paired_rows(paired: dict[tuple[str, str], dict[str, Any]]) -> list[Row]:
    """A round's ratio is the median over its turns of (A's turn) / (the neighbouring B turn, which met the same
    load): a burst of load from the host that lands on a few turns moves a mean of the round, not this."""
    section = "Client overhead, interleaved rounds: both clients in one process, taking turns within each round"
    rows = []
    for (key, base), result in paired.items():
        figures = result["figures"]
        mine, theirs = (statistics.median(values) for values in figures.values())
        rounds = result["turn_median_ratios"]
        median = statistics.median(rounds) if rounds else math.nan
        note = (
            f"rounds {_listed(rounds)}; median {median:.2f}x; spread {max(rounds) - min(rounds):.2f} "
            f"(each round's ratio of means: {_listed(result['ratios'])})"
        )
        if (key, base) == NOISE_FLOOR:
            label, goal, met = f"{CASES[key].label}, against itself (A/A: the noise floor)", "—", None
        elif (key, base) in MEDIAN_PAIRS:
            label, goal = CASES[key].label, f"≤ {CASES[base].label}, median of the rounds, default transport (issue 16)"
            met = bool(rounds) and median <= 1.0
        else:
            label, goal = CASES[key].label, "≤ ccxt in every round, fast transport (issue 16)"
            met = bool(rounds) and max(rounds) <= 1.0
        baseline = CASES[base].label if base != key else f"{CASES[base].label} (a second client)"
        rows.append(Row(section, label, mine, "µs", baseline, theirs, goal, met, note))
    return rows


def _listed(ratios: Sequence[float]) -> str:
    return ", ".join(f"{ratio:.2f}x" for ratio in ratios)


def run(
    *,
    requests: int,
    latency_requests: int,
    rounds: int,
    profile_requests: int,
    isolated: bool = True,
    blocks: int = 10,
    block_requests: int = 3000,
    slices: int = 20,
) -> Report:
    """Every case, ``rounds`` times; ``isolated`` gives each case its own process (else one per round); then the
    every-round goals in one process: ``blocks`` rounds of ``block_requests`` calls per client, in ``slices`` turns."""
    port = free_port()
    cpu_samples: dict[str, list[float]] = {key: [] for key in CASES}
    latency_samples: dict[str, list[tuple[float, float]]] = {key: [] for key in LATENCY_CASES}
    batches = [[key] for key in CASES] if isolated else [list(CASES)]
    with server_process(["-m", "benchmarks._fast_server", "--port", str(port)], port):
        for number in range(rounds):
            # Every other round runs the cases in reverse, so a load that drifts during a round weighs on the
            # early and the late cases alike (and on each client and its baseline alike).
            for batch in batches if number % 2 == 0 else batches[::-1]:
                argv = [*_cases_argv(batch, port, requests), "--latency", str(latency_requests)]
                for key, result in run_json(argv).items():
                    cpu_samples[key].append(result["cpu_us"])
                    if key in LATENCY_CASES:
                        latency_samples[key].append((result["p50_us"], result["p99_us"]))
        profiles: dict[str, dict[str, Any]] = run_json([*_cases_argv(PROFILED, port, profile_requests), "--profile"])
        paired = _paired(port, blocks, block_requests, slices)
    cpu = {key: statistics.median(values) for key, values in cpu_samples.items()}
    latency = {
        key: (statistics.median(p[0] for p in values), statistics.median(p[1] for p in values))
        for key, values in latency_samples.items()
    }
    report = Report(rows=[*_rows(cpu, profiles["ac_get_fast"], cpu_samples), *_paired_rows(paired)])
    report.sections["Client overhead: figures per round"] = (
        f"{requests} requests per case and round, {rounds} rounds, each case in a fresh process; "
        "µs of client CPU per request (median is the figure above):\n\n"
        + "\n".join(f"- {CASES[k].label}: " + ", ".join(f"{v:.0f}" for v in vals) for k, vals in cpu_samples.items())
        + "\n\nRatios per round (each round runs every case once, in the order above, reversed every other round):\n\n"
        + "\n".join(
            f"- {CASES[key].label} / {CASES[base].label}: "
            + ", ".join(f"{ratio:.2f}x" for ratio in round_ratios(cpu_samples, key, base))
            for key, base, _ in PAIRS
        )
        + "\n\n"
        + _WORK_NOTE
    )
    report.sections["Per-request latency at one caller (p50 / p99)"] = _latency_markdown(latency, latency_requests)
    for key in PROFILED:
        label = CASES[key].label
        report.sections[f"Profile: {label}"] = _profile_markdown(f"{label}, 10 callers", profiles[key])
    return report


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--case" in argv:
        return _child(argv)
    parser = bench_arguments(__doc__ or "")
    parser.add_argument("--requests", type=int, default=1500, help="requests per case and round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if args.quick:
        report = run(
            requests=40,
            latency_requests=10,
            rounds=1,
            profile_requests=40,
            isolated=False,
            blocks=2,
            block_requests=20,
            slices=2,
        )
    else:
        report = run(requests=args.requests, latency_requests=400, rounds=args.rounds, profile_requests=1500)
    report.write(args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
