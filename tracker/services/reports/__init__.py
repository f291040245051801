"""Reports: counts as of a day, the task lines behind them, the dashboard, charts, the official documents."""
