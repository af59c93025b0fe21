"""The child's timeline: every event across every return, with every timescale met or missed."""
