"""Who calls: the names every feature imports to ask about its caller (who they are, which
rows they own, how a new row gets its owner, who a socket speaks as, what a rate limit
counts them by, which errors finding out can answer), from the one module of this package
that the service's kind of authentication provides: `users.py`, `api_keys.py` or
`anonymous.py`.
"""

{% if "jwt" in features -%}
from .users import *  # noqa: F403
{%- elif "api_key" in features -%}
from .api_keys import *  # noqa: F403
{%- else -%}
from .anonymous import *  # noqa: F403
{%- endif %}
