"""A real browser (headless Chromium) opens the admin after the pages' sign-in and changes an
item through its form as an admin, and is turned away as a member; it leaves a screenshot.

Uses the machine's Chromium, as the pages' browser test does; without it the test is skipped,
and under CI=true it fails.
"""

from pathlib import Path

from playwright.async_api import Page, async_playwright
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.main import app
from {{ cookiecutter.package_name }}.users.models import User

from .utils.browser import CHROMIUM_ARGS, chromium_path
from .utils.server import serving
from .utils.users import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


async def sign_in(page: Page, base_url: str, user: User) -> None:
    """Open the admin and sign in where it sends a stranger: the pages' sign-in form."""
    await page.goto(f"{base_url}/admin/")
    await page.wait_for_url(f"{base_url}/sign-in")
    await page.fill("#email", user.email)
    await page.fill("#password", PASSWORD)
    await page.click("main button[type=submit]")
    await page.wait_for_url(f"{base_url}/items")


async def test_an_admin_changes_an_item_in_the_browser(
    session: AsyncSession, admin: User, user: User
) -> None:
    item = Item(title="Seen in the admin", owner_id=user.id)
    session.add(item)
    await session.commit()
    chromium = chromium_path()
    screenshot = ARTIFACTS / "admin-items.png"
    ARTIFACTS.mkdir(exist_ok=True)

    async with serving(app) as address, async_playwright() as playwright:
        base_url = f"http://{address}"
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        await sign_in(page, base_url, admin)
        await page.goto(f"{base_url}/admin/item/edit?pk={item.id}")
        await page.fill("input[name=title]", "Changed in the admin")
        # The plain "Save" (the others have names); its accessible name changes once the
        # icon font it holds has loaded, so it is found by its text.
        await page.locator("form button[type=submit]:not([name])", has_text="Save").click()
        await page.wait_for_url(f"{base_url}/admin/item/list")
        listed = await page.inner_text("body")
        await page.screenshot(path=screenshot, full_page=True)
        await browser.close()

    print(f"screenshot: {screenshot}")  # noqa: T201
    assert "Changed in the admin" in listed
    await session.refresh(item)
    assert item.title == "Changed in the admin"


async def test_a_member_is_turned_away_in_the_browser(user: User) -> None:
    chromium = chromium_path()

    async with serving(app) as address, async_playwright() as playwright:
        base_url = f"http://{address}"
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = await browser.new_page()
        await sign_in(page, base_url, user)
        refused = await page.goto(f"{base_url}/admin/")
        shown = await page.inner_text("body")
        await browser.close()

    assert refused is not None
    assert refused.status == 403
    assert "none of the permissions the admin needs" in shown
