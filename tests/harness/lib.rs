//! The book harness.
