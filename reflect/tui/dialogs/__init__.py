"""Modal questions: small screens that ask and answer, opened by screens."""
