-- PostgreSQL 16's array_shuffle(array) on older kernels: the elements of
-- the first dimension (the sub-arrays of a multi-dimensional array) in a
-- random order, each permutation equally likely; the array's dimensions and
-- lower bounds are kept. NULL for NULL.
-- Source: PostgreSQL 16 documentation, 9.19 Array Functions (array_shuffle).
CREATE OR REPLACE FUNCTION sqlport.array_shuffle(arr anyarray)
RETURNS anyarray
LANGUAGE plpgsql VOLATILE STRICT
AS $$
DECLARE
  result arr%TYPE;
  i integer;
BEGIN
  IF array_lower(arr, 1) IS NULL THEN
    RETURN arr;
  END IF;
  result := arr[1:0];
  FOR i IN SELECT g FROM generate_series(array_lower(arr, 1), array_upper(arr, 1)) AS g ORDER BY random() LOOP
    result := result || arr[i:i];
  END LOOP;
  -- Concatenation numbers from 1: give the array its bounds back.
  IF array_dims(result) IS DISTINCT FROM array_dims(arr) THEN
    EXECUTE format('SELECT %L::%s',
                   array_dims(arr) || '=' || regexp_replace(result::text, '^\[[^=]*\]=', ''),
                   pg_typeof(arr))
      INTO result;
  END IF;
  RETURN result;
END
$$;
