"""The simulated exchange's endpoint modules: each reads a request's parameters, calls the state, shapes the
answer, and declares the routes it serves (``routes()``: a :class:`~asyncclient.testing._routing.Mount` over
``get``/``post`` routes), which :class:`~asyncclient.testing.exchange.Exchange` collects once.
"""
