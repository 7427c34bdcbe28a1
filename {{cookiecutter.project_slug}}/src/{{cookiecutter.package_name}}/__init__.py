"""{{ cookiecutter.description | py_docstring }}"""
