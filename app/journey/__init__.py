"""The request journey: eligibility questions, the three steps, check answers, submission."""
