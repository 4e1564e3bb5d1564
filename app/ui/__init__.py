"""Qt Widgets: the main window, its panels, dialogs and item models."""
