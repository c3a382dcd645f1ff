-- PostgreSQL 15's regexp_like(string, pattern [, flags]) on older kernels:
-- whether pattern matches anywhere in string. NULL when an argument is NULL.
-- Source: PostgreSQL 15 documentation, 9.7.3 POSIX Regular Expressions
-- (regexp_like, regexp_match).
CREATE OR REPLACE FUNCTION sqlport.regexp_like(string text, pattern text, flags text DEFAULT '')
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT regexp_match(string, pattern, flags) IS NOT NULL
$$;
