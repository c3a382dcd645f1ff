-- PostgreSQL 15's regexp_substr(string, pattern [, start [, n [, flags
-- [, subexpr]]]]) on older kernels: the n-th match of pattern in string,
-- searching from character start (or its subexpr-th parenthesized
-- subexpression); NULL when there is none. The pattern is wrapped in one
-- more group, so that group 1 is the whole match (back-references \1… in
-- the pattern would shift).
-- Source: PostgreSQL 15 documentation, 9.7.3 POSIX Regular Expressions
-- (regexp_substr, regexp_matches).
CREATE OR REPLACE FUNCTION sqlport.regexp_substr(string text, pattern text, start integer DEFAULT 1, n integer DEFAULT 1, flags text DEFAULT '', subexpr integer DEFAULT 0)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT m[1 + subexpr]
    FROM regexp_matches(substr(string, start), '(' || pattern || ')', 'g' || flags)
         WITH ORDINALITY AS x(m, k)
   WHERE k = n
$$;
