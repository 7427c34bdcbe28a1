"""A real browser (headless Chromium){% if "pages_sign_in" in features %} signs in and{% endif %} sees the item list, and leaves a screenshot.

Uses the machine's Chromium (Debian: `apt-get install -y --no-install-recommends chromium`),
driven by Playwright; Playwright's own browser download is not needed. Without Chromium the
test is skipped, and under CI=true it fails.
"""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from httpx import AsyncClient
from playwright.async_api import async_playwright

{% if "pages_accounts" in features -%}
from {{ cookiecutter.package_name }}.auth.config import auth_settings
{% endif -%}
from {{ cookiecutter.package_name }}.main import app
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User

from .utils.browser import CHROMIUM_ARGS, chromium_path
from .utils.mailbox import Mailbox, link_in
from .utils.server import serving
from .utils.users import PASSWORD
{%- elif "api_key" in features %}

from .conftest import TEST_API_KEY
from .utils.browser import CHROMIUM_ARGS, chromium_path
from .utils.server import serving
{%- else %}

from .utils.browser import CHROMIUM_ARGS, chromium_path
from .utils.server import serving
{%- endif %}

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture
def chromium() -> str:
    return chromium_path()


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    """The app served over real HTTP on the tests' own event loop (and so their database)."""
    async with serving(app, ws="none") as address:
        yield f"http://{address}"


async def test_browser_{% if "pages_sign_in" in features %}signs_in_and_{% endif %}sees_the_items(
    chromium: str, base_url: str, api_client: AsyncClient{% if "jwt" in features %}, user: User{% endif %}
) -> None:
    await api_client.post("/api/v1/items/", json={"title": "Seen in a browser"})
    screenshot = ARTIFACTS / "items-page.png"
    ARTIFACTS.mkdir(exist_ok=True)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        await page.goto(f"{base_url}/items")
{%- if "jwt" in features %}
        await page.fill("#email", user.email)
        await page.fill("#password", PASSWORD)
        await page.click("main button[type=submit]")
{%- elif "api_key" in features %}
        await page.fill("#api_key", TEST_API_KEY)
        await page.click("main button[type=submit]")
{%- endif %}
        await page.wait_for_url(f"{base_url}/items")
        listed = await page.inner_text("main")
        await page.screenshot(path=screenshot, full_page=True)

        # Added through the form, then changed, as a person would.
        await page.click("text=New item")
        await page.fill("#title", "Added in a browser")
        await page.fill("#description", "through the form")
        await page.click("main form button[type=submit]")
        await page.wait_for_url(f"{base_url}/items")
        added = await page.inner_text("main")
        await page.locator("li", has_text="Added in a browser").locator("a.edit").click()
        await page.fill("#title", "Changed in a browser")
        await page.click("text=Save")
        await page.wait_for_url(f"{base_url}/items")
        changed = await page.inner_text("main")
        await browser.close()

    print(f"screenshot: {screenshot}")  # noqa: T201
    assert "Seen in a browser" in listed
    assert screenshot.stat().st_size > 0
    assert "Added in a browser: through the form" in added
    assert "Changed in a browser: through the form" in changed
{%- if "pages_accounts" in features %}


async def test_browser_resets_a_forgotten_password_from_the_emails_link(
    chromium: str, base_url: str, user: User, mailbox: Mailbox
) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        await page.goto(f"{base_url}/sign-in")
        await page.click("text=Forgot your password?")
        await page.fill("#email", user.email)
        await page.click("main button[type=submit]")
        await page.wait_for_selector("[role=status]")
        (message,) = await mailbox.wait_for(1)
        await page.goto(base_url + link_in(message))
        await page.fill("#new_password", "a-brand-new-password")
        await page.click("main button[type=submit]")
        await page.click("main a[href='/sign-in']")
        await page.fill("#email", user.email)
        await page.fill("#password", "a-brand-new-password")
        await page.click("main button[type=submit]")
        await page.wait_for_url(f"{base_url}/items")
        await browser.close()


async def test_browser_signs_up_and_confirms_the_address_from_the_emails_link(
    chromium: str, base_url: str, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server runs in this process, so its settings are these.
    monkeypatch.setattr(auth_settings, "REGISTRATION_OPEN", True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        await page.goto(f"{base_url}/sign-in")
        await page.click("text=Create an account")
        await page.fill("#email", "new@example.com")
        await page.fill("#full_name", "Ada Lovelace")
        await page.fill("#password", PASSWORD)
        await page.click("main button[type=submit]")
        await page.wait_for_selector("[role=status]")
        (message,) = await mailbox.wait_for(1)
        await page.goto(base_url + link_in(message))
        await page.click("main button[type=submit]")
        verified = await page.inner_text("main h1")
        await page.click("main a[href='/sign-in']")
        await page.fill("#email", "new@example.com")
        await page.fill("#password", PASSWORD)
        await page.click("main button[type=submit]")
        await page.wait_for_url(f"{base_url}/items")
        await browser.close()

    assert verified == "Your address is verified"
{%- endif %}
