"""The command line's subcommands (demo, quick looks, collector); each module registers its own parser.

Nothing here is imported by the library itself; ``rich`` and ``uvicorn`` are imported only when a command
runs.
"""
