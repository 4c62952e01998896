"""`flask users create` and `flask users token`."""

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
