-- Oracle SYS_GUID() on kernels before PostgreSQL 13, which lack
-- gen_random_uuid(): a random version-4 UUID built from md5 without any
-- extension (uuid-ossp and pgcrypto may not be installable).
-- Source: RFC 4122 (version and variant bits); PostgreSQL 13 release notes.
CREATE OR REPLACE FUNCTION sqlport.sys_guid()
RETURNS uuid
LANGUAGE sql VOLATILE
AS $$
  SELECT overlay(overlay(md5(random()::text || clock_timestamp()::text || random()::text)
                         PLACING '4' FROM 13)
                 PLACING substr('89ab', 1 + floor(random() * 4)::integer, 1) FROM 17)::uuid
$$;
