-- PostgreSQL 14's trim_array(array, n) on older kernels: the array without
-- its last n elements (of the first dimension). NULL when an argument is
-- NULL; an error when n is negative or more than the array's length.
-- Source: PostgreSQL 14 documentation, 9.19 Array Functions (trim_array).
CREATE OR REPLACE FUNCTION sqlport.trim_array(arr anyarray, n integer)
RETURNS anyarray
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  len integer := coalesce(array_length(arr, 1), 0);
BEGIN
  IF n < 0 OR n > len THEN
    RAISE EXCEPTION 'number of elements to trim must be between 0 and %', len
      USING ERRCODE = '2202E';
  END IF;
  IF n = 0 THEN
    RETURN arr;
  END IF;
  RETURN arr[array_lower(arr, 1) : array_upper(arr, 1) - n];
END
$$;
