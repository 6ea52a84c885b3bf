"""Pages of the attendance app, by area: presence (the employee's Presensi page and the tap),
locations (HR's geofences) and schedules (HR's view of the agency's working hours)."""
