"""Rasa-side code of Voormekaar Voordeur: custom channels, the SafetyNet NLU component and the redacting tracker store.

Runs in runtime 1 (Python 3.10, Rasa 3.6.21). Imports `routing/` for BSN masking and the safety net.
"""
