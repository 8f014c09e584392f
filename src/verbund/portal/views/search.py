"""Partner search page ("who could work with us on X?")."""
