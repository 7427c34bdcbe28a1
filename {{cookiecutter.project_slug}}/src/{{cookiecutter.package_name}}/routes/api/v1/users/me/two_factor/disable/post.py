from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import disable_my_two_factor

handler = disable_my_two_factor
status_code = status.HTTP_204_NO_CONTENT
