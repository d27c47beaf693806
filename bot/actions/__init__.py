"""Action server of the Voormekaar front door (runtime 2, rasa-sdk). Start with `python -m bot.actions.server`."""
