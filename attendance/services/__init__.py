"""Writes of the attendance app, by area: presence (check-in and check-out from the browser),
locations (HR's geofences) and schedules (the Perpres default pattern seeded per agency)."""
