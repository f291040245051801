"""Checks of the generated files by independent programs (LibreOffice, poppler)."""
