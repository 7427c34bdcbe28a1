"""The extension cookiecutter.json names: it loads the template's real one (extension.py) from
the checkout being rendered, every time.

cookiecutter imports `_extensions` by module name, so a process that renders two commits of the
template keeps the first one's modules: `cruft update` renders the project's old commit, then
the new one, in one process and one checkout, and the new render would otherwise run the old
extension (its filters, its manifest code) on the new files. This module only forgets the rest
of the package before importing it again; keep it that small, as an old copy of it is what an
update to a later release will run.
"""

from __future__ import annotations

import importlib
import sys

from jinja2 import Environment
from jinja2.ext import Extension


class TemplateExtension(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        package = __name__.rpartition(".")[0]
        # The package too: `from . import features` takes the package's attribute when it has one.
        for name in [name for name in sys.modules if name.partition(".")[0] == package]:
            if name != __name__:
                del sys.modules[name]
        importlib.import_module(f"{package}.extension").TemplateExtension(environment)
