"""The demo content that `make run` loads: not the product, never imported by it."""
