-- PostgreSQL 15's regexp_instr(string, pattern [, start [, n [, endoption
-- [, flags]]]]) on older kernels: where the n-th match of pattern begins
-- (endoption 0) or the character after it ends (endoption 1), searching
-- from character start; 0 when there is none. The text before each match is
-- read from regexp_split_to_array over the same matches (patterns that
-- match the empty string are not supported). The sub-expression argument of
-- 15 is not: sqlport reports calls that pass it.
-- Source: PostgreSQL 15 documentation, 9.7.3 POSIX Regular Expressions
-- (regexp_instr, regexp_matches, regexp_split_to_array).
CREATE OR REPLACE FUNCTION sqlport.regexp_instr(string text, pattern text, start integer DEFAULT 1, n integer DEFAULT 1, endoption integer DEFAULT 0, flags text DEFAULT '')
RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  rest text := substr(string, start);
  pieces text[] := regexp_split_to_array(rest, '(' || pattern || ')', flags);
  m text[];
  k integer := 0;
  at integer := start;
BEGIN
  FOR m IN SELECT x FROM regexp_matches(rest, '(' || pattern || ')', 'g' || flags) AS x LOOP
    k := k + 1;
    at := at + length(pieces[k]);
    IF k = n THEN
      RETURN CASE WHEN endoption = 0 THEN at ELSE at + length(m[1]) END;
    END IF;
    at := at + length(m[1]);
  END LOOP;
  RETURN 0;
END
$$;
