"""Customer companies and their terms."""
