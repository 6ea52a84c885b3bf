"""Writes of the performance app, one module per area: years (periods), skp (planning and the
workflow), realisation, dialog and appraisal, coaching. Each is `<entity>_<action>(*, actor, ...)`."""
