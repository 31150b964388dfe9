"""Property-based tests (hypothesis): any input, no crash, no unsafe output."""
