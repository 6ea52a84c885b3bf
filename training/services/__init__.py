"""The training app's services, by area (docs/architecture.md): compliance (the 20 JP duty)."""
