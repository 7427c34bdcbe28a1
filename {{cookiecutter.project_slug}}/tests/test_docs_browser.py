"""Chromium opens the docs with every request outside the service refused, and they work.

Swagger UI runs an operation{% if "jwt" in features %} and signs in{% endif %}, ReDoc shows the API, and nothing breaks
the pages' policy. Uses the machine's Chromium, as the other browser tests do; without it the
test is skipped, and under CI=true it fails.
"""

from collections.abc import AsyncIterator

import pytest
from playwright.async_api import ConsoleMessage, Route, async_playwright

from {{ cookiecutter.package_name }}.main import app
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User
{%- endif %}

from .utils.browser import CHROMIUM_ARGS, chromium_path
from .utils.server import serving
{%- if "jwt" in features %}
from .utils.users import PASSWORD
{%- endif %}

# ReDoc credits Redocly with a logo from its CDN, which the pages' policy refuses to load.
REDOC_LOGO = "https://cdn.redoc.ly/"


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    async with serving(app, ws="none") as address:
        yield f"http://{address}"


async def test_the_docs_work_with_the_network_cut_off(base_url: str{% if "jwt" in features %}, user: User{% endif %}) -> None:
    refused: list[str] = []
    errors: list[str] = []

    async def only_the_service(route: Route) -> None:
        if route.request.url.startswith(f"{base_url}/"):
            await route.continue_()
        else:
            refused.append(route.request.url)
            await route.abort()

    def record_error(message: ConsoleMessage) -> None:
        if message.type == "error" and REDOC_LOGO not in message.text:
            errors.append(message.text)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS
        )
        context = await browser.new_context()
        await context.route("**/*", only_the_service)
        page = await context.new_page()
        page.on("console", record_error)
        page.on("pageerror", lambda error: errors.append(str(error)))

        await page.goto(f"{base_url}/docs")
        title = await page.locator(".swagger-ui .info .title").inner_text()
        live = page.locator(".opblock", has_text="/health/live")
        await live.locator(".opblock-summary").click()
        await live.locator("button.try-out__btn").click()
        await live.locator("button.execute").click()
        status = await live.locator(".live-responses-table tbody .response-col_status").inner_text()
{%- if "jwt" in features %}

        # Each flow is a scheme of its own: signing in as a user authorizes that one alone.
        await page.locator(".scheme-container button.authorize").click()
        user_flow = page.locator(".auth-container", has_text="User (OAuth2, password)")
        client_flow = page.locator(".auth-container", has_text="MachineClient")
        await user_flow.locator("#oauth_username").fill(user.email)
        await user_flow.locator("#oauth_password").fill(PASSWORD)
        await user_flow.locator("button.authorize").click()
        await user_flow.locator("button", has_text="Logout").wait_for()
        client_still_offered = await client_flow.locator("button.authorize").count()
{%- endif %}

        await page.goto(f"{base_url}/redoc")
        heading = await page.locator("h1").first.inner_text()
        await browser.close()

    assert app.title in title
    assert status.strip() == "200"
{%- if "jwt" in features %}
    assert client_still_offered == 1
{%- endif %}
    assert app.title in heading
    assert refused == []
    assert errors == []
