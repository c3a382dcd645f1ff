-- Oracle ADD_MONTHS(d, n): d moved by trunc(n) months, time of day kept. When d
-- is the last day of its month, or the target month is shorter than d's day,
-- the result is the last day of the target month (2024-02-29 + 1 = 2024-03-31);
-- PostgreSQL's d + interval '1 month' keeps the day number instead.
-- Source: Oracle SQL Language Reference, ADD_MONTHS.
CREATE OR REPLACE FUNCTION sqlport.add_months(d timestamp, n numeric)
RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN date_trunc('day', d) = date_trunc('day', sqlport.last_day(d))
      THEN sqlport.last_day(d + trunc(n)::integer * interval '1 month')
    ELSE d + trunc(n)::integer * interval '1 month'
  END
$$;
