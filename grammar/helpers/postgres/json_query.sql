-- PostgreSQL 17's JSON_QUERY(doc, path PASSING … [WITH [CONDITIONAL |
-- UNCONDITIONAL] WRAPPER] … ON EMPTY … ON ERROR) on older kernels: the
-- SQL/JSON item path selects, as jsonb. wrapper is 'NONE' (WITHOUT WRAPPER,
-- the default: more than one item is an error), 'UNCONDITIONAL' (the items
-- in an array) or 'CONDITIONAL' (an array when there is more than one item:
-- PostgreSQL 17.10 returns a single item, scalar or not, as it is). on_empty when path selects nothing, on_error when it fails.
-- NULL for a NULL doc.
-- Source: PostgreSQL 17 documentation, 9.16.2.2 SQL/JSON Query Functions
-- (JSON_QUERY).
CREATE OR REPLACE FUNCTION sqlport.json_query(doc jsonb, path jsonpath, vars jsonb, wrapper text,
                                              on_empty jsonb, on_error jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  items jsonb[];
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
  IF wrapper = 'UNCONDITIONAL' OR (wrapper = 'CONDITIONAL' AND cardinality(items) > 1) THEN
    RETURN to_jsonb(items);
  END IF;
  IF cardinality(items) > 1 THEN
    RETURN on_error;
  END IF;
  RETURN items[1];
END
$$;
