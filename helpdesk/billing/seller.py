"""Who issues the invoices: the company's own name, address, CVR and bank details, from the configuration."""

from dataclasses import dataclass

from flask import current_app


@dataclass(frozen=True)
class Seller:
    name: str
    address: str
    cvr: str
    email: str
    phone: str
    bank_reg: str
    bank_account: str
    iban: str
    bic: str


def seller() -> Seller:
    """The seller named on every invoice, credit note and reminder."""
    config = current_app.config
    return Seller(
        name=config["HELPDESK_SELLER_NAME"],
        address=config["HELPDESK_SELLER_ADDRESS"],
        cvr=config["HELPDESK_SELLER_CVR"],
        email=config["HELPDESK_SELLER_EMAIL"],
        phone=config["HELPDESK_SELLER_PHONE"],
        bank_reg=config["HELPDESK_SELLER_BANK_REG"],
        bank_account=config["HELPDESK_SELLER_BANK_ACCOUNT"],
        iban=config["HELPDESK_SELLER_IBAN"],
        bic=config["HELPDESK_SELLER_BIC"],
    )
