"""The training app's views, by area (docs/architecture.md): compliance (the 20 JP duty)."""
