"""Writes of the performance app, one module per area with the same names as views/, forms/ and
selectors/: planning (the SKP and its workflow), realisation, appraisal (dialog, appraisal, coaching),
years (performance years, periods, unit predikat), scoring (the scoring job and starting it on demand). Each write is
`<entity>_<action>(*, actor, ...)`; notify.py is how they tell people.

The area modules are imported here so that a view reads `services.planning.skp_submit(...)`."""

from . import appraisal, appraisers, notify, planning, realisation, scoring, years

__all__ = ["appraisal", "appraisers", "notify", "planning", "realisation", "scoring", "years"]
