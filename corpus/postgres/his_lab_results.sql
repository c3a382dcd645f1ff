-- =====================================================================
-- 文件名称：his_lab_results.sql
-- 所属系统：HIS - 实验室信息系统（LIS）：检验申请、标本、检验结果、危急值
-- 目标库  ：PostgreSQL 13 ~ 16（MERGE 需 15+，BEGIN ATOMIC 需 14+）
-- 执行方式：cd corpus/postgres && psql -d postgres -f his_lab_results.sql
-- 说明    ：
--   1. 结果入库时由触发器自动判定高低标志与危急值，并生成危急值提醒
--   2. 危急值须在 30 分钟内由临床确认（闭环管理），超时升级至科主任
-- =====================================================================

\set ON_ERROR_STOP on
\echo '==== 开始安装 LIS 检验模块 ===='

-- 首次部署时创建业务库 his（CREATE DATABASE 不能放在事务块或函数中，借助 \gexec 执行）
SELECT 'CREATE DATABASE his ENCODING ''UTF8'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'his')
\gexec

\c his

/* 清理旧版本对象。
   /* 注意：CASCADE 会连带删除依赖 lis 模式的视图，
      报表库的物化视图需要重建 */
   上线窗口：每周日 02:00 - 04:00; 执行前先备份 */
DROP SCHEMA IF EXISTS lis CASCADE;
CREATE SCHEMA lis AUTHORIZATION CURRENT_USER;
COMMENT ON SCHEMA lis IS '实验室信息系统（检验）';

SET search_path = lis, public;
SET client_min_messages = notice;

-- ---------------------------------------------------------------------
-- 检验项目字典：组合项目（如血常规）通过 parent_item_id 挂子项目
-- ---------------------------------------------------------------------
CREATE TABLE lab_item (
    item_id         serial          PRIMARY KEY,
    item_code       varchar(20)     NOT NULL UNIQUE,
    item_name       text            NOT NULL,
    parent_item_id  integer         REFERENCES lab_item (item_id),
    is_panel        boolean         NOT NULL DEFAULT false,
    specimen_type   text,
    unit            text,
    ref_low         numeric(12,4),
    ref_high        numeric(12,4),
    critical_low    numeric(12,4),
    critical_high   numeric(12,4),
    ref_ranges      jsonb,
    loinc_code      varchar(20),
    price           numeric(10,2),
    is_active       boolean         NOT NULL DEFAULT true,
    updated_at      timestamptz     NOT NULL DEFAULT now(),
    CONSTRAINT ck_lab_item_ref CHECK (ref_low IS NULL OR ref_high IS NULL OR ref_low <= ref_high),
    CONSTRAINT ck_lab_item_critical CHECK (critical_low IS NULL OR critical_high IS NULL OR critical_low < critical_high)
);

COMMENT ON TABLE  lab_item IS '检验项目字典';
COMMENT ON COLUMN lab_item.parent_item_id IS '所属组合项目（套餐）ID';
COMMENT ON COLUMN lab_item.ref_ranges IS '按性别/年龄分段的参考区间，JSON 格式：{"ranges":[{"sex":"M","age_min":18,"low":..,"high":..}]}';
COMMENT ON COLUMN lab_item.critical_low IS '危急值下限（低于该值为危急值）';
COMMENT ON COLUMN lab_item.critical_high IS '危急值上限（高于该值为危急值）';

-- 申请单号序列：JY + 日期 + 6 位流水
CREATE SEQUENCE seq_request_no START 1 INCREMENT 1 MAXVALUE 999999 CYCLE CACHE 10;

CREATE TABLE lab_request (
    request_id      bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_no      varchar(20)     NOT NULL UNIQUE,
    patient_id      bigint          NOT NULL,
    patient_name    text            NOT NULL,
    gender          char(1)         NOT NULL DEFAULT 'U' CHECK (gender IN ('M', 'F', 'U')),
    birth_date      date,
    visit_type      char(1)         NOT NULL CHECK (visit_type IN ('O', 'I', 'E')),
    visit_no        varchar(30),
    dept_name       text,
    doctor_name     text,
    clinical_diag   text,
    item_codes      text[]          NOT NULL CHECK (cardinality(item_codes) > 0),
    priority        smallint        NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
    status          varchar(12)     NOT NULL DEFAULT 'REQUESTED'
                    CHECK (status IN ('REQUESTED', 'COLLECTED', 'RECEIVED', 'TESTING', 'REPORTED', 'CANCELLED')),
    barcode         varchar(20)     UNIQUE,
    requested_at    timestamptz     NOT NULL DEFAULT now(),
    collected_at    timestamptz,
    received_at     timestamptz,
    reported_at     timestamptz,
    extra           jsonb           NOT NULL DEFAULT '{}'::jsonb
);

COMMENT ON TABLE  lab_request IS '检验申请单';
COMMENT ON COLUMN lab_request.visit_type IS '就诊类型：O 门诊，I 住院，E 急诊';
COMMENT ON COLUMN lab_request.item_codes IS '申请的检验项目编码数组（可含组合项目）';
COMMENT ON COLUMN lab_request.priority IS '优先级：0 普通，1 急诊（绿色通道）';
COMMENT ON COLUMN lab_request.extra IS '扩展信息：医保类型、孕周、用药情况等';

CREATE TABLE lab_result (
    result_id       bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id      bigint          NOT NULL REFERENCES lab_request (request_id) ON DELETE CASCADE,
    item_id         integer         NOT NULL REFERENCES lab_item (item_id),
    result_value    text            NOT NULL,
    numeric_value   numeric(14,4),
    unit            text,
    ref_text        text,
    abnormal_flag   varchar(2)      NOT NULL DEFAULT 'N' CHECK (abnormal_flag IN ('N', 'H', 'L', 'HH', 'LL', 'A')),
    is_critical     boolean         NOT NULL DEFAULT false,
    instrument      text,
    tested_at       timestamptz     NOT NULL DEFAULT now(),
    verified_by     text,
    verified_at     timestamptz,
    CONSTRAINT uk_lab_result UNIQUE (request_id, item_id)
);

COMMENT ON TABLE  lab_result IS '检验结果';
COMMENT ON COLUMN lab_result.abnormal_flag IS '结果标志：N 正常，H 偏高，L 偏低，HH 危急偏高，LL 危急偏低，A 定性异常';

CREATE TABLE critical_alert (
    alert_id        bigint          GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    result_id       bigint          NOT NULL REFERENCES lab_result (result_id) ON DELETE CASCADE,
    request_id      bigint          NOT NULL,
    patient_id      bigint          NOT NULL,
    item_code       varchar(20)     NOT NULL,
    alert_value     numeric(14,4),
    alert_text      text            NOT NULL,
    notify_targets  text[]          NOT NULL DEFAULT ARRAY[]::text[],
    created_at      timestamptz     NOT NULL DEFAULT now(),
    ack_deadline    timestamptz     NOT NULL,
    ack_by          text,
    ack_at          timestamptz,
    escalated       boolean         NOT NULL DEFAULT false
);

COMMENT ON TABLE critical_alert IS '危急值提醒（闭环管理：通知 -> 确认 -> 处置记录）';
COMMENT ON COLUMN critical_alert.ack_deadline IS '临床确认时限，默认生成后 30 分钟';

CREATE TABLE result_audit (
    audit_id        bigserial       PRIMARY KEY,
    result_id       bigint,
    op              char(1)         NOT NULL,
    old_value       text,
    new_value       text,
    changed_by      text            NOT NULL DEFAULT current_user,
    changed_at      timestamptz     NOT NULL DEFAULT clock_timestamp()
);

COMMENT ON TABLE result_audit IS '检验结果修改审计（报告发出后修改需留痕）';

-- 仪器接口中间表：仪器结果先落地，再 MERGE 到正式结果表
CREATE UNLOGGED TABLE instrument_staging (
    barcode         varchar(20)     NOT NULL,
    item_code       varchar(20)     NOT NULL,
    raw_value       text            NOT NULL,
    instrument      text            NOT NULL,
    received_at     timestamptz     NOT NULL DEFAULT now()
);

-- 归档表：结构与 lab_result 相同（不含标识列属性）
CREATE TABLE lab_result_archive (LIKE lab_result INCLUDING DEFAULTS);
ALTER TABLE lab_result_archive ADD COLUMN archived_at timestamptz NOT NULL DEFAULT now();

-- 索引 ------------------------------------------------------------------
-- 未完成申请（部分索引，工作站“待检列表”使用）
CREATE INDEX idx_lab_request_pending ON lab_request (requested_at)
    WHERE status NOT IN ('REPORTED', 'CANCELLED');
-- 按患者姓名不区分大小写查询（外籍患者）
CREATE INDEX idx_lab_request_name ON lab_request (lower(patient_name));
CREATE INDEX idx_lab_request_patient ON lab_request (patient_id, requested_at DESC);
-- 按项目编码数组检索：item_codes @> ARRAY['K']
CREATE INDEX idx_lab_request_items ON lab_request USING gin (item_codes);
CREATE INDEX idx_lab_request_extra ON lab_request USING gin (extra jsonb_path_ops);
CREATE INDEX idx_lab_result_item_time ON lab_result (item_id, tested_at);
-- 未确认的危急值
CREATE INDEX idx_critical_alert_open ON critical_alert (ack_deadline) WHERE ack_at IS NULL;

-- 导入字典数据
\i lab_seed.sql

-- ---------------------------------------------------------------------
-- 年龄（周岁）：SQL 标准函数体（PG14+），可内联
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_age_years(p_birth date, p_at date DEFAULT current_date)
RETURNS integer
LANGUAGE sql
IMMUTABLE
RETURN extract(year FROM age(p_at, p_birth))::integer;

-- ---------------------------------------------------------------------
-- 结果判定：按性别/年龄匹配参考区间，返回异常标志与危急值标记
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_judge_result(
    p_item_id     integer,
    p_value       numeric,
    p_gender      char,
    p_age         integer,
    OUT flag      text,
    OUT is_critical boolean,
    OUT ref_text  text
)
LANGUAGE plpgsql
STABLE
AS $fn$
DECLARE
    v_item   lab_item%ROWTYPE;
    v_range  jsonb;
    v_low    numeric;
    v_high   numeric;
BEGIN
    flag := 'N';
    is_critical := false;

    SELECT * INTO v_item FROM lab_item WHERE item_id = p_item_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION '检验项目不存在: %', p_item_id USING ERRCODE = 'no_data_found';
    END IF;

    v_low  := v_item.ref_low;
    v_high := v_item.ref_high;

    -- 分段参考区间：性别为空表示不区分性别；age_max 为空表示无上限
    IF v_item.ref_ranges IS NOT NULL THEN
        SELECT r INTO v_range
          FROM jsonb_array_elements(v_item.ref_ranges -> 'ranges') AS r
         WHERE (r ->> 'sex' IS NULL OR r ->> 'sex' = p_gender)
           AND (p_age IS NULL OR p_age >= coalesce((r ->> 'age_min')::int, 0))
           AND (p_age IS NULL OR r ->> 'age_max' IS NULL OR p_age < (r ->> 'age_max')::int)
         ORDER BY (r ->> 'sex') IS NULL, (r ->> 'age_min')::int DESC NULLS LAST
         LIMIT 1;
        IF FOUND THEN
            v_low  := (v_range ->> 'low')::numeric;
            v_high := (v_range ->> 'high')::numeric;
        END IF;
    END IF;

    ref_text := concat_ws('-', v_low::text, v_high::text);

    IF p_value IS NULL THEN
        RETURN;
    END IF;

    IF v_item.critical_low IS NOT NULL AND p_value < v_item.critical_low THEN
        flag := 'LL';
        is_critical := true;
    ELSIF v_item.critical_high IS NOT NULL AND p_value > v_item.critical_high THEN
        flag := 'HH';
        is_critical := true;
    ELSIF v_low IS NOT NULL AND p_value < v_low THEN
        flag := 'L';
    ELSIF v_high IS NOT NULL AND p_value > v_high THEN
        flag := 'H';
    END IF;
END;
$fn$;

COMMENT ON FUNCTION fn_judge_result(integer, numeric, char, integer) IS '检验结果判定（参考区间 + 危急值）';

-- ---------------------------------------------------------------------
-- 触发器 1（BEFORE）：数值化结果并判定标志
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION trg_lab_result_judge()
RETURNS trigger
LANGUAGE plpgsql
AS $body$
DECLARE
    v_req    lab_request%ROWTYPE;
    v_judge  record;
BEGIN
    -- 定性结果（阴性/阳性）不做数值判定
    IF NEW.result_value ~ '^\s*[<>]?\s*-?[0-9]+(\.[0-9]+)?\s*$' THEN
        NEW.numeric_value := regexp_replace(NEW.result_value, '[^0-9.\-]', '', 'g')::numeric;
    ELSE
        NEW.numeric_value := NULL;
        NEW.abnormal_flag := CASE WHEN NEW.result_value IN ('阳性', '+', '++', '+++') THEN 'A' ELSE 'N' END;
        RETURN NEW;
    END IF;

    IF TG_OP = 'UPDATE' AND NEW.result_value IS NOT DISTINCT FROM OLD.result_value THEN
        RETURN NEW;   -- 仅修改审核人等字段时不重新判定
    END IF;

    SELECT * INTO STRICT v_req FROM lab_request WHERE request_id = NEW.request_id;

    SELECT * INTO v_judge
      FROM fn_judge_result(NEW.item_id, NEW.numeric_value, v_req.gender,
                           fn_age_years(v_req.birth_date, NEW.tested_at::date));

    NEW.abnormal_flag := v_judge.flag;
    NEW.is_critical   := v_judge.is_critical;
    NEW.ref_text      := v_judge.ref_text;
    NEW.unit          := coalesce(NEW.unit, (SELECT unit FROM lab_item WHERE item_id = NEW.item_id));
    RETURN NEW;
END;
$body$;

-- ---------------------------------------------------------------------
-- 触发器 2（AFTER）：危急值提醒 + 修改审计
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION trg_lab_result_after()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    v_req      lab_request%ROWTYPE;
    v_code     varchar(20);
    v_targets  text[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO result_audit (result_id, op, old_value, new_value)
        VALUES (OLD.result_id, 'D', OLD.result_value, NULL);
        RETURN OLD;
    END IF;

    IF TG_OP = 'UPDATE' AND NEW.result_value IS DISTINCT FROM OLD.result_value THEN
        INSERT INTO result_audit (result_id, op, old_value, new_value)
        VALUES (NEW.result_id, 'U', OLD.result_value, NEW.result_value);
    END IF;

    -- 新出现的危急值才提醒（修改前已是危急值的不重复提醒）
    IF NEW.is_critical AND (TG_OP = 'INSERT' OR NOT OLD.is_critical) THEN
        SELECT * INTO v_req FROM lab_request WHERE request_id = NEW.request_id;
        SELECT item_code INTO v_code FROM lab_item WHERE item_id = NEW.item_id;

        v_targets := ARRAY[v_req.doctor_name, v_req.dept_name || '护士站'];
        IF v_req.visit_type = 'E' THEN
            v_targets := array_append(v_targets, '急诊科值班医生');
        END IF;

        INSERT INTO critical_alert (result_id, request_id, patient_id, item_code, alert_value,
                                    alert_text, notify_targets, ack_deadline)
        VALUES (NEW.result_id, NEW.request_id, v_req.patient_id, v_code, NEW.numeric_value,
                format('%s【%s】%s %s %s（参考 %s）', U&'\5371\6025\503C', v_req.patient_name,
                       v_code, NEW.result_value, coalesce(NEW.unit, ''), NEW.ref_text),
                v_targets,
                now() + interval '30 minutes');

        RAISE NOTICE E'危急值提醒：\n  患者：%\n  项目：% = %', v_req.patient_name, v_code, NEW.result_value;
    END IF;

    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_lab_result_biu
    BEFORE INSERT OR UPDATE OF result_value, item_id ON lab_result
    FOR EACH ROW
    EXECUTE FUNCTION trg_lab_result_judge();

CREATE TRIGGER trg_lab_result_aiud
    AFTER INSERT OR UPDATE OR DELETE ON lab_result
    FOR EACH ROW
    EXECUTE FUNCTION trg_lab_result_after();

-- ---------------------------------------------------------------------
-- 展开组合项目为叶子项目（WITH RECURSIVE）
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_expand_items(p_codes text[])
RETURNS SETOF lab_item
LANGUAGE sql
STABLE
AS $$
    WITH RECURSIVE tree AS (
        SELECT i.*
          FROM lab_item i
         WHERE i.item_code = ANY (p_codes)
        UNION ALL
        SELECT c.*
          FROM lab_item c
          JOIN tree t ON c.parent_item_id = t.item_id
    )
    SELECT DISTINCT ON (item_id) *
      FROM tree
     WHERE NOT is_panel
     ORDER BY item_id;
$$;

-- ---------------------------------------------------------------------
-- 提交检验申请：校验项目编码、生成申请单号与条码
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_submit_request(
    p_patient   jsonb,
    p_items     text[],
    p_priority  smallint DEFAULT 0
)
RETURNS varchar
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_code       text;
    v_request_no varchar(20);
    v_id         bigint;
    v_leaf_cnt   integer;
BEGIN
    IF p_items IS NULL OR cardinality(p_items) = 0 THEN
        RAISE EXCEPTION '申请项目不能为空' USING ERRCODE = '22023', HINT = '请至少选择一个检验项目';
    END IF;

    FOREACH v_code IN ARRAY p_items LOOP
        PERFORM 1 FROM lab_item WHERE item_code = v_code AND is_active;
        IF NOT FOUND THEN
            RAISE EXCEPTION '检验项目 % 不存在或已停用', v_code
                USING ERRCODE = 'P0002', DETAIL = format('申请项目列表：%s', array_to_string(p_items, ','));
        END IF;
    END LOOP;

    v_request_no := 'JY' || to_char(now(), 'YYYYMMDD') || lpad(nextval('seq_request_no')::text, 6, '0');

    INSERT INTO lab_request (request_no, patient_id, patient_name, gender, birth_date, visit_type,
                             visit_no, dept_name, doctor_name, clinical_diag, item_codes, priority,
                             barcode, extra)
    VALUES (v_request_no,
            (p_patient ->> 'patient_id')::bigint,
            p_patient ->> 'name',
            coalesce(p_patient ->> 'gender', 'U'),
            (p_patient ->> 'birth_date')::date,
            coalesce(p_patient ->> 'visit_type', 'O'),
            p_patient ->> 'visit_no',
            p_patient ->> 'dept',
            p_patient ->> 'doctor',
            p_patient ->> 'diag',
            p_items,
            p_priority,
            substr(v_request_no, 3),
            coalesce(p_patient -> 'extra', '{}'::jsonb))
    RETURNING request_id INTO v_id;

    SELECT count(*) INTO v_leaf_cnt FROM fn_expand_items(p_items);
    RAISE NOTICE '申请单 % 已提交（ID=%），共 % 个检验子项', v_request_no, v_id, v_leaf_cnt;

    RETURN v_request_no;
END;
$fn$;

-- ---------------------------------------------------------------------
-- 待确认危急值列表：SECURITY DEFINER 供临床工作站低权限账号调用
-- ---------------------------------------------------------------------
CREATE OR REPLACE FUNCTION fn_pending_critical(p_dept text DEFAULT NULL)
RETURNS TABLE (
    alert_id         bigint,
    patient_name     text,
    dept_name        text,
    alert_text       text,
    minutes_waiting  integer,
    overdue          boolean
)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = lis, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT a.alert_id,
           r.patient_name,
           r.dept_name,
           a.alert_text,
           (extract(epoch FROM now() - a.created_at) / 60)::integer,
           now() > a.ack_deadline
      FROM critical_alert a
      JOIN lab_request r ON r.request_id = a.request_id
     WHERE a.ack_at IS NULL
       AND (p_dept IS NULL OR r.dept_name = p_dept)
     ORDER BY a.created_at;
END;
$$;

REVOKE ALL ON FUNCTION fn_pending_critical(text) FROM PUBLIC;

-- 患者某项目历史结果（趋势图）
CREATE OR REPLACE FUNCTION fn_patient_history(p_patient_id bigint, p_item_code text)
RETURNS SETOF lab_result
LANGUAGE plpgsql
STABLE
AS $body$
DECLARE
    v_rows bigint;
BEGIN
    RETURN QUERY
        SELECT res.*
          FROM lab_result res
          JOIN lab_request req ON req.request_id = res.request_id
          JOIN lab_item it ON it.item_id = res.item_id
         WHERE req.patient_id = p_patient_id
           AND it.item_code = upper(p_item_code)
         ORDER BY res.tested_at;
    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows = 0 THEN
        RAISE NOTICE '患者 % 无 % 项目历史结果', p_patient_id, p_item_code;
    END IF;
    RETURN;
END;
$body$;

-- 危急值确认：SQL 标准函数体，多条语句（PG14+）
CREATE OR REPLACE FUNCTION fn_ack_alert(p_alert_id bigint, p_user text)
RETURNS bigint
LANGUAGE sql
BEGIN ATOMIC
    UPDATE critical_alert
       SET ack_by = p_user,
           ack_at = now()
     WHERE alert_id = p_alert_id
       AND ack_at IS NULL;
    INSERT INTO result_audit (result_id, op, old_value, new_value)
    SELECT a.result_id, 'K', NULL, '危急值已确认; 确认人：' || p_user
      FROM critical_alert a
     WHERE a.alert_id = p_alert_id;
    SELECT count(*) FROM critical_alert WHERE ack_at IS NULL;
END;

-- 超时未确认的危急值升级（由定时任务调用）
CREATE OR REPLACE FUNCTION fn_escalate_overdue()
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    v_cnt integer;
BEGIN
    UPDATE critical_alert
       SET escalated = true,
           notify_targets = notify_targets || ARRAY['科主任', '医务科']
     WHERE ack_at IS NULL
       AND NOT escalated
       AND ack_deadline < now();
    GET DIAGNOSTICS v_cnt = ROW_COUNT;
    IF v_cnt > 0 THEN
        RAISE WARNING '% 条危急值超时未确认，已升级通知', v_cnt;
    END IF;
    RETURN v_cnt;
END;
$$;

-- ---------------------------------------------------------------------
-- 归档过程：分批提交，避免长事务（必须在事务块外 CALL）
-- ---------------------------------------------------------------------
CREATE OR REPLACE PROCEDURE sp_archive_results(p_before date, p_batch integer DEFAULT 1000)
LANGUAGE plpgsql
AS $proc$
DECLARE
    v_moved integer;
    v_total integer := 0;
BEGIN
    LOOP
        WITH moved AS (
            DELETE FROM lab_result
             WHERE result_id IN (SELECT res.result_id
                                   FROM lab_result res
                                   JOIN lab_request req ON req.request_id = res.request_id
                                  WHERE req.status = 'REPORTED'
                                    AND req.reported_at < p_before
                                  LIMIT p_batch)
            RETURNING *
        )
        INSERT INTO lab_result_archive
        SELECT m.*, now() FROM moved m;

        GET DIAGNOSTICS v_moved = ROW_COUNT;
        v_total := v_total + v_moved;
        COMMIT;
        EXIT WHEN v_moved < p_batch;
    END LOOP;
    RAISE NOTICE '归档完成：共 % 条结果（截止 %）', v_total, p_before;
END;
$proc$;

-- ---------------------------------------------------------------------
-- 视图
-- ---------------------------------------------------------------------
CREATE OR REPLACE VIEW v_result_trend AS
SELECT req.patient_id,
       req.patient_name,
       it.item_code,
       it.item_name,
       res.numeric_value,
       res.abnormal_flag,
       res.tested_at,
       lag(res.numeric_value) OVER w                                   AS prev_value,
       res.numeric_value - lag(res.numeric_value) OVER w               AS delta,
       row_number() OVER (PARTITION BY req.patient_id, it.item_id ORDER BY res.tested_at DESC) AS recency,
       avg(res.numeric_value) OVER (PARTITION BY req.patient_id, it.item_id
                                    ORDER BY res.tested_at
                                    ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving_avg_3
  FROM lab_result res
  JOIN lab_request req ON req.request_id = res.request_id
  JOIN lab_item it     ON it.item_id = res.item_id
WINDOW w AS (PARTITION BY req.patient_id, it.item_id ORDER BY res.tested_at);

COMMENT ON VIEW v_result_trend IS '检验结果趋势（含上次结果、差值、3 次移动平均）';

CREATE OR REPLACE VIEW v_tat_daily AS
SELECT date_trunc('day', requested_at)::date                                   AS stat_date,
       CASE priority WHEN 1 THEN '急诊' ELSE '普通' END                         AS priority_name,
       count(*)                                                                AS request_cnt,
       round(avg(extract(epoch FROM reported_at - received_at) / 60)::numeric, 1) AS avg_tat_min,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM reported_at - received_at) / 60) AS p90_tat_min,
       count(*) FILTER (WHERE reported_at - received_at > interval '2 hours')  AS overtime_cnt
  FROM lab_request
 WHERE status = 'REPORTED'
 GROUP BY 1, 2;

COMMENT ON VIEW v_tat_daily IS '检验周转时间（TAT）日统计：标本接收 -> 报告';

-- =====================================================================
-- 测试数据：事务块
-- =====================================================================
BEGIN;

SELECT fn_submit_request(
    '{"patient_id": 100000, "name": "王小明", "gender": "M", "birth_date": "1968-04-12",
      "visit_type": "E", "visit_no": "GH20240601000123", "dept": "急诊科", "doctor": "周杰",
      "diag": "胸痛待查", "extra": {"insurance": "UEBMI", "allergy": ["青霉素"]}}'::jsonb,
    ARRAY['CBC', 'ELEC', 'CTNI'],
    1::smallint);

SELECT fn_submit_request(
    jsonb_build_object('patient_id', 100002, 'name', 'Mary O''Brien', 'gender', 'F',
                       'birth_date', '1979-07-04', 'visit_type', 'O', 'dept', '心血管内科',
                       'doctor', '李秀英', 'diag', E'高血压病\t2级'),
    ARRAY['LFT', 'GLU']);

UPDATE lab_request
   SET status = 'RECEIVED',
       collected_at = now() - interval '40 minutes',
       received_at  = now() - interval '30 minutes';

COMMIT;

-- 仪器结果落地 -> MERGE 到结果表（PG15+）
BEGIN;

INSERT INTO instrument_staging (barcode, item_code, raw_value, instrument)
SELECT r.barcode, v.item_code, v.raw_value, v.instrument
  FROM lab_request r
 CROSS JOIN LATERAL (VALUES
        ('WBC', '12.6', 'Sysmex XN-1000'),
        ('RBC', '4.52', 'Sysmex XN-1000'),
        ('HGB', '128',  'Sysmex XN-1000'),
        ('PLT', '210',  'Sysmex XN-1000'),
        ('K',   '6.8',  'Roche cobas c501'),
        ('NA',  '139',  'Roche cobas c501'),
        ('CL',  '103',  'Roche cobas c501'),
        ('CA',  '2.31', 'Roche cobas c501'),
        ('CTNI', '85.3', 'Abbott i2000SR')
       ) AS v(item_code, raw_value, instrument)
 WHERE r.patient_id = 100000;

INSERT INTO instrument_staging (barcode, item_code, raw_value, instrument)
SELECT barcode, unnest(ARRAY['ALT', 'AST', 'TBIL', 'GLU']), unnest(ARRAY['35', '28', '12.4', '1.9']), 'Roche cobas c501'
  FROM lab_request
 WHERE patient_id = 100002;

MERGE INTO lab_result t
USING (
    SELECT req.request_id, it.item_id, s.raw_value, s.instrument, s.received_at
      FROM instrument_staging s
      JOIN lab_request req ON req.barcode = s.barcode
      JOIN lab_item it     ON it.item_code = s.item_code
) s
ON t.request_id = s.request_id AND t.item_id = s.item_id
WHEN MATCHED AND t.verified_at IS NULL THEN
    UPDATE SET result_value = s.raw_value,
               instrument   = s.instrument,
               tested_at    = s.received_at
WHEN NOT MATCHED THEN
    INSERT (request_id, item_id, result_value, instrument, tested_at)
    VALUES (s.request_id, s.item_id, s.raw_value, s.instrument, s.received_at);

TRUNCATE instrument_staging;

-- 复查后修改结果（触发审计）
UPDATE lab_result
   SET result_value = '6.7'
 WHERE item_id = (SELECT item_id FROM lab_item WHERE item_code = 'K');

UPDATE lab_request
   SET status = 'REPORTED',
       reported_at = now()
 WHERE status = 'RECEIVED';

COMMIT;

-- 字典维护：存在则更新，不存在则新增
INSERT INTO lab_item (item_code, item_name, specimen_type, unit, ref_low, ref_high, critical_low, critical_high, price)
VALUES ('GLU', '葡萄糖（空腹）', '血浆（氟化钠）', 'mmol/L', 3.9, 6.1, 2.8, 22.2, 5.50),
       ('HBA1C', '糖化血红蛋白', '全血（EDTA-K2）', '%', 4.0, 6.0, NULL, NULL, 60.00)
ON CONFLICT (item_code) DO UPDATE
   SET item_name  = EXCLUDED.item_name,
       price      = EXCLUDED.price,
       updated_at = now()
 WHERE lab_item.price IS DISTINCT FROM EXCLUDED.price;

-- 匿名块：数据自检
DO $$
DECLARE
    v_missing  text[];
    v_alerts   integer;
    v_rec      record;
BEGIN
    SELECT array_agg(item_code ORDER BY item_code)
      INTO v_missing
      FROM lab_item
     WHERE NOT is_panel
       AND (ref_low IS NULL AND ref_high IS NULL AND ref_ranges IS NULL);

    IF v_missing IS NOT NULL THEN
        RAISE NOTICE '以下项目未配置参考区间: %', array_to_string(v_missing, ', ');
    END IF;

    SELECT count(*) INTO v_alerts FROM critical_alert WHERE ack_at IS NULL;
    RAISE NOTICE '未确认危急值 % 条', v_alerts;

    FOR v_rec IN SELECT * FROM fn_pending_critical() LOOP
        RAISE NOTICE '  [%] % % 已等待 % 分钟', v_rec.alert_id, v_rec.patient_name, v_rec.alert_text, v_rec.minutes_waiting;
    END LOOP;

    IF v_alerts = 0 THEN
        RAISE EXCEPTION '测试数据异常：应至少产生 1 条危急值（K=6.7 / GLU=1.9）'
            USING ERRCODE = 'LIS01';
    END IF;
END
$$;

-- 确认第一条危急值
SELECT fn_ack_alert(min(alert_id), '周杰') AS remaining_open FROM critical_alert;

-- 带标签的 DO 块，演示异常捕获与 GET STACKED DIAGNOSTICS
DO LANGUAGE plpgsql $do$
<<check_block>>
DECLARE
    v_msg   text;
    v_state text;
BEGIN
    BEGIN
        PERFORM fn_submit_request('{"patient_id": 1, "name": "测试"}'::jsonb, ARRAY['NOT_EXIST']);
    EXCEPTION
        WHEN SQLSTATE 'P0002' THEN
            GET STACKED DIAGNOSTICS v_msg = MESSAGE_TEXT, v_state = RETURNED_SQLSTATE;
            RAISE NOTICE '预期的校验错误 [%]: %', v_state, v_msg;
    END;
END check_block;
$do$;

SELECT item_code, numeric_value, prev_value, delta, abnormal_flag
  FROM v_result_trend
 ORDER BY patient_id, item_code;

SELECT * FROM fn_patient_history(100000, 'k');

-- 归档（事务块外调用；这里截止日期为很早的日期，不会移动数据）
CALL sp_archive_results(DATE '2000-01-01', 500);

\echo '==== LIS 检验模块安装完成 ===='
