"""Creator cash-out: earnings, payout methods, withdrawals (a state machine), PayPal Payouts
submission and webhooks, operator review, and refund claw-backs of gifted diamonds."""
