"""Register, list and revoke machine clients; a secret is printed once and only its digest
is kept:

    python -m {{ cookiecutter.package_name }}.clients create OWNER_EMAIL \
        --scopes items:read items:write
    python -m {{ cookiecutter.package_name }}.clients list [--owner OWNER_EMAIL]
    python -m {{ cookiecutter.package_name }}.clients revoke CLIENT_ID
"""

import argparse
import asyncio
from collections.abc import Sequence

from .. import models  # noqa: F401  (registers every model, so relationships resolve)
from ..core.errors import AppError
from ..credentials.scopes import SCOPES
from ..db.session import SessionFactory, engine
from .service import list_clients, register_client, revoke_client


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"python -m {__package__}")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", help="register a client acting for a user")
    create.add_argument("owner_email", help="the user the client acts for")
    create.add_argument("--scopes", nargs="+", required=True, choices=sorted(SCOPES))
    listing = commands.add_parser("list", help="every client (or one user's), with its state")
    listing.add_argument("--owner", metavar="OWNER_EMAIL", help="only this user's clients")
    revoke = commands.add_parser("revoke", help="refuse a client's credentials and tokens")
    revoke.add_argument("client_id")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> None:
    async with SessionFactory() as session:
        if args.command == "create":
            client, secret = await register_client(session, args.owner_email, args.scopes)
            print(f"client_id: {client.client_id}")  # noqa: T201
            print(f"client_secret (shown once): {secret}")  # noqa: T201
        elif args.command == "list":
            for client, owner in await list_clients(session, args.owner):
                state = f"revoked {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "active"
                created = f"{client.created_at:%Y-%m-%d}"
                print(client.client_id, owner, client.scopes, created, state, sep="  ")  # noqa: T201
        else:
            await revoke_client(session, args.client_id)
            print(f"revoked {args.client_id}")  # noqa: T201
        await session.commit()


async def run_once(args: argparse.Namespace) -> None:
    try:
        await run(args)
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> None:
    try:
        asyncio.run(run_once(parse_args(argv)))
    except AppError as exc:
        raise SystemExit(exc.detail) from exc


if __name__ == "__main__":
    main()
