"""The jobs pages: behind the checks every page runs first (PAGE_GUARDS, in guards.py)."""

from {{ cookiecutter.package_name }}.guards import PAGE_GUARDS

dependencies = PAGE_GUARDS
