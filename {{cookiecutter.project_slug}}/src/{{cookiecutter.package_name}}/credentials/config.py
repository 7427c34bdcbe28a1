"""What each password hash costs: argon2id's passes over memory, and the memory it fills."""

from typing import Self

from pydantic import Field, model_validator

from ..core.config import SettingsBase

# OWASP's least: 19 MiB and two passes, or the same work spread otherwise.
MIN_HASH_WORK = 19 * 1024 * 2


class PasswordSettings(SettingsBase):
    # argon2's defaults (RFC 9106's second recommendation): about 0.1 s and 64 MiB a hash,
    # one at a time per core. A stored hash made with other costs is redone at its next
    # sign-in.
    PASSWORD_HASH_TIME_COST: int = Field(default=3, ge=1)
    PASSWORD_HASH_MEMORY_KIB: int = Field(default=64 * 1024, ge=64)

    @model_validator(mode="after")
    def _refuse_weak_hashes_in_production(self) -> Self:
        work = self.PASSWORD_HASH_TIME_COST * self.PASSWORD_HASH_MEMORY_KIB
        if self.is_production and work < MIN_HASH_WORK:
            raise ValueError(
                "PASSWORD_HASH_TIME_COST * PASSWORD_HASH_MEMORY_KIB must be at least "
                f"{MIN_HASH_WORK} (19 MiB and 2 passes) in production"
            )
        return self


password_settings = PasswordSettings()
