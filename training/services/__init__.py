"""Writes of the training app, one module per area, named `<entity>_<action>(*, actor, ...)`:
catalogue (partners, agreements, competencies, programmes, sessions), enrolment (request,
nomination, approval, confirmation, waitlist, cancellation) and completion (attendance, results,
certificates and the riwayat diklat they write)."""
