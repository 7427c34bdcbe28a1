from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.identity import CALLER_ERRORS

tags = ["items"]
responses = error_responses(*CALLER_ERRORS)
