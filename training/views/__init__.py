"""Pages of the training app, one module per area: catalogue (programmes, sessions, partners,
competencies), enrolment (requests, nominations, decisions), completion (attendance, results,
certificates), public (the certificate check, no login) and compliance (the 20 JP dashboard, JP saya)."""
