-- PostgreSQL 14's bit_count(bytea) and bit_count(bit) on older kernels: the
-- number of bits set. NULL for NULL.
-- Source: PostgreSQL 14 documentation, 9.5 Binary String Functions and 9.6
-- Bit String Functions (bit_count).
CREATE OR REPLACE FUNCTION sqlport.bit_count(bits bit varying)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT length(replace(bits::text, '0', ''))::bigint
$$;

CREATE OR REPLACE FUNCTION sqlport.bit_count(bytes bytea)
RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT sqlport.bit_count(('x' || encode(bytes, 'hex'))::bit varying)
$$;
