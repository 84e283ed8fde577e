"""The commands of the amip CLI, one module each."""
