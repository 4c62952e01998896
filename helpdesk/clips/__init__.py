"""Clip cards, the append-only clip ledger and the saldo."""
