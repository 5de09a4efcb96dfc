"""Plan target tracker: catalog, metrics, actuals store, app and reports."""
