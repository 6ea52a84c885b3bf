"""Reads of the personnel record, one module per area, each scoped through employees.access first:
records (the list, the atasan langsung, the home page), histories, io (the exports), corrections,
profile (Profil saya, Pegawai bawahan), career (events read set-based).

The areas are imported here so that callers write `selectors.records.employee_list(...)`.
"""

from . import career, corrections, histories, io, profile, records, superiors

__all__ = ["career", "corrections", "histories", "io", "profile", "records", "superiors"]
