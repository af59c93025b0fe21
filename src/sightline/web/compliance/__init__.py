"""Overdue and due-soon work, by team, worker and child."""
