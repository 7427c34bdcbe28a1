from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import reset_user_two_factor

handler = reset_user_two_factor
status_code = status.HTTP_204_NO_CONTENT
