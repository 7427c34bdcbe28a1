from {{ cookiecutter.package_name }}.auth.users_endpoints import set_user_roles
from {{ cookiecutter.package_name }}.core.errors import Conflict, error_responses

handler = set_user_roles
responses = error_responses(Conflict)
