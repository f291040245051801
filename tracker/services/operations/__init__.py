"""Operating the installation: backup and restore (``backup``), evidence integrity (``evidence_check``)."""
