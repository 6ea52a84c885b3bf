"""Reads of the training app, one module per area: catalogue (partners, competencies, programmes and
what is open to an employee), enrolment (queues, my enrolments, participants), completion
(attendance sheets, certificates), public (the certificate check) and compliance (the 20 JP duty)."""
