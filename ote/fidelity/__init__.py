"""The fidelity scale (IPS-25, seed 003) and the team's assessments on it."""
