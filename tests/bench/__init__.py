"""Performance benchmark (``make bench``) and Lighthouse report (``make lighthouse``). Measured, never asserted."""
