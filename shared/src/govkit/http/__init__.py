"""HTTP conventions shared by every service and the gateway."""
