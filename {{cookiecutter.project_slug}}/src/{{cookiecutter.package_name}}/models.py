"""Every model, imported in one place so Alembic and relationships see them all: the model
registry, above the features it lists; nothing below it imports it.
"""

{% if "jwt" in features -%}
from .audit.models import SecurityEvent
from .clients.models import MachineClient
{% endif -%}
from .db.base import Base
{% if "file_transfer" in features -%}
from .files.models import StoredFile
{% endif -%}
from .items.models import Item
{%- if "celery" in features %}
from .jobs.models import Job
{%- endif %}
{%- if "jwt" in features %}
from .sessions.models import SignInSession
from .sso.models import ExternalIdentity
from .two_factor.models import Authenticator, RecoveryCode
from .users.models import Role, User
{%- endif %}

__all__ = [
{%- if "jwt" in features %}
    "Authenticator",
{%- endif %}
    "Base",
{%- if "jwt" in features %}
    "ExternalIdentity",
{%- endif %}
    "Item",
{%- if "celery" in features %}
    "Job",
{%- endif %}
{%- if "jwt" in features %}
    "MachineClient",
    "RecoveryCode",
    "Role",
    "SecurityEvent",
    "SignInSession",
{%- endif %}
{%- if "file_transfer" in features %}
    "StoredFile",
{%- endif %}
{%- if "jwt" in features %}
    "User",
{%- endif %}
]
