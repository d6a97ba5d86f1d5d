"""``geodata user``: local accounts (add, list, remove) for the dashboard's sign-in."""

from __future__ import annotations

import sys

import click

from geodata.audit import record
from geodata.auth import ROLES, add_user, delete_user, list_users
from geodata.catalog import banner
from geodata.cli.common import fail, operator, say, store_from, text, user_errors
from geodata.cli.options import store_option


@click.group("user")
def command() -> None:
    """Manage dashboard accounts (viewer, presenter, steward, admin)."""


def _read_password() -> str:
    """From a hidden prompt on a terminal, else the first line of stdin."""
    if sys.stdin.isatty():
        return click.prompt(
            text("cli.password"), hide_input=True, confirmation_prompt=True
        )
    return sys.stdin.readline().rstrip("\r\n")


@command.command("add")
@click.argument("name")
@click.option(
    "--role", required=True, type=click.Choice(ROLES), help="Role of the account."
)
@click.option("--replace", is_flag=True, help="Reset an existing account.")
@click.option(
    "--banner",
    "banners",
    multiple=True,
    help="Limit the account to this banner's features (repeat for more; default: "
    "every banner). Chinese or English name or admin code.",
)
@click.option(
    "--email",
    default="",
    help="Map this identity-provider e-mail (Streamlit OIDC st.login) to the account.",
)
@store_option
@click.pass_context
def add(
    ctx: click.Context,
    name: str,
    role: str,
    replace: bool,
    banners: tuple[str, ...],
    email: str,
) -> None:
    """Create an account; the password comes from a prompt or stdin."""
    store = store_from(ctx)
    password = _read_password()
    with user_errors():
        user = add_user(
            store,
            name,
            password,
            role,
            replace=replace,
            banners=tuple(_canonical(b) for b in banners),
            email=email,
        )
        record(store, operator(), "account_change", detail=f"add {user.name}")
    say("cli.user_saved", name=user.name, role=user.role)


def _canonical(name: str) -> str:
    try:
        return banner(name).name_zh
    except KeyError:
        return name  # add_user names the banners it accepts


@command.command("list")
@store_option
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List accounts and roles."""
    for user in list_users(store_from(ctx)):
        click.echo(f"{user.name}\t{user.role}\t{'、'.join(user.banners) or '*'}")


@command.command("remove")
@click.argument("name")
@store_option
@click.pass_context
def remove(ctx: click.Context, name: str) -> None:
    """Delete an account."""
    store = store_from(ctx)
    if not delete_user(store, name):
        raise fail("cli.no_user", name=name)
    record(store, operator(), "account_change", detail=f"remove {name}")
    say("cli.user_removed", name=name)
