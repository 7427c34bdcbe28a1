from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.sso.config import single_sign_on
from {{ cookiecutter.package_name }}.sso.endpoints import CALLBACK, finish_sign_on
from {{ cookiecutter.package_name }}.sso.service import ProviderUnavailable

handler = finish_sign_on
served = single_sign_on
name = CALLBACK
responses = error_responses(AuthenticationFailed, PermissionDenied, ProviderUnavailable)
