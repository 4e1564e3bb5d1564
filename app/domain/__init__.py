"""Plain data types shared by every layer: no Qt, no I/O."""
