"""The weekly coaching-team supervision (items 7 and 8.2): the week's figures per coach, the
agenda built from the records, and the meeting record."""
