-- PostgreSQL 16's pg_input_is_valid(input, type) on older kernels, for a
-- type written without a type modifier ('date', 'integer', 'jsonb', a
-- domain): whether the type's input function accepts the text (and a
-- domain's constraints hold). NULL when an argument is NULL; a type that
-- does not exist is an error, as in 16. A data error (class 22) or a
-- domain's check or not-null violation means false.
-- Source: PostgreSQL 16 documentation, 9.26 System Information Functions
-- (pg_input_is_valid).
CREATE OR REPLACE FUNCTION sqlport.pg_input_is_valid(input text, type text)
RETURNS boolean
LANGUAGE plpgsql STABLE STRICT
AS $$
BEGIN
  -- Outside the handler: an unknown type raises, as in 16.
  EXECUTE format('SELECT NULL::%s', type);
  BEGIN
    EXECUTE format('SELECT %L::%s', input, type);
  EXCEPTION
    WHEN data_exception OR check_violation OR not_null_violation THEN
      RETURN false;
  END;
  RETURN true;
END
$$;
