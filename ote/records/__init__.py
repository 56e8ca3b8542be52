"""Keeping records: the services behind the record pages, and their shared rules."""
