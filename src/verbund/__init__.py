"""verbund – build and run business networks in a funding programme area."""

__version__ = "0.1.0"
