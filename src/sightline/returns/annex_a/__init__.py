"""The annex_a return: reader and writer."""
