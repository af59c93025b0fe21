"""Benchmarks: `make bench` runs every module in this package, each in its own process, and prints
its figures with the peak memory (max RSS) of that process. A module defines `main()` that prints
its own figures and ratios; it never asserts a timing."""
