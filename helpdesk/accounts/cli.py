"""`flask users create`, and `flask users token`, `tokens` and `revoke-token` for API tokens."""

import click

from helpdesk.accounts import services
from helpdesk.errors import DomainError


@click.group(help="Manage users and their API tokens.")
def users():
    pass


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["technician", "manager", "admin", "customer"]))
@click.option("--customer", "customer_id", type=int, help="The customer a customer user belongs to.")
@click.option("--language", type=click.Choice(["da", "en"]), default="da", show_default=True)
@click.option("--customer-admin", is_flag=True, help="A customer user who keeps the company's details and colleagues.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create(email, name, role, customer_id, language, customer_admin, password):
    """Create a user (asks for the password when --password is not given)."""
    try:
        user = services.create_user(email, name, role, password, customer_id, language, customer_admin)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@users.command("token")
@click.argument("email")
def token(email):
    """Print a new API token for EMAIL as the last line."""
    try:
        user = services.find_user(email)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"New API token for {user.email} (shown once):")
    click.echo(services.issue_token(user))


@users.command("tokens")
@click.argument("email")
def tokens(email):
    """List EMAIL's API tokens: id, created, last used, revoked."""
    try:
        held = services.tokens_of(services.find_user(email))
    except DomainError as error:
        raise click.ClickException(error.message) from error
    for token in held:
        click.echo(f"{token.id}\tcreated {_moment(token.created_at)}\tlast used {_moment(token.last_used_at)}"
                   f"\trevoked {_moment(token.revoked_at)}")


@users.command("revoke-token")
@click.argument("email")
@click.option("--id", "token_id", type=int, help="The token to revoke (see `flask users tokens`); else all of them.")
def revoke_token(email, token_id):
    """Revoke one of EMAIL's API tokens, or all of them; they stop working at once."""
    try:
        revoked = services.revoke_tokens(services.find_user(email), token_id)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Revoked {len(revoked)} token(s) of {email}: {', '.join(map(str, revoked)) or 'none was live'}.")


def _moment(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "-"
