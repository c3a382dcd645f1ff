-- Oracle NEXT_DAY(d, day): the first date after d (same time of day) that falls
-- on the named weekday. Oracle reads the name in the session's date language;
-- this accepts English names and their abbreviations of three letters or more
-- (MON, MONDAY) and Chinese ones (星期一, 周一), in any case.
-- Source: Oracle SQL Language Reference, NEXT_DAY.
CREATE OR REPLACE FUNCTION sqlport.next_day(d timestamp, day text)
RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
DECLARE
  k text := upper(btrim(day));
  names text[] := ARRAY['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
  chinese text[] := ARRAY['日', '一', '二', '三', '四', '五', '六'];
  target integer;
BEGIN
  FOR i IN 1..7 LOOP
    IF (length(k) >= 3 AND left(names[i], length(k)) = k)
       OR k IN ('星期' || chinese[i], '周' || chinese[i])
       OR (i = 1 AND k IN ('星期天', '周天')) THEN
      target := i - 1;
    END IF;
  END LOOP;
  IF target IS NULL THEN
    RAISE EXCEPTION 'not a valid day of the week: %', day USING ERRCODE = '22023';
  END IF;
  RETURN d + ((target - extract(dow FROM d)::integer + 6) % 7 + 1) * interval '1 day';
END
$$;
