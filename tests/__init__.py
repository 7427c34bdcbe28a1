"""Tests of the template itself: hooks, manifest and baked variants."""
