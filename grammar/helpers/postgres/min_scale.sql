-- PostgreSQL 13's min_scale(numeric) on older kernels: the smallest scale
-- that represents the value exactly (8.50 → 1). NULL for NULL and NaN.
-- Source: PostgreSQL 13 documentation, 9.3 Mathematical Functions (min_scale).
CREATE OR REPLACE FUNCTION sqlport.min_scale(value numeric)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT scale(sqlport.trim_scale(value))
$$;
