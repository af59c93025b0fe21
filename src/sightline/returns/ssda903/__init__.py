"""The ssda903 return: reader and writer."""
