-- Oracle INSTR(s, t, pos, occ): where the occ-th occurrence of t starts in s,
-- searching forward from pos, or, for a negative pos, backward from the
-- character |pos| from the end; 0 when there is none. Occurrences may overlap,
-- and an empty string is NULL as in Oracle.
-- Source: Oracle SQL Language Reference, INSTR.
CREATE OR REPLACE FUNCTION sqlport.instr(s text, t text, pos integer DEFAULT 1, occ integer DEFAULT 1)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  at integer;
  k integer;
  seen integer := 0;
BEGIN
  IF s = '' OR t = '' THEN
    RETURN NULL;
  END IF;
  IF occ < 1 THEN
    RAISE EXCEPTION 'argument % is out of range', occ USING ERRCODE = '22003';
  END IF;
  IF pos > 0 THEN
    at := pos - 1;
    LOOP
      k := strpos(substr(s, at + 1), t);
      EXIT WHEN k = 0;
      at := at + k;
      seen := seen + 1;
      IF seen = occ THEN
        RETURN at;
      END IF;
    END LOOP;
  ELSIF pos < 0 THEN
    at := least(length(s) + pos + 1, length(s) - length(t) + 1);
    WHILE at >= 1 LOOP
      IF substr(s, at, length(t)) = t THEN
        seen := seen + 1;
        IF seen = occ THEN
          RETURN at;
        END IF;
      END IF;
      at := at - 1;
    END LOOP;
  END IF;
  RETURN 0;
END
$$;
