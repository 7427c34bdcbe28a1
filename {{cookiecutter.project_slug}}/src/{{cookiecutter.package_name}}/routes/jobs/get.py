from {{ cookiecutter.package_name }}.pages.jobs import jobs_page

handler = jobs_page
include_in_schema = False
