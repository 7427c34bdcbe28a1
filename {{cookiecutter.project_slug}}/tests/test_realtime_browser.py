"""A real browser (headless Chromium) opens the demo page in two tabs, and a message typed in
one appears in the other, under the page's Content-Security-Policy.

Uses the machine's Chromium (Debian: `apt-get install -y --no-install-recommends chromium`),
driven by Playwright; Playwright's own browser download is not needed.
"""

from pathlib import Path

import pytest
from playwright.async_api import ConsoleMessage, Page, async_playwright

from .utils.browser import CHROMIUM_ARGS, chromium_path

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def chromium() -> str:
    return chromium_path()


async def join(page: Page, url: str, credential: list[str] | None) -> None:
    await page.goto(url)
    if credential:
        await page.fill("#credential", credential[1])
    await page.click("#join button")
    await page.wait_for_selector("#status:has-text('In lobby as')")


async def test_a_message_typed_in_one_tab_appears_in_the_other(
    chromium: str, address: str, credential: list[str] | None
) -> None:
    complaints: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error":
            complaints.append(message.text)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        first, second = await browser.new_page(), await browser.new_page()
        for page in (first, second):
            page.on("console", note)
            await join(page, f"http://{address}/ws-demo", credential)

        await first.fill("#text", "Hello from the first tab")
        await first.click("#say button")
        await second.wait_for_selector("#messages li:has-text('Hello from the first tab')")
        ARTIFACTS.mkdir(exist_ok=True)
        await second.screenshot(path=ARTIFACTS / "rooms-demo.png", full_page=True)
        await browser.close()

    assert complaints == []
