"""The template's Jinja extension: what cookiecutter.json, the hooks and the files need.

- `features`, in every template file: the names of the manifest features the answers turn
  on, so a shared file branches on `{% if "jwt" in features %}` and the manifest stays the
  one place that says what a feature is;
- a filter per kind of file for writing a free-text answer in that file's quoting
  (`toml_str`, `py_str`, `py_docstring`, `yaml_str`, `md`, `html`; see quoting.py) and
  `dns_label`, a slug as a Kubernetes object name;
- `forward_ref`, a name an annotation reads before it exists at run time, in the project's
  Python's form: quoted before 3.14, bare from 3.14, which defers annotations (PEP 649);
- `default_slug`, the default project_slug, made by the naming rules (naming.py) the
  pre-generation hook checks;
- `paths_to_remove` and `enabled_features`, the manifest's answers for the hooks, which get
  them rendered as data rather than reading the manifest;
- `cruft_state`, the answers and the template's commit for `.cruft.json` (provenance.py);
- `template_root`, the absolute path of the checkout being rendered, from which the
  pre-generation hook imports the naming rules;
- `pinned_lock()`, the text of pinned/uv.lock: every answer's dependencies at the versions
  the template's gates last passed with, which each bake starts from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.ext import Extension
from jinja2.runtime import Context

from . import features, provenance, quoting
from .naming import default_slug

TEMPLATE_ROOT = Path(__file__).resolve().parents[1]
PINNED_LOCK = TEMPLATE_ROOT / "pinned" / "uv.lock"


def pinned_lock() -> str:
    return PINNED_LOCK.read_text(encoding="utf-8")


# The first Python that evaluates annotations only when they are read (PEP 649).
DEFERRED_ANNOTATIONS = (3, 14)


@pass_context
def forward_ref(context: Context, name: str) -> str:
    """`name` as an annotation that reads it before it exists at run time (a class imported only
    for type checking): a string while annotations are evaluated eagerly, bare once they are
    deferred, where ruff's UP037 would remove the quotes.
    """
    version = tuple(int(part) for part in context["cookiecutter"]["python_version"].split("."))
    return name if version >= DEFERRED_ANNOTATIONS else f'"{name}"'


class FeaturesContext(Context):
    """A template context in which `features` names the features the answers turn on."""

    def resolve_or_missing(self, key: str) -> Any:
        if key == "features" and "features" not in self.vars and "cookiecutter" in self.parent:
            return features.enabled_features(self.parent["cookiecutter"])
        return super().resolve_or_missing(key)


class TemplateExtension(Extension):
    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.context_class = FeaturesContext
        environment.globals["pinned_lock"] = pinned_lock
        environment.globals["template_root"] = str(TEMPLATE_ROOT)
        environment.filters.update(
            default_slug=default_slug,
            forward_ref=forward_ref,
            cruft_state=provenance.cruft_state,
            paths_to_remove=features.paths_to_remove,
            enabled_features=features.enabled_features,
            toml_str=quoting.toml_str,
            py_str=quoting.py_str,
            py_docstring=quoting.py_docstring,
            yaml_str=quoting.yaml_str,
            md=quoting.md,
            html=quoting.html,
            dns_label=quoting.dns_label,
        )
