"""The figures OTE computes (DOMAIN.md §4). Pages call these and nothing else computes a measure."""
