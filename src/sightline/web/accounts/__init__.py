"""Users, their role and their teams; the permission checks every view uses."""
