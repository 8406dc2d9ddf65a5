"""Re-planning a plan in motion: events applied (the events file is `scenario.events`),
commitments, minimal change, rolling horizon."""
