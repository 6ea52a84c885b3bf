"""Forms of the personnel record, one module per area: records (the record and the list's filters),
histories (history rows and documents), io (the import upload), corrections."""
