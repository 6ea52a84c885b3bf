"""The pages of the personnel record, one module per area: records, histories (and documents), io
(exports and imports), corrections, profile (Profil saya, Pegawai bawahan)."""
