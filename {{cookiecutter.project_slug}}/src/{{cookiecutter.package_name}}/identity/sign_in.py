"""Signing in to the pages: the form's fields, checking what it was given, and the caller a
session cookie names, from the module the service's kind of authentication provides:
`user_sign_in.py` or `key_sign_in.py`.
"""

{% if "jwt" in features -%}
from .user_sign_in import *  # noqa: F403
{%- else -%}
from .key_sign_in import *  # noqa: F403
{%- endif %}
