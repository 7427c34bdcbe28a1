from {{ cookiecutter.package_name }}.health.checks import live

handler = live
