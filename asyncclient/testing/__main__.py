"""``python -m asyncclient.testing``: serve the simulator (same options as ``asyncclient sim``)."""

import sys

from ._cli import main

sys.exit(main())
