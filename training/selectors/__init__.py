"""The training app's selectors, by area (docs/architecture.md): compliance (the 20 JP duty)."""
