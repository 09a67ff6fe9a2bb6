"""``asyncclient sim`` / ``python -m asyncclient.testing``: serve the simulator on a port until stopped."""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Sequence

__all__ = ["add_arguments", "main", "run"]

#: Seconds a thread may hold the GIL while another waits (Python's default is 5 ms).
SWITCH_INTERVAL = 0.0005


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``sim`` options: where to listen, the account to register, the clock and the faults."""
    from . import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE

    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8800, help="0 picks a free port (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the market data and faults")
    account = parser.add_argument_group(
        "account (registered with demo balances; the defaults are printed at start, for signing)"
    )
    account.add_argument("--api-key", default=SIM_API_KEY)
    account.add_argument("--api-secret", default=SIM_API_SECRET, help="HMAC secret")
    account.add_argument("--passphrase", default=SIM_PASSPHRASE)
    account.add_argument("--rsa-public-key", metavar="PEM_FILE", help="register an RSA key instead of HMAC")
    account.add_argument(
        "--account-mode",
        choices=["classic", "uta"],
        default="classic",
        help="classic (v2 API) or uta, a unified trading account (v3 API) (default: %(default)s)",
    )
    clock = parser.add_argument_group("clock")
    clock.add_argument("--clock-offset", type=float, default=0.0, help="seconds ahead of the machine clock")
    clock.add_argument("--drift", type=float, default=0.0, help="seconds gained per second")
    faults = parser.add_argument_group("faults (rates are probabilities per request, 0..1)")
    faults.add_argument("--error-rate", type=float, default=0.0, help="HTTP 500 before the handler runs")
    faults.add_argument("--error-after-accept-rate", type=float, default=0.0, help="HTTP 500 after it ran")
    faults.add_argument("--drop-rate", type=float, default=0.0, help="connection dropped before the handler")
    faults.add_argument("--drop-after-accept-rate", type=float, default=0.0, help="dropped after it ran")
    faults.add_argument("--html-502-rate", type=float, default=0.0, help="an HTML 502 page")
    faults.add_argument("--truncate-rate", type=float, default=0.0, help="HTTP 200 with a cut JSON body")
    faults.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    faults.add_argument(
        "--answer-latency",
        action="append",
        default=[],
        metavar="PATH=SECONDS",
        help="seconds added to the answers of one path after it is counted (a slow page); repeatable",
    )
    faults.add_argument("--rate-limit-burst", type=int, default=0, help="answer the first N requests 429")
    parser.add_argument("--no-rate-limits", action="store_true", help="do not enforce rate limits")
    parser.add_argument("--no-retry-after", action="store_true", help="send 429s without Retry-After")
    parser.add_argument("--access-log", action="store_true", help="log every request")
    parser.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])


def run(args: argparse.Namespace) -> int:
    """Build the simulator from the parsed options and serve it until interrupted."""
    from .._dist import require_extra

    require_extra("asyncclient sim", "sim", "uvicorn")
    import uvicorn

    from ._server import quiet_dropped_connections
    from ._simulator import Simulator

    sim = Simulator(
        seed=args.seed,
        clock_offset=args.clock_offset,
        clock_drift=args.drift,
        rate_limits=not args.no_rate_limits,
        retry_after_header=not args.no_retry_after,
    )
    if args.rsa_public_key:
        with open(args.rsa_public_key, "rb") as pem:
            sim.add_account(
                api_key=args.api_key, passphrase=args.passphrase, rsa_public_key=pem.read(), mode=args.account_mode
            )
    else:
        sim.add_account(
            api_key=args.api_key, api_secret=args.api_secret, passphrase=args.passphrase, mode=args.account_mode
        )
    fault_options = {
        name: getattr(args, name)
        for name in (
            "error_rate",
            "error_after_accept_rate",
            "drop_rate",
            "drop_after_accept_rate",
            "html_502_rate",
            "truncate_rate",
            "latency",
            "rate_limit_burst",
        )
    }
    if any(fault_options.values()):
        sim.faults.set(**fault_options)
    for item in args.answer_latency:
        path, _, seconds = item.partition("=")
        sim.faults.set(path, answer_latency=float(seconds))
    listener = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    port = listener.getsockname()[1]
    listener.listen(2048)  # accept connections (queued until uvicorn serves) from the moment the URL is printed
    config = uvicorn.Config(
        sim.app, log_level=args.log_level, access_log=args.access_log, lifespan="off", timeout_keep_alive=30
    )
    quiet_dropped_connections()
    server = uvicorn.Server(config)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"simulator listening on http://{host}:{port} ({args.account_mode} account)", flush=True)
    print(signing_hint(args, f"http://{host}:{port}"), flush=True)
    # Heavy answers are built in worker threads (see ``OffLoop``); a short switch interval hands the GIL back
    # to the event loop within half a millisecond, so arriving requests are stamped when they arrive.
    sys.setswitchinterval(SWITCH_INTERVAL)
    server.run(sockets=[listener])
    return 0


def signing_hint(args: argparse.Namespace, url: str) -> str:
    """How to sign against the simulator: its default credentials in full, or a reminder of the ones given."""
    from . import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE

    if args.rsa_public_key:
        credentials = f"api key {args.api_key[:4]}***, the private key of {args.rsa_public_key}, your passphrase"
        example = f'Client(api_key=..., private_key=..., passphrase=..., base_url="{url}")'
    elif (args.api_key, args.api_secret, args.passphrase) == (SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE):
        credentials = f"api key {SIM_API_KEY}, secret {SIM_API_SECRET}, passphrase {SIM_PASSPHRASE} (the defaults)"
        example = f'Client("{SIM_API_KEY}", "{SIM_API_SECRET}", "{SIM_PASSPHRASE}", base_url="{url}")'
    else:
        credentials = f"api key {args.api_key[:4]}***, with the --api-secret and --passphrase given"
        example = f'Client(api_key=..., api_secret=..., passphrase=..., base_url="{url}")'
    return (
        f"sign with {credentials}:\n"
        f"  {example}\n"
        f"  (or BITGET_API_KEY, BITGET_API_SECRET, BITGET_PASSPHRASE); public commands: "
        f"asyncclient ticker BTCUSDT --base-url {url}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="asyncclient sim", description="Serve the Bitget exchange simulator (v2 and v3)."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
