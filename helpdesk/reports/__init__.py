"""Reports for managers (SPEC §9): key figures, tables, charts and exports."""
