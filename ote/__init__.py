"""OTE – the team dashboard for supported-employment (IPS) job-coaching teams."""

__version__ = "0.1.0"
