"""Use cases of the medical service: they take the session and never commit."""
