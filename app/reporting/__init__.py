"""The read model: how every page, embed, open-data file, the API and the commands read progress.

Between the features and the pure progress engine (app.progress); no blueprint, no request code.

- visibility: the one definition of what the public may see (and what staff pages count as live)
- progress: the one progress loader (missions, or a single indicator)
- relations: partners, interim targets, grouping by outcome
- charts: pure chart builders (rows in, Plotly figure out)
- figures: the same charts with the reader's words, for staff and public pages alike
"""
