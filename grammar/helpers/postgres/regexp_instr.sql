-- regexp_instr(s, p, pos, occ, ret, flags) for kernels before 15, which
-- have none: where the occ-th match of p begins in s, searching from
-- character pos (ret = 1: the character after the match); 0 when there is
-- none. One helper serves both directions: PostgreSQL 15's regexp_instr
-- (same arguments and defaults) and Oracle's REGEXP_INSTR, whose rule always
-- passes every argument, with Oracle's match parameter turned into
-- PostgreSQL flags. The text before a match is what is left when the match
-- and everything after it are cut off; its length is what is left of the
-- text from there when the match alone is cut off. Non-capturing groups keep
-- the pattern's back-references numbered as written.
-- Sources: PostgreSQL 15 documentation, 9.7.3 POSIX Regular Expressions
-- (regexp_instr); Oracle SQL Language Reference, REGEXP_INSTR.
CREATE OR REPLACE FUNCTION sqlport.regexp_instr(s text, p text, pos integer DEFAULT 1, occ integer DEFAULT 1, ret integer DEFAULT 0, flags text DEFAULT '')
RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  at integer := pos - 1;
  rest text;
  before text;
  tail text;
  len integer;
  seen integer := 0;
BEGIN
  IF pos < 1 OR occ < 1 OR ret NOT IN (0, 1) THEN
    RAISE EXCEPTION 'argument is out of range' USING ERRCODE = '22003';
  END IF;
  WHILE at <= length(s) LOOP
    rest := substr(s, at + 1);
    IF regexp_match(rest, p, flags) IS NULL THEN
      RETURN 0;
    END IF;
    before := regexp_replace(rest, '(?:' || p || ')(.|\n)*\Z', '', flags);
    tail := substr(rest, length(before) + 1);
    len := length(tail) - length(regexp_replace(tail, '^(?:' || p || ')', '', flags));
    seen := seen + 1;
    IF seen = occ THEN
      RETURN at + length(before) + 1 + CASE WHEN ret = 1 THEN len ELSE 0 END;
    END IF;
    at := at + length(before) + greatest(len, 1);
  END LOOP;
  RETURN 0;
END
$$;
