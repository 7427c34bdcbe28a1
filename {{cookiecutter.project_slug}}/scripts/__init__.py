"""Tools for working on the service, run from the project root: `python -m scripts.<name>`."""
