"""Pages of the performance app, one module per area with the same names as forms/, selectors/ and
services/: planning, realisation, appraisal, years, monitoring and scoring; base.py holds what they
share."""
