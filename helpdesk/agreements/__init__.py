"""Agreements: what they cover, their periods and renewal, notices, changes, outages and maintenance (SPEC §7)."""
