"""Argument evaluation on GraphQL: a label on every statement under a chosen semantics, and a map-level evaluation."""
