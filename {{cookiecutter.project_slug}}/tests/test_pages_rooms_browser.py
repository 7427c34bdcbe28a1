"""In a real browser (headless Chromium), two tabs of the rooms page{% if "pages_sign_in" in features %}, signed in,{% endif %} talk to each
other under the pages' Content-Security-Policy, with no credential typed anywhere.
"""

from pathlib import Path

from httpx import AsyncClient
from playwright.async_api import ConsoleMessage, async_playwright

from .utils.browser import CHROMIUM_ARGS, chromium_path

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


async def test_a_message_typed_in_one_tab_appears_in_the_other(
    address: str, page_client: AsyncClient
) -> None:
    base_url = f"http://{address}"
    complaints: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error":
            complaints.append(message.text)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        context = await browser.new_context()
        session = page_client.cookies.get("session")
        if session is not None:  # signed in, as the sign-in form leaves a browser
            await context.add_cookies([{"name": "session", "value": session, "url": base_url}])
        first, second = await context.new_page(), await context.new_page()
        for page in (first, second):
            page.on("console", note)
            await page.goto(f"{base_url}/rooms")
            await page.click("#join button")
            await page.wait_for_selector("#status:has-text('In lobby as')")

        await first.fill("#text", "Hello from the first tab")
        await first.click("#say button")
        await second.wait_for_selector("#messages li:has-text('Hello from the first tab')")
        ARTIFACTS.mkdir(exist_ok=True)
        await second.screenshot(path=ARTIFACTS / "rooms-page.png", full_page=True)
        await browser.close()

    assert complaints == []
