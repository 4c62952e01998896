"""kundeHUB: the customers' own pages."""
