"""govkit: the shared core of the Wenzhou policy services."""
