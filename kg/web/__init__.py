"""The web layer: HTTP in front of the library (kg serve)."""
