"""Whether the admin is served: outside production, or where the setting turns it on."""

from ..core.config import SettingsBase


class AdminSettings(SettingsBase):
    # Serve /admin; unset: everywhere but production.
    ADMIN_ENABLED: bool | None = None

    @property
    def admin_served(self) -> bool:
        return not self.is_production if self.ADMIN_ENABLED is None else self.ADMIN_ENABLED


admin_settings = AdminSettings()
