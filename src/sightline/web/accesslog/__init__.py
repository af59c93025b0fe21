"""The access log: every view of a child-level page or list, and every refused attempt."""
