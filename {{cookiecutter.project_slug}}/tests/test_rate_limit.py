"""Each caller gets so many requests a window: then a 429 with Retry-After in the error
shape; RateLimit headers on every limited answer; health probes are never limited.
"""

import pytest
from httpx import ASGITransport, AsyncClient
from limits import RateLimitItem, parse_many
{%- if "redis" in features %}
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
{%- endif %}

from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.rate_limit import dependencies, limiter
from {{ cookiecutter.package_name }}.settings import settings


@pytest.fixture
def three_per_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dependencies, "DEFAULT_LIMITS", parse_many("3/minute"))


@pytest.fixture(autouse=True)
async def _fresh_counts() -> None:
    await limiter.storage.reset()


async def test_the_fourth_request_in_a_minute_is_refused(
    api_client: AsyncClient, three_per_minute: None
) -> None:
    answers = [await api_client.get("/api/v1/items/") for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.json()["error_code"] == "too_many_requests"
    assert refused.json()["request_id"]
    assert 0 < int(refused.headers["retry-after"]) <= 60


async def test_limited_answers_say_what_is_left(
    api_client: AsyncClient, three_per_minute: None
) -> None:
    first = await api_client.get("/api/v1/items/")
    second = await api_client.get("/api/v1/items/")

    assert first.headers["ratelimit-limit"] == "3"
    assert (first.headers["ratelimit-remaining"], second.headers["ratelimit-remaining"]) == (
        "2",
        "1",
    )
    assert 0 < int(first.headers["ratelimit-reset"]) <= 60


async def test_health_probes_are_not_limited(client: AsyncClient, three_per_minute: None) -> None:
    answers = [await client.get("/health/live") for _ in range(5)]

    assert {answer.status_code for answer in answers} == {200}
    assert "ratelimit-limit" not in answers[0].headers


async def test_openapi_documents_the_429(client: AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()

    assert "429" in schema["paths"]["/api/v1/items/"]["get"]["responses"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "counted"),
    [
        ("203.0.113.9", "198.51.100.1", "address:203.0.113.9"),  # not a trusted proxy: ignored
        ("127.0.0.1", "198.51.100.1", "address:127.0.0.1"),  # the server trusts no one itself
        ("10.0.0.2", "198.51.100.1", "address:198.51.100.1"),
        ("10.0.0.2", "198.51.100.1, 10.0.0.3", "address:198.51.100.1"),  # two proxies deep
        ("10.0.0.2", "", "address:10.0.0.2"),
    ],
)
async def test_requests_count_against_a_forwarded_address_only_from_trusted_proxies(
    monkeypatch: pytest.MonkeyPatch, peer: str, forwarded: str, counted: str
) -> None:
    monkeypatch.setattr(settings, "TRUSTED_PROXIES", ["10.0.0.0/8"])
    identities: list[str] = []

    async def count(limits: list[RateLimitItem], identity: str) -> dict[str, str]:
        identities.append(identity)
        return {}

    monkeypatch.setattr(dependencies, "check_limits", count)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    transport = ASGITransport(app=create_app(), client=(peer, 4000))
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        await client.get("/api/v1/items/", headers=headers)

    assert identities == [counted]
{%- if "jwt" in features %}


async def test_logging_in_is_limited_per_address(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dependencies, "LOGIN_LIMITS", parse_many("2/minute"))
    form = {"username": "nobody@example.com", "password": "wrong-password"}

    answers = [await client.post("/api/v1/auth/login", data=form) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [401, 401, 429]
{%- endif %}
{%- if "redis" in features %}


@pytest.mark.parametrize(("fail_open", "status"), [(True, 200), (False, 503)])
async def test_with_redis_down_requests_pass_or_fail_as_set(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch, fail_open: bool, status: int
) -> None:
    unreachable = RedisStorage(
        "redis://127.0.0.1:1/0",
        implementation="redispy",
        wrap_exceptions=True,
        socket_connect_timeout=0.2,
    )
    monkeypatch.setattr(dependencies, "limiter", MovingWindowRateLimiter(unreachable))
    monkeypatch.setattr(settings, "RATE_LIMIT_FAIL_OPEN", fail_open)

    response = await api_client.get("/api/v1/items/")

    assert response.status_code == status
{%- endif %}
