import pytest
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.core.config import Settings

{%- if cookiecutter.auth == "jwt" %}

STRONG: dict[str, object] = {"SECRET_KEY": "x" * 40, "FIRST_SUPERUSER_PASSWORD": "a-long-password"}
{%- elif cookiecutter.auth == "api_key" %}

STRONG: dict[str, object] = {"API_KEY_HASHES": ["0" * 64]}
{%- else %}

STRONG: dict[str, object] = {}
{%- endif %}


def test_production_accepts_real_secrets() -> None:
    settings = Settings.model_validate({"ENVIRONMENT": "production", "LOG_JSON": None, **STRONG})

    assert settings.log_json is True

{%- if cookiecutter.auth == "jwt" %}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECRET_KEY", "changethis"),
        ("SECRET_KEY", "too-short"),
        ("FIRST_SUPERUSER_PASSWORD", "changethis"),
        ("FIRST_SUPERUSER_PASSWORD", "short"),
    ],
)
def test_production_refuses_placeholder_or_short_secrets(variable: str, value: str) -> None:
    with pytest.raises(ValidationError, match=variable):
        Settings.model_validate({"ENVIRONMENT": "production", **STRONG, variable: value})
{%- elif cookiecutter.auth == "api_key" %}


def test_production_refuses_to_start_without_api_keys() -> None:
    with pytest.raises(ValidationError, match="API_KEY_HASHES"):
        Settings.model_validate({"ENVIRONMENT": "production", "API_KEY_HASHES": []})
{%- endif %}


def test_production_refuses_wildcard_hosts() -> None:
    with pytest.raises(ValidationError, match="ALLOWED_HOSTS"):
        Settings.model_validate({"ENVIRONMENT": "production", "ALLOWED_HOSTS": ["*"], **STRONG})


def test_lists_are_read_from_commas_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "http://a.test, http://b.test")
    monkeypatch.setenv("ALLOWED_HOSTS", '["api.test"]')

    settings = Settings(_env_file=None)

    assert settings.CORS_ORIGINS == ["http://a.test", "http://b.test"]
    assert settings.ALLOWED_HOSTS == ["api.test"]


def test_default_page_size_cannot_exceed_the_maximum() -> None:
    with pytest.raises(ValidationError, match="DEFAULT_PAGE_SIZE"):
        Settings.model_validate({"DEFAULT_PAGE_SIZE": 500, "MAX_PAGE_SIZE": 100})
