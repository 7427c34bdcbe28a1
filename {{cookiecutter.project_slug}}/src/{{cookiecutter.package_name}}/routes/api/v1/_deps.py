"""The versioned API: served at API_V1_PREFIX, behind the checks every one of its routes runs
first (GUARDS, listed in guards.py).
"""

from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.guards import (
    GUARD_ERRORS,
    GUARDS,
)

prefix = core_settings.API_V1_PREFIX
dependencies = GUARDS
responses = error_responses(*GUARD_ERRORS)
