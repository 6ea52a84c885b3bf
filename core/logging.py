"""Logging filters for the settings' LOGGING (no app imports here)."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class QuietPermissionDenied(logging.Filter):
    """A refused request (403) is an expected outcome, not a crash: keep Django's one warning line
    ("Forbidden (Permission denied): /path") and drop the traceback it attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
