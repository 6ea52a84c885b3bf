"""Storing uploaded files so that a failed write leaves nothing behind and says why.

Django's FileSystemStorage leaves a truncated file when a write fails part-way (a full disk) and
raises a bare OSError for a read-only or missing folder. `store_upload` names the file once, removes
whatever was written when the write fails, and turns the OSError into a ValidationError whose message
the form shows (the caller's transaction then rolls back with it: no row without its file).
"""

from __future__ import annotations

import errno
import logging
from contextlib import suppress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class PrivateStorage(FileSystemStorage):
    """Files with no public URL: they are served only through a view that checks access."""

    def url(self, name: str | None) -> str:
        raise NotImplementedError("private files have no URL; link to the view that serves the file")


def private_storage() -> FileSystemStorage:
    return PrivateStorage(location=settings.MEDIA_ROOT / "private")


FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def store_upload(field_file: FieldFile, upload: File, filename: str = "upload") -> str:
    """Write `upload` into the storage of `field_file` (a FileField of an unsaved instance) under the
    name its upload_to gives, set the field, and return the stored name."""
    field = field_file.field
    storage = field_file.storage
    name = field.generate_filename(field_file.instance, filename)
    try:
        stored = storage.save(name, upload, max_length=field.max_length)
    except OSError as exc:
        # The storage keeps the name it was given (our names are unique): remove the partial file.
        with suppress(OSError):
            if storage.exists(name):
                storage.delete(name)
        logger.error("upload not stored (%s): %s", errno.errorcode.get(exc.errno or 0, "?"), exc)
        if exc.errno in FULL:
            message = _(
                "Berkas tidak dapat disimpan karena ruang penyimpanan server penuh. Tidak ada yang "
                "tersimpan; hubungi admin sistem, lalu coba lagi."
            )
        else:
            message = _(
                "Berkas tidak dapat disimpan karena folder penyimpanan server tidak dapat ditulisi. "
                "Tidak ada yang tersimpan; hubungi admin sistem, lalu coba lagi."
            )
        raise ValidationError(message, code="storage") from exc
    setattr(field_file.instance, field.attname, stored)
    return stored
