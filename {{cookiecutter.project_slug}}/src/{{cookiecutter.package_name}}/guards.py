"""What routes run first, whichever routing style serves them: each route of version 1 of
the API{% if "pages" in features %}, each page{% endif %}{% if "pages_sign_in" in features %}, and the pages' sign-in form{% endif %}.
"""

{% if "api_key" in features -%}
from fastapi import Depends, params
{%- else -%}
from fastapi import params
{%- endif %}

{% if "api_key" in features -%}
from .api_keys.dependencies import ApiKeyRequired, require_api_key
{% endif -%}
{% if "rate_limit" in features and "redis" in features -%}
from .core.errors import AppError, ServiceUnavailable
{%- else -%}
from .core.errors import AppError
{%- endif %}
{%- if "rate_limit" in features and "pages_sign_in" in features %}
from .rate_limit.dependencies import LoginRateLimited, RateLimited, TooManyRequests
{%- elif "rate_limit" in features %}
from .rate_limit.dependencies import RateLimited, TooManyRequests
{%- endif %}

# What every versioned route runs first, in order, and the errors those checks answer.
{%- if "rate_limit" in features or "api_key" in features %}
GUARDS: list[params.Depends] = [
{%- if "rate_limit" in features %}
    RateLimited,
{%- endif %}
{%- if "api_key" in features %}
    Depends(require_api_key),
{%- endif %}
]
GUARD_ERRORS: list[type[AppError]] = [
{%- if "rate_limit" in features %}
    TooManyRequests,
{%- endif %}
{%- if "rate_limit" in features and "redis" in features %}
    ServiceUnavailable,  # rate limits unchecked, RATE_LIMIT_FAIL_OPEN=false
{%- endif %}
{%- if "api_key" in features %}
    ApiKeyRequired,
{%- endif %}
]
{%- else %}
GUARDS: list[params.Depends] = []
GUARD_ERRORS: list[type[AppError]] = []
{%- endif %}
{%- if "pages" in features %}

# What every page runs first: its requests count against the caller's limit, as the API's do
# (a form that writes costs the database as much as the API's write).
{%- if "rate_limit" in features %}
PAGE_GUARDS: list[params.Depends] = [RateLimited]
{%- else %}
PAGE_GUARDS: list[params.Depends] = []
{%- endif %}
{%- endif %}
{%- if "pages_sign_in" in features %}

# What a submitted sign-in form runs first: its tries count against the login limit, with the
# API's.
{%- if "rate_limit" in features %}
SIGN_IN_GUARDS: list[params.Depends] = [LoginRateLimited]
{%- else %}
SIGN_IN_GUARDS: list[params.Depends] = []
{%- endif %}
{%- endif %}
