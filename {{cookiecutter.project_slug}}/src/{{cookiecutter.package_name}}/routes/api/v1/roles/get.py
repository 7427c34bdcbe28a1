from {{ cookiecutter.package_name }}.auth.users_endpoints import list_roles

handler = list_roles
trailing_slash = True
