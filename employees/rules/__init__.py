"""Pure rules of the personnel record: no ORM, unit-tested on their own.

nip: the NIP and NI PPPK (domain.md §2); career: rank, dates of service and age, BUP, KGB,
promotion, Satyalancana, discipline levels (§3-§5); documents: the type of an upload by its
content; io: the .xlsx import format.
"""
