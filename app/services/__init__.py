"""QtCore-only services between the UI and the lower layers; they emit, never show dialogs."""
