-- PostgreSQL 16's array_sample(array, n) on older kernels: n elements of
-- the first dimension (sub-arrays of a multi-dimensional array) chosen at
-- random, in a random order, numbered from 1. NULL when an argument is
-- NULL; an error when n is negative or more than the array's length.
-- Source: PostgreSQL 16 documentation, 9.19 Array Functions (array_sample).
CREATE OR REPLACE FUNCTION sqlport.array_sample(arr anyarray, n integer)
RETURNS anyarray
LANGUAGE plpgsql VOLATILE STRICT
AS $$
DECLARE
  len integer := coalesce(array_length(arr, 1), 0);
  result arr%TYPE;
  i integer;
BEGIN
  IF n < 0 OR n > len THEN
    RAISE EXCEPTION 'sample size must be between 0 and %', len USING ERRCODE = '22023';
  END IF;
  result := arr[1:0];
  FOR i IN SELECT g FROM generate_series(array_lower(arr, 1), array_upper(arr, 1)) AS g ORDER BY random() LIMIT n LOOP
    result := result || arr[i:i];
  END LOOP;
  RETURN result;
END
$$;
