from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)

tags = ["auth"]
responses = error_responses(AuthenticationFailed)
