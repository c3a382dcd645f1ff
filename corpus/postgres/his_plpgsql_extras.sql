-- =====================================================================
-- 文件名称：his_plpgsql_extras.sql
-- 所属系统：HIS - 手术排台（手术申请、手术间、排台、日终关台）
-- 目标库  ：PostgreSQL 14 ~ 16
-- 说明    ：手术申请经麻醉科审核后由手术室护士长排台；
--           每个手术间每日有可用时长（分钟），超时需加台审批；
--           日终由存储过程关台，未开始的手术自动顺延。
-- =====================================================================
\set ON_ERROR_STOP on
\echo '==== 安装手术排台模块（ors）===='

DROP SCHEMA IF EXISTS ors CASCADE;
CREATE SCHEMA ors;
SET search_path TO ors, public;

-- 基础表 ----------------------------------------------------------------
CREATE TABLE operating_room (
    room_id        integer PRIMARY KEY,
    room_code      varchar(10)  NOT NULL UNIQUE,
    room_name      varchar(50)  NOT NULL,
    room_type      varchar(10)  NOT NULL DEFAULT 'GEN'
                   CHECK (room_type IN ('GEN', 'CLEAN', 'HYBRID', 'EMERG')),
    daily_minutes  integer      NOT NULL DEFAULT 600,
    is_active      boolean      NOT NULL DEFAULT true
);

CREATE TABLE surgeon (
    surgeon_id     integer PRIMARY KEY,
    surgeon_name   varchar(30)  NOT NULL,
    dept_name      varchar(30)  NOT NULL,
    title          varchar(20)
);

CREATE TABLE surgery_apply (
    apply_id       serial PRIMARY KEY,
    patient_name   varchar(30)  NOT NULL,
    inpatient_no   varchar(20)  NOT NULL,
    surgeon_id     integer      NOT NULL REFERENCES surgeon (surgeon_id),
    op_name        varchar(100) NOT NULL,
    op_level       smallint     NOT NULL CHECK (op_level BETWEEN 1 AND 4),
    anesthesia     varchar(10)  NOT NULL DEFAULT 'GA',
    est_minutes    integer      NOT NULL,
    plan_date      date         NOT NULL,
    status         varchar(10)  NOT NULL DEFAULT 'APPLIED'
);

CREATE TABLE surgery_schedule (
    schedule_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    apply_id       integer      NOT NULL UNIQUE REFERENCES surgery_apply (apply_id),
    room_id        integer      NOT NULL REFERENCES operating_room (room_id),
    op_date        date         NOT NULL,
    seq_no         integer      NOT NULL DEFAULT 0,
    minutes        integer      NOT NULL,
    status         varchar(10)  NOT NULL DEFAULT 'PLANNED',
    updated_at     timestamptz
);

CREATE TABLE schedule_log (
    log_id         bigserial PRIMARY KEY,
    table_name     text,
    op             text,
    trig_when      text,
    row_id         bigint,
    detail         jsonb,
    logged_at      timestamptz  NOT NULL DEFAULT now()
);

COMMENT ON TABLE surgery_schedule IS '手术排台表：每台手术对应一条排台记录';

-- 种子数据 ---------------------------------------------------------------
INSERT INTO operating_room VALUES
    (1, 'OR01', '第一手术间', 'CLEAN',  600, true),
    (2, 'OR02', '第二手术间', 'GEN',    600, true),
    (3, 'OR03', '杂交手术间', 'HYBRID', 480, true),
    (9, 'OR09', '第九手术间（检修）', 'GEN', 0, true);

INSERT INTO surgeon VALUES
    (101, '王建国', '普外科', '主任医师'),
    (102, '李淑芬', '骨科',   '副主任医师'),
    (103, '赵明',   '心外科', '主任医师');

INSERT INTO surgery_apply (patient_name, inpatient_no, surgeon_id, op_name, op_level, est_minutes, plan_date) VALUES
    ('张三', 'ZY2024001', 101, '腹腔镜胆囊切除术',     2,  90, DATE '2024-06-03'),
    ('李四', 'ZY2024002', 102, '全髋关节置换术',       3, 180, DATE '2024-06-03'),
    ('王五', 'ZY2024003', 103, '冠状动脉旁路移植术',   4, 300, DATE '2024-06-03'),
    ('赵六', 'ZY2024004', 101, '腹股沟疝修补术',       1,  60, DATE '2024-06-03'),
    ('孙七', 'ZY2024005', 102, '膝关节镜半月板修整术', 2,  75, DATE '2024-06-03');

-- 1. 手术分级名称：IMMUTABLE STRICT，简单 CASE ---------------------------
CREATE OR REPLACE FUNCTION fn_level_name(p_level integer)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
BEGIN
    CASE p_level
        WHEN 1 THEN RETURN '一级手术';
        WHEN 2 THEN RETURN '二级手术';
        WHEN 3 THEN RETURN '三级手术';
        WHEN 4 THEN RETURN '四级手术';
        ELSE
            RAISE EXCEPTION '无效的手术分级：%', p_level
                USING ERRCODE = '22023', HINT = '手术分级只能是 1~4';
    END CASE;
END;
$$;

-- 2. 预估占台时长：IN / OUT / INOUT 与默认值，搜索式 CASE ------------------
CREATE OR REPLACE FUNCTION fn_est_duration(
    IN    p_minutes  integer,
    IN    p_level    integer DEFAULT 2,
    OUT   total_minutes integer,
    INOUT p_note     text    DEFAULT ''
)
STABLE LANGUAGE plpgsql COST 100
AS $fn$
DECLARE
    c_turnover CONSTANT integer := 30;   -- 接台清洁时间
    v_factor   numeric NOT NULL := 1.0;
BEGIN
    CASE
        WHEN p_level >= 4 THEN v_factor := 1.3;
        WHEN p_level = 3  THEN v_factor := 1.15;
        ELSE NULL;
    END CASE;

    total_minutes := ceil(p_minutes * v_factor)::integer + c_turnover;

    IF total_minutes > 480 THEN
        p_note := p_note || '超长手术，需安排首台';
    ELSIF total_minutes > 240 THEN
        p_note := p_note || '长时手术';
    ELSE
        p_note := p_note || '常规';
    END IF;
END;
$fn$;

-- 3. 多台手术合计时长：VARIADIC，FOREACH … IN ARRAY，CONTINUE WHEN -------
CREATE OR REPLACE FUNCTION fn_sum_minutes(VARIADIC p_mins integer[])
RETURNS integer
LANGUAGE plpgsql
IMMUTABLE
PARALLEL SAFE
AS $$
DECLARE
    v_m     integer;
    v_total integer := 0;
BEGIN
    FOREACH v_m IN ARRAY p_mins LOOP
        CONTINUE WHEN v_m IS NULL OR v_m <= 0;   -- 忽略无效时长
        v_total := v_total + v_m;
    END LOOP;
    RETURN v_total;
END;
$$;

-- 4. 手术间 × 时段占用矩阵校验：FOREACH … SLICE 1 -------------------------
CREATE OR REPLACE FUNCTION fn_check_matrix(p_matrix integer[])
RETURNS integer
LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    v_row   integer[];
    v_idx   integer := 0;
    v_bad   integer := 0;
BEGIN
    FOREACH v_row SLICE 1 IN ARRAY p_matrix LOOP
        v_idx := v_idx + 1;
        IF fn_sum_minutes(VARIADIC v_row) > 600 THEN
            RAISE WARNING '第 % 行手术间排台超时：% 分钟', v_idx, fn_sum_minutes(VARIADIC v_row);
            v_bad := v_bad + 1;
        END IF;
    END LOOP;
    RETURN v_bad;
END;
$$;

-- 5. 空闲手术间：RETURNS SETOF，FOR rec IN SELECT，RETURN NEXT ------------
CREATE OR REPLACE FUNCTION fn_free_rooms(p_date date, p_need integer DEFAULT 60)
RETURNS SETOF operating_room
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    r      operating_room%ROWTYPE;
    v_used integer;
BEGIN
    FOR r IN SELECT * FROM operating_room o WHERE o.is_active ORDER BY o.room_id LOOP
        SELECT coalesce(sum(s.minutes), 0) INTO v_used
          FROM surgery_schedule s
         WHERE s.room_id = r.room_id AND s.op_date = p_date;
        IF r.daily_minutes - v_used >= p_need THEN
            RETURN NEXT r;
        END IF;
    END LOOP;
    RETURN;
END;
$$;

-- 6. 排台看板：RETURNS TABLE，RETURN QUERY / RETURN QUERY EXECUTE … USING --
CREATE OR REPLACE FUNCTION fn_schedule_board(p_date date, p_room text DEFAULT NULL)
RETURNS TABLE (room_code varchar, seq_no integer, patient_name varchar,
               op_name varchar, level_name text, minutes integer)
LANGUAGE plpgsql
STABLE
AS $$
BEGIN
    IF p_room IS NULL THEN
        RETURN QUERY
            SELECT o.room_code, s.seq_no, a.patient_name, a.op_name,
                   fn_level_name(a.op_level), s.minutes
              FROM surgery_schedule s
              JOIN operating_room o ON o.room_id = s.room_id
              JOIN surgery_apply a  ON a.apply_id = s.apply_id
             WHERE s.op_date = p_date
             ORDER BY o.room_code, s.seq_no;
    ELSE
        RETURN QUERY EXECUTE
            'SELECT o.room_code, s.seq_no, a.patient_name, a.op_name,
                    fn_level_name(a.op_level), s.minutes
               FROM surgery_schedule s
               JOIN operating_room o ON o.room_id = s.room_id
               JOIN surgery_apply a  ON a.apply_id = s.apply_id
              WHERE s.op_date = $1 AND o.room_code = $2
              ORDER BY s.seq_no'
            USING p_date, p_room;
    END IF;
END;
$$;

-- 7. 按状态统计：SECURITY DEFINER + SET search_path，动态 SQL ------------
CREATE OR REPLACE FUNCTION fn_count_by_status(p_table text, p_status text)
RETURNS bigint
SECURITY DEFINER
SET search_path = ors, pg_temp
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    v_cnt bigint;
    rec   record;
BEGIN
    EXECUTE format('SELECT count(*) FROM %I WHERE status = $1', p_table)
       INTO v_cnt
      USING p_status;

    FOR rec IN EXECUTE format('SELECT status, count(*) AS n FROM %I WHERE status <> $1 GROUP BY status', p_table)
        USING p_status
    LOOP
        RAISE NOTICE '表 % 其他状态 %：% 条', p_table, rec.status, rec.n;
    END LOOP;
    RETURN v_cnt;
END;
$$;

-- 8. 触发器函数：NEW / OLD / TG_OP / TG_TABLE_NAME / TG_WHEN -------------
CREATE OR REPLACE FUNCTION trg_schedule_audit()
RETURNS trigger
LANGUAGE plpgsql
AS $trg$
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        IF NEW.minutes <= 0 THEN
            RAISE EXCEPTION '占台时长必须大于 0' USING ERRCODE = 'check_violation';
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
    END IF;

    IF TG_OP = 'INSERT' THEN
        INSERT INTO schedule_log (table_name, op, trig_when, row_id, detail)
        VALUES (TG_TABLE_NAME, TG_OP, TG_WHEN, NEW.schedule_id, to_jsonb(NEW));
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO schedule_log (table_name, op, trig_when, row_id, detail)
        VALUES (TG_TABLE_NAME, TG_OP, TG_WHEN, NEW.schedule_id,
                jsonb_build_object('old_status', OLD.status, 'new_status', NEW.status,
                                   'old_seq', OLD.seq_no, 'new_seq', NEW.seq_no));
    ELSE
        INSERT INTO schedule_log (table_name, op, trig_when, row_id, detail)
        VALUES (TG_TABLE_NAME, TG_OP, TG_WHEN, OLD.schedule_id, to_jsonb(OLD));
        RETURN OLD;
    END IF;
    RETURN NULL;
END;
$trg$;

CREATE TRIGGER trg_schedule_biu
    BEFORE INSERT OR UPDATE ON surgery_schedule
    FOR EACH ROW EXECUTE FUNCTION trg_schedule_audit();

CREATE TRIGGER trg_schedule_aiud
    AFTER INSERT OR UPDATE OR DELETE ON surgery_schedule
    FOR EACH ROW EXECUTE FUNCTION trg_schedule_audit();

-- 9. 排台：ALIAS FOR $1，SELECT INTO STRICT，INSERT … RETURNING INTO，异常分支
CREATE OR REPLACE FUNCTION fn_arrange(integer, p_room_code text, p_date date)
RETURNS bigint
VOLATILE
LANGUAGE plpgsql
AS $$
<<arrange>>
DECLARE
    v_apply_id  ALIAS FOR $1;
    v_apply     surgery_apply%ROWTYPE;
    v_room_id   operating_room.room_id%TYPE;
    v_capacity  operating_room.daily_minutes%TYPE;
    v_minutes   integer;
    v_note      text;
    v_used      integer;
    v_ratio     numeric(6,2);
    v_sched_id  bigint;
    v_msg       text;
    v_detail    text;
BEGIN
    SELECT * INTO STRICT v_apply FROM surgery_apply WHERE apply_id = v_apply_id;

    SELECT o.room_id, o.daily_minutes INTO STRICT v_room_id, v_capacity
      FROM operating_room o
     WHERE o.room_code = p_room_code AND o.is_active;

    SELECT d.total_minutes, d.p_note INTO v_minutes, v_note
      FROM fn_est_duration(v_apply.est_minutes, v_apply.op_level, '排台：') d;

    SELECT coalesce(sum(s.minutes), 0) INTO v_used
      FROM surgery_schedule s
     WHERE s.room_id = v_room_id AND s.op_date = p_date;

    -- 手术间利用率；检修中的手术间可用时长为 0，会触发除零
    v_ratio := (v_used + v_minutes)::numeric / v_capacity;
    IF v_ratio > 1 THEN
        RAISE WARNING '手术间 % 利用率 %，需加台审批', p_room_code, v_ratio;
    END IF;

    INSERT INTO surgery_schedule (apply_id, room_id, op_date, seq_no, minutes)
    VALUES (v_apply_id, v_room_id, p_date,
            (SELECT coalesce(max(s.seq_no), 0) + 1 FROM surgery_schedule s
              WHERE s.room_id = v_room_id AND s.op_date = p_date),
            v_minutes)
    RETURNING schedule_id INTO v_sched_id;

    UPDATE surgery_apply SET status = 'SCHEDULED' WHERE apply_id = v_apply_id;
    RAISE NOTICE '申请 % 已排入 %（%）', arrange.v_apply_id, p_room_code, v_note;
    RETURN v_sched_id;
EXCEPTION
    WHEN unique_violation OR foreign_key_violation THEN
        RAISE NOTICE '申请 % 已排台或引用无效，跳过', v_apply_id;
        RETURN -1;
    WHEN SQLSTATE '22012' THEN
        RAISE NOTICE '手术间 % 可用时长为 0，不能排台', p_room_code;
        RETURN NULL;
    WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS v_msg    = MESSAGE_TEXT,
                                v_detail = PG_EXCEPTION_DETAIL;
        RAISE WARNING '排台失败：%（%）', v_msg, coalesce(nullif(v_detail, ''), '无详细信息');
        RAISE;
END;
$$;

-- 10. 重排台序：带参数的绑定游标，FETCH … INTO，UPDATE … WHERE CURRENT OF --
CREATE OR REPLACE FUNCTION fn_resequence(p_room_id integer, p_date date)
RETURNS void
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    cur_sched CURSOR (p_room integer, p_day date) FOR
        SELECT s.schedule_id, s.seq_no, a.op_level
          FROM surgery_schedule s
          JOIN surgery_apply a ON a.apply_id = s.apply_id
         WHERE s.room_id = p_room AND s.op_date = p_day
         ORDER BY a.op_level DESC, s.schedule_id
           FOR UPDATE OF s;
    v_row   record;
    v_seq   integer := 0;
    v_rows  integer;
BEGIN
    OPEN cur_sched(p_room_id, p_date);
    LOOP
        FETCH cur_sched INTO v_row;
        EXIT WHEN NOT FOUND;
        v_seq := v_seq + 1;
        -- 高级别手术排在前面（首台）
        UPDATE surgery_schedule SET seq_no = v_seq WHERE CURRENT OF cur_sched;
    END LOOP;
    CLOSE cur_sched;

    UPDATE surgery_schedule SET status = 'CONFIRMED'
     WHERE room_id = p_room_id AND op_date = p_date AND status = 'PLANNED';
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    RAISE NOTICE '手术间 % 重排 % 台，确认 % 台', p_room_id, v_seq, v_rows;
END;
$$;

-- 11. 游标综合：refcursor，OPEN FOR SELECT / EXECUTE，MOVE，REVERSE，标签 --
CREATE OR REPLACE FUNCTION fn_cursor_report(p_date date)
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    c_board    refcursor;
    c_dyn      refcursor;
    cur_long   CURSOR (p_min integer) FOR
        SELECT a.apply_id, a.op_name FROM surgery_apply a
         WHERE a.est_minutes >= p_min ORDER BY a.apply_id;
    v_code     varchar(10);
    v_seq      integer;
    v_id       integer;
    v_name     varchar(100);
    v_n        integer := 0;
    i          integer;
    j          integer;
BEGIN
    OPEN c_board FOR
        SELECT o.room_code, s.seq_no
          FROM surgery_schedule s JOIN operating_room o ON o.room_id = s.room_id
         WHERE s.op_date = p_date
         ORDER BY o.room_code, s.seq_no;
    FETCH NEXT FROM c_board INTO v_code, v_seq;
    WHILE FOUND LOOP
        v_n := v_n + 1;
        RAISE NOTICE '看板：% 第 % 台', v_code, v_seq;
        FETCH c_board INTO v_code, v_seq;
    END LOOP;
    CLOSE c_board;

    OPEN c_dyn FOR EXECUTE
        'SELECT apply_id, op_name FROM surgery_apply WHERE plan_date = $1 ORDER BY apply_id'
        USING p_date;
    MOVE FORWARD 2 FROM c_dyn;        -- 跳过前两条
    FETCH c_dyn INTO v_id, v_name;
    IF FOUND THEN
        RAISE NOTICE '第三条申请：% %', v_id, v_name;
    END IF;
    CLOSE c_dyn;

    OPEN cur_long(240);
    FETCH cur_long INTO v_id, v_name;
    IF FOUND THEN
        RAISE NOTICE '超长手术：% %', v_id, v_name;
    END IF;
    CLOSE cur_long;

    -- 时段网格：倒序检查 10、8、6、4、2 点时段
    <<slot_loop>>
    FOR i IN REVERSE 10..1 BY 2 LOOP
        j := 0;
        LOOP
            j := j + 1;
            EXIT slot_loop WHEN i * j > 40;
            EXIT WHEN j >= 3;
        END LOOP;
    END LOOP slot_loop;

    RETURN v_n;
END;
$$;

-- 12. 日终关台：过程，INOUT，COMMIT / ROLLBACK ---------------------------
CREATE OR REPLACE PROCEDURE pr_close_day(IN p_date date, INOUT p_closed integer DEFAULT 0)
LANGUAGE plpgsql
AS $proc$
DECLARE
    rec      record;
    v_left   integer;
BEGIN
    p_closed := 0;
    FOR rec IN SELECT schedule_id FROM surgery_schedule
                WHERE op_date = p_date AND status IN ('PLANNED', 'CONFIRMED')
                ORDER BY schedule_id
    LOOP
        UPDATE surgery_schedule SET status = 'DONE' WHERE schedule_id = rec.schedule_id;
        p_closed := p_closed + 1;
        IF p_closed % 2 = 0 THEN
            COMMIT;                     -- 每两台提交一次，减少锁持有时间
        END IF;
    END LOOP;

    SELECT count(*) INTO v_left FROM surgery_schedule
     WHERE op_date = p_date AND status NOT IN ('DONE', 'CANCELLED');
    IF v_left > 0 THEN
        ROLLBACK;
        RAISE WARNING '日期 % 仍有 % 台未关闭，已回滚最后一批', p_date, v_left;
        RETURN;
    END IF;
    COMMIT;
END;
$proc$;

-- 冒烟测试 --------------------------------------------------------------
\echo '==== 冒烟测试 ===='

DO $$
DECLARE
    v_id      bigint;
    v_total   integer;
    v_note    text;
    v_cnt     bigint;
    r         record;
BEGIN
    ASSERT fn_level_name(3) = '三级手术', '分级名称错误';
    SELECT total_minutes, p_note INTO v_total, v_note FROM fn_est_duration(p_minutes => 300, p_level => 4);
    RAISE NOTICE '预估占台 % 分钟：%', v_total, v_note;
    ASSERT fn_sum_minutes(90, NULL, 180, -5) = 270;
    ASSERT fn_check_matrix(ARRAY[[300, 200, 150], [100, 120, 60]]) = 1;

    v_id := fn_arrange(1, 'OR01', DATE '2024-06-03');
    v_id := fn_arrange(2, 'OR01', DATE '2024-06-03');
    v_id := fn_arrange(3, 'OR01', DATE '2024-06-03');
    v_id := fn_arrange(4, 'OR02', DATE '2024-06-03');
    ASSERT fn_arrange(1, 'OR02', DATE '2024-06-03') = -1, '重复排台未被拦截';
    ASSERT fn_arrange(5, 'OR09', DATE '2024-06-03') IS NULL, '检修手术间未被拦截';

    BEGIN
        PERFORM fn_arrange(999, 'OR01', DATE '2024-06-03');
        RAISE EXCEPTION USING MESSAGE = '不存在的申请竟然排台成功';
    EXCEPTION
        WHEN no_data_found THEN
            RAISE NOTICE '不存在的申请已按预期报错';
    END;

    PERFORM fn_resequence(1, DATE '2024-06-03');
    PERFORM fn_cursor_report(DATE '2024-06-03');

    FOR r IN SELECT * FROM fn_free_rooms(DATE '2024-06-03', 120) LOOP
        RAISE NOTICE '空闲手术间：% %', r.room_code, r.room_name;
    END LOOP;
    FOR r IN SELECT * FROM fn_schedule_board(DATE '2024-06-03', 'OR01') LOOP
        RAISE NOTICE '% #% % % %', r.room_code, r.seq_no, r.patient_name, r.level_name, r.minutes;
    END LOOP;
    PERFORM * FROM fn_schedule_board(DATE '2024-06-03');

    v_cnt := fn_count_by_status('surgery_apply', 'SCHEDULED');
    ASSERT v_cnt = 4, format('已排台申请数应为 4，实际 %s', v_cnt);
END;
$$;

CALL pr_close_day(DATE '2024-06-03', NULL);

DO LANGUAGE plpgsql $do$
DECLARE
    v_done   integer;
    v_logs   integer;
BEGIN
    SELECT count(*) INTO v_done FROM surgery_schedule WHERE status = 'DONE';
    SELECT count(*) INTO v_logs FROM schedule_log WHERE table_name = 'surgery_schedule';
    IF v_done <> 4 THEN
        RAISE EXCEPTION '关台数量异常：%', v_done
            USING ERRCODE = 'P0001',
                  DETAIL  = format('应关 4 台，实际 %s 台', v_done),
                  HINT    = '检查 pr_close_day 的提交逻辑';
    END IF;
    BEGIN
        PERFORM fn_level_name(7);
    EXCEPTION
        WHEN invalid_parameter_value THEN
            RAISE NOTICE '非法分级已拦截，审计日志 % 条', v_logs;
    END;
    BEGIN
        INSERT INTO surgery_schedule (apply_id, room_id, op_date, minutes)
        VALUES (5, 2, DATE '2024-06-04', 0);
    EXCEPTION
        WHEN check_violation THEN
            NULL;   -- 触发器拦截时长为 0 的排台，符合预期
    END;
END;
$do$;

SELECT * FROM fn_schedule_board(DATE '2024-06-03');
SELECT op, trig_when, count(*) FROM schedule_log GROUP BY op, trig_when ORDER BY op, trig_when;

-- 手术分级文字：NULL 输入直接返回 NULL（RETURNS NULL ON NULL INPUT），不泄露数据（LEAKPROOF）
CREATE OR REPLACE FUNCTION fn_op_level_text(p_level smallint)
RETURNS text
LANGUAGE plpgsql IMMUTABLE LEAKPROOF RETURNS NULL ON NULL INPUT
AS $$
BEGIN
    IF p_level = 4 THEN
        RETURN '四级手术';
    ELSEIF p_level = 3 THEN
        RETURN '三级手术';
    ELSIF p_level = 2 THEN
        RETURN '二级手术';
    ELSE
        RETURN '一级手术';
    END IF;
END;
$$;

-- 排台单逐行回看：可滚动游标，NULL 日期表示全部（CALLED ON NULL INPUT）
CREATE OR REPLACE FUNCTION fn_last_scheduled(p_op_date date)
RETURNS SETOF surgery_schedule
LANGUAGE plpgsql STABLE CALLED ON NULL INPUT ROWS 20
AS $$
DECLARE
    c_sched SCROLL CURSOR FOR
        SELECT * FROM surgery_schedule
         WHERE p_op_date IS NULL OR op_date = p_op_date
         ORDER BY op_date, room_id, seq_no;
    r_sched surgery_schedule%ROWTYPE;
BEGIN
    OPEN c_sched;
    FETCH LAST FROM c_sched INTO r_sched;
    WHILE FOUND LOOP
        RETURN NEXT r_sched;
        FETCH PRIOR FROM c_sched INTO r_sched;
    END LOOP;
    CLOSE c_sched;
END;
$$;

SELECT fn_op_level_text(3::smallint) AS level_text, fn_op_level_text(NULL) AS no_level;
SELECT count(*) AS rows_back FROM fn_last_scheduled(NULL);

-- 手术区域树与跨区转运路线（WITH RECURSIVE 的 SEARCH / CYCLE 子句，PostgreSQL 14）
CREATE TABLE or_zone (
    zone_id     integer PRIMARY KEY,
    parent_id   integer REFERENCES or_zone (zone_id),
    zone_name   varchar(40) NOT NULL
);
INSERT INTO or_zone (zone_id, parent_id, zone_name) VALUES
    (1, NULL, '手术部'), (2, 1, '洁净区'), (3, 1, '半污染区'),
    (4, 2, 'OR01'), (5, 2, 'OR02'), (6, 3, '复苏室'), (7, 4, 'OR01 器械间');

CREATE TABLE or_transfer_route (
    from_zone   integer NOT NULL,
    to_zone     integer NOT NULL
);
INSERT INTO or_transfer_route (from_zone, to_zone) VALUES
    (4, 6), (6, 5), (5, 4), (5, 7);

-- 区域树按深度优先列出（排台界面的树形下拉）
CREATE FUNCTION fn_zone_tree() RETURNS TABLE (zone_name varchar, depth integer)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE z (zone_id, zone_name, depth) AS (
        SELECT zone_id, zone_name, 1 FROM or_zone WHERE parent_id IS NULL
        UNION ALL
        SELECT c.zone_id, c.zone_name, z.depth + 1 FROM or_zone c JOIN z ON c.parent_id = z.zone_id
    ) SEARCH DEPTH FIRST BY zone_id SET zone_order
    SELECT zone_name, depth FROM z ORDER BY zone_order
$$;

-- 从某手术间出发的转运路线，遇到回到已到过的区域即止
CREATE FUNCTION fn_transfer_paths(p_from integer) RETURNS TABLE (to_zone integer, hops integer, loops boolean)
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE r AS (
        SELECT from_zone, to_zone, 1 AS hops FROM or_transfer_route WHERE from_zone = p_from
        UNION ALL
        SELECT t.from_zone, t.to_zone, r.hops + 1 FROM or_transfer_route t, r WHERE t.from_zone = r.to_zone
    ) CYCLE from_zone SET is_loop USING route
    SELECT to_zone, hops, is_loop FROM r ORDER BY route, to_zone
$$;

SELECT count(*) AS zones FROM fn_zone_tree();

\echo '==== 手术排台模块安装完成 ===='
