"""The training app's rules, by area (docs/architecture.md): compliance (the 20 JP duty)."""
