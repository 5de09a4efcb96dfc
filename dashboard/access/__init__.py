"""Who may do what: the users file and sign-in (`auth`), and the sign-in throttle (`throttle`)."""
