from {{ cookiecutter.package_name }}.core.errors import AuthenticationFailed, error_responses
from {{ cookiecutter.package_name }}.users.endpoints import read_me

handler = read_me
responses = error_responses(AuthenticationFailed)
