"""Settings of the pages' sign-in: how long it lasts, and whether its cookies need HTTPS."""

from pydantic import Field

from ..core.config import SettingsBase


class PagesSettings(SettingsBase):
    PAGES_SESSION_MINUTES: int = Field(default=60, ge=1)
    PAGES_SECURE_COOKIES: bool | None = None

    @property
    def pages_secure_cookies(self) -> bool:
        """Cookies go over HTTPS only: in production unless the setting says otherwise."""
        if self.PAGES_SECURE_COOKIES is None:
            return self.is_production
        return self.PAGES_SECURE_COOKIES


pages_settings = PagesSettings()
