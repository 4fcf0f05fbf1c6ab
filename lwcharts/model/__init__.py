"""The chart model, host-free: charts, series, computed series (indicators), events, sync, ids,
and the data rules that turn pandas input into columns. Nothing here imports a host or a store."""
