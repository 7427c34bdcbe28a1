"""Where outgoing e-mail goes and whom it is from."""

from pydantic import Field

from ..core.config import SettingsBase


class MailSettings(SettingsBase):
    SMTP_HOST: str = "127.0.0.1"
    SMTP_PORT: int = Field(default=1025, ge=1, le=65535)
    SMTP_USER: str | None = None
    SMTP_PASSWORD: str | None = None
    # STARTTLS upgrades a plain connection (usually port 587); TLS starts encrypted (465).
    SMTP_STARTTLS: bool = False
    SMTP_TLS: bool = False
    # Seconds one message may take, from connecting to the server's last reply.
    SMTP_TIMEOUT: float = Field(default=10, gt=0)
{%- if "mail_tasks" not in features %}
    # Messages the API sends at once; the rest wait their turn, so a slow server is not
    # also handed a connection for every request that asked for mail.
    MAIL_MAX_CONCURRENT_SENDS: int = Field(default=10, ge=1)
{%- endif %}
    MAIL_FROM: str = "{{ cookiecutter.project_slug }} <noreply@example.com>"


mail_settings = MailSettings()
