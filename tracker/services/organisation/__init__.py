"""Organisation: user accounts, agencies, and their CSV imports."""
