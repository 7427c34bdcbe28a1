from {{ cookiecutter.package_name }}.jobs.endpoints import list_jobs

handler = list_jobs
trailing_slash = True
