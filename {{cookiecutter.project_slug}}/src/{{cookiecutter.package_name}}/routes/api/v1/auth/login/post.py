from {{ cookiecutter.package_name }}.auth.endpoints import login
from {{ cookiecutter.package_name }}.auth.verification import EmailNotVerified
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = login
served = password_sign_in
responses = error_responses(AuthenticationFailed, EmailNotVerified)
