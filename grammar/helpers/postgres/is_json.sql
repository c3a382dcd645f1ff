-- PostgreSQL 16's `value IS JSON [VALUE | SCALAR | ARRAY | OBJECT]
-- [WITH UNIQUE KEYS]` on older kernels: whether doc is valid JSON text
-- (parsed as json, as the predicate does, so duplicate keys and \u0000 are
-- valid), its top-level item is of the kind asked for, and, with
-- unique_keys, no object in it, at any depth, repeats a key. NULL when doc
-- is NULL, as the predicate gives. json and jsonb values are tested through
-- their text (a jsonb value never repeats a key).
-- Source: PostgreSQL 16 documentation, 9.16.1 Processing and Creating JSON
-- Data (Table 9.46, SQL/JSON Testing Functions: IS JSON).
CREATE OR REPLACE FUNCTION sqlport.is_json(doc text, kind text, unique_keys boolean)
RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  j json;
BEGIN
  IF doc IS NULL THEN
    RETURN NULL;
  END IF;
  BEGIN
    j := doc::json;
  EXCEPTION WHEN invalid_text_representation OR untranslatable_character THEN
    -- Not JSON text: the predicate is false, not an error.
    RETURN false;
  END;
  IF (kind = 'OBJECT' AND json_typeof(j) <> 'object')
     OR (kind = 'ARRAY' AND json_typeof(j) <> 'array')
     OR (kind = 'SCALAR' AND json_typeof(j) IN ('object', 'array')) THEN
    RETURN false;
  END IF;
  IF NOT unique_keys THEN
    RETURN true;
  END IF;
  -- Every object of the document, at any depth; none may repeat a key.
  RETURN NOT EXISTS (
    WITH RECURSIVE node(v) AS (
      SELECT j
      UNION ALL
      SELECT c.v
        FROM node,
             LATERAL (SELECT e.value
                        FROM json_each(CASE WHEN json_typeof(node.v) = 'object' THEN node.v ELSE '{}' END) e
                      UNION ALL
                      SELECT a.value
                        FROM json_array_elements(CASE WHEN json_typeof(node.v) = 'array' THEN node.v ELSE '[]' END) a
                     ) AS c(v)
    )
    SELECT 1
      FROM node
     WHERE json_typeof(node.v) = 'object'
       AND (SELECT count(*) <> count(DISTINCT k) FROM json_object_keys(node.v) AS k)
  );
END
$$;

CREATE OR REPLACE FUNCTION sqlport.is_json(doc json, kind text, unique_keys boolean)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT sqlport.is_json(doc::text, kind, unique_keys)
$$;

CREATE OR REPLACE FUNCTION sqlport.is_json(doc jsonb, kind text, unique_keys boolean)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
  SELECT sqlport.is_json(doc::text, kind, unique_keys)
$$;
