"""Training data and model training for the detector."""
