"""The top layer: the FastAPI service and the `airclass` CLI, composing every other package."""
