from {{ cookiecutter.package_name }}.auth.users_endpoints import read_my_two_factor

handler = read_my_two_factor
