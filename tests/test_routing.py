"""Both routing styles serve the same service: every routers-style module has route files in
the filesystem style, baked both ways the app answers the same routes with the same
endpoint functions and the same OpenAPI document, and no endpoint is written twice.
"""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hooks import features

from .helpers import Bake, project_env, run, tool
from .matrix import ROUTED
from .test_manifest import PROJECT, owner_of

FEATURES = features.load()
ROUTES = "src/{package_name}/routes"

# The app's routes (with their converters and names, pages and WebSockets included) and its
# OpenAPI document, as the baked project's own Python sees them.
DUMP = """
import json
from fastapi.routing import iter_route_contexts
from {package}.main import app

def endpoint(route):
    function = getattr(route, "endpoint", None)  # a mount (static files) has none
    return function and f"{{function.__module__}}.{{function.__qualname__}}"

routes = sorted(
    [
        c.path,
        sorted(c.methods or []),
        c.name,
        type(c.route).__name__,
        endpoint(c.route),
    ]
    for c in iter_route_contexts(app.routes)
)
print(json.dumps({{"routes": routes, "openapi": app.openapi()}}))
"""


def styled(when: list[dict[str, Any]], routing: str) -> list[dict[str, Any]]:
    return [{**condition, "routing": routing} for condition in when]


def by_style(routing: str) -> dict[str, dict[str, Any]]:
    return {
        name: feature
        for name, feature in FEATURES.items()
        if feature["when"] and all(c.get("routing") == routing for c in feature["when"])
    }


def test_router_modules_belong_to_the_routers_style() -> None:
    """Endpoints declared on an APIRouter exist only with routing=routers: a feature whose
    own package holds one must give it a routers entry of its own, and so route files.
    """
    routers = {*by_style("routers"), "filesystem_routing"}
    modules = {
        path.relative_to(PROJECT).as_posix(): owner_of(path)
        for path in (PROJECT / "src").rglob("*.py")
        if "APIRouter(" in path.read_text(encoding="utf-8")
    }

    assert {path: owner for path, owner in modules.items() if owner not in routers} == {}


@pytest.mark.parametrize("name", sorted(by_style("routers")))
def test_each_routers_feature_has_route_files(name: str) -> None:
    """A feature that adds routers must add the same endpoints as route files, turned on by
    the same answers with routing=filesystem.
    """
    twins = [
        twin
        for twin, feature in by_style("filesystem").items()
        if feature["when"] == styled(FEATURES[name]["when"], "filesystem")
    ]

    assert len(twins) == 1, f"{name}: no filesystem entry with the same answers"
    paths = FEATURES[twins[0]]["paths"]
    assert paths
    assert all(p.startswith(ROUTES) or "filesystem" in p or "tests/" in p for p in paths)


@pytest.mark.parametrize("name", sorted(by_style("filesystem")))
def test_each_filesystem_feature_has_routers(name: str) -> None:
    when = styled(FEATURES[name]["when"], "routers")

    assert any(feature["when"] == when for feature in by_style("routers").values()), name


def dump(project: Path, python: Path, package: str) -> dict[str, Any]:
    """The routes and OpenAPI document of the project's app, imported from its own src/."""
    env = {**project_env(), "PYTHONPATH": str(project / "src")}
    proc = subprocess.run(
        [str(python), "-c", DUMP.format(package=package)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_route_files_import_their_endpoints() -> None:
    """A route file says where an endpoint is served; the endpoint itself is written once, in
    its feature's package, for both styles.
    """
    for path in (PROJECT / "src" / "{{cookiecutter.package_name}}" / "routes").rglob("*.py"):
        if path.name.startswith("_"):
            continue
        source = path.read_text(encoding="utf-8").replace("{{ cookiecutter.package_name }}", "p")
        module = ast.parse(source)
        defined = [
            node.name
            for node in ast.walk(module)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        imported = {
            alias.asname or alias.name
            for node in module.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        handler = [
            node.value.id
            for node in module.body
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "handler" for t in node.targets)
            and isinstance(node.value, ast.Name)
        ]
        assert not defined, f"{path}: defines {defined}; import the endpoint instead"
        assert len(handler) == 1, f"{path}: sets `handler` {len(handler)} times"
        assert handler[0] in imported, f"{path}: `handler` is no endpoint it imports"


@pytest.mark.parametrize("name", ROUTED)
def test_both_styles_serve_the_same_api(bake: Bake, name: str) -> None:
    """On each scenario of the matrix marked `routing`."""
    answers = ROUTED[name].answers
    routers = bake(answers)
    filesystem = bake(answers | {"routing": "filesystem"})
    # Both bakes have the same dependencies: one environment serves both.
    run([tool("uv"), "sync", "--quiet"], routers, project_env())
    python = routers / ".venv" / "bin" / "python"

    served = dump(filesystem, python, filesystem.name)
    expected = dump(routers, python, routers.name)

    assert served["routes"] == expected["routes"]
    assert served["openapi"] == expected["openapi"]
