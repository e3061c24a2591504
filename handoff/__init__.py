"""Human handoff: the queue of conversations waiting for a counsellor, who is online, and
the counsellors' hours. Pure logic on Redis, without Rasa."""
