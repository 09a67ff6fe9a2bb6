"""The simulated exchange's state: everything it holds, and the rules that change it.

Markets and their price walks, the one order engine (``_engine``: take, rest or cancel), the spot and futures
ledgers that trade through it, accounts, margin, wallets, sub-account families, conversions, trigger plans, the
v3 books and account modes; :class:`~._state.State` builds them all. Nothing here sees a request or declares a
route: the endpoint modules (``..endpoints``) read the parameters, call the state and shape the answers. The
state raises :class:`~asyncclient.testing.SimError` with the exchange's code when a rule refuses.
"""
