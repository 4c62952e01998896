"""Invoices, their lines and numbering."""
