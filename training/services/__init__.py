"""Writes of the training app, one module per area, named `<entity>_<action>(*, actor, ...)`:
catalogue (partners, agreements, competencies, programmes, sessions), enrolment (request,
nomination, approval, confirmation, waitlist, cancellation), completion (attendance, results,
certificates and the riwayat diklat they write) and compliance (the 20 JP duty: the nightly
recompute and its reminders)."""
