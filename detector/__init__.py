"""Find the fingerprints of machine translation and automated rewriting in news articles."""

__version__ = "0.1.0"
