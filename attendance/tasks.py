"""Jobs of the attendance app. The nightly build of daily statuses and the month's recap (set-based,
idempotent, one run at a time through core.runs) is the next step of issue 16; nothing is scheduled yet."""
