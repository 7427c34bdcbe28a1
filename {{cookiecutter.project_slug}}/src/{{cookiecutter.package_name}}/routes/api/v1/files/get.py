from {{ cookiecutter.package_name }}.files.endpoints import list_files

handler = list_files
trailing_slash = True
