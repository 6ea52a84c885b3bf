"""Reads of the performance app, one module per area with the same names as views/, forms/ and
services/: planning, realisation, appraisal, years, monitoring and scoring, and dashboard (the home page). Each scopes through
performance.access first, then adds the joins its page needs.

The area modules are imported here so that a view reads `selectors.planning.skp_page(...)`."""

from . import appraisal, dashboard, monitoring, planning, realisation, scoring, years

__all__ = ["appraisal", "dashboard", "monitoring", "planning", "realisation", "scoring", "years"]
