"""Settings of the API keys the service accepts."""

from typing import Self

from pydantic import Field, model_validator

from ..core.config import SettingsBase, StrList


class ApiKeySettings(SettingsBase):
    API_KEY_HASHES: StrList = Field(default_factory=list)

    @model_validator(mode="after")
    def _require_a_key_in_production(self) -> Self:
        if self.is_production and not self.API_KEY_HASHES:
            raise ValueError("API_KEY_HASHES must list at least one key digest in production")
        return self


api_key_settings = ApiKeySettings()
