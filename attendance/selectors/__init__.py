"""Reads of the attendance app, by area: presence (the check-in's agency settings, a day's records,
today's status) and schedules (the schedule and band table in force, HR's lists)."""
