"""Device logs: the rows an office device sends to the endpoint, or that HR imports from a device
file (CSV or .xlsx), checked and written as presensi records (domain.md §10).

One pass checks every row set-based (one query for the employees named, one for the records already
stored around those days) and returns the rows to write and every bad row with its reasons in
Indonesian. Writing inserts with ON CONFLICT DO NOTHING on `presence_device_log_unique`: a log read
twice is counted as a duplicate, never doubled.

A log without a kind (many devices only log a "scan") becomes a check-in when no check-in of that
employee and day is earlier (stored or in the same batch), else a check-out: the first scan of the
day is the check-in and every later one a check-out, so the first check-in and the last check-out
count (rules.counted_records). docs/attendance.md explains it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from employees.models import Employee

from ..choices import PresenceKind, PresenceSource
from ..models import Presence
from ..selectors import presence as selectors
from . import daily

# A device clock may run a little ahead of the server's.
FUTURE_TOLERANCE = timedelta(minutes=5)
DEFAULT_MAX_AGE_DAYS = 366
XLSX_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # the old .xls
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
DEVICE_MAX_LENGTH = 64
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def max_age_days() -> int:
    """How old a log may be (settings may override it): older ones are refused as implausible."""
    return int(getattr(settings, "ATTENDANCE_LOG_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS))


# --- Reading one value ----------------------------------------------------------------------------
class BadValue(ValueError):
    """A value that cannot be read; the message is for the user."""


KIND_SPELLINGS = {
    PresenceKind.IN: {"in", "masuk", "datang", "i", "0", "checkin", "check-in", "check in", "c/in", "cin"},
    PresenceKind.OUT: {"out", "pulang", "keluar", "o", "1", "checkout", "check-out", "check out", "c/out"},
}
KIND_OF = {spelling: kind for kind, spellings in KIND_SPELLINGS.items() for spelling in spellings}

# Text timestamps as devices and spreadsheets write them (after the ISO forms).
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
)


def parse_kind(value: Any) -> str | None:
    """in/out from the spellings devices use (ZKTeco-style 0/1 too); None when blank."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = str(value).strip().lower()
    if not raw:
        return None
    kind = KIND_OF.get(raw)
    if kind is None:
        raise BadValue(
            _("jenis presensi %(value)s tidak dikenal (gunakan masuk/pulang, in/out, 0/1)")
            % {"value": str(value)[:20]}
        )
    return str(kind)


def parse_timestamp(value: Any, zone: ZoneInfo, *, require_offset: bool = False) -> datetime:
    """An aware datetime. A datetime cell (Excel) or a text without offset is local time of the
    agency's zone; `require_offset` (the endpoint) refuses a text without one."""
    if isinstance(value, datetime):
        at = value if timezone.is_aware(value) else value.replace(tzinfo=zone)
        return _representable(at, zone, str(value))
    if isinstance(value, date) or value is None or (isinstance(value, str) and not value.strip()):
        raise BadValue(_("waktu kosong atau tanpa jam"))
    raw = " ".join(str(value).strip().split())
    if CONTROL_CHARACTERS.search(raw):
        raise BadValue(_("waktu berisi karakter kontrol (mis. NUL)"))
    parsed: datetime | None = None
    iso = raw.replace("Z", "+00:00") if raw.endswith("Z") else raw
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        for form in DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(raw, form)
                break
            except ValueError:
                continue
    if parsed is None:
        raise BadValue(
            _("waktu %(value)s tidak terbaca (contoh: 2026-11-02 07:31:05 atau 02/11/2026 07:31)")
            % {"value": raw[:40]}
        )
    if not timezone.is_aware(parsed):
        if require_offset:
            raise BadValue(
                _("waktu %(value)s tanpa zona waktu (contoh: 2026-11-02T07:31:05+09:00)")
                % {"value": raw[:40]}
            )
        parsed = parsed.replace(tzinfo=zone)
    return _representable(parsed, zone, raw)


def _representable(at: datetime, zone: ZoneInfo, raw: str) -> datetime:
    """`at` as it is, when it can be shown in UTC and in the agency's zone: a time at the edge of the
    calendar (year 1 with +14:00, year 9999 in UTC) cannot, and is refused as unreadable."""
    try:
        at.astimezone(UTC)
        at.astimezone(zone)
    except (OverflowError, ValueError) as exc:
        raise BadValue(
            _("waktu %(value)s di luar rentang tanggal yang dapat diproses") % {"value": raw[:40]}
        ) from exc
    return at


def employee_ref(nip: Any, employee_id: Any) -> tuple[str, int | None]:
    """(NIP, employee id) of a row: the NIP as 18 digits (spaces dropped), or an id number."""
    if isinstance(nip, float):
        if not nip.is_integer():
            raise BadValue(_("NIP tidak valid"))
        nip = str(int(nip))
    nip_text = re.sub(r"[\s.]", "", str(nip or ""))
    if isinstance(employee_id, float) and employee_id.is_integer():
        employee_id = int(employee_id)
    id_text = str(employee_id or "").strip()
    if nip_text:
        if not re.fullmatch(r"\d{18}", nip_text):
            raise BadValue(_("NIP %(value)s harus 18 angka") % {"value": nip_text[:30]})
        return nip_text, None
    if id_text:
        if not re.fullmatch(r"\d{1,12}", id_text):
            # -1 or a 20-digit number are numbers too: say what an id is.
            raise BadValue(
                _("ID pegawai %(value)s harus bilangan bulat positif, paling banyak 12 angka")
                % {"value": id_text[:30]}
            )
        return "", int(id_text)
    raise BadValue(_("NIP atau ID pegawai wajib diisi"))


# --- One batch of logs ----------------------------------------------------------------------------
@dataclass
class LogRow:
    """One log as read, before the checks: `number` is the file's line (or the JSON index)."""

    number: int
    nip: str = ""
    employee_id: int | None = None
    at: datetime | None = None
    kind: str | None = None  # None: decided by the first-scan rule
    device: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.nip or (str(self.employee_id) if self.employee_id is not None else "")


@dataclass
class Problem:
    number: int
    label: str
    reasons: list[str]


@dataclass
class Checked:
    total: int = 0
    problems: list[Problem] = field(default_factory=list)
    ready: list[Presence] = field(default_factory=list)  # new records
    duplicates: int = 0  # already stored (ignored)
    ready_numbers: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.total > 0


def check_logs(
    *,
    instansi_id: int,
    rows: list[LogRow],
    source: str,
    now: datetime | None = None,
    twins_are_problems: bool = True,
) -> Checked:
    """Check a batch of logs for the agency; nothing is written. Rows already bad (`reasons`) stay bad.
    A row equal to an earlier one of the batch is a bad row of a file (`twins_are_problems`), and
    a duplicate (ignored) of a device's request."""
    now = now or timezone.now()
    zone = selectors.presence_config(instansi_id).zone
    checked = Checked(total=len(rows))
    earliest = now - timedelta(days=max_age_days())
    # Employees named, set-based: one query.
    nips = {r.nip for r in rows if r.nip}
    ids = {r.employee_id for r in rows if r.employee_id is not None}
    found: dict[Any, tuple[int, int]] = {}
    if nips or ids:
        for pk, nip, agency in Employee.objects.filter(Q(nip__in=nips) | Q(pk__in=ids)).values_list(
            "pk", "nip", "unit__instansi_id"
        ):
            found[("nip", nip)] = found[("id", pk)] = (pk, agency)
    good: list[tuple[LogRow, int]] = []
    seen: dict[tuple[int, datetime, str | None, str], int] = {}
    for row in rows:
        reasons = list(row.reasons)
        employee_pk: int | None = None
        if not reasons:
            key = ("nip", row.nip) if row.nip else ("id", row.employee_id)
            hit = found.get(key)
            if hit is None:
                reasons.append(
                    _("NIP %(nip)s tidak terdaftar") % {"nip": row.nip}
                    if row.nip
                    else _("ID pegawai %(id)s tidak terdaftar") % {"id": row.employee_id}
                )
            elif hit[1] != instansi_id:
                reasons.append(_("pegawai instansi lain; presensinya tidak dapat dicatat di sini"))
            else:
                employee_pk = hit[0]
        if row.at is not None and not reasons:
            if row.at > now + FUTURE_TOLERANCE:
                reasons.append(_("waktu %(at)s belum terjadi") % {"at": _local_text(row.at, zone)})
            elif row.at < earliest:
                reasons.append(
                    _("waktu %(at)s terlalu lama (lebih dari %(days)s hari lalu)")
                    % {"at": _local_text(row.at, zone), "days": max_age_days()}
                )
        if not reasons and employee_pk is not None and row.at is not None:
            twin = (employee_pk, row.at, row.kind, row.device)
            if twin in seen and not twins_are_problems:
                checked.duplicates += 1
                continue
            if twin in seen:
                reasons.append(_("sama dengan baris %(number)s") % {"number": seen[twin]})
            else:
                seen[twin] = row.number
        if reasons:
            checked.problems.append(Problem(row.number, row.label, reasons))
        else:
            assert employee_pk is not None
            good.append((row, employee_pk))
    checked.problems.sort(key=lambda p: p.number)
    if good:
        _build_records(checked, good, zone, source)
    return checked


def _local_text(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%d-%m-%Y %H.%M")


def _build_records(checked: Checked, good: list[tuple[LogRow, int]], zone: ZoneInfo, source: str) -> None:
    """Decide the kind of kindless logs (the first-scan rule), and split new records from duplicates
    of stored ones (two queries, over the employees and dates of the batch)."""
    employee_ids = sorted({pk for _row, pk in good})
    dates = [r.at.astimezone(zone).date() for r, _pk in good if r.at is not None]
    start, end = min(dates), max(dates)
    stored_in = {
        (e, d): at
        for e, d, at in Presence.objects.filter(
            employee_id__in=employee_ids, work_date__range=(start, end), kind=PresenceKind.IN
        )
        .values("employee_id", "work_date")
        .annotate(first=Min("at"))
        .values_list("employee_id", "work_date", "first")
    }
    stored = set(
        Presence.objects.filter(employee_id__in=employee_ids, work_date__range=(start, end))
        .exclude(source=PresenceSource.BROWSER)
        .values_list("employee_id", "at", "kind", "device")
    )
    # Per employee and day, in time order: explicit kinds stand; a kindless scan is the check-in
    # unless a check-in is earlier.
    by_day: dict[tuple[int, date], list[tuple[LogRow, int]]] = defaultdict(list)
    for row, pk in good:
        assert row.at is not None
        by_day[(pk, row.at.astimezone(zone).date())].append((row, pk))
    records: list[tuple[int, Presence]] = []
    for (pk, day), day_rows in by_day.items():
        first_in = stored_in.get((pk, day))
        for row, _pk in sorted(day_rows, key=lambda item: (item[0].at, item[0].number)):
            assert row.at is not None
            kind = row.kind
            if kind is None:
                kind = PresenceKind.IN if first_in is None or row.at <= first_in else PresenceKind.OUT
            if kind == PresenceKind.IN and (first_in is None or row.at < first_in):
                first_in = row.at
            record = Presence(
                employee_id=pk, work_date=day, at=row.at, kind=kind, source=source, device=row.device
            )
            records.append((row.number, record))
    seen_now: set[tuple[int, datetime, str, str]] = set()
    for number, record in sorted(records, key=lambda item: item[0]):
        key = (record.employee_id, record.at, str(record.kind), record.device)
        if key in stored or key in seen_now:
            checked.duplicates += 1
            continue
        seen_now.add(key)
        checked.ready.append(record)
        checked.ready_numbers.append(number)


def write_records(records: list[Presence], *, instansi_id: int) -> int:
    """Insert the records in one transaction, ignoring any a concurrent writer stored meanwhile (ON
    CONFLICT DO NOTHING); the number actually inserted, from the INSERT's RETURNING (a count of the
    rows before and after would also count what a concurrent writer committed in between). The days
    they touch are built again after the commit (`rebuild_on_commit`)."""
    if not records:
        return 0
    with transaction.atomic():
        inserted = sum(
            _insert_ignoring_conflicts(records[i : i + INSERT_BATCH])
            for i in range(0, len(records), INSERT_BATCH)
        )
        # Inside the block: outside any transaction (autocommit, as in a request) on_commit runs its
        # callback at once, which built the days before the records were written.
        rebuild_on_commit(records, instansi_id=instansi_id)
    return inserted


# Rows per INSERT: 10 columns each stays well under the parameter limits of PostgreSQL and SQLite.
INSERT_BATCH = 1000


def _insert_ignoring_conflicts(records: list[Presence]) -> int:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id (PostgreSQL, SQLite ≥ 3.35): the rows really
    inserted, those a conflict skipped not returned. bulk_create(ignore_conflicts=True) tells neither."""
    meta = Presence._meta
    fields = [f for f in meta.local_concrete_fields if f is not meta.pk]
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params: list[Any] = []
    for record in records:
        params.extend(f.get_db_prep_save(f.pre_save(record, add=True), connection) for f in fields)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * len(records))} ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


# --- The days to build again ----------------------------------------------------------------------
@dataclass(frozen=True)
class Touched:
    """The employees and the span of local dates whose daily status new records change."""

    employee_ids: tuple[int, ...]
    start: date
    end: date


def _days_touched(records: Iterable[Presence]) -> Touched | None:
    """What to build again after writing `records` (None when nothing): the daily statuses of these
    employees over these dates."""
    rows = list(records)
    if not rows:
        return None
    dates = [r.work_date for r in rows]
    return Touched(tuple(sorted({r.employee_id for r in rows})), min(dates), max(dates))


# Employee-days built again at once after a write (a device's post, a small file); a bigger file is
# handed to the agency's build job (one run at a time; if one runs already, the nightly job catches up).
REBUILD_INLINE_MAX = 5_000


def rebuild_on_commit(records: Iterable[Presence], *, instansi_id: int) -> None:
    """After the transaction commits, build again the daily statuses the records change."""
    touched = _days_touched(records)
    if touched is None:
        return
    span = (touched.end - touched.start).days + 1
    if len(touched.employee_ids) * span <= REBUILD_INLINE_MAX:
        transaction.on_commit(
            lambda: daily.build_days(start=touched.start, end=touched.end, employee_ids=touched.employee_ids)
        )
        return
    from .. import tasks  # the job module imports the services

    transaction.on_commit(
        lambda: tasks.build_agency_days.delay(
            instansi_id=instansi_id, start=touched.start.isoformat(), end=touched.end.isoformat()
        )
    )


# --- Reading a device file (CSV or .xlsx) ---------------------------------------------------------
class FileRefused(ValueError):
    """The file as a whole cannot be used; the message is for the user."""


# Header spellings (lower case, spaces and punctuation squashed) of each column.
HEADERS = {
    "nip": {"nip", "nipnipppk", "nipppk", "nip/nipppk", "nomorindukpegawai"},
    "employee_id": {"idpegawai", "employeeid", "id", "userid", "pin", "noid", "enno", "acno", "nopegawai"},
    "at": {
        "waktu",
        "timestamp",
        "tanggaljam",
        "tanggalwaktu",
        "datetime",
        "time",
        "checktime",
        "scan",
        "waktuscan",
    },
    "device": {"mesin", "device", "sn", "serial", "nomorseri", "kodemesin", "devicesn", "terminal"},
    "kind": {"jenis", "kind", "status", "inout", "masukpulang", "checktype", "state"},
}
COLUMN_OF = {spelling: key for key, spellings in HEADERS.items() for spelling in spellings}


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def read_file(source: IO[bytes], *, max_rows: int) -> list[dict[str, Any]]:
    """The data rows of a device file, each a dict of column key -> value plus "_number" (the line
    or sheet row). Refuses a file that cannot be read, lacks a column or is too long."""
    source.seek(0)
    head = source.read(4)
    source.seek(0)
    if head == OLE_SIGNATURE:
        raise FileRefused(_("Berkas .xls lama tidak didukung. Simpan ulang sebagai .xlsx atau CSV."))
    table = _xlsx_rows(source) if head == XLSX_SIGNATURE else _csv_rows(source)
    header = next(table, None) or ()
    positions: dict[int, str] = {}
    for index, value in enumerate(header):
        key = COLUMN_OF.get(_squash(str(value or "")))
        if key is None:
            continue
        if key in positions.values():
            raise FileRefused(
                _("Kolom %(name)s muncul dua kali di baris judul.") % {"name": str(value).strip()}
            )
        positions[index] = key
    keys = set(positions.values())
    if "at" not in keys or not keys & {"nip", "employee_id"}:
        raise FileRefused(
            _(
                "Baris pertama harus berisi judul kolom: NIP (atau ID Pegawai) dan Waktu; Mesin dan Jenis boleh ada."
            )
        )
    found: list[dict[str, Any]] = []
    for number, values in enumerate(table, start=2):
        if not values or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        if len(found) >= max_rows:
            raise FileRefused(
                _("Berkas berisi lebih dari %(limit)s baris data; bagi menjadi beberapa berkas.")
                % {"limit": max_rows}
            )
        row = {key: values[i] if i < len(values) else None for i, key in positions.items()}
        row["_number"] = number
        found.append(row)
    if not found:
        raise FileRefused(_("Berkas tidak berisi baris data di bawah baris judul."))
    return found


def _xlsx_rows(source: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    unreadable = _(
        "Berkas .xlsx tidak dapat dibaca (rusak atau bukan buku kerja Excel). Simpan ulang lalu unggah lagi."
    )
    try:
        with zipfile.ZipFile(source) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FileRefused(_("Isi berkas terlalu besar setelah dibuka; bagi menjadi beberapa berkas."))
        source.seek(0)
        workbook = load_workbook(source, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
        workbook.close()
    except FileRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise FileRefused(unreadable) from exc
    return iter(rows)


def _csv_rows(source: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    data = source.read()
    if b"\x00" in data[:4096]:
        raise FileRefused(_("Berkas ini bukan CSV atau .xlsx. Ekspor log mesin sebagai CSV atau .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return (tuple(r) for r in csv.reader(io.StringIO(text), dialect))


def rows_from_file(
    records: list[dict[str, Any]], zone: ZoneInfo, *, device_default: str = ""
) -> list[LogRow]:
    """LogRows of a file's rows, with the reasons a cell cannot be read."""
    rows = []
    for values in records:
        row = LogRow(number=values["_number"])
        try:
            row.nip, row.employee_id = employee_ref(values.get("nip"), values.get("employee_id"))
        except BadValue as exc:
            row.reasons.append(str(exc))
        try:
            row.at = parse_timestamp(values.get("at"), zone)
        except BadValue as exc:
            row.reasons.append(str(exc))
        try:
            row.kind = parse_kind(values.get("kind"))
        except BadValue as exc:
            row.reasons.append(str(exc))
        device = str(values.get("device") or "").strip() or device_default
        if len(device) > DEVICE_MAX_LENGTH:
            row.reasons.append(_("nama mesin lebih dari %(n)s karakter") % {"n": DEVICE_MAX_LENGTH})
        elif CONTROL_CHARACTERS.search(device):
            # Stored as the record's device: PostgreSQL refuses NUL in text (a 500 at "Terapkan").
            row.reasons.append(_("nama mesin berisi karakter kontrol (mis. NUL)"))
        if isinstance(values.get("device"), float) and float(values["device"]).is_integer():
            device = str(int(values["device"]))
        row.device = device[:DEVICE_MAX_LENGTH]
        rows.append(row)
    return rows
