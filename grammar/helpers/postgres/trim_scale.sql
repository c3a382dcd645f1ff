-- PostgreSQL 13's trim_scale(numeric) on older kernels: the value with
-- trailing fractional zeros removed (8.50 → 8.5, 2.000 → 2). NULL for NULL.
-- Works on the text form, which numeric prints at its exact scale.
-- Source: PostgreSQL 13 documentation, 9.3 Mathematical Functions (trim_scale).
CREATE OR REPLACE FUNCTION sqlport.trim_scale(value numeric)
RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE WHEN s LIKE '%.%' THEN rtrim(rtrim(s, '0'), '.') ELSE s END::numeric
    FROM (SELECT value::text AS s) AS v
$$;
