"""Forms of the performance app, one module per area with the same names as views/, selectors/ and
services/: planning, realisation, appraisal and years."""
