from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)

tags = ["roles"]
# 403: the caller lacks users:read or users:manage, holds the role to change, or would grant
# a permission they do not hold.
responses = error_responses(AuthenticationFailed, PermissionDenied)
