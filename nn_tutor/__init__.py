"""nn-tutor: learn how neural networks learn, in the terminal."""

__version__ = "0.1.0"
