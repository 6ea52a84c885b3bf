"""The report pages: one module per report family, the shared scope handling in base."""
