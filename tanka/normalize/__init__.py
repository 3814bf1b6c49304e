"""Pure functions that turn raw page strings into typed values. No HTML, no I/O."""
