"""Model releases: which Rasa model a file is, the gate a candidate must pass, promotion and rollback.

Pure Python + PyYAML, importable by both runtimes (the gate runs with Rasa, the inbox shows its report).
"""
