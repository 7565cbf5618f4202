pytest_plugins = ["pacte_platform.testing"]
