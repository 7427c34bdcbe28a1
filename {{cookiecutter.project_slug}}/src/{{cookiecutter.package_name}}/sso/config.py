"""Which OpenID Connect provider users may sign in with (none until OIDC_ISSUER_URL is set),
and whether passwords still sign in beside it.
"""

from typing import Self

from pydantic import Field, SecretStr, model_validator

from ..core.config import SettingsBase


class SingleSignOnSettings(SettingsBase):
    # The provider's issuer URL, as its ID tokens name it; its configuration is read from
    # <issuer>/.well-known/openid-configuration. Empty: single sign-on is off.
    OIDC_ISSUER_URL: str = ""
    # The client registered at the provider, whose redirect URI is this service's
    # <API_V1_PREFIX>/auth/sso/callback (and /sign-in/sso/callback with the pages).
    OIDC_CLIENT_ID: str = ""
    OIDC_CLIENT_SECRET: SecretStr = SecretStr("")
    OIDC_SCOPES: str = "openid email profile"
    # The name the sign-in page gives the provider ("Sign in with ...").
    OIDC_PROVIDER_NAME: str = Field(default="single sign-on", max_length=64)
    # Seconds to wait for the provider before answering 503.
    OIDC_TIMEOUT_SECONDS: float = Field(default=5.0, gt=0)
    # A first sign-in with an address no account has makes one (the provider vouches for
    # the address); false: only existing accounts sign in this way.
    OIDC_CREATES_ACCOUNTS: bool = True
    # The provider is the only way in: the password sign-in, sign-up, password recovery and
    # password change routes are not served (the API's and the pages').
    OIDC_ONLY: bool = False

    @model_validator(mode="after")
    def _check_provider(self) -> Self:
        if not self.OIDC_ISSUER_URL:
            if self.OIDC_ONLY:
                raise ValueError("OIDC_ONLY needs a provider: set OIDC_ISSUER_URL")
            return self
        if not self.OIDC_CLIENT_ID:
            raise ValueError("OIDC_CLIENT_ID must be set when OIDC_ISSUER_URL is")
        if "openid" not in self.OIDC_SCOPES.split():
            raise ValueError("OIDC_SCOPES must include openid")
        if self.is_production and not self.OIDC_ISSUER_URL.startswith("https://"):
            raise ValueError("OIDC_ISSUER_URL must be an https:// URL in production")
        return self


sso_settings = SingleSignOnSettings()


def single_sign_on() -> bool:
    """Whether a provider is configured: its routes are served only then."""
    return bool(sso_settings.OIDC_ISSUER_URL)


def password_sign_in() -> bool:
    """Whether passwords sign in: the routes that take or set one are served only then."""
    return not sso_settings.OIDC_ONLY
