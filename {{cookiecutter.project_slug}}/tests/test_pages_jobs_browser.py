"""In a real browser (headless Chromium), the jobs page's button starts an export, the
worker does it, and its CSV downloads from the list as a file.
"""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import AsyncClient
from playwright.async_api import async_playwright

from {{ cookiecutter.package_name }}.main import app

from .utils.browser import CHROMIUM_ARGS, chromium_path
from .utils.server import serving
from .utils.worker import WAIT

POLL = 0.2


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    """The app served over real HTTP on the tests' own event loop (and so their database)."""
    async with serving(app, ws="none") as address:
        yield f"http://{address}"


@pytest.mark.usefixtures("worker")
async def test_an_export_started_in_the_browser_downloads_as_a_csv_file(
    base_url: str, page_client: AsyncClient, tmp_path: Path
) -> None:
    await page_client.post("/api/v1/items/", json={"title": "Exported from a browser"})

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        context = await browser.new_context(accept_downloads=True)
        session = page_client.cookies.get("session")
        if session is not None:  # signed in as the sign-in form leaves a browser
            await context.add_cookies([{"name": "session", "value": session, "url": base_url}])
        page = await context.new_page()
        await page.goto(f"{base_url}/jobs")
        await page.click("text=Export my items to CSV")
        await page.wait_for_url(f"{base_url}/jobs")
        link = page.locator("text=Download CSV")
        for _ in range(int(WAIT / POLL)):
            if await link.count():
                break
            await asyncio.sleep(POLL)
            await page.reload()
        async with page.expect_download() as started:
            await link.click()
        download = await started.value
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        await browser.close()

    assert download.suggested_filename.startswith("items-")
    assert download.suggested_filename.endswith(".csv")
    assert "Exported from a browser" in saved.read_text(encoding="utf-8")
