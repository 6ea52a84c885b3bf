"""Pages of the training app, one module per area: catalogue (programmes, sessions, partners,
competencies), enrolment (requests, nominations, decisions), completion (attendance, results,
certificates) and public (the certificate check, no login)."""
