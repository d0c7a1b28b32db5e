"""Every text of the interface, in Danish and English: one module per area (see i18n)."""
