"""Models of the companies app (thin: writes go through domain functions)."""
