-- PostgreSQL 17's JSON_VALUE(doc, path PASSING … RETURNING type
-- {NULL | DEFAULT x} ON EMPTY {NULL | DEFAULT x} ON ERROR) on older kernels:
-- the one SQL/JSON scalar path selects, as the type of on_empty (the
-- RETURNING type); on_empty when path selects nothing; on_error when it
-- fails, selects more than one item, an object or an array, or the scalar
-- does not convert to the type. A JSON null gives NULL; a JSON boolean
-- converts as the SQL boolean (as text: t or f). NULL for a NULL doc.
-- STABLE: converting to a type such as timestamptz reads the session's settings.
-- Source: PostgreSQL 17 documentation, 9.16.2.2 SQL/JSON Query Functions
-- (JSON_VALUE).
CREATE OR REPLACE FUNCTION sqlport.json_value(doc jsonb, path jsonpath, vars jsonb,
                                              on_empty anyelement, on_error anyelement)
RETURNS anyelement
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
  items jsonb[];
  result on_empty%TYPE;
BEGIN
  IF doc IS NULL THEN
    RETURN NULL;
  END IF;
  BEGIN
    items := ARRAY(SELECT jsonb_path_query(doc, path, vars));
  EXCEPTION WHEN OTHERS THEN
    RETURN on_error;
  END;
  IF cardinality(items) = 0 THEN
    RETURN on_empty;
  END IF;
  IF cardinality(items) > 1 OR jsonb_typeof(items[1]) IN ('object', 'array') THEN
    RETURN on_error;
  END IF;
  BEGIN
    IF jsonb_typeof(items[1]) = 'boolean' THEN
      -- A JSON boolean is the SQL boolean, whose text is t or f.
      result := CASE WHEN items[1] = 'true'::jsonb THEN 't' ELSE 'f' END;
    ELSE
      result := items[1] #>> '{}';
    END IF;
  EXCEPTION WHEN OTHERS THEN
    RETURN on_error;
  END;
  RETURN result;
END
$$;
