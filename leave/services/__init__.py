"""Writes of the leave app, by area: requests (sending, deciding, cancelling), balances (the ledger's
adjustments and the yearly opening), calendar (HR's days and working weeks), officials (the PyB table
and the Plt)."""
