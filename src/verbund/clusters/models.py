"""Models of the clusters app (thin: writes go through domain functions)."""
