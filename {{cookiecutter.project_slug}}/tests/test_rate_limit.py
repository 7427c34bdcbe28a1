"""Each caller gets so many requests a window: then a 429 with Retry-After in the error
shape; RateLimit headers on every limited answer; health probes are never limited.
{%- if "redis" in features %}
With Redis down or frozen, requests pass or answer 503 as RATE_LIMIT_FAIL_OPEN says, after
one REDIS_TIMEOUT at most, and readiness fails only when they answer 503.
{%- endif %}
"""
{% if "redis" in features %}
import time
{% endif %}
import pytest
from httpx import ASGITransport, AsyncClient{% if "redis" in features %}, Response{% endif %}
from limits import RateLimitItem, parse_many

{% if "jwt" in features -%}
from {{ cookiecutter.package_name }}.identity import CREDENTIAL_PATHS
{% endif -%}
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.rate_limit import dependencies, limiter
{%- if "redis" in features %}
from {{ cookiecutter.package_name }}.rate_limit.config import rate_limit_settings
from {{ cookiecutter.package_name }}.redis.client import breaker, redis
from {{ cookiecutter.package_name }}.settings import settings

from .utils.redis_server import calls_through, own_redis

# Seconds the circuit stays open in these tests: long enough that no trial call happens by
# chance on a busy machine. A test ends the cool-down by setting it to 0 (the next call is
# the trial). MARGIN: what a request that waited for Redis once may take beyond REDIS_TIMEOUT.
COOLDOWN = 60
MARGIN = 1.5
{%- else %}
from {{ cookiecutter.package_name }}.settings import settings
{%- endif %}


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


async def test_every_path_that_checks_a_secret_shares_the_login_limit(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tries at the login leave none for the token grant, the refresh, the password
    change or recovery: guessing through any of them is as slow as through the login.
    """
    monkeypatch.setattr(dependencies, "LOGIN_LIMITS", parse_many("2/minute"))
    form = {"username": "nobody@example.com", "password": "wrong-password"}
    for _ in range(2):
        await client.post("/api/v1/auth/login", data=form)

    answers = {path: await client.post(path, data=form) for path in sorted(CREDENTIAL_PATHS)}

    assert {path: answer.status_code for path, answer in answers.items()} == dict.fromkeys(
        CREDENTIAL_PATHS, 429
    )
    assert (await client.get("/api/v1/items/")).status_code == 401  # the default limit's


async def test_reading_a_credential_path_checks_no_secret_and_counts_as_any_read(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two-factor status is a read: it leaves the login's tries alone."""
    monkeypatch.setattr(dependencies, "LOGIN_LIMITS", parse_many("2/minute"))
    form = {"username": "nobody@example.com", "password": "wrong-password"}

    reads = [await client.get("/api/v1/users/me/two-factor") for _ in range(3)]
    logins = [await client.post("/api/v1/auth/login", data=form) for _ in range(3)]

    assert {read.status_code for read in reads} == {401}
    assert [login.status_code for login in logins] == [401, 401, 429]
{%- endif %}
{%- if "pages_sign_in" in features %}


async def test_the_sign_in_form_counts_against_the_login_limit(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Showing the form is free; each try counts{% if "jwt" in features %}, together with the API's logins{% endif %}."""
    monkeypatch.setattr(dependencies, "LOGIN_LIMITS", parse_many("2/minute"))
    await client.get("/sign-in")
{%- if "jwt" in features %}
    wrong = {"email": "nobody@example.com", "password": "wrong-password"}
{%- else %}
    wrong = {"api_key": "not-a-listed-key"}
{%- endif %}
    wrong["csrf_token"] = client.cookies["csrf_token"]

    tries = [await client.post("/sign-in", data=wrong) for _ in range(3)]

    assert [answer.status_code for answer in tries] == [401, 401, 429]
    assert (await client.get("/sign-in")).status_code == 200
{%- if "jwt" in features %}
    login = {"username": "nobody@example.com", "password": "wrong-password"}
    assert (await client.post("/api/v1/auth/login", data=login)).status_code == 429
{%- endif %}
{%- endif %}
{%- if "redis" in features %}


async def timed_get(client: AsyncClient, path: str) -> tuple[Response, float]:
    started = time.monotonic()
    response = await client.get(path)
    return response, time.monotonic() - started


@pytest.mark.parametrize(("fail_open", "status", "ready"), [(True, 200, 200), (False, 503, 503)])
async def test_with_redis_stopped_requests_pass_or_fail_at_once_as_set(
    api_client: AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    fail_open: bool,
    status: int,
    ready: int,
) -> None:
    monkeypatch.setattr(rate_limit_settings, "RATE_LIMIT_FAIL_OPEN", fail_open)
    async with own_redis(redis.connection_pool) as server:
        server.stop()
        with calls_through(redis.connection_pool) as calls:
            response = await api_client.get("/api/v1/items/")
        readiness = await api_client.get("/health/ready")

    assert response.status_code == status
    assert calls.count == 1  # refused at once, then the circuit kept the rest away
    assert readiness.status_code == ready


async def test_a_frozen_redis_fails_closed_within_one_timeout_then_at_once_until_it_returns(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rate_limit_settings, "RATE_LIMIT_FAIL_OPEN", False)
    monkeypatch.setattr(breaker, "cooldown", COOLDOWN)
    async with own_redis(redis.connection_pool) as server:
        server.freeze()
        first, waited = await timed_get(api_client, "/api/v1/items/")
        with calls_through(redis.connection_pool) as calls:
            during = [await api_client.get("/api/v1/items/") for _ in range(3)]
        readiness = await api_client.get("/health/ready")
        server.resume()
        monkeypatch.setattr(breaker, "cooldown", 0)  # over: the next call is the trial
        back = await api_client.get("/api/v1/items/")
        ready_again = await api_client.get("/health/ready")

    assert first.status_code == 503
    assert first.json()["detail"] == "Rate limits cannot be checked now"
    assert waited < settings.REDIS_TIMEOUT + MARGIN
    assert {response.status_code for response in during} == {503}
    assert calls.count == 0  # the circuit was open: none of them waited for Redis
    assert 0 < int(during[0].headers["retry-after"]) <= COOLDOWN
    assert readiness.status_code == 503
    assert (back.status_code, ready_again.status_code) == (200, 200)


async def test_a_frozen_redis_fails_open_within_one_timeout_and_keeps_the_replica_ready(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(breaker, "cooldown", COOLDOWN)
    async with own_redis(redis.connection_pool) as server:
        server.freeze()
        first, waited = await timed_get(api_client, "/api/v1/items/")
        with calls_through(redis.connection_pool) as calls:
            during = [await api_client.get("/api/v1/items/") for _ in range(3)]
        readiness = await api_client.get("/health/ready")

    assert first.status_code == 200
    assert waited < settings.REDIS_TIMEOUT + MARGIN
    assert {response.status_code for response in during} == {200}
    assert calls.count == 0
    assert readiness.status_code == 200
{%- endif %}
