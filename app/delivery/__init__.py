"""Delivery: PDF copies, emails and the durable outbox that sends them."""
