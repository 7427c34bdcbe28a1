from {{ cookiecutter.package_name }}.auth.users_endpoints import confirm_my_two_factor
from {{ cookiecutter.package_name }}.core.errors import Conflict, NotFound, error_responses

handler = confirm_my_two_factor
responses = error_responses(NotFound, Conflict)
