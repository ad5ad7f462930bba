-- Objects of kinds the plugin does not model, counted per kind for the run's
-- header ("present but not compared"; large objects by their number): the
-- unmodeled kind's own query, included (not copied), so the header counts what
-- that kind lists, whichever kinds a run compares.
select what as kind, sum(coalesce(count, 1))::int as count
from (
  {{kind_query unmodeled}}
) as objects
group by what
order by kind
