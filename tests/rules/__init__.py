"""Tests of the pure business rules."""
