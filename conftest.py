pytest_plugins = ["govkit.testing"]
