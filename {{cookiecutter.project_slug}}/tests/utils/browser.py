"""The machine's Chromium for the browser tests, driven by Playwright without its download."""

import shutil

from . import unavailable

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str:
    """Where Chromium is; without it the test is skipped, and under CI=true it fails."""
    # Debian's and Ubuntu's package names, and the Chrome GitHub's runners come with.
    names = ("chromium", "chromium-browser", "google-chrome")
    path = next(filter(None, map(shutil.which, names)), None)
    if path is None:
        install = "apt-get install -y --no-install-recommends chromium"
        unavailable(f"Chromium is not installed: {install}")
    return path
