"""Custom Rasa input channels: the public socket.io chat and the private REST channel."""
