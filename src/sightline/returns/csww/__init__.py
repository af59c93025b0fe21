"""The csww return: reader and writer."""
