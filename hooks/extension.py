"""The template's Jinja extension: what cookiecutter.json, the hooks and the files need.

- `features`, in every template file: the names of the manifest features the answers turn
  on, so a shared file branches on `{% if "jwt" in features %}` and the manifest stays the
  one place that says what a feature is;
- a filter per kind of file for writing a free-text answer in that file's quoting
  (`toml_str`, `py_str`, `py_docstring`, `yaml_str`, `md`, `html`; see quoting.py) and
  `dns_label`, a slug as a Kubernetes object name;
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

from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.runtime import Context

from . import features, provenance, quoting
from .naming import default_slug

TEMPLATE_ROOT = Path(__file__).resolve().parents[1]
PINNED_LOCK = TEMPLATE_ROOT / "pinned" / "uv.lock"


def pinned_lock() -> str:
    return PINNED_LOCK.read_text(encoding="utf-8")


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
