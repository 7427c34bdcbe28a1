from {{ cookiecutter.package_name }}.api.health import live

handler = live
