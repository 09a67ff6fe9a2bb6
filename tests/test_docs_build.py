"""The documentation builds with ``mkdocs build --strict``: every page, link and API reference resolves."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest
from browser_check import EXPECTED, check_site, chromium

from asyncclient import api

ROOT = Path(__file__).parent.parent


def build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("docs") / "site"
    result = build(site)
    assert result.returncode == 0, result.stderr[-4000:]
    # The API reference was generated from docstrings, and the example is included in its recipe.
    client_page = (site / "reference" / "client" / "index.html").read_text()
    assert "An async client for the Bitget v2 REST API" in client_page
    services = (site / "recipes" / "services" / "index.html").read_text()
    assert "create_app" in services and "client_factory" in services
    assert (site / "errors" / "index.html").exists() and (site / "cli" / "index.html").exists()
    return site


def test_the_docs_build_strictly(site: Path) -> None:
    assert (site / "index.html").exists()


def test_the_reference_shows_fields_members_attributes_and_parameters(site: Path) -> None:
    models = (site / "reference" / "models" / "index.html").read_text()
    assert "last_price" in models and "Price of the last trade" in models and "lastPr" in models
    assert "MINUTE_1" in models and "<code>'1m'</code> on the wire" in models  # an enum member, its wire value
    errors = (site / "reference" / "errors" / "index.html").read_text()
    assert "retry_after" in errors and "client_oids" in errors
    client = (site / "reference" / "client" / "index.html").read_text()
    assert ":class:" not in client and "scheme and host only" in client
    assert "white-space: pre-wrap" in (site / "stylesheets" / "extra.css").read_text()


#: Each v2 typed group and the reference page that documents it.
GROUP_PAGES = {
    "SpotAPI": "spot",
    "FuturesAPI": "futures",
    "WalletAPI": "wallet",
    "MarginAPI": "margin",
    "IsolatedMarginAPI": "margin",
    "AccountAPI": "account",
    "CommonAPI": "account",
    "ConvertAPI": "convert",
    "TaxAPI": "tax",
}


def test_the_reference_lists_every_typed_method(site: Path) -> None:
    """Every public method of every v2 group (inherited from its mixins too) has an entry on its page."""
    missing = []
    for group, page in GROUP_PAGES.items():
        html = (site / "reference" / page / "index.html").read_text()
        for name, member in inspect.getmembers(getattr(api, group)):
            if not name.startswith("_") and callable(member) and f'id="asyncclient.api.{group}.{name}"' not in html:
                missing.append(f"{group}.{name}")
    assert missing == []


def test_the_built_pages_in_a_browser(site: Path, tmp_path: Path) -> None:
    """Screenshots and DOM checks in headless Chromium (tests/browser_check.py), when one is installed."""
    binary = chromium()
    if binary is None:
        pytest.skip(
            "no chromium installed, so the built pages were not checked in a browser (apt-get install chromium)"
        )
    problems = check_site(site, tmp_path / "screenshots", binary)
    assert problems == []
    assert len(list((tmp_path / "screenshots").glob("*.png"))) == len(EXPECTED)
