-- PostgreSQL 14's date_bin(stride, source, origin) on older kernels: the
-- start of the stride-wide bin, counted from origin, that source falls in
-- (rounded towards -infinity for sources before origin, as 16 and later
-- do). The stride may not contain months or years and must be positive;
-- a day counts as 24 hours. NULL when an argument is NULL.
-- Source: PostgreSQL 14 documentation, 9.9.3 date_bin; PostgreSQL 17
-- documentation, 9.9.3 date_bin.
CREATE OR REPLACE FUNCTION sqlport.date_bin(stride interval, source timestamp without time zone, origin timestamp without time zone)
RETURNS timestamp without time zone
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  step bigint;
  diff bigint;
  delta bigint;
BEGIN
  IF date_part('month', stride) <> 0 OR date_part('year', stride) <> 0 THEN
    RAISE EXCEPTION 'timestamps cannot be binned into intervals containing months or years'
      USING ERRCODE = '0A000';
  END IF;
  step := round(date_part('epoch', stride) * 1000000)::bigint;
  IF step <= 0 THEN
    RAISE EXCEPTION 'stride must be greater than zero' USING ERRCODE = '22008';
  END IF;
  diff := round(date_part('epoch', source - origin) * 1000000)::bigint;
  delta := diff - diff % step;
  IF diff % step < 0 THEN
    delta := delta - step;
  END IF;
  RETURN origin + delta * interval '1 microsecond';
END
$$;

CREATE OR REPLACE FUNCTION sqlport.date_bin(stride interval, source timestamp with time zone, origin timestamp with time zone)
RETURNS timestamp with time zone
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
BEGIN
  -- Bins are absolute spans of time: the difference in microseconds does
  -- not depend on the session's time zone.
  RETURN (SELECT origin + (sqlport.date_bin(stride, source AT TIME ZONE 'UTC', origin AT TIME ZONE 'UTC')
                           - (origin AT TIME ZONE 'UTC')));
END
$$;
