"""The council beside England, its region and its statistical neighbours."""
