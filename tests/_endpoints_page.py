"""Renders ``docs/endpoints.md`` from the catalogue; ``python tests/_endpoints_page.py`` rewrites the page.

``tests/test_v2_catalogue.py`` checks that the page in the repository matches what this renders.
"""

from __future__ import annotations

from pathlib import Path

from asyncclient import Catalogue, default_catalogue

PAGE = Path(__file__).resolve().parents[1] / "docs" / "endpoints.md"

_INTRO = """# Every endpoint and its budget

Generated from `asyncclient/catalogue.csv` by `tests/_endpoints_page.py` (a test checks that they match).
Every request also counts against the overall 6,000 requests per minute per IP, and public market endpoints share
one budget of 20 requests per second per IP on top of their own.

- **budget**: requests per window, counted per **ip** or per **uid** (the account).
- **repeat**: what the client does after a failure whose outcome is unknown: `safe` repeats (reads, setters that
  write an explicit value); `cancel` repeats and counts "already cancelled" as done; `place`/`batch_place` look
  the order up by clientOid (the **lookup** column) before sending again, and never repeat without a lookup;
  `unsafe` never repeats (the caller gets `OutcomeUnknownError`).

A path that is not listed here gets the lowest documented budget, 1 request per 10 seconds on a scope of its own
(public ones also share the market budget), and is repeated only if it is a `GET`. Declare the real budget
to go faster: `Client(limits={"GET /api/v2/...": RateLimit(10, 1)})`.
"""


def render(catalogue: Catalogue) -> str:
    """The page, one table per API group (the first path segment after the version)."""
    groups: dict[str, list[str]] = {}
    for endpoint in catalogue.values():
        parts = endpoint.path.split("/")
        group = f"{parts[2]} {parts[3]}"
        window = f"{endpoint.limit.window:g} s"
        budget = f"{endpoint.limit.limit} / {window} per {endpoint.per}"
        lookup = ", then ".join(f"`{part}`" for part in endpoint.lookup.split("|")) if endpoint.lookup else ""
        auth = "signed" if endpoint.signed else "public"
        row = f"| {endpoint.method} | `{endpoint.path}` | {auth} | {budget} | {endpoint.repeat.value} | {lookup} |"
        groups.setdefault(group, []).append(row)
    lines = [_INTRO]
    for group, rows in groups.items():
        lines += [
            f"## {group}",
            "",
            "| method | path | auth | budget | repeat | lookup |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    PAGE.write_text(render(default_catalogue()), encoding="utf-8")
