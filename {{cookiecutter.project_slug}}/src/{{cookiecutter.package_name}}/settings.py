"""Every setting of the service at once: the core's and each feature's own part.

Code reads its own part (`db.config.database_settings`, `auth.config.auth_settings`, ...);
this composite is for the entry points, which import it to validate the whole environment
at start-up and report every wrong setting together. Only the top imports it (`main.py`,
the migrations, command-line entry points); a package below that reads its own part.
Every setting is documented, with its default, in `.env.example`.
"""

{% if "admin" in features -%}
from .admin.config import AdminSettings
{% endif -%}
{% if "api_key" in features -%}
from .api_keys.config import ApiKeySettings
{% endif -%}
{% if "jwt" in features -%}
from .auth.config import AuthSettings
{% endif -%}
{% if "cache" in features -%}
from .cache.config import CacheSettings
{% endif -%}
from .core.config import CoreSettings
{% if "jwt" in features -%}
from .credentials.config import PasswordSettings
{% endif -%}
from .db.config import DatabaseSettings
{% if "file_transfer" in features -%}
from .files.config import FileTransferSettings
{% endif -%}
{% if "mail" in features -%}
from .mail.config import MailSettings
{% endif -%}
{% if "observability" in features -%}
from .observability.config import ObservabilitySettings
{% endif -%}
{% if "outbound" in features -%}
from .outbound.config import OutboundSettings
{% endif -%}
{% if "pages" in features -%}
from .pages.config import PagesSettings
{% endif -%}
{% if "rate_limit" in features -%}
from .rate_limit.config import RateLimitSettings
{% endif -%}
{% if "websockets" in features -%}
from .realtime.config import RealtimeSettings
{% endif -%}
{% if "redis" in features -%}
from .redis.config import RedisSettings
{% endif -%}
{% if "jwt" in features -%}
from .sso.config import SingleSignOnSettings
{% endif -%}
{% if "celery" in features -%}
from .worker.config import CelerySettings
{% endif %}

class Settings(
{%- if "admin" in features %}
    AdminSettings,
{%- endif %}
{%- if "jwt" in features %}
    AuthSettings,
    PasswordSettings,
    SingleSignOnSettings,
{%- endif %}
{%- if "api_key" in features %}
    ApiKeySettings,
{%- endif %}
{%- if "redis" in features %}
    RedisSettings,
{%- endif %}
{%- if "cache" in features %}
    CacheSettings,
{%- endif %}
{%- if "celery" in features %}
    CelerySettings,
{%- endif %}
{%- if "mail" in features %}
    MailSettings,
{%- endif %}
{%- if "rate_limit" in features %}
    RateLimitSettings,
{%- endif %}
{%- if "file_transfer" in features %}
    FileTransferSettings,
{%- endif %}
{%- if "observability" in features %}
    ObservabilitySettings,
{%- endif %}
{%- if "outbound" in features %}
    OutboundSettings,
{%- endif %}
{%- if "pages" in features %}
    PagesSettings,
{%- endif %}
{%- if "websockets" in features %}
    RealtimeSettings,
{%- endif %}
    DatabaseSettings,
    CoreSettings,
):
    """Every setting the service reads; each base class is one feature's part."""


settings = Settings()
