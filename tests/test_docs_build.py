"""The documentation builds with ``mkdocs build --strict``: every page, link and API reference resolves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_the_docs_build_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-4000:]
    # The API reference was generated from docstrings, and the example is included in its recipe.
    client_page = (site / "reference" / "client" / "index.html").read_text()
    assert "An async client for the Bitget v2 REST API" in client_page
    services = (site / "recipes" / "services" / "index.html").read_text()
    assert "create_app" in services and "client_factory" in services
    assert (site / "errors" / "index.html").exists() and (site / "cli" / "index.html").exists()
