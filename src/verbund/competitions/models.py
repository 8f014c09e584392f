"""Models of the competitions app (thin: writes go through domain functions)."""
