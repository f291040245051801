"""Conclusions: reading a conclusion text into shortcomings and recommendations, reviewing and importing it."""
