"""The versioned API: served at API_V1_PREFIX, behind the checks every one of its routes runs
first (GUARDS, listed in api/v1).
"""

from {{ cookiecutter.package_name }}.api.v1 import GUARD_ERRORS, GUARDS
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.core.errors import error_responses

prefix = core_settings.API_V1_PREFIX
dependencies = GUARDS
responses = error_responses(*GUARD_ERRORS)
