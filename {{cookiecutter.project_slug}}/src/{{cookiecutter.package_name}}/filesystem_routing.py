"""File-based routing: the tree under `routes/` is the API.

Each directory is a path segment; a directory named `_name` is the path parameter `{name}`,
with the converter (`{name:int}`) its type gives wherever the handler or a dependency declares
it; an underscore in any other directory's name is a hyphen in the URL (`sign_in/` serves
`/sign-in`), since every directory must be a Python identifier for mypy to check the files.
Each file is named for its method (`get.py`, `post.py`, `put.py`, `patch.py`, `delete.py`) or
is `ws.py` for a WebSocket, sets `handler` to the async endpoint it serves (imported from the
feature's `endpoints.py`), and may set any of ROUTE_OPTIONS (the keywords of
`APIRouter.add_api_route`) and `trailing_slash = True` as module attributes, and `served`, a
function of no arguments: a route whose `served()` is false as the app starts is left out
(a setting turns it off, and it is absent rather than refused). A
directory's `_deps.py` sets `dependencies`, `responses` and `tags` for every route below it,
and `prefix` to serve the directory at another path. Other files starting with `_` are helpers.

The tree is walked once, at start-up; what it registers are ordinary FastAPI routes. FastAPI
tries them in order, so at each level static segments come before parameters (which would
match them too), and among each the smaller subtree first: the health probes are not tried
against every API route first, which cost about 3.5 us per route passed.
"""

import importlib.util
import inspect
import os
import re
import sys
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from fastapi import APIRouter, FastAPI, params
from fastapi.dependencies.utils import get_flat_params
from fastapi.routing import APIRoute, APIWebSocketRoute
from starlette.routing import compile_path

from . import routes

METHODS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
WEBSOCKET = "ws"
SUBTREE = "_deps"
ROUTE_OPTIONS = (
    "response_model",
    "status_code",
    "summary",
    "description",
    "response_description",
    "deprecated",
    "operation_id",
    "response_class",
    "include_in_schema",
    "name",
    "openapi_extra",
)
CONVERTERS: dict[Any, str] = {int: "int", float: "float", uuid.UUID: "uuid"}
PARAMETER = re.compile(r"\{(\w+)\}")


class RouteTreeError(Exception):
    """The route tree is malformed; the message names the file and what is wrong with it."""


@dataclass(frozen=True)
class Scope:
    """What a directory passes to the routes below it."""

    path: str = ""
    dependencies: tuple[params.Depends, ...] = ()
    responses: dict[int | str, dict[str, Any]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Directory:
    """A directory of the route tree as read from disk, before anything is imported."""

    path: Path
    files: list[str]  # its Python files' names, sorted
    children: list[{{ "Directory" | forward_ref }}]
    routes: int  # how many route files its whole tree holds


def load_routes(package: ModuleType) -> APIRouter:
    """Every route in the package's tree: at each level static segments before parameters,
    and among each the subtree with fewer routes first.
    """
    router = APIRouter()
    root = _read(Path(next(iter(package.__path__))))
    _walk(router, root, package.__name__, Scope(), {})
    return router


def _read(path: Path) -> Directory:
    """The tree under ``path``, each directory listed once, counting routes on the way up."""
    with os.scandir(path) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    files = [entry.name for entry in entries if entry.is_file() and entry.name.endswith(".py")]
    children = [
        _read(Path(entry.path))
        for entry in entries
        if entry.is_dir() and entry.name != "__pycache__"
    ]
    routes = sum(not name.startswith("_") for name in files)
    return Directory(path, files, children, routes + sum(child.routes for child in children))


def _walk(
    router: APIRouter,
    directory: Directory,
    module: str,
    scope: Scope,
    seen: dict[tuple[str, str], Path],
) -> None:
    if f"{SUBTREE}.py" in directory.files:
        scope = _enter(scope, _import(f"{module}.{SUBTREE}", directory.path / f"{SUBTREE}.py"))
    for name in directory.files:
        if not name.startswith("_"):
            _add_route(router, directory.path / name, f"{module}.{name[:-3]}", scope, seen)
    for child in sorted(directory.children, key=_tried_later):
        below = replace(scope, path=f"{scope.path}/{_segment(child.path)}")
        _walk(router, child, f"{module}.{child.path.name}", below, seen)


def _tried_later(directory: Directory) -> tuple[bool, int]:
    """Parameters after static segments, which they would match too; bigger trees after
    smaller ones.
    """
    return directory.path.name.startswith("_"), directory.routes


def _import(name: str, file: Path) -> ModuleType:
    """Load a file as the module it is. By its path: the directories between are namespace
    packages, and finding each through the import system took longer than loading the file.
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise RouteTreeError(f"{file}: cannot be loaded as a module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _segment(directory: Path) -> str:
    name = directory.name
    if not name.isidentifier() or name == "_":
        raise RouteTreeError(
            f"{directory}: directory name {name!r} is not a Python identifier; name a path "
            "parameter _item_id (not $item_id or {item_id}) and write a hyphen as _"
        )
    return "{" + name[1:] + "}" if name.startswith("_") else name.replace("_", "-")


def _enter(scope: Scope, subtree: ModuleType) -> Scope:
    return Scope(
        path=getattr(subtree, "prefix", scope.path),
        dependencies=(*scope.dependencies, *getattr(subtree, "dependencies", ())),
        responses=scope.responses | getattr(subtree, "responses", {}),
        tags=(*scope.tags, *getattr(subtree, "tags", ())),
    )


def _add_route(
    router: APIRouter,
    file: Path,
    module_name: str,
    scope: Scope,
    seen: dict[tuple[str, str], Path],
) -> None:
    method = METHODS.get(file.stem, "WEBSOCKET" if file.stem == WEBSOCKET else None)
    if method is None:
        raise RouteTreeError(
            f"{file}: {file.name!r} names no method; use get.py, post.py, put.py, patch.py, "
            "delete.py or ws.py, or start a helper module's name with _"
        )
    module = _import(module_name, file)
    handler = getattr(module, "handler", None)
    if handler is None:
        raise RouteTreeError(f"{file}: defines no `handler`")
    if not inspect.iscoroutinefunction(handler):
        raise RouteTreeError(f"{file}: `handler` must be an async function (async def)")
    served = getattr(module, "served", None)
    if served is not None and not served():
        return
    path = scope.path or "/"
    if getattr(module, "trailing_slash", False) and not path.endswith("/"):
        path += "/"
    key = (method, PARAMETER.sub("{}", path))
    if key in seen:
        raise RouteTreeError(f"{file}: {method} {path} is already served by {seen[key]}")
    seen[key] = file

    dependencies = [*scope.dependencies, *getattr(module, "dependencies", ())]
    if method == "WEBSOCKET":
        router.add_api_websocket_route(
            path, handler, name=getattr(module, "name", None), dependencies=dependencies
        )
    else:
        options = {name: getattr(module, name) for name in ROUTE_OPTIONS if hasattr(module, name)}
        router.add_api_route(
            path,
            handler,
            methods=[method],
            dependencies=dependencies,
            responses=scope.responses | getattr(module, "responses", {}),
            tags=[*scope.tags, *getattr(module, "tags", ())],
            **options,
        )
    _add_converters(cast("APIRoute | APIWebSocketRoute", router.routes[-1]))


def _add_converters(route: APIRoute | APIWebSocketRoute) -> None:
    """Give each path parameter the converter its declared type asks for (`{item_id:int}`),
    so a request whose segment cannot convert falls through to the next route, as with
    routers written by hand.
    """
    in_path = set(PARAMETER.findall(route.path))
    converters = {
        param.name: CONVERTERS[param.field_info.annotation]
        for param in get_flat_params(route.dependant)
        if param.name in in_path and param.field_info.annotation in CONVERTERS
    }
    if converters:
        route.path = PARAMETER.sub(
            lambda match: (
                "{" + match[1] + ":" + converters[match[1]] + "}"
                if match[1] in converters
                else match[0]
            ),
            route.path,
        )
        route.path_regex, route.path_format, route.param_convertors = compile_path(route.path)


def include_routes(app: FastAPI) -> None:
    """Serve the tree under routes/."""
    app.include_router(load_routes(routes))
