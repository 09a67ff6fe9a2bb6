"""Look at the built documentation in a real browser (headless Chromium): screenshots, and checks on the DOM.

``python tests/browser_check.py SITE_DIR [OUT_DIR]`` renders a few pages of a built site (``mkdocs build``),
saves a PNG of each into OUT_DIR and checks that what a reader must see is there after the page's scripts ran:
model fields with their types and meaning, enum members, error attributes, method parameters, no literal Sphinx
roles, and the stylesheet that wraps wide code blocks. Exits 1 listing what is missing. The docs test runs it when
a Chromium is installed.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["EXPECTED", "check_site", "chromium"]

#: page -> texts the rendered page must contain.
EXPECTED: dict[str, tuple[str, ...]] = {
    "reference/models/index.html": (
        "last_price",
        "Decimal | None",
        "Price of the last trade",
        "lastPr",
        "Relative change over 24 hours",
        "MINUTE_1",  # an enum member, with its value on the wire
        "'1m'",
    ),
    "reference/client/index.html": ("Parameters:", "base_url", "scheme and host only", "ClientStateError"),
    "reference/errors/index.html": ("retry_after", "Seconds the exchange asked to wait", "http_status"),
    "reference/spot/index.html": ("history_candles", "granularity", "either product's spelling"),
    "index.html": ("client.spot.ticker", "bitget-asyncclient"),
}
#: Texts no page may contain (reStructuredText roles the Markdown site would print literally).
FORBIDDEN = (":class:", ":meth:", ":func:")
_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str | None:
    """The Chromium binary, if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(binary: str, *args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [binary, *_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    return done.stdout


def check_site(site: Path, out: Path, binary: str) -> list[str]:
    """Screenshot and check every page of EXPECTED; returns the problems found (empty: all good)."""
    problems = []
    out.mkdir(parents=True, exist_ok=True)
    for page, texts in EXPECTED.items():
        url = (site / page).resolve().as_uri()
        png = out / (page.replace("/", "_").removesuffix(".html") + ".png")
        _run(binary, f"--screenshot={png}", "--window-size=1280,2000", url)
        if not png.exists() or png.stat().st_size < 10_000:
            problems.append(f"{page}: no screenshot")
        dom = _run(binary, "--dump-dom", url)
        if "</html>" not in dom:
            problems.append(f"{page}: the browser rendered nothing")
            continue
        # The text a reader sees: tags out (syntax highlighting splits code into spans), entities decoded.
        text_seen = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", dom)))
        problems += [f"{page}: missing {text!r}" for text in texts if text not in text_seen]
        problems += [f"{page}: shows {text!r}" for text in FORBIDDEN if text in text_seen]
        if "stylesheets/extra.css" not in dom:
            problems.append(f"{page}: the stylesheet that wraps code blocks is not linked")
    css = (site / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    if "pre-wrap" not in css:
        problems.append("stylesheets/extra.css: code blocks do not wrap")
    return problems


def main(argv: list[str]) -> int:
    binary = chromium()
    if binary is None:
        print("skipped: no chromium installed (apt-get install -y chromium)")
        return 0
    site = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else site.parent / "screenshots"
    problems = check_site(site, out, binary)
    for problem in problems:
        print(problem)
    print(f"{len(EXPECTED)} pages checked in {binary}, screenshots in {out}: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
