"""Writes of the personnel record, one module per area, named `<entity>_<action>(*, actor, ...)`:
records (create, change, deactivate, the sensitive-data read), histories (history rows and
documents), io (the .xlsx imports), corrections (usulan perubahan data), career (the reminders).

The areas are imported here so that callers write `services.records.employee_create(...)`.
"""

from . import career, corrections, histories, io, records, superiors

__all__ = ["career", "corrections", "histories", "io", "records", "superiors"]
