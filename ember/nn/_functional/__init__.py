"""Implementation modules of ``ember.nn.functional`` (one file per family)."""
