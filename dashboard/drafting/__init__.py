"""Drafting assistant: read a plan text and write a draft catalog (version 2) for a person to check."""
