"""The FDA label library: streaming openFDA import, queries, label-change review."""
