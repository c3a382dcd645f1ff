-- PostgreSQL 14's unistr(text) on older kernels: the text with its Unicode
-- escapes decoded — \XXXX, \+XXXXXX, \uXXXX, \UXXXXXXXX (hex code points;
-- UTF-16 surrogate pairs written as two escapes are joined) and \\ for a
-- backslash — converted to the database encoding. NULL for NULL. The same
-- errors as 14: an invalid escape or surrogate pair (42601), a code point
-- that is 0 or above 10FFFF (22023), a character the encoding lacks.
-- Source: PostgreSQL 14 documentation, 9.4 String Functions (unistr).
CREATE OR REPLACE FUNCTION sqlport.unistr(str text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  result text := '';
  i integer := 1;
  n integer := length(str);
  c text;
  digits integer;
  code bigint;
  high bigint;
  hex text;
BEGIN
  WHILE i <= n LOOP
    c := substr(str, i, 1);
    IF c <> '\' OR substr(str, i + 1, 1) = '\' THEN
      IF high IS NOT NULL THEN
        RAISE EXCEPTION 'invalid Unicode surrogate pair' USING ERRCODE = '42601';
      END IF;
      result := result || c;
      i := i + CASE WHEN c = '\' THEN 2 ELSE 1 END;
      CONTINUE;
    END IF;
    CASE substr(str, i + 1, 1)
      WHEN '+' THEN digits := 6; i := i + 2;
      WHEN 'u' THEN digits := 4; i := i + 2;
      WHEN 'U' THEN digits := 8; i := i + 2;
      ELSE digits := 4; i := i + 1;
    END CASE;
    hex := substr(str, i, digits);
    IF hex !~ ('^[0-9A-Fa-f]{' || digits || '}$') THEN
      RAISE EXCEPTION 'invalid Unicode escape' USING ERRCODE = '42601',
        HINT = 'Unicode escapes must be \XXXX, \+XXXXXX, \uXXXX, or \UXXXXXXXX.';
    END IF;
    code := ('x' || lpad(hex, 16, '0'))::bit(64)::bigint;
    i := i + digits;
    IF high IS NOT NULL THEN
      IF code NOT BETWEEN 56320 AND 57343 THEN
        RAISE EXCEPTION 'invalid Unicode surrogate pair' USING ERRCODE = '42601';
      END IF;
      code := ((high - 55296) * 1024) + (code - 56320) + 65536;
      high := NULL;
    ELSIF code BETWEEN 56320 AND 57343 THEN
      RAISE EXCEPTION 'invalid Unicode surrogate pair' USING ERRCODE = '42601';
    ELSIF code BETWEEN 55296 AND 56319 THEN
      high := code;
      CONTINUE;
    END IF;
    IF code < 1 OR code > 1114111 THEN
      hex := upper(to_hex(code));
      RAISE EXCEPTION 'invalid Unicode code point: %',
        CASE WHEN length(hex) < 4 THEN lpad(hex, 4, '0') ELSE hex END
        USING ERRCODE = '22023';
    END IF;
    -- The code point's UTF-8 bytes, converted to the database encoding.
    result := result || convert_from(decode(CASE
        WHEN code < 128 THEN lpad(to_hex(code), 2, '0')
        WHEN code < 2048 THEN to_hex(192 + code / 64) || to_hex(128 + code % 64)
        WHEN code < 65536 THEN to_hex(224 + code / 4096) || to_hex(128 + code / 64 % 64)
                               || to_hex(128 + code % 64)
        ELSE to_hex(240 + code / 262144) || to_hex(128 + code / 4096 % 64)
             || to_hex(128 + code / 64 % 64) || to_hex(128 + code % 64)
      END, 'hex'), 'UTF8');
  END LOOP;
  IF high IS NOT NULL THEN
    RAISE EXCEPTION 'invalid Unicode surrogate pair' USING ERRCODE = '42601';
  END IF;
  RETURN result;
END
$$;
