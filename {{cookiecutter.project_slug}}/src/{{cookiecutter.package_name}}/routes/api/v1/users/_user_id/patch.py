from {{ cookiecutter.package_name }}.core.errors import Conflict, error_responses
from {{ cookiecutter.package_name }}.users.endpoints import update_user

handler = update_user
responses = error_responses(Conflict)
