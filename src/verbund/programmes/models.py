"""Models of the programmes app (thin: writes go through domain functions)."""
