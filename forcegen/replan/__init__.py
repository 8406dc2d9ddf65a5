"""Re-planning a plan in motion: events, commitments, minimal change, rolling horizon."""
