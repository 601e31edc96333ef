"""Tests of onestop.simulate."""
