"""Pure business rules: the Danish working calendar, clip pricing and money."""
