"""The ``asyncclient`` command line: one subcommand per job (``asyncclient sim`` serves the simulator).

Each subcommand registers its own parser and sets ``run`` (a function of the parsed options returning the exit
code); heavy imports happen only when a command runs, so ``--help`` and ``--version`` need no extra, and a
command whose extra is missing names it (exit 2) instead of failing with a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

__all__ = ["build_parser", "main"]

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def _register_sim(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .testing import _cli as sim_cli

    parser = commands.add_parser(
        "sim",
        help="serve the exchange simulator on a local port",
        description="Serve the Bitget exchange simulator (v2 and v3): registers one account with demo balances and "
        "serves until stopped (Ctrl-C).",
    )
    sim_cli.add_arguments(parser)
    parser.set_defaults(run=sim_cli.run)


def _register_demo(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ._cli import demo

    demo.register(commands)


def _register_quicklooks(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ._cli import quicklook

    quicklook.register(commands)


def _register_collect(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ._cli import collect

    collect.register(commands)


#: Subcommand registrations, in the order ``--help`` lists them.
COMMANDS: list[Register] = [_register_demo, _register_quicklooks, _register_collect, _register_sim]


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from ._dist import DISTRIBUTION, installed_version

    parser = argparse.ArgumentParser(prog="asyncclient", description="Bitget (v2 and v3) from the command line.")
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {installed_version(__version__)} ({DISTRIBUTION})"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in COMMANDS:
        register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    from ._dist import MissingExtraError

    try:
        return run(args)
    except MissingExtraError as exc:
        print(f"asyncclient: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader left early (`asyncclient book BTCUSDT | head -3`): not a failure of the command. Point
        # stdout at devnull so the interpreter's own flush at exit does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
