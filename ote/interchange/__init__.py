"""The interchange format: reading, checking, importing and exporting data sets."""
