-- Oracle MONTHS_BETWEEN(a, b): whole months when both days are the same day of
-- the month or both are last days of their months; otherwise the months plus
-- the difference in days (time of day included) over a 31-day month.
-- Source: Oracle SQL Language Reference, MONTHS_BETWEEN.
CREATE OR REPLACE FUNCTION sqlport.months_between(a timestamp, b timestamp)
RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT ((extract(year FROM a) - extract(year FROM b)) * 12
          + extract(month FROM a) - extract(month FROM b))::numeric
    + CASE
        WHEN extract(day FROM a) = extract(day FROM b)
          OR (date_trunc('day', a) = date_trunc('day', sqlport.last_day(a))
              AND date_trunc('day', b) = date_trunc('day', sqlport.last_day(b)))
          THEN 0
        ELSE ((extract(day FROM a) - extract(day FROM b))::numeric
              + (extract(epoch FROM a::time) - extract(epoch FROM b::time))::numeric / 86400) / 31
      END
$$;
