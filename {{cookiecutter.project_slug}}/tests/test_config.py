"""The core settings: how lists are read, and what production refuses."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.core.config import CoreSettings


def test_production_turns_on_json_logs() -> None:
    settings = CoreSettings.model_validate({"ENVIRONMENT": "production", "LOG_JSON": None})

    assert settings.log_json is True


def test_production_refuses_wildcard_hosts() -> None:
    with pytest.raises(ValidationError, match="ALLOWED_HOSTS"):
        CoreSettings.model_validate({"ENVIRONMENT": "production", "ALLOWED_HOSTS": ["*"]})


def test_lists_are_read_from_commas_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "http://a.test, http://b.test")
    monkeypatch.setenv("ALLOWED_HOSTS", '["api.test"]')

    settings = CoreSettings(_env_file=None)

    assert settings.CORS_ORIGINS == ["http://a.test", "http://b.test"]
    assert settings.ALLOWED_HOSTS == ["api.test"]


def test_the_tests_read_no_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PROJECT_NAME=From a developer's .env\n")
    monkeypatch.chdir(tmp_path)

    assert CoreSettings().PROJECT_NAME != "From a developer's .env"


def test_default_page_size_cannot_exceed_the_maximum() -> None:
    with pytest.raises(ValidationError, match="DEFAULT_PAGE_SIZE"):
        CoreSettings.model_validate({"DEFAULT_PAGE_SIZE": 500, "MAX_PAGE_SIZE": 100})


def test_trusted_proxies_are_addresses_networks_or_any() -> None:
    settings = CoreSettings.model_validate({"TRUSTED_PROXIES": ["10.0.0.0/8", "::1", "*"]})

    assert settings.TRUSTED_PROXIES == ["10.0.0.0/8", "::1", "*"]
    with pytest.raises(ValidationError, match="TRUSTED_PROXIES"):
        CoreSettings.model_validate({"TRUSTED_PROXIES": ["proxy.internal"]})
