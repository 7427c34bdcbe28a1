"""The pages count against the caller's rate limit as the API does: once it is used up, a
page or a form answers the 429 error shape, and a refused form writes nothing.
"""

import pytest
from httpx import AsyncClient
from limits import parse_many

from {{ cookiecutter.package_name }}.rate_limit import dependencies, limiter

from .utils.forms import form_token


@pytest.fixture(autouse=True)
async def three_per_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    await limiter.storage.reset()
    monkeypatch.setattr(dependencies, "DEFAULT_LIMITS", parse_many("3/minute"))


async def test_the_fourth_page_in_a_minute_is_refused(page_client: AsyncClient) -> None:
    answers = [await page_client.get(path) for path in ("/", "/items", "/items/new", "/items")]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.json()["error_code"] == "too_many_requests"
    assert refused.json()["request_id"]
    assert 0 < int(refused.headers["retry-after"]) <= 60


async def test_a_form_sent_once_too_often_adds_nothing(page_client: AsyncClient) -> None:
    token = await form_token(page_client, "/items/new")
    sent = [
        await page_client.post("/items", data={"csrf_token": token, "title": f"Item {number}"})
        for number in range(3)
    ]
    await limiter.storage.reset()
    listed = (await page_client.get("/api/v1/items/")).json()["items"]

    assert [answer.status_code for answer in sent] == [303, 303, 429]
    assert sorted(item["title"] for item in listed) == ["Item 0", "Item 1"]
