-- PostgreSQL 15's regexp_count(string, pattern [, start [, flags]]) on
-- older kernels: how many times pattern matches in string, searching from
-- character start. NULL when an argument is NULL, as in 15.
-- Source: PostgreSQL 15 documentation, 9.7.3 POSIX Regular Expressions
-- (regexp_count, regexp_matches with flag g).
CREATE OR REPLACE FUNCTION sqlport.regexp_count(string text, pattern text, start integer DEFAULT 1, flags text DEFAULT '')
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT count(*)::integer FROM regexp_matches(substr(string, start), pattern, 'g' || flags)
$$;
