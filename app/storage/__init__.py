"""History, settings and secrets on disk. No Qt widgets."""
