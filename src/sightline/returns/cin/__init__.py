"""The cin return: reader and writer."""
