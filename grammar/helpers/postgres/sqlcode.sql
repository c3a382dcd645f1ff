-- Oracle SQLCODE from the SQLSTATE of the error being handled: -20nnn for the
-- application errors RAISE_APPLICATION_ERROR raises as SQLSTATE '45nnn', +1
-- for a user-defined exception (raised as SQLSTATE 'UXnnn'), the ORA code of
-- each SQLSTATE in grammar/oracle_errors.toml (the WHEN lines below are
-- generated from it), and -99999 for a PostgreSQL error Oracle has no number
-- for (SQLSTATE and SQLERRM still say what it was).
-- Source: PL/SQL Language Reference, SQLCODE Function; grammar/oracle_errors.toml.
CREATE OR REPLACE FUNCTION sqlport.sqlcode(state text)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN state ~ '^45[0-9]{3}$' THEN -20000 - substr(state, 3)::integer
    WHEN state LIKE 'UX%' THEN 1
    ELSE CASE state
-- sqlport: sqlcode cases
      ELSE -99999
    END
  END
$$;
