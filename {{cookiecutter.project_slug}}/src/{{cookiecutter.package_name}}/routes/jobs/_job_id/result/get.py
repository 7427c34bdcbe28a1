from {{ cookiecutter.package_name }}.pages.jobs import job_result_page

handler = job_result_page
include_in_schema = False
