"""`python -m ote` is the same as the `ote` command."""

from ote.cli import main

raise SystemExit(main())
