-- Oracle SQLERRM from the SQLSTATE and message of the error being handled:
-- 'ORA-nnnnn: ' and the message for the errors sqlport.sqlcode knows
-- ('ORA-20030: …' for RAISE_APPLICATION_ERROR(-20030, …), 'ORA-01403: …'
-- for no data), 'User-Defined Exception' for a user exception, and the
-- message alone for a PostgreSQL error Oracle has no number for.
-- Source: PL/SQL Language Reference, SQLERRM Function.
CREATE OR REPLACE FUNCTION sqlport.sqlerrm(state text, message text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT CASE
    WHEN state LIKE 'UX%' THEN 'User-Defined Exception'
    WHEN state ~ '^45[0-9]{3}$' THEN 'ORA-20' || substr(state, 3) || ': ' || message
    ELSE coalesce(CASE state
-- sqlport: sqlerrm cases
    END || ': ' || message, message)
  END
$$;
