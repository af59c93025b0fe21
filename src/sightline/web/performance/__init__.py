"""The performance scorecard, indicator pages, targets and drill-down to children."""
