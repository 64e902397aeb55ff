"""Pydantic models of each TOML file in a config directory."""
