from fastapi.responses import RedirectResponse

from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.sso.config import single_sign_on
from {{ cookiecutter.package_name }}.sso.endpoints import start_sign_on
from {{ cookiecutter.package_name }}.sso.service import ProviderUnavailable

handler = start_sign_on
served = single_sign_on
status_code = 303
response_class = RedirectResponse
responses = error_responses(ProviderUnavailable)
