"""Use cases of the inbox. Each function takes a Session (not begun) and owns its transaction."""
