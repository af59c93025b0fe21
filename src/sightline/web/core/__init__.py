"""The layout, home page, navigation and error pages every app shares."""
