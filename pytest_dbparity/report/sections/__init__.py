"""The report's sections that read across kinds: the executive summary, the
environment overview, the other differences, the accepted ones, the impact list
and the plan. They name no kind: what they show of one comes from its spec."""
