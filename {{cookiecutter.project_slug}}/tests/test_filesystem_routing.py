"""The route loader turns a tree of files into routes, and refuses a malformed tree by name."""

import importlib
import os
import sys
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from starlette.types import Message

from {{ cookiecutter.package_name }} import routes
from {{ cookiecutter.package_name }}.filesystem_routing import RouteTreeError, load_routes

Tree = Callable[[dict[str, str]], ModuleType]

ITEM = """
async def handler(item_id: int) -> int:
    return item_id
"""
MINE = """
async def handler() -> str:
    return "mine"
"""
GUARD = """
from fastapi import Depends, Header, HTTPException


async def require_token(x_token: str | None = Header(default=None)) -> None:
    if x_token != "secret":
        raise HTTPException(401)


dependencies = [Depends(require_token)]
tags = ["private"]
responses = {401: {"description": "No token"}}
"""
ECHO_ROOM = """
from fastapi import WebSocket


async def handler(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    await websocket.send_text(room)
    await websocket.close()
"""


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Tree]:
    """Write files into a fresh package on sys.path and import it."""
    name = f"tree_{uuid.uuid4().hex}"
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(files: dict[str, str]) -> ModuleType:
        for relative, text in {"__init__.py": "", **files}.items():
            path = tmp_path / name / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text))
        importlib.invalidate_caches()
        return importlib.import_module(name)

    yield make
    for module in [module for module in sys.modules if module.startswith(name)]:
        del sys.modules[module]


class ReversedListing:
    """A directory listing in the reverse of the file system's order, entered as a context
    manager like the one `os.scandir` returns.
    """

    def __init__(self, listing: Iterator[os.DirEntry[str]]) -> None:
        self.entries = list(listing)[::-1]

    def __enter__(self) -> Iterator[os.DirEntry[str]]:
        return iter(self.entries)

    def __exit__(self, *_: object) -> None:
        pass


def app_for(package: ModuleType) -> FastAPI:
    app = FastAPI()
    app.include_router(load_routes(package))
    return app


def serve(package: ModuleType) -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app=app_for(package)), base_url="http://test")


async def open_websocket(app: FastAPI, path: str) -> list[Message]:
    """Connect to the path, then hang up: what the app sent back."""
    incoming: list[Message] = [
        {"type": "websocket.connect"},
        {"type": "websocket.disconnect", "code": 1000},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": path, "headers": [], "query_string": b""}
    await app(scope | {"raw_path": path.encode(), "root_path": ""}, receive, send)
    return sent


async def test_directories_are_segments_and_files_are_methods(tree: Tree) -> None:
    client = serve(
        tree(
            {
                "get.py": MINE,
                "items/post.py": MINE + "trailing_slash = True\nstatus_code = 201\n",
                "items/_item_id/get.py": ITEM,
                "sign_in/get.py": MINE,
            }
        )
    )

    assert (await client.get("/")).json() == "mine"
    assert (await client.post("/items/")).status_code == 201
    assert (await client.get("/items/7")).json() == 7
    assert (await client.get("/sign-in")).status_code == 200


async def test_a_route_whose_served_answers_false_is_left_out(tree: Tree) -> None:
    client = serve(
        tree(
            {
                "on/get.py": MINE + "served = lambda: True\n",
                "off/get.py": MINE + "served = lambda: False\n",
            }
        )
    )

    assert (await client.get("/on")).status_code == 200
    assert (await client.get("/off")).status_code == 404


async def test_a_parameter_takes_its_converter_from_its_type(tree: Tree) -> None:
    package = tree({"items/_item_id/get.py": ITEM})

    paths = [getattr(route, "path", None) for route in load_routes(package).routes]

    assert paths == ["/items/{item_id:int}"]
    assert (await serve(package).get("/items/abc")).status_code == 404


async def test_static_segments_beat_parameters_whatever_the_listing_order(
    tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tree({"items/_item_id/get.py": ITEM, "items/mine/get.py": MINE})
    listing = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: ReversedListing(listing(path)))

    client = serve(package)

    assert (await client.get("/items/mine")).json() == "mine"
    assert (await client.get("/items/3")).json() == 3


def test_smaller_subtrees_come_first_so_fewer_routes_are_tried(tree: Tree) -> None:
    package = tree(
        {
            "api/items/get.py": MINE,
            "api/items/post.py": MINE,
            "api/users/get.py": MINE,
            "health/live/get.py": MINE,
        }
    )

    paths = [getattr(route, "path", None) for route in load_routes(package).routes]

    assert paths == ["/health/live", "/api/users", "/api/items", "/api/items"]


async def test_a_subtree_file_guards_every_route_below_it(tree: Tree) -> None:
    app = app_for(
        tree({"private/_deps.py": GUARD, "private/data/get.py": MINE, "public/get.py": MINE})
    )
    client = AsyncClient(transport=ASGITransport(app=app), base_url="http://test")

    assert (await client.get("/private/data")).status_code == 401
    assert (await client.get("/private/data", headers={"X-Token": "secret"})).json() == "mine"
    assert (await client.get("/public")).status_code == 200
    operation = app.openapi()["paths"]["/private/data"]["get"]
    assert operation["tags"] == ["private"]
    assert operation["responses"]["401"] == {"description": "No token"}


async def test_a_subtree_file_may_serve_its_directory_at_another_prefix(tree: Tree) -> None:
    client = serve(tree({"v1/_deps.py": 'prefix = "/api/v2"\n', "v1/items/get.py": MINE}))

    assert (await client.get("/api/v2/items")).json() == "mine"


def test_route_options_reach_the_openapi_document(tree: Tree) -> None:
    options = 'name = "list_things"\nsummary = "Things"\ndeprecated = True\n'
    hidden = MINE + "include_in_schema = False\n"
    app = app_for(tree({"things/get.py": MINE + options, "hidden/get.py": hidden}))

    paths = app.openapi()["paths"]
    assert paths["/things"]["get"]["operationId"] == "list_things_things_get"
    assert paths["/things"]["get"]["summary"] == "Things"
    assert paths["/things"]["get"]["deprecated"] is True
    assert "/hidden" not in paths


async def test_a_ws_file_is_a_websocket_route_behind_its_subtree(tree: Tree) -> None:
    guarded = ECHO_ROOM.replace(", room: str", "")
    app = app_for(
        tree({"rooms/_room/ws.py": ECHO_ROOM, "private/_deps.py": GUARD, "private/ws.py": guarded})
    )

    lobby = await open_websocket(app, "/rooms/lobby")
    private = await open_websocket(app, "/private")

    assert [message["type"] for message in lobby][:2] == ["websocket.accept", "websocket.send"]
    assert lobby[1]["text"] == "lobby"
    assert "websocket.accept" not in [message["type"] for message in private]


@pytest.mark.parametrize(
    ("files", "culprit", "problem"),
    [
        ({"items/get.py": "x = 1\n"}, "items/get.py", "defines no `handler`"),
        ({"items/fetch.py": MINE}, "items/fetch.py", "names no method"),
        ({"items/$item_id/get.py": ITEM}, "items/$item_id", "not a Python identifier"),
        ({"sign-in/get.py": MINE}, "sign-in", "not a Python identifier"),
        (
            {"items/_item_id/get.py": ITEM, "items/_id/get.py": ITEM.replace("item_id", "id")},
            "items/_item_id/get.py",
            r"GET /items/\{item_id\} is already served by .*items/_id/get.py",
        ),
        ({"items/get.py": "def handler() -> None: ...\n"}, "items/get.py", "must be an async"),
    ],
    ids=["no handler", "unknown method", "dollar", "hyphen", "same route twice", "not async"],
)
def test_a_malformed_tree_stops_start_up_naming_the_file(
    tree: Tree, files: dict[str, str], culprit: str, problem: str
) -> None:
    package = tree(files)

    with pytest.raises(RouteTreeError, match=problem) as raised:
        load_routes(package)
    assert culprit in str(raised.value)


def test_a_route_file_that_fails_to_import_leaves_no_module_behind(tree: Tree) -> None:
    package = tree({"items/get.py": "raise RuntimeError('broken')\n"})

    with pytest.raises(RuntimeError, match="broken"):
        load_routes(package)
    assert f"{package.__name__}.items.get" not in sys.modules


def test_the_service_tree_serves_every_route_file_the_settings_turn_on() -> None:
    root = Path(next(iter(routes.__path__)))
    files = [
        path
        for path in root.rglob("*.py")
        if not path.name.startswith("_") and "__pycache__" not in path.parts
    ]

    loaded = load_routes(routes)

    modules = [
        sys.modules[".".join((routes.__name__, *path.relative_to(root).with_suffix("").parts))]
        for path in files
    ]
    off = [module for module in modules if not getattr(module, "served", lambda: True)()]
    assert len(loaded.routes) == len(files) - len(off)
