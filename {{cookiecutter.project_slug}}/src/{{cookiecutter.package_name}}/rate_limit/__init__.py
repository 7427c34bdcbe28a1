{%- if "redis" in features -%}
"""Rate limits on the versioned API, counted in Redis so every replica shares the count."""
{%- else -%}
"""Rate limits on the versioned API, counted in each process's memory."""
{%- endif %}
