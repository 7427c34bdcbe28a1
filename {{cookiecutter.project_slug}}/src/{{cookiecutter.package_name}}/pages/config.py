"""Settings of the pages: whether their cookies need HTTPS{% if "pages_sign_in" in features %}, and how long a sign-in lasts{% endif %}."""

{% if "pages_sign_in" in features -%}
from pydantic import Field

{% endif -%}
from ..core.config import SettingsBase


class PagesSettings(SettingsBase):
{%- if "pages_sign_in" in features %}
    PAGES_SESSION_MINUTES: int = Field(default=60, ge=1)
{%- endif %}
    PAGES_SECURE_COOKIES: bool | None = None

    @property
    def pages_secure_cookies(self) -> bool:
        """Cookies go over HTTPS only: in production unless the setting says otherwise."""
        if self.PAGES_SECURE_COOKIES is None:
            return self.is_production
        return self.PAGES_SECURE_COOKIES


pages_settings = PagesSettings()
