{%- if "cache_redis" in features -%}
"""A server-side cache in Redis, shared by every process and machine of the service."""
{%- else -%}
"""A server-side cache in each process's memory."""
{%- endif %}
