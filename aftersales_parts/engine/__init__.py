"""Plain-Python rules of the parts depots (no ORM import)."""
