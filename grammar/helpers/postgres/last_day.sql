-- Oracle LAST_DAY(d): the last day of d's month, at d's time of day.
-- Source: Oracle SQL Language Reference, LAST_DAY.
CREATE OR REPLACE FUNCTION sqlport.last_day(d timestamp)
RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT date_trunc('month', d) + interval '1 month - 1 day' + (d - date_trunc('day', d))
$$;
